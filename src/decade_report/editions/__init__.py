"""The editions stage."""
