"""Dates, numbers, percentages and country names as the report's language writes them (CLDR
through Babel), installed as template filters by `compose.i18n_env`.

English keeps the tool's own forms ("16 December 2008", "1,234"), so an English report prints
exactly what it printed before languages existed; every other language takes CLDR's:
"2008年12月16日", "1 234" in French, the locale's own digits where CLDR says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from decade_report.charts.render import fmt
from decade_report.model.report import PartialDate


def is_english(language: str) -> bool:
    return language.split("-")[0].lower() == "en"


def locale_of(language: str) -> Locale | None:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


def local_date(value: Any, language: str) -> str:
    """A date known to the day, month or year in the language's long form; anything else (a
    range written as text) as written."""
    locale = locale_of(language)
    if is_english(language) or locale is None or not isinstance(value, PartialDate):
        return str(value)
    if value.day:
        return format_skeleton("yMMMMd", dt.date(value.year, value.month, value.day), locale=locale)
    if value.month:
        return format_skeleton("yMMMM", dt.date(value.year, value.month, 1), locale=locale)
    return format_skeleton("y", dt.date(value.year, 1, 1), locale=locale)


def local_number(value: Any, language: str) -> str:
    """Whole numbers with the locale's grouping, others with one decimal, like `fmt`."""
    locale = locale_of(language)
    if is_english(language) or locale is None or not isinstance(value, int | float):
        return fmt(value)
    if isinstance(value, float) and not value.is_integer():
        return format_decimal(value, format="#,##0.0", locale=locale)
    return format_decimal(int(value), locale=locale)


def local_percent(value: float, language: str) -> str:
    """A share (0.25) as the locale writes a percentage ("25%", "25 %")."""
    return format_percent(value, locale=locale_of(language) or "en")


def country_name(code: str, fallback: str, language: str) -> str:
    """CLDR's name of the territory `code` (ISO 3166 alpha-2 or alpha-3) in `language`; the
    data's own name in English and where CLDR has none."""
    locale = locale_of(language)
    if is_english(language) or locale is None:
        return fallback
    code = code.upper()
    if len(code) == 3:
        aliases = get_global("territory_aliases").get(code) or [""]
        code = aliases[0]
    return str(locale.territories.get(code) or fallback)


def local_list(items: list[str], language: str) -> str:
    """ "A and B" as the language joins a list ("A和B"); English keeps the tool's own form (no
    serial comma)."""
    locale = locale_of(language)
    if is_english(language) or locale is None or len(items) < 2:
        return " and ".join(items)
    return format_list(items, locale=locale)
