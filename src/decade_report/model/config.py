"""The schema of `report.toml`: every option with its default and a one-line description.

Unknown keys are errors with a "did you mean" hint. The config keeps where each key is written
(`ReportConfig.where`), so a later check locates its problem without reading the file again;
`docs/configuration.md` is generated from these models (`python -m decade_report.reference`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)

from decade_report.errors import Location, Problem, ValidationFailed, raise_if_errors
from decade_report.load.text import MAX_DATA_BYTES
from decade_report.load.toml_file import TomlFile, read_toml
from decade_report.model.schema_errors import schema_problems

VISIBLE_FORMAT_CHARACTERS = frozenset("\u200c\u200d\u00ad")
"""Format characters (Unicode category Cf) real text needs: the zero-width non-joiner and joiner
of Persian, Indic and emoji sequences, and the soft hyphen."""


def visible(text: str) -> str:
    """Refuse invisible format characters in a name: bidi overrides (U+202E) and isolates make a
    name print in another order than it is stored (in the stamp, the text layer, the manifest)."""
    for character in text:
        if unicodedata.category(character) == "Cf" and character not in VISIBLE_FORMAT_CHARACTERS:
            name = unicodedata.name(character, "format character")
            raise ValueError(
                f"contains the invisible character U+{ord(character):04X} ({name}); "
                "delete it (retype the text if it cannot be seen)"
            )
    return text


Name = Annotated[str, AfterValidator(visible)]
"""Text that names or titles something: printed as stored, no invisible format characters."""


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class Period(Schema):
    start: int = Field(ge=1900, le=2100)
    """First year of the report period."""
    end: int = Field(ge=1900, le=2100)
    """Last year of the report period."""
    history_start: int | None = Field(default=None, ge=1900, le=2100)
    """Earliest year the report shows (its timeline may begin before `start` with the years
    that led to it); defaults to `start`."""

    @model_validator(mode="after")
    def ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"period end {self.end} is before its start {self.start}")
        if self.history_start is not None and self.history_start > self.start:
            raise ValueError("history_start must not be after start")
        return self

    @property
    def earliest(self) -> int:
        return self.start if self.history_start is None else self.history_start

    @property
    def years(self) -> int:
        """How many years the period covers (1 for an annual report)."""
        return self.end - self.start + 1

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"


class DatasetDates(Schema):
    """Which column of a dataset dates its rows, so that each report sees its period's rows."""

    date: str = ""
    """Column with a year or a date (2018, 2018-11, 2018-11-14): a row is in a report when it
    falls in the report's period."""
    since: str = ""
    """Column with the year a row starts from (a member's accession, a partnership): a row is in
    every report whose period ends in or after that year."""

    @model_validator(mode="after")
    def one_column(self) -> DatasetDates:
        if bool(self.date) == bool(self.since):
            raise ValueError("give exactly one of date or since (the name of a column)")
        return self

    @property
    def column(self) -> str:
        return self.date or self.since


class Contact(Schema):
    address: tuple[str, ...] = ()
    """Postal address, one line per entry (back cover, imprint)."""
    phone: str = ""
    """Telephone number."""
    fax: str = ""
    """Fax number."""
    email: str = ""
    """E-mail address."""
    website: str = ""
    """Web address, without https://."""
    rights: str = ""
    """Copyright / rights line printed on the imprint and back cover."""


class Recipient(Schema):
    name: Name = Field(min_length=1)
    """Who the stamped copy is for, e.g. "Delegation of Pakistan"."""
    state: str | None = None
    """Member-state id (from data/member_states) the recipient belongs to, if any."""
    watermark: Literal["", "DRAFT", "CONFIDENTIAL"] = ""
    """Diagonal watermark on this recipient's copy."""
    copy_for: Name = ""
    """How the stamp names the recipient after "Copy for": "the Delegation of Peru",
    "Ms A. Example"; default: `name` as written."""

    @property
    def slug(self) -> str:
        return slugify(self.name)


