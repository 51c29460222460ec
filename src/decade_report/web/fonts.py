"""The web edition's fonts subset to the characters its pages draw (fontTools).

fontTools takes about a second a face: when several faces are to be subset (a cold build, a
new character), they are shared out among jobs on every core, as the charts are. A subset
depends on nothing but its font, characters and options: the same bytes in whichever job.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from decade_report.guard.processes import Limits, Pool


def subset_all(wanted: list[tuple[Path, set[str]]], flavor: str | None) -> list[bytes]:
    """Each font of `wanted` subset to its characters, in order."""
    if len(wanted) < 2:
        return subset_in_turn(wanted, flavor)
    with Pool() as pool:
        return pool.shared_out(
            subset_in_turn, wanted, flavor, limits=Limits("subsetting the web edition's fonts")
        )


def subset_in_turn(wanted: list[tuple[Path, set[str]]], flavor: str | None) -> list[bytes]:
    return [subset(path, characters, flavor) for path, characters in wanted]


def subset(path: Path, characters: Iterable[str], flavor: str | None) -> bytes:
    from fontTools import subset as subsetting

    options = subsetting.Options()
    # fontTools' default features keep shaping (Arabic joining, Bengali conjuncts), kerning and
    # ligatures; web.css adds tabular figures.
    options.layout_features = [*options.layout_features, "tnum"]
    options.name_IDs = ["*"]  # copyright and licence stay in the font (OFL)
    options.notdef_outline = True
    options.recalc_timestamp = False  # head.modified stays the original's: same input, same bytes
    options.flavor = flavor
    font = subsetting.load_font(str(path), options)
    try:
        subsetter = subsetting.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in characters))
        subsetter.subset(font)
        buffer = io.BytesIO()
        subsetting.save_font(font, buffer, options)
    finally:
        font.close()
    return buffer.getvalue()
