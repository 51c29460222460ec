"""decade-report: an organisation's ten-year achievements report, from data to print-ready PDF."""

__version__ = "0.1.0"