class PrintOptions(Schema):
    pad_to: int = Field(default=4, ge=1, le=64)
    """Blank pages before the back cover make the page count a multiple of this (4 = sheets
    folded once; 1 turns padding off)."""


class Limits(Schema):
    """Guards against files that would exhaust memory or time; the defaults suit most reports."""

    max_data_mb: float = Field(default=MAX_DATA_BYTES / 2**20, gt=0, le=1024)
    """Largest data file (YAML, CSV, XLSX) that is read, in MB; bigger files are refused."""
    max_image_pixels: int = Field(default=40_000_000, ge=1, le=178_956_970)
    """Largest logo or portrait, in pixels (width × height); checked before rendering.
    Pillow refuses anything above 178,956,970 pixels whatever this says."""
    max_image_mb: float = Field(default=20, gt=0, le=1024)
    """Largest logo or portrait file (SVG, PNG or JPEG), in MB."""
    max_layout_seconds: float = Field(default=600, gt=0, le=86_400)
    """Longest time the layout of one edition may take (WeasyPrint), in seconds."""
    max_layout_mb: float = Field(default=4096, ge=256, le=65_536)
    """Most memory (address space) the layout of one edition, or the preflight of one, may use,
    in MB."""
    max_build_seconds: float = Field(default=1800, gt=0, le=86_400)
    """Longest time a whole build may take before publishing (charts, templates, layout,
    stamping, finishing), in seconds."""
    max_recipients: int = Field(default=500, ge=0, le=100_000)
    """Most recipients (stamped copies) report.toml may list."""

    @property
    def max_data_bytes(self) -> int:
        return int(self.max_data_mb * 2**20)

    @property
    def max_image_bytes(self) -> int:
        return int(self.max_image_mb * 2**20)


class Names(Schema):
    """The report's names in one of its other languages ([names.zh]); a name left out is the
    first language's."""

    title: Name = ""
    """Title of the report in this language."""
    subtitle: Name = ""
    """Subtitle in this language."""
    organisation: Name = ""
    """Full name of the organisation in this language."""
    organisation_short: Name = ""
    """Short name or acronym in this language."""
    rights: Name = ""
    """Rights line in this language."""


