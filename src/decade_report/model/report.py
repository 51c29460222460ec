"""The validated report: frozen, typed objects handed from `validate` to every later stage."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    PrivateAttr,
    field_validator,
)

from decade_report.errors import Location, Problem
from decade_report.model.config import ReportConfig

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=64)]


def not_a_boolean(value: Any) -> Any:
    """pydantic would read `true` as 1: a yes/no where a number belongs is a mistake."""
    if isinstance(value, bool):
        raise ValueError(f"{str(value).lower()} is a yes/no value, not a number")
    return value


Year = Annotated[int, BeforeValidator(not_a_boolean)]
Count = Annotated[NonNegativeInt, BeforeValidator(not_a_boolean)]


class Model(BaseModel):
    """A record of a data file or charts.yaml, which remembers where it and each of its fields
    are written (`at`), so that a check after validation points at the line without reading
    the file again."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)
    _where: Location = PrivateAttr(default_factory=lambda: Location(""))
    _fields: Mapping[str, Location] = PrivateAttr(default_factory=dict)

    def located(self, where: Location, fields: Mapping[str, Location]) -> Model:
        """This record, placed where it was read (set once, by validation)."""
        self._where, self._fields = where, dict(fields)
        return self

    def at(self, name: str = "") -> Location:
        """Where the field `name` is written; the record's own place when it is not written
        (or when no name is given)."""
        return self._fields.get(name, self._where)


class PartialDate(Model):
    """A date known to the year, month or day: "2005", "2015-07", "2005-10-28"."""

    year: int
    month: int = 0
    day: int = 0

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(year=value)
        text = str(value).strip()
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text)
        if not match:
            raise ValueError(f"'{text}' is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = (int(g) if g else 0 for g in match.groups())
        if match[2] is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
        if match[3] is not None:
            import datetime as dt

            try:
                dt.date(year, month, day)
            except ValueError:
                raise ValueError(f"{text} is not a real date") from None
        return cls(year=year, month=month, day=day)

    def __str__(self) -> str:
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{p:02d}" for p in (self.month, self.day) if p]
        return "-".join(parts)

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day)


class Dated(Model):
    date: PartialDate

    @field_validator("date", mode="before")
    @classmethod
    def parse_date(cls, value: Any) -> PartialDate:
        return value if isinstance(value, PartialDate) else PartialDate.parse(value)


LanguageTag = Annotated[
    str,
    Field(
        pattern=r"^$|^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$"
    ),
]
"""A BCP 47 language tag: language, optional script and region ("km", "zh-Hant", "pt-BR")."""


class MemberState(Model):
    id: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    name: str = Field(min_length=1)
    native_name: str = ""
    native_lang: LanguageTag = ""
    """Language of `native_name`; when empty it is read from the script where the script tells
    (Khmer, Thai, Lao …), and left unmarked where it cannot (Arabic script: Arabic, Persian,
    Urdu …)."""
    status: str = Field(min_length=1, max_length=80)
    """One of the project's statuses ([statuses] of report.toml), e.g. "full"; any text when
    the project declares none."""
    joined: Year
    agency: str = ""
    agency_short: str = ""
    capital: str = ""
    note: str = ""
    illustrative: bool = False


class Milestone(Dated):
    title: str = Field(min_length=1)
    text: str = ""
    category: Identifier = "milestone"
    """A word the theme may style by (class `cat-<category>`), e.g. governance, programme."""
    source: str = ""
    illustrative: bool = False


class Network(Model):
    id: Identifier
    name: str = Field(min_length=1)
    text: str = ""


class Programme(Model):
    id: Identifier
    name: str = Field(min_length=1)
    short: str = ""
    network: str
    approved: Year
    status: str = ""
    states: tuple[str, ...] = ()
    text: str = ""
    milestones: tuple[str, ...] = ()
    illustrative: bool = False


class Event(Dated):
    title: str = Field(min_length=1)
    kind: Identifier
    """One of the project's event kinds ([event_kinds] of report.toml), e.g. "workshop"."""
    city: str = ""
    state: str | None = None
    participants: Count | None = None
    illustrative: bool = False


class Training(Model):
    year: Year
    programme: str = Field(min_length=1)
    kind: str = ""
    participants: Count
    states: Count | None = None
    illustrative: bool = False


class Partner(Model):
    name: str = Field(min_length=1)
    short: str = ""
    kind: str = ""
    since: Year | None = None
    text: str = ""
    illustrative: bool = False


