"""Template labels in the report's language: gettext catalogues read with Babel.

The labels of the templates ("Contents", "Figure 2.1", "Source: …") and those composed in Python
are English msgids; `locales/<lang>/LC_MESSAGES/messages.po` beside `templates/` translates them
(`locales/messages.pot` is extracted with `pybabel extract -F babel.cfg`, docs/languages.md).

A project translates its own labels — member statuses, key-figure labels, sources, table titles
and column names, in the first language as msgids — in `locales/<lang>.po` of the project
(`project_catalogue`), read when the project is loaded; it comes before the tool's catalogue, so
a project may also reword a label of the templates.

The .po file is compiled in memory when a build first needs it, never committed as a .mo: the
text a translator edits is the only copy, so a stale binary catalogue cannot ship. A language
without a catalogue, and English, print the msgids as they are.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from decade_report.compose.locale_format import (
    country_name,
    local_date,
    local_digits,
    local_number,
    local_percent,
)
from decade_report.compose.writing import isolated
from decade_report.load.translations import project_catalogue as project_catalogue
from decade_report.model.config import RTL_LANGUAGES
from decade_report.publish.build_folder import default_theme_root

DOMAIN = "messages"


def locales_folder() -> Path:
    return default_theme_root() / "locales"


def catalogue_path(language: str) -> Path:
    return locales_folder() / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(po_text: bytes, language: str) -> gettext.GNUTranslations:
    catalog = read_po(io.BytesIO(po_text), locale=language.replace("-", "_"), domain=DOMAIN)
    binary = io.BytesIO()
    # fuzzy entries are a translator's guess awaiting review: never printed
    write_mo(binary, catalog, use_fuzzy=False)
    binary.seek(0)
    return gettext.GNUTranslations(binary)


def N_(message: str) -> str:
    """A msgid written in Python and translated where it is used; the marker makes
    `pybabel extract` find it (babel.cfg, docs/languages.md)."""
    return message


@lru_cache(maxsize=16)
def translations(language: str, project_po: str = "") -> gettext.NullTranslations:
    """The catalogue of `language` ("zh", "zh-Hant" falls back to "zh"), compiled from its .po;
    NullTranslations (the English msgids) when there is none. `project_po`: the text of the
    project's own catalogue of the language, which comes first."""
    tool: gettext.NullTranslations = gettext.NullTranslations()
    for candidate in (language, language.split("-")[0]):
        path = catalogue_path(candidate)
        if path.is_file():
            tool = compiled(path.read_bytes(), candidate)
            break
    if not project_po:
        return tool
    own = compiled(project_po.encode("utf-8"), language)
    own.add_fallback(tool)
    return own


def has_catalogue(language: str) -> bool:
    return any(catalogue_path(c).is_file() for c in (language, language.split("-")[0]))


def language_catalogue(language: str, texts: Mapping[str, str]) -> gettext.NullTranslations:
    """The catalogue of `language` for a project whose files (`Report.texts`) are `texts`: the
    project's own (locales/<lang>.po) before the tool's."""
    return translations(language, texts.get(project_catalogue(language), ""))


def install_language(
    env: Environment, language: str, project_po: str = "", first_language: str = ""
) -> None:
    """The catalogue of `language` (the project's own `project_po` first) behind `{% trans %}`
    and `_()`, and the locale's forms of dates, numbers and country names as filters. `env` must
    have the `jinja2.ext.i18n` extension; in the sandbox the installed callables are Jinja's own,
    so they may be called."""
    catalogue = translations(language, project_po)
    # not a global: templates reach the catalogue only through `_()` and `{% trans %}`
    env.extend(report_translations=catalogue, untranslated=set())
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    local_numbers_in_labels(env, language)
    direction = "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"
    # a date in Persian, next to a Latin title ("۱۶ دسامبر ۲۰۰۸ — 1st Meeting"), is isolated:
    # else the bidi algorithm takes the title's digits into the date's right-to-left run
    env.filters["date"] = lambda value: isolated(
        local_date(value, language), direction, left_to_right=False
    )
    env.filters["number"] = lambda value: local_number(value, language)
    env.filters["percent"] = lambda value: local_percent(value, language)
    env.filters["country"] = lambda state: country_name(state.id, state.name, language)
    env.globals["language"] = language
    env.globals["first_language"] = first_language or language
    env.filters["digits"] = lambda value: local_digits(value, language)
    env.filters["ltr"] = lambda value: isolated(value, direction)
    env.filters["bidi"] = lambda value: isolated(value, direction, left_to_right=False)


def local_numbers_in_labels(env: Environment, language: str) -> None:
    """`_('Figure %(number)s', number='2.1')` prints the number in the language's digits
    ("نمودار ۲.۱"): the values of a label that are numbers (chapter, figure, year) are
    converted before Jinja fills them in; other values are left as they are."""
    if local_digits("0", language) == "0":
        return
    translate_label = env.globals["gettext"]

    @pass_context
    def gettext(context: Context, message: str, **values: Any) -> str:
        shown = {
            name: local_digits(value, language) if NUMBER_LABEL.match(str(value)) else value
            for name, value in values.items()
        }
        return translate_label(context, message, **shown)  # type: ignore[operator]

    env.globals["gettext"] = gettext


NUMBER_LABEL = re.compile(r"^[0-9][0-9.\-–]*$")
"""A value that is a number used as a label: "7", "2.1", "2005–2018"."""


def catalogue_of(env: Environment) -> gettext.NullTranslations:
    found = getattr(env, "report_translations", None)
    return found if isinstance(found, gettext.NullTranslations) else gettext.NullTranslations()


def translate(env: Environment, message: str, **values: object) -> str:
    """A label composed in Python in the language of `env` (`install_language`): the msgid
    translated, then its `%(name)s` placeholders filled. Extracted with `-k translate:2`."""
    language = str(env.globals.get("language", "en"))
    text = catalogue_of(env).gettext(message)
    values = {
        name: local_digits(value, language) if NUMBER_LABEL.match(str(value)) else value
        for name, value in values.items()
    }
    return text % values if values else text


def project_label(env: Environment, label: str) -> str:
    """A label the project writes in its first language (a member status, a key figure's label,
    a source): its translation in the project's catalogue, or as written — recorded among
    `untranslated(env)` when the edition is in another language. Never %-formatted: a label may
    hold a "%"."""
    if not label or str(env.globals.get("language", "en")) == env.globals.get("first_language"):
        return label
    text = catalogue_of(env).gettext(label)
    if text == label and any(c.isalpha() for c in label):
        untranslated(env).add(label)
    return text


def untranslated(env: Environment) -> set[str]:
    """The project's labels `project_label` found no translation of, in this composition."""
    found = getattr(env, "untranslated", None)
    return found if isinstance(found, set) else set()
