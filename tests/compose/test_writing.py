"""How a right-to-left edition is written (compose/writing.py, compose/locale_format.py): the
language's digits, isolation of left-to-right values, the Arabic-script families, the Persian
catalogue (issue 16)."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

from decade_report.compose.i18n import catalogue_path, locales_folder
from decade_report.compose.locale_format import country_name, local_date, local_number
from decade_report.compose.templating import environment
from decade_report.compose.writing import (
    font_variables,
    isolated,
    page_numerals,
    text_direction,
)
from decade_report.model.report import PartialDate
from decade_report.theme.tokens import load_theme

SAMPLE = Path(__file__).resolve().parents[2] / "report"
MEMBER_STATES_FA = {
    "BGD": "بنگلادش", "CHN": "چین", "IRN": "ایران", "MNG": "مغولستان",
    "PAK": "پاکستان", "PER": "پرو", "THA": "تایلند", "TUR": "ترکیه",
}  # fmt: skip


def test_persian_numbers_dates_and_countries_are_cldrs() -> None:
    assert local_number(12345, "fa") == "۱۲٬۳۴۵"
    assert local_number(1234.5, "fa") == "۱٬۲۳۴٫۵"
    # Gregorian calendar, CLDR's Persian month names and the arabext digits
    assert local_date(PartialDate(year=2008, month=12, day=16), "fa") == "۱۶ دسامبر ۲۰۰۸"
    assert local_number(12345, "zh") == "12,345"  # Chinese writes Latin digits
    for code, name in MEMBER_STATES_FA.items():
        assert country_name(code, "x", "fa") == name


def test_labels_take_the_languages_digits_and_ltr_values_are_isolated() -> None:
    env = environment(load_theme(SAMPLE, {}), "fa")
    shown = env.from_string(
        "{{ _('Figure %(number)s', number='2.1') }}|{{ 2008 | digits }}|{{ '+86 10' | ltr }}"
    ).render()
    assert shown == "نمودار ۲.۱|۲۰۰۸|\u2066+86 10\u2069"
    english = environment(load_theme(SAMPLE, {}), "en")
    assert english.from_string("{{ '+86 10' | ltr }}|{{ 2008 | digits }}").render() == "+86 10|2008"
    assert isolated("Beijing, China", "rtl", left_to_right=False) == "\u2068Beijing, China\u2069"
    assert isolated("<b>", "rtl") == "\u2066&lt;b&gt;\u2069"


def test_arabic_script_families_come_first_in_a_persian_document() -> None:
    theme = load_theme(SAMPLE, {})
    css = font_variables(theme, "fa")
    assert '--font-text: "Noto Naskh Arabic", "Noto Serif";' in css
    assert '--font-heading: "Noto Sans Arabic", "Inter";' in css
    assert font_variables(theme, "en") == "" and font_variables(theme, "zh") == ""
    assert page_numerals("fa") == "persian" and page_numerals("en") == "decimal"


def test_an_untranslated_chapter_runs_left_to_right() -> None:
    assert text_direction("A Decade at a Glance", "rtl") == "ltr"
    assert text_direction("چشم‌انداز ۲۰۳۰", "rtl") == ""
    assert text_direction("A Decade at a Glance", "ltr") == ""


def test_the_persian_catalogue_translates_every_label() -> None:
    with (locales_folder() / "messages.pot").open("rb") as pot:
        wanted = {m.id for m in read_po(pot) if m.id}
    with catalogue_path("fa").open("rb") as po:
        catalogue = read_po(po, locale="fa")
    translated = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    assert wanted <= translated, sorted(wanted - translated)
    for message in catalogue:
        if message.id and "%(" in str(message.id):  # placeholders kept
            assert sorted(str(message.id).count(k) for k in ("%(",)) == sorted(
                str(message.string).count(k) for k in ("%(",)
            ), message.id
