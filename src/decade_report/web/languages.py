"""The web edition in each language of the report, and the switcher between them.

The first language's page is `web/index.html`, as it always was; another language's edition is a
folder of its own beside it, `web/zh/index.html` with its own stylesheet, fonts and images (the
fonts subset to that language's characters), so each folder can be published or left out alone.
Every page carries a switcher: a link per language, named in that language as CLDR writes it
("English", "中文", "فارسی"), with `hreflang` and `lang`, pointing at the same page in the other
language; the page's own language is marked as current, not linked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from decade_report.compose.locale_format import locale_of

PAGE = "index.html"


@dataclass(frozen=True)
class LanguageLink:
    language: str
    """BCP 47 tag: the link's `hreflang` and the `lang` of its name."""
    name: str
    """The language's name in itself ("中文")."""
    href: str
    """From the page of this edition to the page of that language; "" for the page itself."""
    direction: str = "ltr"


def folder(language: str, languages: Sequence[str]) -> str:
    """The folder of `language`'s web edition inside web/: "" for the first language."""
    return "" if not languages or language == languages[0] else language


def own_name(language: str) -> str:
    """The name of a language in that language, as CLDR writes it ("中文"); the tag for none."""
    locale = locale_of(language)
    name = locale.get_display_name(locale) if locale else None
    return name[:1].upper() + name[1:] if name else language


def switcher(current: str, languages: Sequence[str]) -> tuple[LanguageLink, ...]:
    """The switcher of the page in `current`, a link per language of `languages` in their
    order (none for a report in one language)."""
    if len(languages) < 2:
        return ()
    up = "../" if folder(current, languages) else ""
    links = []
    for language in languages:
        inside = folder(language, languages)
        href = "" if language == current else up + (f"{inside}/" if inside else "") + PAGE
        locale = locale_of(language)
        direction = "rtl" if locale is not None and locale.text_direction == "rtl" else "ltr"
        links.append(LanguageLink(language, own_name(language), href, direction))
    return tuple(links)
