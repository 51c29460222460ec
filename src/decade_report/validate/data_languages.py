"""Data values that are words, in the language of the edition (docs/languages.md).

A data file gives a value in another of the report's languages beside the original, in a key or
column named `<field>_<lang>`: `name_zh: 数据共享服务平台` in YAML, a `title_fa` column in CSV or
XLSX. For the edition in that language:

1. the `<field>_<lang>` value wins (an empty cell is no value);
2. else the project's catalogue (`locales/<lang>.po`) translates it, the value as msgid;
3. else the value prints as written. For the names the edition prints as labels (`LABELS`:
   networks, programmes, kinds of training and partner) that is the untranslated-label warning at
   the catalogue, as for the project's other labels; for a field some rows of the file translate
   (`title_zh` on some events), a warning at each row that does not.

Only the text fields (`TEXT_FIELDS`) of the typed files are translated, never an id, a code or a
reference (`network: data-sharing`, `state: CHN`); in a generic dataset every text column is.
Member states' names are not data to translate: they come from CLDR. The `<field>_<lang>` keys
are taken out of every edition's records (the first language's too), so the typed records
accept them and tables and charts never show them as columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from babel import localedata

from decade_report.compose.i18n import language_catalogue
from decade_report.errors import Location, Problem, Severity
from decade_report.load.records import DataFile, Record
from decade_report.load.translations import project_catalogue
from decade_report.model.config import ReportConfig
from decade_report.model.report import Dataset

TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "member_states": ("agency", "capital", "note"),
    "milestones": ("title", "text"),
    "networks": ("name", "text"),
    "programmes": ("name", "status", "text"),
    "events": ("title", "city"),
    "trainings": ("kind",),  # its programme is a programme's id
    "partners": ("name", "kind", "text"),
}
"""The fields of the typed data files that are words of a language."""

LABELS: dict[str, tuple[str, ...]] = {
    "networks": ("name",),
    "programmes": ("name",),
    "trainings": ("kind",),
    "partners": ("kind",),
}
"""The fields printed as labels: untranslated, they are warned of like the project's labels."""

OWN_LABELS = frozenset({"key_figures"})
"""Files whose text the composition translates as the project's labels (compose/layouts.py):
left as they are here, so that a label is looked up once."""


LANGUAGE_KEY = re.compile(
    r"^(?P<field>.+?)_(?P<lang>[a-z]{2,3}(?:[_-][A-Z][a-z]{3})?(?:[_-][A-Z]{2})?)$"
)
"""`name_zh`, `title_zh_Hant`, `name_pt-BR`: a field and a language tag."""


def language_key(key: str, fields: Iterable[str]) -> tuple[str, str] | None:
    """`name_zh` → ("name", "zh") when `name` is one of `fields` and zh a language CLDR knows:
    any language, not only the report's, since a report of reports/ in fewer languages reads the
    same data files (and "count_by" stays a column: "by" is no language)."""
    found = LANGUAGE_KEY.match(key)
    if found is None or found["field"] not in fields:
        return None
    language = found["lang"].replace("_", "-")
    return (found["field"], language) if localedata.exists(language.replace("-", "_")) else None


def in_language(
    datafile: DataFile, config: ReportConfig, texts: Mapping[str, str]
) -> tuple[DataFile, frozenset[tuple[int, str]], list[Problem]]:
    """`datafile` as the edition in `config.language` prints it, the cells now in that language
    (record index, field: never looked up again, `Row.translated`) and the warnings of what is
    left untranslated."""
    language, first = config.language, config.sources_language
    if datafile.name in OWN_LABELS:
        return datafile, frozenset(), []
    typed = datafile.name in TEXT_FIELDS
    text_fields = TEXT_FIELDS.get(datafile.name, ())
    translating = language != first
    catalogue = language_catalogue(config.language, texts) if translating else None

    def words(record: Record) -> Iterable[str]:
        return text_fields if typed else record.values

    given = {
        found[0]
        for record in datafile.records
        for key, value in record.values.items()
        if (found := language_key(key, words(record))) and found[1] == language
        and not blank(value)
    }  # fmt: skip
    records, gave, problems = [], set(), []
    for index, record in enumerate(datafile.records):
        values: dict[str, Any] = {}
        translated: dict[str, Any] = {}
        for key, value in record.values.items():
            found = language_key(key, words(record))
            if found is None:
                values[key] = value
            elif found[1] == language and not blank(value):
                translated[found[0]] = value
        if translating:
            for name, value in list(values.items()):
                if typed and name not in text_fields:
                    continue
                if name in translated:
                    values[name] = translated[name]
                    gave.add((index, name))
                elif isinstance(value, str) and any(c.isalpha() for c in value):
                    assert catalogue is not None
                    values[name] = catalogue.gettext(value)
                    if values[name] == value:
                        problems += untranslated(datafile, record, name, value, config, given)
                    else:
                        gave.add((index, name))
        fields = {k: v for k, v in record.fields.items() if k in values}
        records.append(Record(values, record.where, fields))
    # a label of many rows ("workshop") is one warning, not one per row
    return replace(datafile, records=tuple(records)), frozenset(gave), list(dict.fromkeys(problems))


def without_translations(datafile: DataFile) -> DataFile:
    """`datafile` without its `<field>_<lang>` values: what validation reads when report.toml
    could not be read (its languages unknown), so that a broken report.toml is the one error
    and the translations are not reported as unknown fields."""
    if datafile.name in OWN_LABELS:
        return datafile
    text_fields = TEXT_FIELDS.get(datafile.name)
    records = []
    for record in datafile.records:
        fields = text_fields if text_fields is not None else record.values
        values = {k: v for k, v in record.values.items() if language_key(k, fields) is None}
        kept = {k: v for k, v in record.fields.items() if k in values}
        records.append(Record(values, record.where, kept))
    return replace(datafile, records=tuple(records))


def untranslated(
    datafile: DataFile,
    record: Record,
    name: str,
    value: str,
    config: ReportConfig,
    given: set[str],
) -> list[Problem]:
    language, first = config.language, config.sources_language
    if name in LABELS.get(datafile.name, ()):
        catalogue = project_catalogue(language)
        return [
            Problem(
                Location(catalogue),
                f'no {language} translation of the label "{value}": the {language} edition'
                f" prints it in {first}",
                f'add it to {catalogue}: msgid "{value}" and its translation as msgstr, or'
                f" {name}_{language} to {datafile.path}",
                Severity.WARNING,
            )
        ]
    if name in given:  # the file translates this field: a row that does not is a gap
        return [
            Problem(
                record.at(name),
                f"{datafile.name}: no {name}_{language} here, which other rows have: the"
                f" {language} edition prints {value!r} in {first}",
                f"add {name}_{language} to this row",
                Severity.WARNING,
            )
        ]
    return []


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def mark_translated(dataset: Dataset, gave: frozenset[tuple[int, str]]) -> Dataset:
    """The dataset's rows knowing which of their cells are in the edition's language."""
    if not gave:
        return dataset
    rows = tuple(
        replace(row, translated=frozenset(name for i, name in gave if i == index))
        for index, row in enumerate(dataset.rows)
    )
    return replace(dataset, rows=rows)
