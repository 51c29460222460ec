"""SVG files: entity bombs, external entities and malformed XML are refused with their line and
column."""

from __future__ import annotations

from pathlib import Path

import pytest

from broken_projects import (
    write,
)
from decade_report.guard.svg import svg_fault

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (SVG, None),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' + SVG,
            None,
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ENTITY a "aaaaaaaaaa">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<svg>&b;</svg>',
            "declares the XML entity 'b' built to expand (an entity bomb): refused"
            " (line 4, column 12)",
        ),
        (
            '<!DOCTYPE svg [<!ENTITY secret SYSTEM "file:///etc/passwd">]><svg>&secret;</svg>',
            "declares the external XML entity 'secret' (file:///etc/passwd): refused"
            " (line 1, column 59)",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg">\n  <g>\n</svg>',
            "is not well-formed XML (line 3, column 3: mismatched tag)",
        ),
        ("<svg", "is not well-formed XML (line 1, column 1: unclosed token)"),
    ],
    ids=["plain", "public-doctype", "entity-bomb", "external-entity", "mismatched-tag", "unclosed"],
)
def test_svg_checks(tmp_path: Path, content: str, message: str | None) -> None:
    path = write(tmp_path, "logo.svg", content)
    fault = svg_fault(path)
    assert (fault[0] if fault else None) == message
    assert fault is None or fault[1]