class ChartSpec(Model):
    id: Identifier
    kind: Literal["bar", "hbar", "line", "stacked", "donut"]
    dataset: str
    x: str
    y: tuple[str, ...] = Field(min_length=1)
    labels: dict[str, str] = {}
    title: str = Field(min_length=1)
    caption: str = ""
    alt: str = ""
    unit: str = ""
    source: str = ""
    """Where the figures come from, as printed under the chart; default: the dataset's source
    in report.toml [sources]."""
    context_years: int = Field(default=0, ge=0, le=50)
    """Years before the report's period the chart shows too, muted, with the period's own rows
    highlighted: an annual report's year against the four before it is 4. Needs a dataset
    dated in report.toml ([datasets.NAME])."""


TYPED_DATASETS: dict[str, type[Model]] = {
    "member_states": MemberState,
    "milestones": Milestone,
    "networks": Network,
    "programmes": Programme,
    "events": Event,
    "trainings": Training,
    "partners": Partner,
}


@dataclass(frozen=True)
class Row:
    values: dict[str, Any]
    illustrative: bool
    where: Location
    fields: Mapping[str, Location] = field(default_factory=dict)
    """Where each value was read (line and cell), for messages about one value."""
    translated: frozenset[str] = frozenset()
    """The columns whose value is in the edition's language already (its `<column>_<lang>` or
    the project's catalogue gave it, validate/data_languages.py): never looked up again."""

    def at(self, name: str) -> Location:
        return self.fields.get(name, self.where)


@dataclass(frozen=True)
class Dataset:
    """A table as the charts and annex tables see it: columns in order, numbers converted."""

    name: str
    path: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def column(self, name: str) -> list[Any]:
        return [row.values.get(name) for row in self.rows]

    @property
    def illustrative(self) -> bool:
        return any(row.illustrative for row in self.rows)


def is_number(value: Any) -> bool:
    """A finite int or float; an int is always finite (`math.isfinite` would overflow on one
    with 400 digits)."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


@dataclass(frozen=True)
class FrontMatter:
    """Where a Markdown file and the keys of its front matter are written."""

    where: Location
    fields: Mapping[str, Location] = field(default_factory=dict)

    def at(self, key: str) -> Location:
        return self.fields.get(key, self.where)


@dataclass(frozen=True)
class Message:
    path: str
    title: str
    author: str
    role: str
    date: str
    portrait: str
    body: str
    body_line: int
    front: FrontMatter | None = None
    """Where the front matter's keys are written."""

    def at(self, key: str) -> Location:
        return self.front.at(key) if self.front else Location(self.path)


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    path: str
    title: str
    kicker: str
    summary: str
    layout: str
    body: str
    body_line: int
    front: FrontMatter | None = None
    """Where the front matter's keys are written."""

    def at(self, key: str) -> Location:
        return self.front.at(key) if self.front else Location(self.path)


@dataclass(frozen=True)
class KeyFigure:
    """A key figure with its number worked out."""

    label: str
    value: int | float | str
    illustrative: bool
    source: str
    where: Location
    """Where it is declared (data/key_figures.yaml:line:col)."""
    how: str
    """How the number was obtained, for messages: "rows of data/member_states.yaml where
    status = full"."""
    change: str = ""
    """The change on the previous period, as printed ("+12 % on 2017"); "" when not compared."""


@dataclass(frozen=True)
class Report:
    root: Path
    config: ReportConfig
    message: Message
    chapters: tuple[Chapter, ...]
    member_states: tuple[MemberState, ...]
    milestones: tuple[Milestone, ...]
    networks: tuple[Network, ...]
    programmes: tuple[Programme, ...]
    events: tuple[Event, ...]
    trainings: tuple[Training, ...]
    partners: tuple[Partner, ...]
    datasets: dict[str, Dataset]
    charts: tuple[ChartSpec, ...]
    warnings: tuple[Problem, ...] = ()
    key_figures: tuple[KeyFigure, ...] = ()
    """The project's key figures (data/key_figures.yaml), numbers worked out."""
    all_datasets: dict[str, Dataset] = field(default_factory=dict)
    """Every row of the project's data, whatever the period (`datasets` holds the period's
    rows): the context years of a chart. Empty: the same as `datasets`."""
    report_id: str = ""
    """Which report of the project this is: "" for report.toml, else the id of reports/ID.toml."""
    texts: Mapping[str, str] = field(default_factory=dict)
    """Every project text file as loaded {project path: text} (`ReportSource.texts`): a check
    finds a value's exact column here; no stage after loading reads a project file."""

    def state(self, state_id: str) -> MemberState:
        return next(s for s in self.member_states if s.id == state_id)

    def status_label(self, status: str) -> str:
        """The label the project gives a member status ([statuses]); the id as written when
        the project declares none."""
        return self.config.statuses.get(status, status)
