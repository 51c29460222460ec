"""The authoring stage."""
