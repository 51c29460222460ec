"""The editions enum: one place for what sets each edition apart."""

from __future__ import annotations

import json

import pytest

from decade_report.editions.edition import ALL, PDF_EDITIONS, Edition, laid_out
from decade_report.model.report_files import RESERVED_IDS
from decade_report.publish.staging import MANAGED_FOLDERS


def test_copies_are_laid_out_as_the_screen_edition_and_the_web_edition_not_at_all() -> None:
    assert Edition.COPIES.layout is Edition.SCREEN
    assert Edition.WEB.layout is None
    assert [e for e in ALL if e.tagged] == [Edition.SCREEN, Edition.COPIES]


@pytest.mark.parametrize(
    ("editions", "layouts"),
    [
        (ALL, (Edition.SCREEN, Edition.PRINT)),
        ((Edition.COPIES,), (Edition.SCREEN,)),
        ((Edition.COPIES, Edition.SCREEN), (Edition.SCREEN,)),
        ((Edition.PRINT,), (Edition.PRINT,)),
        ((Edition.WEB,), ()),
    ],
)
def test_each_layout_a_build_needs_is_made_once_screen_first(
    editions: tuple[Edition, ...], layouts: tuple[Edition, ...]
) -> None:
    assert laid_out(editions) == layouts


def test_the_manifest_calls_each_stamped_file_a_copy() -> None:
    assert [e.kind for e in ALL] == ["print", "screen", "copy", "web"]
    assert json.dumps(Edition.SCREEN) == '"screen"'  # the manifest and the cache keys stay strings


def test_the_folders_of_the_build_that_only_editions_fill_cannot_be_report_ids() -> None:
    assert set(MANAGED_FOLDERS) == {"copies", "web"} == set(RESERVED_IDS)
    assert PDF_EDITIONS == (Edition.PRINT, Edition.SCREEN)
