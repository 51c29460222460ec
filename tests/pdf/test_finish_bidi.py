"""Right-to-left ligatures are mapped in visual order, so that engines which reverse a
right-to-left line read them in logical order (pdf/finish_bidi.py, issue 16)."""

from __future__ import annotations

from decade_report.pdf.finish_bidi import is_right_to_left_cluster, visual_entry
from decade_report.pdf.finish_text import ENTRY


def entry(code: int, text: str) -> bytes:
    return f"<{code:04x}> <{text.encode('utf-16-be').hex()}>".encode()


def rewritten(code: int, text: str) -> bytes:
    return ENTRY.sub(visual_entry, entry(code, text))


def test_a_lam_alef_ligature_is_mapped_in_visual_order() -> None:
    assert is_right_to_left_cluster("لا") and is_right_to_left_cluster("لله")
    assert rewritten(7, "لا") == entry(7, "ال")
    assert rewritten(8, "لله") == entry(8, "هلل")


def test_other_glyphs_keep_their_map() -> None:
    for text in ("ل", "fi", "ffi", "\u0647\u0654", "دে", "中"):
        assert rewritten(9, text) == entry(9, text), text
