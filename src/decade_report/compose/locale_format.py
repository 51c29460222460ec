"""Dates, numbers, percentages and country names as the report's language writes them (CLDR
through Babel), installed as template filters by `compose.i18n_env`.

English keeps the tool's own forms ("16 December 2008", "1,234"), so an English report prints
exactly what it printed before languages existed; every other language takes CLDR's:
"2008年12月16日", "1 234" in French, the locale's own digits where CLDR says so: Persian
"۱۶ دسامبر ۲۰۰۸" (the Gregorian calendar, with the month names CLDR gives Persian) and "۱۲٬۳۴۵".
Babel gives a locale's symbols (separators) but formats with ASCII digits, so the digits of the
locale's default numbering system are put in afterwards (`local_digits`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from decade_report.model.report import PartialDate


def fmt(value: Any) -> str:
    """The tool's own form of a number: "1,234", "12.5" (English, and the charts' default)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"


def is_english(language: str) -> bool:
    return language.split("-")[0].lower() == "en"


NATIVE_DIGITS = {
    "arab": "٠١٢٣٤٥٦٧٨٩",
    "arabext": "۰۱۲۳۴۵۶۷۸۹",
    "beng": "০১২৩৪৫৬৭৮৯",
    "deva": "०१२३४५६७८९",
    "mymr": "၀၁၂၃၄၅၆၇၈၉",
    "tibt": "༠༡༢༣༤༥༦༧༨༩",
    "olck": "᱐᱑᱒᱓᱔᱕᱖᱗᱘᱙",
}
"""The digits of the numbering systems CLDR makes a locale's default (numberingSystems.xml);
Babel knows a locale's default system by name but has no digits for it."""


def digits_of(language: str) -> str:
    """The ten digits the language writes numbers with: "۰۱۲۳۴۵۶۷۸۹" for Persian (CLDR's
    "arabext"), "0123456789" for English, Chinese and any language CLDR writes in Latin digits."""
    locale = locale_of(language)
    if locale is None or is_english(language):
        return "0123456789"
    return NATIVE_DIGITS.get(locale.default_numbering_system, "0123456789")


def local_digits(value: Any, language: str) -> str:
    """`value` as text with its ASCII digits in the language's own: "2.1" → "۲.۱" in Persian.
    For numbers that are labels (chapter, figure, year), not quantities (`local_number`)."""
    text = str(value)
    digits = digits_of(language)
    return text if digits[0] == "0" else text.translate(str.maketrans("0123456789", digits))


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
        text = format_skeleton("yMMMMd", dt.date(value.year, value.month, value.day), locale=locale)
    elif value.month:
        text = format_skeleton("yMMMM", dt.date(value.year, value.month, 1), locale=locale)
    else:
        text = format_skeleton("y", dt.date(value.year, 1, 1), locale=locale)
    return local_digits(text, language)


def local_number(value: Any, language: str) -> str:
    """Whole numbers with the locale's grouping, others with one decimal, like `fmt`."""
    locale = locale_of(language)
    if is_english(language) or locale is None or not isinstance(value, int | float):
        return fmt(value)
    if isinstance(value, float) and not value.is_integer():
        text = format_decimal(value, format="#,##0.0", locale=locale, numbering_system="default")
    else:
        text = format_decimal(int(value), locale=locale, numbering_system="default")
    return local_digits(text, language)


def local_percent(value: float, language: str) -> str:
    """A share (0.25) as the locale writes a percentage ("25%", "25 %")."""
    locale = locale_of(language)
    if locale is None:
        return format_percent(value, locale="en")
    return local_digits(format_percent(value, locale=locale, numbering_system="default"), language)


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
