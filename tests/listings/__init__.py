"""Tests: The directory's listings."""
