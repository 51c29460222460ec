"""Stage 2: check the loaded project and turn it into a typed, frozen `Report`.

Every problem is collected — types, cross-references, years outside the period, charts on missing
fields — and raised once as `ValidationFailed`, each with `path:line:col`, what is wrong and what to
do. The cross-checks are a registry: adding a rule is adding one function to `CHECKS`.
"""

from __future__ import annotations

import math
import re
import struct
import warnings
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel, ValidationError

from decade_report.compose.key_figures import KeyFigureSpec, compute_key_figures
from decade_report.errors import Location, Problem, Severity, did_you_mean, raise_if_errors
from decade_report.guard.svg import svg_fault
from decade_report.load.data import toml_key_location
from decade_report.load.narrative import EMBED, NarrativeFile
from decade_report.load.project import CHAPTER_NAME, ReportSource
from decade_report.load.records import MAX_NUMBER_DIGITS, NUMBER_HINT, DataFile, Record
from decade_report.load.text import megabytes, read_text
from decade_report.model.config import Limits, ReportConfig
from decade_report.model.report import (
    TYPED_DATASETS,
    Chapter,
    ChartSpec,
    Dataset,
    Message,
    PartialDate,
    Report,
    Row,
    is_number,
)

LAYOUTS = {
    "narrative": None,
    "glance": "key_figures",
    "timeline": "milestones",
    "member_states": "member_states",
    "programmes": "programmes",
    "training": "trainings",
    "events": "events",
    "partners": "partners",
    "annex": None,
}
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?(nan|inf|infinity)$", re.I)


@dataclass
class Draft:
    """What validation has parsed so far; checks read it and yield problems."""

    config: ReportConfig | None
    typed: dict[str, list[tuple[Any, Record]]] = field(default_factory=dict)
    datasets: dict[str, Dataset] = field(default_factory=dict)
    charts: list[tuple[ChartSpec, Record]] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)
    message: Message | None = None
    failed: set[str] = field(default_factory=set)
    toml_text: str = ""
    """report.toml as read, to locate keys of its tables (the n-th [[recipients]])."""
    chart_ids_written: set[str] = field(default_factory=set)
    """Ids in charts.yaml, also of charts that failed their schema (reported there, once)."""
    root: Path = Path()
    """The project folder (to locate report.toml keys)."""

    def items(self, name: str) -> list[tuple[Any, Record]]:
        return self.typed.get(name, [])


def validate(source: ReportSource) -> Report:
    problems: list[Problem] = list(source.problems)
    draft = Draft(source.config, root=source.root)
    if source.config is not None:
        draft.toml_text = read_text(source.root / "report.toml", "report.toml")
    failed_files = {p.where.path for p in source.problems}
    draft.failed = {PurePosixPath(p).stem for p in failed_files}
    for name, datafile in source.data.items():
        draft.datasets[name] = to_dataset(datafile, problems)
        model = KeyFigureSpec if name == "key_figures" else TYPED_DATASETS.get(name)
        if model is not None:
            found: list[Problem] = []
            draft.typed[name] = parse_records(datafile, model, found)
            told = {p.where for p in problems if p.hint == NUMBER_HINT}
            problems += [p for p in found if p.where not in told]  # a number once, not twice
    if source.charts is not None:
        draft.charts = parse_records(source.charts, ChartSpec, problems)
        draft.chart_ids_written = {str(r.values.get("id")) for r in source.charts.records}
    elif "charts.yaml" not in failed_files:
        problems.append(
            Problem(
                Location("charts.yaml"),
                "charts.yaml not found",
                "create it with a list of charts (it may be an empty list: [])",
                Severity.WARNING,
            )
        )
    draft.message = parse_message(source.message, problems) if source.message else None
    if source.message is not None and draft.message is None:
        draft.failed.add("message")  # its problems are reported: no "could not be read" on top
    problems.extend(image_problems(source))
    draft.chapters = [c for c in (parse_chapter(n, problems) for n in source.chapters) if c]
    for check in CHECKS:
        problems.extend(check(draft))
    key_figures, figure_problems = compute_key_figures(
        draft.items("key_figures"),
        draft.datasets,
        draft.failed,
        frozenset(p.where for p in problems),
    )
    problems.extend(figure_problems)
    raise_if_errors(problems)
    assert draft.config is not None and draft.message is not None
    warnings = tuple(p for p in problems if p.severity is not Severity.ERROR)

    def models(name: str) -> tuple[Any, ...]:
        return tuple(item for item, _ in draft.items(name))

    return Report(
        root=source.root,
        config=draft.config,
        message=draft.message,
        chapters=tuple(draft.chapters),
        member_states=models("member_states"),
        milestones=tuple(sorted(models("milestones"), key=lambda m: m.date.sort_key)),
        networks=models("networks"),
        programmes=models("programmes"),
        events=tuple(sorted(models("events"), key=lambda e: e.date.sort_key)),
        trainings=models("trainings"),
        partners=models("partners"),
        datasets=draft.datasets,
        charts=tuple(c for c, _ in draft.charts),
        warnings=warnings,
        key_figures=tuple(key_figures),
    )


