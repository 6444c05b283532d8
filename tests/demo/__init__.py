"""Tests: The demo content."""
