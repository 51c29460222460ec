"""Template labels through the gettext catalogues of locales/, in the sandbox, and the CLDR forms
of dates, numbers and country names (compose/i18n.py, compose/locale_format.py)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from decade_report.compose.i18n import locales_folder, translate, translations
from decade_report.compose.locale_format import country_name, local_date, local_number
from decade_report.compose.templating import environment
from decade_report.model.report import PartialDate
from decade_report.theme.tokens import load_theme

PLACEHOLDER = re.compile(r"%\(\w+\)s")
SAMPLE = Path(__file__).resolve().parents[2] / "report"


def messages(path: Path) -> dict[str, str]:
    with path.open("rb") as po:
        return {m.id: m.string for m in read_po(po) if m.id}


def test_the_chinese_catalogue_translates_every_label_of_the_english_one() -> None:
    english = messages(locales_folder() / "messages.pot")
    chinese = messages(locales_folder() / "zh" / "LC_MESSAGES" / "messages.po")
    assert len(english) > 50
    untranslated = [msgid for msgid in english if not chinese.get(msgid)]
    assert not untranslated
    # placeholders survive translation, or %-formatting would fail at build time
    for msgid, text in chinese.items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid


def test_the_sandboxed_templates_print_the_labels_of_the_language() -> None:
    theme = load_theme(SAMPLE, {}, None)
    source = (
        "{{ _('Contents') }}|{{ _('Chapter %(number)s', number=3) }}"
        "|{% trans %}Annexes{% endtrans %}"
    )
    chinese = environment(theme, "zh").from_string(source).render()
    english = environment(theme).from_string(source).render()
    assert chinese == "目录|第3章|附件"
    assert english == "Contents|Chapter 3|Annexes"
    assert translate(environment(theme, "zh"), "No data for %(period)s.", period="2018") == (
        "2018无数据。"
    )


def test_a_language_without_a_catalogue_prints_the_english_labels() -> None:
    assert translations("xx").gettext("Contents") == "Contents"


def test_dates_numbers_and_country_names_from_cldr() -> None:
    day = PartialDate.parse("2008-12-16")
    assert local_date(day, "en") == "16 December 2008"  # the tool's own English form, unchanged
    assert local_date(day, "zh") == "2008年12月16日"
    assert local_date(PartialDate.parse("2015-07"), "zh") == "2015年7月"
    assert local_number(12345, "en") == "12,345"
    assert local_number(1234.5, "fr") == "1\u202f234,5"
    assert country_name("CHN", "China", "zh") == "中国"
    assert country_name("TUR", "Turkey", "fr") == "Turquie"
    assert country_name("CHN", "China", "en") == "China"  # English prints the data's name


def test_lists_and_a_projects_own_catalogue_before_the_tools() -> None:
    from decade_report.compose.locale_format import local_list

    assert local_list(["Inter", "Noto Serif"], "en") == "Inter and Noto Serif"
    assert local_list(["Inter", "Noto Serif"], "zh") == "Inter和Noto Serif"
    own = 'msgid "Status"\nmsgstr "成员地位"\n\nmsgid "Full Member State"\nmsgstr "正式成员国"\n'
    catalogue = translations("zh", own)
    assert catalogue.gettext("Status") == "成员地位"  # the project rewords a template label
    assert catalogue.gettext("Full Member State") == "正式成员国"
    assert catalogue.gettext("Contents") == "目录"  # the tool's catalogue behind it