def parse_records(
    datafile: DataFile, model: type[BaseModel], problems: list[Problem]
) -> list[tuple[Any, Record]]:
    parsed = []
    for record in datafile.records:
        try:
            parsed.append((model.model_validate(record.values), record))
        except ValidationError as error:
            problems.extend(record_problems(error, record, model))
    return parsed


def record_problems(
    error: ValidationError, record: Record, model: type[BaseModel]
) -> Iterator[Problem]:
    for item in error.errors():
        name = str(item["loc"][0]) if item["loc"] else ""
        where = record.at(name)
        if item["type"] == "extra_forbidden":
            yield Problem(where, f"unknown field '{name}'", did_you_mean(name, model.model_fields))
        elif item["type"] == "missing":
            yield Problem(record.where, f"field '{name}' is missing", f"add {name}: …")
        else:
            yield Problem(where, *value_problem(name, item))


def value_problem(name: str, item: Any) -> tuple[str, str]:
    """Message and hint for a value of the wrong type or range; plain words for the common ones."""
    kind, value = item["type"], item.get("input")
    if value is None or (isinstance(value, str) and not value.strip()):
        return f"'{name}' is empty", f"give a value for {name}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"'{name}' must be a whole number, not {value!r}", "write digits only, e.g. 42"
    if kind == "finite_number":
        return f"'{name}' is {value}, not a number", "write a whole number, e.g. 42"
    if kind == "greater_than_equal":
        floor = item.get("ctx", {}).get("ge")
        hint = "a count cannot be negative" if floor == 0 else "correct the value"
        return f"'{name}' must be {floor} or more, not {value}", hint
    if kind == "string_type":
        what = {list: "a list", dict: "a mapping", bool: "a yes/no value"}.get(
            type(value), f"the number {value!r}"
        )
        return f"'{name}' must be text, not {what}", f'write it in quotes: {name}: "…"'
    message = item["msg"].removeprefix("Value error, ")
    return f"'{name}': {message}", f"got {value!r}"


def number(value: Any) -> Any:
    """Numbers in CSV/XLSX arrive as text: convert those that are numbers. A number too long to
    be one (see `number_fault`) stays the text it is: converting it would overflow or raise."""
    if isinstance(value, str) and NUMBER.match(value.strip()):
        text = value.strip()
        if whole_digits(text) > MAX_NUMBER_DIGITS:
            return text
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else float(text)
    return value


def whole_digits(text: str) -> int:
    """Digits before the decimal point of a number written as text, exponent included."""
    mantissa, _, exponent = text.lower().lstrip("+-").partition("e")
    digits = len(mantissa.split(".")[0].lstrip("0"))
    try:
        return digits + int(exponent) if exponent and digits else digits
    except ValueError:  # an exponent too long to read: far too large anyway
        return MAX_NUMBER_DIGITS + 1 if not exponent.lstrip("+").startswith("-") else 0


