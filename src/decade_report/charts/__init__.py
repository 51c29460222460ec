"""The charts stage."""
