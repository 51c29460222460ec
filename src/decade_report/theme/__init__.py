"""The theme stage."""