def number_fault(value: Any) -> str | None:
    """What is wrong with a data value as a number (too large to chart or print exactly)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not NUMBER.match(text) or whole_digits(text) <= MAX_NUMBER_DIGITS:
            return None
        count = whole_digits(text)
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) < 10**MAX_NUMBER_DIGITS:
            return None
        count = len(f"{abs(value):.0f}")
    else:
        if abs(value) < 10**MAX_NUMBER_DIGITS:
            return None
        count = len(str(abs(value))) if abs(value).bit_length() < 14_000 else 4_300
    inexact = isinstance(value, float) or (isinstance(value, int) and count >= 4_300)
    return (
        f"is a number of {'about ' if inexact else ''}{count:,} digits, over the "
        f"{MAX_NUMBER_DIGITS} a number in data may have"
    )


def to_dataset(datafile: DataFile, problems: list[Problem]) -> Dataset:
    columns: list[str] = []
    rows = []
    for record in datafile.records:
        for key in record.values:
            if key not in columns and key != "illustrative":
                columns.append(key)
        values = {k: number(v) for k, v in record.values.items() if k != "illustrative"}
        for key, value in values.items():
            fault = number_fault(value)
            if fault:
                problems.append(
                    Problem(record.at(key), f"{datafile.name}.{key} {fault}", NUMBER_HINT)
                )
        flag = record.values.get("illustrative", False)
        illustrative = str(flag).strip().lower() in ("true", "yes", "1")
        if flag not in (None, False, True) and str(flag).strip().lower() not in (
            "true",
            "false",
            "yes",
            "no",
            "1",
            "0",
        ):
            problems.append(
                Problem(
                    record.at("illustrative"), f"'illustrative' must be true or false, not {flag!r}"
                )
            )
        rows.append(Row(values, illustrative, record.where, record.fields))
    return Dataset(datafile.name, datafile.path, tuple(columns), tuple(rows))


def meta(record: Record, key: str, default: str = "") -> str:
    value = record.values.get(key, default)
    return "" if value is None else str(value)


IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")
IMAGE_LIMIT_HINT = "or raise {key} in [limits] of report.toml"


def image_problems(source: ReportSource) -> Iterator[Problem]:
    """The logo and the portrait are files inside the project, of a type the renderer reads,
    and are read here once, so that a damaged or oversized image stops before rendering."""
    wanted = []
    if source.config and source.config.logo:
        text = read_text(source.root / "report.toml", "report.toml")
        where = toml_key_location(text, "report.toml", ("logo",))
        wanted.append((source.config.logo, where, "logo"))
    if source.message and meta(source.message.meta, "portrait"):
        wanted.append(
            (meta(source.message.meta, "portrait"), source.message.meta.at("portrait"), "portrait")
        )
    limits = source.config.limits if source.config else Limits()
    reported = {p.where.path for p in source.problems}  # e.g. by load_guard: no second problem
    for relative, where, what in wanted:
        try:
            path = (source.root / relative).resolve()
        except (OSError, ValueError):  # a NUL byte, a loop of links
            yield Problem(
                where, f"{what} {relative!r} is not a usable path", "e.g. assets/logo.png"
            )
            continue
        if not path.is_relative_to(source.root):
            yield Problem(
                where, f"{what} '{relative}' is outside the project", "copy it into assets/"
            )
        elif not path.is_file():
            yield Problem(
                where, f"{what} '{relative}' not found", "give a path relative to the project"
            )
        elif path.suffix.lower() not in IMAGE_TYPES:
            yield Problem(
                where, f"{what} '{relative}' is not an image", "use " + ", ".join(IMAGE_TYPES)
            )
        elif path.relative_to(source.root).as_posix() not in reported:
            fault = image_fault(path, limits)
            if fault:
                yield Problem(where, f"{what} '{relative}' {fault[0]}", fault[1])
    yield from markdown_image_problems(source, limits, reported)


MARKDOWN_IMAGE_TYPES = (*IMAGE_TYPES, ".gif", ".webp")
"""What the renderer draws in a chapter; the logo and the portrait keep to `IMAGE_TYPES`."""


def markdown_image_problems(
    source: ReportSource, limits: Limits, reported: set[str]
) -> Iterator[Problem]:
    """Every image of the message and the chapters is held to the same limits as the logo (size,
    pixels, content matching its suffix), reported where the Markdown names it. Where it points
    is load_guard's concern: an image outside the project or missing is reported there."""
    from decade_report.compose.markdown import references
    from decade_report.guard.references import resolved_inside
    from decade_report.guard.urls import Kind, cleaned, kind_of, split

    faults: dict[Path, tuple[str, str] | None] = {}
    for file in (source.message, *source.chapters):
        if file is None:
            continue
        for reference in references(file.body):
            if reference.kind != "image" or kind_of(reference.target) is not Kind.RELATIVE:
                continue
            written = unquote(split(cleaned(reference.target)).path)
            path = source.root / written
            if resolved_inside(path, source.root) != (True, True) or not path.is_file():
                continue
            path = path.resolve()
            if path.relative_to(source.root).as_posix() in reported:
                continue
            where = Location(file.path, file.body_line + reference.line, reference.column)
            if path.suffix.lower() not in MARKDOWN_IMAGE_TYPES:
                yield Problem(
                    where,
                    f"Markdown image '{written}' is not an image the renderer draws",
                    "use " + ", ".join(MARKDOWN_IMAGE_TYPES),
                )
                continue
            if path not in faults:
                faults[path] = image_fault(path, limits)
            fault = faults[path]
            if fault:
                yield Problem(where, f"Markdown image '{written}' {fault[0]}", fault[1])