class ReportConfig(Schema):
    title: Name = Field(min_length=1)
    """Title of the report (cover, metadata)."""
    subtitle: Name = ""
    """Subtitle under the title on the cover."""
    organisation: Name = Field(min_length=1)
    """Full name of the publishing organisation."""
    organisation_short: Name = ""
    """Short name or acronym of the organisation."""
    logo: str = ""
    """Organisation logo (SVG, PNG or JPEG) relative to the project, e.g. "assets/logo.svg";
    when empty the cover shows a lettermark of `organisation_short`."""
    slug: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    """File-name stem of the outputs: build/<slug>-screen.pdf."""
    languages: tuple[str, ...] = ("en",)
    """Languages of the report, one set of editions each: the first keeps the plain file names
    and is the language of the sources; another adds -<lang> to the slug and reads
    message.<lang>.md and chapters/NN-name.<lang>.md where they exist (docs/languages.md)."""
    names: dict[str, Names] = {}
    """Title, subtitle and organisation in another language, by language ([names.zh])."""
    page_size: Literal["A4", "Letter"] = "A4"
    """Trimmed page size."""
    period: Period
    """Years the report covers."""
    contact: Contact = Contact()
    """Address and contacts for the imprint and back cover."""
    theme: dict[str, Any] = {}
    """Design-token overrides (see docs/theming.md)."""
    recipients: tuple[Recipient, ...] = ()
    """Recipients of stamped copies."""
    statuses: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")], Name] = {}
    """Member statuses the data may use, id → label as printed ({ full = "Full Member State" });
    the first is the main one. Empty: any status, printed as written in the data."""
    event_kinds: dict[Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")], Name] = {}
    """Kinds of event the data may use, id → label ({ workshop = "Workshop" }). Empty: any
    kind."""
    print: PrintOptions = PrintOptions()
    """Options of the print edition."""
    keywords: tuple[str, ...] = ()
    """PDF keywords metadata."""
    limits: Limits = Limits()
    """Size limits for data files and images."""
    sources: dict[str, Name] = {}
    """Where each dataset's figures come from, by dataset name, printed as "Source: …" under
    its tables and charts (e.g. metrics = "APSCO Secretariat (illustrative)"); never a path."""
    datasets: dict[str, DatasetDates] = {}
    """Which column dates each dataset, by dataset name ([datasets.events] date = "date"):
    every report then sees only the rows of its period (docs/annual-reports.md)."""
    _file: TomlFile = PrivateAttr(default_factory=lambda: TomlFile("report.toml", {}))
    _sources_language: str = PrivateAttr(default="")

    def where(self, *keys: str | int) -> Location:
        """Where a key of report.toml is written: `where("recipients", 2, "state")`; the
        nearest enclosing table for a key left out, `report.toml` for a config not read from
        a file."""
        return self._file.at(*keys)

    @property
    def file(self) -> TomlFile:
        """report.toml as read: its text and where its keys are."""
        return self._file

    @property
    def language(self) -> str:
        return self.languages[0] if self.languages else "en"

    @property
    def sources_language(self) -> str:
        """The language message.md and chapters/*.md are written in: the first of report.toml's
        `languages`, also in another language's edition (whose `language` is its own)."""
        return self._sources_language or self.language

    def in_language(self, language: str, update: dict[str, Any]) -> ReportConfig:
        """This config as the edition in `language` sees it, `update` applied: `language`
        first (the document language), the sources' language remembered."""
        others = tuple(other for other in self.languages if other != language)
        copy = self.model_copy(update={**update, "languages": (language, *others)})
        copy._sources_language = self.sources_language
        return copy

    @property
    def direction(self) -> str:
        """Writing direction of the document language (the web edition's `dir`)."""
        return "rtl" if self.language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


RTL_LANGUAGES = {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "ps", "sd", "ug", "ur", "yi"}
"""Languages written right to left (ISO 639 codes)."""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "copy"


def load_config(root: Path) -> ReportConfig:
    path = root / "report.toml"
    shown = "report.toml"
    if not path.is_file():
        raise ValidationFailed(
            [
                Problem(
                    Location(shown),
                    "report.toml not found",
                    f"is {root} a report project? `decade-report init` makes one",
                )
            ]
        )
    file = read_toml(path, shown)
    if not file.data:
        raise ValidationFailed(
            [
                Problem(
                    Location(shown, 1),
                    "report.toml is empty",
                    "it needs at least title, organisation, slug and [period] start/end",
                )
            ]
        )
    try:
        config = ReportConfig.model_validate(file.data)
    except ValidationError as error:
        problems = list(schema_problems(error, ReportConfig, lambda keys: file.at(*keys)))
        if isinstance(file.data.get("theme"), dict):
            from decade_report.theme.tokens import check_tokens  # theme builds on this module

            problems += check_tokens(file.data["theme"], file)
        raise ValidationFailed(sorted(problems, key=lambda p: p.where)) from None
    config._file = file
    most = config.limits.max_recipients
    if len(config.recipients) > most:
        raise ValidationFailed(
            [
                Problem(
                    config.where("recipients", most),
                    f"{len(config.recipients)} recipients, over the limit of {most}"
                    " (limits.max_recipients)",
                    "stamp copies for fewer recipients per build, or raise max_recipients"
                    " in [limits]",
                )
            ]
        )
    raise_if_errors(duplicate_recipients(config))
    return config


def duplicate_recipients(config: ReportConfig) -> Iterator[Problem]:
    """Two recipients whose names give one file name would overwrite each other's copy."""
    first: dict[str, int] = {}
    for index, recipient in enumerate(config.recipients):
        if recipient.slug not in first:
            first[recipient.slug] = index
            continue
        earlier = config.recipients[first[recipient.slug]].name
        yield Problem(
            config.where("recipients", index, "name"),
            f"recipient '{recipient.name}' has the same copy file as '{earlier}' "
            f"(copies/{recipient.slug}.pdf)",
            "give each recipient a distinct name",
        )
