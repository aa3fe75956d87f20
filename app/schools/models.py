"""schools tables (filled in by the schools capability)."""