def image_fault(path: Path, limits: Limits) -> tuple[str, str] | None:
    """(what is wrong, what to do) with an image file, or None when it is fine."""
    size = path.stat().st_size
    if size > limits.max_image_bytes:
        return (
            f"is {megabytes(size)}, over the {megabytes(limits.max_image_bytes)} limit",
            "save it smaller (a logo or portrait needs a few MB at most), "
            + IMAGE_LIMIT_HINT.format(key="max_image_mb"),
        )
    if size == 0:
        return "is an empty file", "export the image again"
    if path.suffix.lower() == ".svg":
        return svg_fault(path)
    return raster_fault(path, limits.max_image_pixels)


FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
"""The format a raster image's name promises; its content must keep the promise (an SVG named
.png would reach the renderer as a drawing, past every check made for raster images)."""


def content_fault(path: Path, found: str | None) -> tuple[str, str] | None:
    """An image whose content is not what its suffix says: `found` is Pillow's format."""
    expected = FORMATS.get(path.suffix.lower())
    if found == expected or expected is None:
        return None
    if found is None:
        with path.open("rb") as file:
            start = file.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
        if not start.startswith(b"<"):
            return None  # not recognised at all: reported as unreadable
        found = "SVG" if b"<svg" in start.lower() else "XML or HTML"
    return (
        f"is named {path.suffix} but holds {found} content",
        f"give it the suffix of what it is, or export it again as {expected}",
    )


def pixels(count: int) -> str:
    return f"{count / 1e6:.3g} megapixels" if count >= 100_000 else f"{count} pixels"


def raster_fault(path: Path, limit: int) -> tuple[str, str] | None:
    """Open, check the pixel count from the header, then decode: damaged and truncated files
    and decompression bombs (few bytes, huge canvas) are refused before anything renders."""
    from PIL import Image, ImageFile, UnidentifiedImageError

    too_big = "scale it down (about 2000 pixels across is plenty in print), " + (
        IMAGE_LIMIT_HINT.format(key="max_image_pixels")
    )
    # WeasyPrint switches on Pillow's global "load truncated images" when imported: this check
    # must see truncation whatever was imported before it
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                if mismatch := content_fault(path, image.format):
                    return mismatch
                width, height = image.size
                if width * height > limit:
                    return (
                        f"is {width} × {height} pixels ({pixels(width * height)}), "
                        f"over the limit of {pixels(limit)}",
                        too_big,
                    )
                image.verify()
            with Image.open(path) as image:
                if image.format == "JPEG":
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
        except Image.DecompressionBombError as error:
            found = re.search(r"\((\d+) pixels\)", str(error))
            count = pixels(int(found[1])) if found else "too many pixels"
            return f"has {count}, over the limit of {pixels(limit)}", too_big
        except UnidentifiedImageError:
            return content_fault(path, None) or (
                "is not an image that can be read",
                "export it again as PNG or JPEG",
            )
        except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error) as error:
            return f"is damaged or truncated ({error})", "export the image again"
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant
    return None


