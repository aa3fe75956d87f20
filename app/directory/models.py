"""directory tables (filled in by the directory capability)."""
