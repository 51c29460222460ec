"""The words a caption and a mention are written with, in every language the tool has a
catalogue of: "Figure 2.1" / "图2.1", "Table 3.1 (continued)" / "表3.1（续）".

The layout lint reads finished pages by their text (pdf/layout.py), so it must know a caption
in whatever language the edition is in. It takes the words from the catalogues of locales/ —
the msgids "Figure %(number)s", "Table %(number)s" and "Table %(number)s (continued)" and their
translations — never from a list of its own, so a new catalogue is understood as it is added.
Labels come out in English ("Figure 2.1") whatever the language: findings and the lint's own
bookkeeping use one name per figure.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from babel.messages.pofile import read_po

from decade_report.publish.build_folder import default_theme_root

NUMBER = "%(number)s"
FIGURE = "Figure %(number)s"
TABLE = "Table %(number)s"
CONTINUED = "Table %(number)s (continued)"


@cache
def translations(msgid: str) -> tuple[str, ...]:
    """`msgid` and its translation in every catalogue of the tool's locales/."""
    found = [msgid]
    for path in sorted((default_theme_root() / "locales").glob("*/LC_MESSAGES/*.po")):
        with path.open("rb") as po:
            message = read_po(po).get(msgid)
        if message is not None and isinstance(message.string, str) and message.string:
            found.append(message.string)
    return tuple(dict.fromkeys(found))


def word_pattern(word: str) -> str:
    """A caption word as a pattern: spaces as any run of them; a word that starts with a letter
    of a spaced script (Latin, Cyrillic, Arabic …) needs a word boundary before it, a Chinese or
    Japanese one cannot have one ("如图2.1所示")."""
    text = re.escape(word.strip()).replace(r"\ ", r"\s+")
    spaced = word[:1].isalpha() and not "\u2e80" <= word[:1] <= "\u9fff"
    return (r"\b" if spaced else "") + text + (r"\s+" if word != word.rstrip() else r"\s*")


def prefixes(msgid: str) -> list[str]:
    return sorted(
        {text.split(NUMBER)[0] for text in translations(msgid) if NUMBER in text}, key=len
    )[::-1]


@cache
def caption_pattern() -> re.Pattern[str]:
    """A caption at the start of a line; groups `figure` or `table`, and `number`."""
    figure = "|".join(word_pattern(w) for w in prefixes(FIGURE))
    table = "|".join(word_pattern(w) for w in prefixes(TABLE))
    return re.compile(
        rf"^(?:(?P<figure>{figure})|(?P<table>{table}))(?P<number>\d+(?:\.\d+)*)(?![\d.]\d)"
    )


@cache
def mention_pattern() -> re.Pattern[str]:
    """A mention in running text ("see Figure 2.1", "如图2.1所示"), same groups."""
    return re.compile(caption_pattern().pattern.removeprefix("^"))


@cache
def continued_pattern() -> re.Pattern[str]:
    """The marker of a table running on ("continued", "（续）")."""
    words = {text.split(NUMBER, 1)[1].strip() for text in translations(CONTINUED) if NUMBER in text}
    words |= {drawn for word in words for drawn in right_to_left_forms(word)}
    markers = [re.escape(w) for w in sorted(words, key=len, reverse=True) if w]
    return re.compile("|".join([r"\bcontinued\b", *markers]), re.IGNORECASE)


def right_to_left_forms(word: str) -> tuple[str, ...]:
    """A right-to-left marker ("(ادامه)") as the layout lint may read it: its letters in logical
    order (pdf/layout.py puts right-to-left lines back in reading order, pdf/reading_order.py)
    and reversed ("همادا"), as a line mostly of another script may still come in glyph order;
    nothing for a word of another script."""
    letters = "".join(c for c in word if c.isalpha())
    if not any("\u0590" <= c <= "\u08ff" for c in letters):
        return ()
    return (letters, letters[::-1])


def label(match: re.Match[str] | None) -> str:
    """ "Figure 2.1" or "Table 3" for a caption or mention matched above; "" for none."""
    if match is None:
        return ""
    # "نمودار ۲.۱" is "Figure 2.1": the number in ASCII digits, as in every other language
    number = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in match["number"])
    return f"{'Figure' if match['figure'] is not None else 'Table'} {number}"