def parse_message(file: NarrativeFile, problems: list[Problem]) -> Message | None:
    missing = [k for k in ("author", "role") if not meta(file.meta, k)]
    for key in missing:
        problems.append(
            Problem(
                file.meta.where,
                f"front matter needs '{key}'",
                f"add {key}: … (it is printed under the message)",
            )
        )
    unknown = set(file.meta.values) - {"title", "author", "role", "date", "portrait"}
    for key in sorted(unknown):
        problems.append(
            Problem(
                file.meta.at(key),
                f"unknown front matter key '{key}'",
                did_you_mean(key, ["title", "author", "role", "date", "portrait"]),
            )
        )
    date = meta(file.meta, "date")
    if date:
        try:
            PartialDate.parse(date)
        except ValueError as error:
            problems.append(
                Problem(file.meta.at("date"), f"'date': {error}", "write it as YYYY-MM-DD")
            )
            return None
    if missing or unknown:
        return None
    return Message(
        file.path,
        meta(file.meta, "title", "Message from the Secretary-General"),
        meta(file.meta, "author"),
        meta(file.meta, "role"),
        meta(file.meta, "date"),
        meta(file.meta, "portrait"),
        file.body,
        file.body_line,
    )


CHAPTER_KEYS = ("title", "kicker", "summary", "layout")


def parse_chapter(file: NarrativeFile, problems: list[Problem]) -> Chapter | None:
    ok = True
    for key in sorted(set(file.meta.values) - set(CHAPTER_KEYS)):
        problems.append(
            Problem(
                file.meta.at(key),
                f"unknown front matter key '{key}'",
                did_you_mean(key, CHAPTER_KEYS),
            )
        )
        ok = False
    if not meta(file.meta, "title"):
        problems.append(Problem(file.meta.where, "chapter has no title", "add title: …"))
        ok = False
    layout = meta(file.meta, "layout", "narrative")
    if layout not in LAYOUTS:
        problems.append(
            Problem(
                file.meta.at("layout"), f"unknown layout '{layout}'", did_you_mean(layout, LAYOUTS)
            )
        )
        ok = False
    match = CHAPTER_NAME.match(file.path.rsplit("/", 1)[-1])
    if not ok or match is None:
        return None
    return Chapter(
        int(match[1]),
        match[2],
        file.path,
        meta(file.meta, "title"),
        meta(file.meta, "kicker"),
        meta(file.meta, "summary"),
        layout,
        file.body,
        file.body_line,
    )


# --- cross-checks ---------------------------------------------------------------------------

Check = Callable[[Draft], Iterator[Problem]]
CHECKS: list[Check] = []


def check(function: Check) -> Check:
    CHECKS.append(function)
    return function


@check
def required_parts(draft: Draft) -> Iterator[Problem]:
    if draft.config is not None and draft.message is None and "message" not in draft.failed:
        yield Problem(
            Location("message.md"),
            "the message could not be read",
            "create message.md with front matter author/role and the text",
        )


@check
def unique_ids(draft: Draft) -> Iterator[Problem]:
    groups = {name: draft.items(name) for name in ("member_states", "networks", "programmes")}
    groups["charts"] = list(draft.charts)
    for name, items in groups.items():
        seen: dict[str, Record] = {}
        for item, record in items:
            if item.id in seen:
                yield Problem(
                    record.at("id"),
                    f"duplicate id '{item.id}' in {name}",
                    f"first defined at {seen[item.id].at('id')}",
                )
            seen.setdefault(item.id, record)


def references(draft: Draft) -> Iterator[tuple[str, str, Location]]:
    """Every (kind, id, where) reference to a member state, network or programme."""
    for programme, record in draft.items("programmes"):
        yield "networks", programme.network, record.at("network")
        for state in programme.states:
            yield "member_states", state, record.at("states")
    for event, record in draft.items("events"):
        if event.state:
            yield "member_states", event.state, record.at("state")
    if draft.config is not None:
        for index, recipient in enumerate(draft.config.recipients):
            if recipient.state:
                where = toml_key_location(
                    draft.toml_text, "report.toml", ("recipients", index, "state")
                )
                yield "member_states", recipient.state, where


@check
def known_references(draft: Draft) -> Iterator[Problem]:
    labels = {"member_states": "member state", "networks": "network"}
    for kind, ident, where in references(draft):
        if kind in draft.failed:
            continue
        # ids of records that failed their own schema still count: one typo, one error
        dataset = draft.datasets.get(kind)
        known = {str(r.values.get("id")) for r in dataset.rows} if dataset else set()
        if ident not in known:
            yield Problem(
                where,
                f"unknown {labels[kind]} '{ident}'",
                did_you_mean(ident, known) or f"add it to data/{kind}",
            )


