"""Tests: Open data: API, exports, imports."""
