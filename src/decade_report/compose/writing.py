"""How the edition's language is written: its digits, its direction and the families it is set in.

A right-to-left edition (Persian, Arabic, Urdu: `ReportConfig.direction`) is laid out by
WeasyPrint from `dir="rtl"` on the document and the mirrored rules of templates/rtl.css. Two
things the renderer cannot do by itself are done here:

- Isolation. WeasyPrint ignores `unicode-bidi` and `<bdi>`, but Pango runs the Unicode bidi
  algorithm with isolates: a left-to-right value (a telephone number, an address, a web address)
  inside right-to-left text is wrapped in LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE, so
  "+86 10 6370 2677" is not drawn "2677 6370 10 86+", and the text layer keeps its order too
  (measured with poppler). The controls are default-ignorable: no glyph is drawn for them.
- The families. faces.toml names the families that set a language (`languages`, `roles`): in a
  Persian document Noto Naskh Arabic for the text and Noto Sans Arabic for headings, before the
  theme's own families, so a line of Persian, its spaces and its punctuation are one run of one
  font (one string in the PDF, which every engine reads whole) and Latin names take the theme's.
"""

from __future__ import annotations

import unicodedata

from markupsafe import Markup, escape

from decade_report.compose.locale_format import digits_of
from decade_report.theme.tokens import Theme

LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
ROLE_TOKENS = {"text": "font_text", "heading": "font_heading", "figures": "font_figures"}


def isolated(value: object, direction: str, left_to_right: bool = True) -> Markup:
    """`value` kept in its own direction inside a right-to-left document: left-to-right
    (`left_to_right`, for numbers and addresses) or as its first strong letter says. Nothing is
    added in a left-to-right document."""
    text = escape(value)
    if direction != "rtl" or not str(value):
        return Markup(text)
    return Markup(f"{LRI if left_to_right else FSI}{text}{PDI}")


def families_for(theme: Theme, language: str) -> dict[str, tuple[str, ...]]:
    """{"text" | "heading" | "figures": the families that go before the theme's own in a
    document in `language` ("fa-IR" takes the faces of "fa")}: faces.toml `languages` and
    `roles`. A Persian document sets its text in Noto Naskh Arabic and its headings in Noto
    Sans Arabic this way, while Latin names in it keep the theme's own families."""
    wanted = {language, language.split("-")[0]}
    found: dict[str, dict[str, None]] = {}
    for _, face in theme.faces:
        if wanted & set(face.languages):
            for role in face.roles:
                found.setdefault(role, {})[face.family] = None
    return {role: tuple(families) for role, families in found.items()}


def font_variables(theme: Theme, language: str) -> str:
    """CSS that puts the language's own families before the theme's (faces.toml `languages`
    and `roles`); "" for a language without any."""
    families = families_for(theme, language)
    if not families:
        return ""
    lines = []
    for role, token in ROLE_TOKENS.items():
        own = families.get(role)
        if own:
            names = [*own, getattr(theme.tokens, token)]
            css_name = "--" + token.replace("_", "-")
            lines.append(f"  {css_name}: {', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)};")
    return ":root {\n" + "\n".join(lines) + "\n}\n"


PAGE_NUMERALS = {"٠": "arabic-indic", "۰": "persian", "০": "bengali", "०": "devanagari"}
"""The CSS counter style (WeasyPrint's predefined ones) that numbers pages in a language's
digits, by its zero."""


FRONT_MATTER_LETTERS = ("الف", "ب", "ج", "د", "ه", "و", "ز", "ح", "ط", "ی")
"""The folios of a right-to-left edition's front matter, the abjad order as Persian books number
their front matter (rtl.css's `front-matter` counter style; then the language's digits). The
PDF's page labels are these same letters (pdf/page_labels.py)."""


def page_numerals(language: str) -> str:
    """The counter style of the page numbers: "persian" (۱۲) for Persian, else "decimal"."""
    return PAGE_NUMERALS.get(digits_of(language)[0], "decimal")


def text_direction(title: str, direction: str) -> str:
    """ "ltr" for a chapter of a right-to-left document that is written left to right (one not
    yet translated, printed in the sources' language): its title has no right-to-left letter.
    "" otherwise: the chapter takes the document's direction."""
    if direction != "rtl":
        return ""
    strong = {unicodedata.bidirectional(c) for c in title}
    return "" if strong & {"R", "AL"} else "ltr"
