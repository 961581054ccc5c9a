"""Helpers for tests/test_access_matrix.py: the URL walk, the people and records
the matrix points at, and how a response is read as an outcome."""
