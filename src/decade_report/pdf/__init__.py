"""The pdf stage."""