def years(draft: Draft) -> Iterator[tuple[int, Location, str]]:
    for name, items in draft.typed.items():
        for item, record in items:
            for key in ("date", "joined", "approved", "year", "since"):
                value = getattr(item, key, None)
                if value is not None:
                    year = value.year if hasattr(value, "year") else value
                    yield year, record.at(key), f"{name}.{key}"
    for name, dataset in draft.datasets.items():
        if name in draft.typed or "year" not in dataset.columns:
            continue
        for row in dataset.rows:
            if isinstance(row.values.get("year"), int):
                yield row.values["year"], row.where, f"{name}.year"


@check
def years_in_period(draft: Draft) -> Iterator[Problem]:
    if draft.config is None:
        return
    period = draft.config.period
    for year, where, what in years(draft):
        if not period.earliest <= year <= period.end:
            yield Problem(
                where,
                f"year {year} ({what}) is outside the report period {period.earliest}–{period.end}",
                "correct the year, or widen [period] in report.toml",
            )


@check
def chart_data(draft: Draft) -> Iterator[Problem]:
    for chart, record in draft.charts:
        dataset = draft.datasets.get(chart.dataset)
        if dataset is None:
            if chart.dataset not in draft.failed:
                yield Problem(
                    record.at("dataset"),
                    f"chart '{chart.id}' uses unknown dataset '{chart.dataset}'",
                    did_you_mean(chart.dataset, draft.datasets) or f"add data/{chart.dataset}.csv",
                )
            continue
        for name in (chart.x, *chart.y):
            if name not in dataset.columns:
                key = "x" if name == chart.x else "y"
                yield Problem(
                    record.at(key),
                    f"chart '{chart.id}': dataset '{dataset.name}' has no field '{name}'",
                    did_you_mean(name, dataset.columns),
                )
        if not dataset.rows:
            yield Problem(
                record.at("dataset"), f"chart '{chart.id}': dataset '{dataset.name}' has no rows"
            )
        for row in dataset.rows:
            for name in chart.y:
                value = row.values.get(name)
                if name not in dataset.columns:
                    continue  # reported above, once for the chart
                if isinstance(value, float) and not math.isfinite(value):
                    continue  # reported by finite_numbers, once for the cell
                if number_fault(value):
                    continue  # reported by to_dataset, once for the cell
                if not is_number(value):
                    what = "is not a finite number" if value is not None else "is empty"
                    yield Problem(
                        row.at(name),
                        f"{dataset.name}.{name} = {value!r} {what} (chart '{chart.id}')",
                        "write a number, e.g. 42",
                    )
                elif value < 0:
                    yield Problem(
                        row.at(name),
                        f"{dataset.name}.{name} = {value} is negative (chart '{chart.id}')",
                        "charts show counts, which cannot be below 0: correct the value",
                    )
        if chart.kind == "donut" and len(chart.y) != 1:
            yield Problem(record.at("y"), f"a donut chart shows one field, not {len(chart.y)}")


MAX_CHART_POINTS = {"bar": 100, "stacked": 100, "hbar": 40, "line": 1000, "donut": 20}
"""Most categories (bars, points, slices) a chart of each kind draws: more cannot be read on a
page, and a 100,000-bar chart would take minutes to draw."""
MAX_CHART_SERIES = 8
"""Most fields (`y`) one chart shows."""


@check
def chart_sizes(draft: Draft) -> Iterator[Problem]:
    for chart, record in draft.charts:
        dataset = draft.datasets.get(chart.dataset)
        most = MAX_CHART_POINTS[chart.kind]
        things = {"donut": "slices", "line": "points"}.get(chart.kind, "bars")
        if dataset is not None and len(dataset.rows) > most:
            yield Problem(
                record.at("dataset"),
                f"chart '{chart.id}': a {chart.kind} chart draws at most {most:,} {things}"
                f", and dataset '{dataset.name}' has {len(dataset.rows):,} rows",
                "chart a summary of the data (totals per year or per group), or show it as a table",
            )
        if len(chart.y) > MAX_CHART_SERIES:
            yield Problem(
                record.at("y"),
                f"chart '{chart.id}' shows {len(chart.y)} fields, over {MAX_CHART_SERIES}",
                "split it into several charts",
            )


