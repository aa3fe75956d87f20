"""evidence tables (filled in by the evidence capability)."""
