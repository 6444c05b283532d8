"""Tests: The quarterly printed agenda."""
