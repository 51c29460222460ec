"""Template labels in the report's language: gettext catalogues read with Babel.

The labels of the templates ("Contents", "Figure 2.1", "Source: …") and those composed in Python
are English msgids; `locales/<lang>/LC_MESSAGES/messages.po` beside `templates/` translates them
(`locales/messages.pot` is extracted with `pybabel extract -F babel.cfg`, docs/languages.md).

The .po file is compiled in memory when a build first needs it, never committed as a .mo: the
text a translator edits is the only copy, so a stale binary catalogue cannot ship. A language
without a catalogue, and English, print the msgids as they are.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import Environment

from decade_report.compose.locale_format import (
    country_name,
    local_date,
    local_number,
    local_percent,
)
from decade_report.publish.build_folder import default_theme_root

DOMAIN = "messages"


def locales_folder() -> Path:
    return default_theme_root() / "locales"


def catalogue_path(language: str) -> Path:
    return locales_folder() / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=16)
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of `language` ("zh", "zh-Hant" falls back to "zh"), compiled from its .po;
    NullTranslations (the English msgids) when there is none."""
    for candidate in (language, language.split("-")[0]):
        path = catalogue_path(candidate)
        if path.is_file():
            with path.open("rb") as po:
                catalog = read_po(po, locale=candidate.replace("-", "_"), domain=DOMAIN)
            compiled = io.BytesIO()
            # fuzzy entries are a translator's guess awaiting review: never printed
            write_mo(compiled, catalog, use_fuzzy=False)
            compiled.seek(0)
            return gettext.GNUTranslations(compiled)
    return gettext.NullTranslations()


def has_catalogue(language: str) -> bool:
    return any(catalogue_path(c).is_file() for c in (language, language.split("-")[0]))


def install_language(env: Environment, language: str) -> None:
    """The catalogue of `language` behind `{% trans %}` and `_()`, and the locale's forms of
    dates, numbers and country names as filters. `env` must have the `jinja2.ext.i18n`
    extension; in the sandbox the installed callables are Jinja's own, so they may be called."""
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["date"] = lambda value: local_date(value, language)
    env.filters["number"] = lambda value: local_number(value, language)
    env.filters["percent"] = lambda value: local_percent(value, language)
    env.filters["country"] = lambda state: country_name(state.id, state.name, language)
    env.globals["language"] = language


def translate(env: Environment, message: str, **values: object) -> str:
    """A label composed in Python in the language of `env` (`install_language`): the msgid
    translated, then its `%(name)s` placeholders filled. Extracted with `-k translate:2`."""
    text = translations(str(env.globals.get("language", "en"))).gettext(message)
    return text % values if values else text