def embeds(chapter: Chapter) -> Iterator[tuple[str, str, Location]]:
    for offset, line in enumerate(chapter.body.splitlines()):
        match = EMBED.match(line)
        if match:
            yield (
                match[1],
                match[2],
                Location(chapter.path, chapter.body_line + offset, line.index("[[") + 1),
            )


@check
def chapter_embeds(draft: Draft) -> Iterator[Problem]:
    chart_ids = {chart.id for chart, _ in draft.charts}
    placed: Counter[str] = Counter()
    for chapter in draft.chapters:
        for kind, ident, where in embeds(chapter):
            if kind == "chart":
                placed[ident] += 1
                if (
                    ident not in chart_ids | draft.chart_ids_written
                    and "charts" not in draft.failed
                ):
                    yield Problem(
                        where,
                        f"unknown chart '{ident}'",
                        did_you_mean(ident, chart_ids) or "define it in charts.yaml",
                    )
            elif ident not in draft.datasets and ident not in draft.failed:
                yield Problem(
                    where,
                    f"unknown dataset '{ident}' in [[table: …]]",
                    did_you_mean(ident, draft.datasets),
                )
    for chart, record in draft.charts:
        if placed[chart.id] > 1:
            yield Problem(
                record.at("id"),
                f"chart '{chart.id}' is placed {placed[chart.id]} times",
                "place each chart once; figures are numbered",
            )
        elif draft.chapters and not placed[chart.id]:
            yield Problem(
                record.at("id"),
                f"chart '{chart.id}' is not placed in any chapter",
                f"add [[chart: {chart.id}]] on its own line in a chapter; it is "
                "shown in the annex only",
                Severity.WARNING,
            )


@check
def layout_data(draft: Draft) -> Iterator[Problem]:
    for chapter in draft.chapters:
        needed = LAYOUTS[chapter.layout]
        if needed and needed not in draft.datasets and needed not in draft.failed:
            yield Problem(
                Location(chapter.path, 2),
                f"layout '{chapter.layout}' needs the dataset '{needed}'",
                f"add data/{needed}.yaml (or .csv/.xlsx)",
            )


@check
def finite_numbers(draft: Draft) -> Iterator[Problem]:
    for dataset in draft.datasets.values():
        if dataset.name in TYPED_DATASETS:
            continue  # the dataset's model reports its own fields
        for row in dataset.rows:
            for name, value in row.values.items():
                if isinstance(value, float) and not math.isfinite(value):
                    yield Problem(
                        row.at(name),
                        f"{dataset.name}.{name} is {value}, not a number",
                        "write a finite number or leave the cell empty",
                    )


@check
def source_datasets(draft: Draft) -> Iterator[Problem]:
    """Every [sources] entry of report.toml names a dataset (a typo leaves a table unsourced)."""
    if draft.config is None or not draft.config.sources:
        return
    text = ""
    for name in draft.config.sources:
        if name in draft.datasets or name in draft.failed:
            continue
        text = text or read_text(draft.root / "report.toml", "report.toml")
        yield Problem(
            toml_key_location(text, "report.toml", ("sources", name)),
            f"[sources] names unknown dataset '{name}'",
            did_you_mean(name, draft.datasets) or "use the name of a file in data/ (no extension)",
        )


@check
def declared_vocabulary(draft: Draft) -> Iterator[Problem]:
    """Member statuses and event kinds are those report.toml declares ([statuses],
    [event_kinds]), when it declares any: a typo would otherwise print as a new status."""
    if draft.config is None:
        return
    for dataset, key, declared, table in (
        ("member_states", "status", draft.config.statuses, "statuses"),
        ("events", "kind", draft.config.event_kinds, "event_kinds"),
    ):
        if not declared:
            continue
        for item, record in draft.items(dataset):
            value = getattr(item, key)
            if value not in declared:
                yield Problem(
                    record.at(key),
                    f"unknown {key.replace('_', ' ')} '{value}'",
                    " ".join(
                        filter(
                            None,
                            (
                                did_you_mean(value, declared),
                                f"(the {table} are declared in [{table}] of report.toml)",
                            ),
                        )
                    ),
                )
