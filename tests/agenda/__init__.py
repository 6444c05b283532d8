"""Tests: The shared agenda."""
