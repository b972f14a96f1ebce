"""Models that exist only while the test suite runs."""
