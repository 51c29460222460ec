"""Text in logical order from glyphs drawn in visual order, use by use (pdf/finish_text.py)."""

from __future__ import annotations

import pytest

from decade_report.pdf.finish_text import logical_text

# WeasyPrint's ToUnicode for the Burmese မြန်မာ: ြ (47) is drawn before မ (29) and maps to
# nothing; မ carries the cluster "မြ" for every use, also the second, where there is no ြ.
MYANMAR_TABLE = {47: "", 29: "မြ", 24: "န", 381: "်", 368: "ာ"}
MYANMAR_OWN = {47: "ြ", 29: "မ", 24: "န", 381: "်", 368: "ာ"}
# Bengali বাংলাদেশ: ে (7) is drawn before দ (5), which carries "দে".
BENGALI_TABLE = {1: "ব", 2: "া", 3: "ং", 4: "ল", 7: "", 5: "দে", 6: "শ"}
BENGALI_OWN = {1: "ব", 2: "া", 3: "ং", 4: "ল", 7: "ে", 5: "দ", 6: "শ"}


@pytest.mark.parametrize(
    ("codes", "table", "own", "text"),
    [
        ([47, 29, 24, 381, 29, 368], MYANMAR_TABLE, MYANMAR_OWN, "မြန်မာ"),
        ([29, 368], MYANMAR_TABLE, MYANMAR_OWN, "မာ"),  # the cluster glyph alone: its own character
        ([1, 2, 3, 4, 2, 7, 5, 6], BENGALI_TABLE, BENGALI_OWN, "বাংলাদেশ"),
        ([5, 6], BENGALI_TABLE, BENGALI_OWN, "দশ"),
        # a reordered glyph before a base that does not carry it: the base, then the mark
        ([47, 24], MYANMAR_TABLE, MYANMAR_OWN, "နြ"),
        # a ligature (no character of its own) carrying the cluster is read once, not twice
        ([7, 9], {7: "", 9: "ক্ষে"}, {7: "ে"}, "ক্ষে"),
        ([7], BENGALI_TABLE, BENGALI_OWN, "ে"),  # nothing after it: kept, not lost
    ],
)
def test_logical_text(codes: list[int], table: dict, own: dict, text: str) -> None:
    assert logical_text(codes, table, own) == text
