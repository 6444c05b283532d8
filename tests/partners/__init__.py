"""Tests: The partner directory."""
