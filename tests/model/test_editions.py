"""The editions are one enum: the command line offers exactly its values, and the manifest names
each edition's entries as the enum says."""

from __future__ import annotations

import pytest

from decade_report.cli import parser
from decade_report.model.editions import Edition
from decade_report.publish.staging import EDITIONS, MANIFEST_NAMES


def test_build_offers_each_edition_and_all() -> None:
    for name in [*(e.value for e in Edition), "all"]:
        assert parser().parse_args(["build", "report", "--edition", name]).edition == name
    with pytest.raises(SystemExit):
        parser().parse_args(["build", "report", "--edition", "poster"])


def test_preflight_offers_the_pdf_editions_only() -> None:
    assert parser().parse_args(["preflight", "x.pdf", "--edition", "screen"]).edition == "screen"
    with pytest.raises(SystemExit):
        parser().parse_args(["preflight", "x.pdf", "--edition", "web"])


def test_a_build_makes_every_edition_and_the_copies_are_copy_in_the_manifest() -> None:
    assert EDITIONS == (Edition.PRINT, Edition.SCREEN, Edition.COPIES, Edition.WEB)
    assert MANIFEST_NAMES == {"print": "print", "screen": "screen", "copies": "copy", "web": "web"}
    assert f"{Edition.SCREEN}-{Edition.COPIES}" == "screen-copies"  # formats as its name
