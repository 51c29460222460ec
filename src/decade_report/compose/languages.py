"""Which language a piece of text is in, for the `lang` attributes screen readers and the tagged
PDF (/Lang, PDF/UA-1 7.2) need.

Member states' native names get their language from the data (`native_lang`, a BCP 47 tag),
else from their script where the script tells (`native_language`): an Arabic-script name may be
Arabic, Persian or Urdu, a Latin one almost anything, so those need the tag. Short free texts
such as the rights line (`京ICP备14040475号`) are marked by `mark_languages`: a word written in
a script that only one language uses (Han, Thai, Bengali …) is wrapped in `<span lang="…">`.
"""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

SCRIPT_LANGUAGES = {
    "CJK": "zh",
    "THAI": "th",
    "BENGALI": "bn",
    "HANGUL": "ko",
    "HIRAGANA": "ja",
    "KATAKANA": "ja",
    "KHMER": "km",
    "LAO": "lo",
    "SINHALA": "si",
    "MYANMAR": "my",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "GREEK": "el",
    "HEBREW": "he",
    "TAMIL": "ta",
}
"""Scripts that name their language well enough to mark it (Unicode name prefix → BCP 47)."""


def script_of(character: str) -> str:
    """The script of a letter, as the first word of its Unicode name ("CJK", "THAI"); "" else."""
    if not unicodedata.category(character).startswith("L"):
        return ""
    return unicodedata.name(character, "").split(" ")[0]


def word_language(word: str) -> str:
    """The language of a word with letters of exactly one script of SCRIPT_LANGUAGES, else ""."""
    scripts = {script_of(c) for c in word} & SCRIPT_LANGUAGES.keys()
    languages = {SCRIPT_LANGUAGES[s] for s in scripts}
    return languages.pop() if len(languages) == 1 else ""


def mark_languages(text: str) -> Markup:
    """Escaped text whose words in another script are wrapped in `<span lang="…">`."""
    out: list[str] = []
    current = ""
    for part in re.split(r"(\s+)", str(text)):
        language = word_language(part) if part.strip() else current
        if language != current and current:
            out.append("</span>")
        if language and language != current:
            out.append(f'<span lang="{language}">')
        current = language
        out.append(str(escape(part)))
    if current:
        out.append("</span>")
    return Markup("".join(out))


def native_language(name: str, declared: str = "") -> str:
    """BCP 47 tag of a native name: the one the data declares, else the one its script names
    (Khmer → km), else "" (the reader's software then uses the document language)."""
    return declared or word_language(name.replace(" ", ""))
