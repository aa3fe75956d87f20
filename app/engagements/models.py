"""engagements tables (filled in by the engagements capability)."""
