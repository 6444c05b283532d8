"""Tests: What every feature builds on."""
