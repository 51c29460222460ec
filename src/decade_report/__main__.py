"""`python -m decade_report` runs the command line."""

from decade_report.cli import run

run()
