"""Tests: Accounts."""
