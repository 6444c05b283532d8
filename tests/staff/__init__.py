"""Tests: the staff's tools (accounts, duplicates and merges, archived listings, imports)."""
