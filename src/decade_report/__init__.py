"""decade-report: an organisation's reports (anniversary, annual), from data to print-ready PDF."""

__version__ = "0.1.0"
