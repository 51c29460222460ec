"""A text printed in the sources' language in another language's edition, visibly so.

A chapter or message without translation (load/translations.py falls back to the original) is
marked twice: a note in the edition's language says so where the text starts ("本章尚无中文译文，
以下为英语原文。"), and the text itself carries `lang` of the sources' language, so that a screen
reader switches voice and the tagged PDF gives it its own /Lang (PDF/UA-1 7.2).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from babel import Locale
from jinja2 import Environment

from decade_report.compose.i18n import translate
from decade_report.compose.locale_format import locale_of
from decade_report.model.config import ReportConfig


def fallback_language(config: ReportConfig, path: str) -> str:
    """The language the text at `path` is printed in when it is not the edition's: the sources'
    language for an original (`03-x.md`) in another language's edition; "" otherwise."""
    if config.language == config.sources_language:
        return ""
    return "" if path.endswith(f".{config.language}.md") else config.sources_language


FIRST_TAG = re.compile(r"^(\s*<[A-Za-z][\w-]*)")


def in_language(
    embed: Callable[[str, str], str], language: str, direction: str = "ltr"
) -> Callable[[str, str], str]:
    """`embed` whose figures and tables say they are in `language`: placed in an untranslated
    text (lang of the sources' language), their captions, headers and sources are the edition's
    labels, in the edition's language — and in its direction: in a right-to-left edition the
    untranslated chapter is `dir="ltr"`, and a Persian caption laid out left to right would put
    "نمودار ۱.۱" at the left and its sentences in left-to-right order."""
    marks = f' lang="{language}"' + (' dir="rtl"' if direction == "rtl" else "")

    def placed(kind: str, ident: str) -> str:
        return FIRST_TAG.sub(rf"\1{marks}", embed(kind, ident), count=1)

    return placed


def language_name(language: str, in_language: str) -> str:
    """The name of `language` as `in_language` writes it (CLDR): "英语" for en in zh."""
    locale = locale_of(language)
    shown_in = locale_of(in_language)
    if locale is None:
        return language
    name = locale.get_display_name(shown_in or Locale("en"))
    return name or language


def fallback_note(env: Environment, config: ReportConfig, kind: str) -> str:
    """The note above an untranslated text of `kind` ("chapter" or "message")."""
    values = {
        "language": language_name(config.language, config.language),
        "original": language_name(config.sources_language, config.language),
    }
    if kind == "message":
        return translate(
            env,
            "This message is not yet translated into %(language)s: it follows in %(original)s.",
            **values,
        )
    return translate(
        env,
        "This chapter is not yet translated into %(language)s: it follows in %(original)s.",
        **values,
    )
