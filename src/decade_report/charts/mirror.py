"""Charts of a right-to-left edition: the horizontal axis read from the right.

A Persian or Arabic reader reads a time axis from right to left, so the first year is at the
right, the value axis stands on the right (where the eye starts) and so does the legend; a
horizontal bar grows from the right. The words in a chart are in the edition's language
(charts/words.py): matplotlib 3.11 lays its text out with libraqm (HarfBuzz and FriBidi), so
Persian labels are joined and ordered right to left as the page's renderer would; numbers take
the language's own digits (`numbers_in`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from decade_report.model.config import RTL_LANGUAGES

CHART_LANGUAGE = ["en"]
"""The language of the chart being drawn; English outside `numbers_in`."""


@contextmanager
def numbers_in(language: str) -> Iterator[None]:
    """Numbers drawn meanwhile (`render.fmt`) are written as `language` writes them."""
    CHART_LANGUAGE[0] = language
    try:
        yield
    finally:
        CHART_LANGUAGE[0] = "en"


def direction_of(language: str) -> str:
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def mirror(axes: Any, kind: str) -> None:
    """Turn a drawn chart of `kind` into its right-to-left form."""
    if kind == "donut":  # the legend to the left of the ring, its entries aligned to the right
        legend = axes.get_legend()
        if legend is not None:
            handles = legend.legend_handles
            labels = [text.get_text() for text in legend.get_texts()]
            axes.legend(
                handles, labels, loc="center right", bbox_to_anchor=(-0.02, 0.5),
                alignment="right", markerfirst=False,
            )  # fmt: skip
        return
    axes.invert_xaxis()
    axes.yaxis.tick_right()
    axes.yaxis.set_label_position("right")
    axes.spines["left"].set_visible(False)
    axes.spines["right"].set_visible(True)
    legend = axes.get_legend()
    if legend is not None:
        handles = legend.legend_handles
        labels = [text.get_text() for text in legend.get_texts()]
        axes.legend(
            handles, labels, loc="upper right", ncols=len(labels), bbox_to_anchor=(1, 1.12),
            markerfirst=False,
        )  # fmt: skip
