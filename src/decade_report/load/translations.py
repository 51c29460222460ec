"""Another language's edition of a report: its translated sources in place of the originals.

The first language of `languages` is the language of the sources (message.md, chapters/*.md);
another language reads `message.<lang>.md` and `chapters/NN-name.<lang>.md` beside them. A text
not yet translated is the first language's, with a warning at the file that is missing, so a
build with half the chapters translated still makes every edition. The report's names in the
language come from `[names.<lang>]` of report.toml.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from babel.messages.pofile import PoFileError, read_po

from decade_report.errors import Location, Problem, ReportError, Severity
from decade_report.guard.references import refuse_outside_references
from decade_report.load.narrative import MAX_TEXT_BYTES, NarrativeFile, load_narrative
from decade_report.load.project import ReportSource
from decade_report.load.text import read_text
from decade_report.model.config import ReportConfig

TRANSLATION_NAME = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.md$")
"""`message.zh.md`, `03-member-states.zh-Hant.md`: a translation of `<stem>.md`."""


def project_catalogue(language: str) -> str:
    """Where a project translates its own labels into `language`: `locales/zh.po`."""
    return f"locales/{language}.po"


def original_name(name: str) -> str:
    """`08-outlook.zh.md` → `08-outlook.md`; any other name as it is."""
    match = TRANSLATION_NAME.match(name)
    return f"{match['stem']}.md" if match else name


def translation_path(original: str, language: str) -> str:
    """`chapters/03-x.md` → `chapters/03-x.zh.md`."""
    return str(Path(original).with_suffix(f".{language}.md").as_posix())


def translated_source(source: ReportSource, language: str) -> ReportSource:
    """`source` as the `language` edition reads it: translated narrative where there is one
    (the original with a located warning where not), `language` first in the config and the
    report's names in it."""
    if source.config is None or language == source.config.language:
        return source
    problems = list(source.problems)
    texts = dict(source.texts)

    def translated(original: NarrativeFile | None) -> NarrativeFile | None:
        if original is None:
            return None
        shown = translation_path(original.path, language)
        path = source.root / shown
        if not path.is_file():
            problems.append(
                Problem(
                    Location(shown),
                    f"no {language} translation of {original.path}: the {language} edition"
                    f" prints the {source.config.language if source.config else ''} text",
                    f"write {shown} (the same front matter keys, translated)",
                    Severity.WARNING,
                )
            )
            return original
        try:
            loaded = load_narrative(path, source.root)
        except ReportError as error:
            problems.extend(error.problems)
            return original
        texts[loaded.path] = loaded.text
        problems.extend(front_matter_problems(original, loaded))
        # the same guard as the originals': no reference that leads out of the project
        portrait = loaded.meta.values.get("portrait")
        images = [portrait] if isinstance(portrait, str) and portrait else []
        problems.extend(
            refuse_outside_references(
                source.root, [(loaded.path, loaded.body, loaded.body_line)], images, {}
            )
        )
        return loaded

    chapters = tuple(c for c in (translated(c) for c in source.chapters) if c)
    catalogue = project_catalogue(language)
    if (source.root / catalogue).is_file():
        try:
            texts[catalogue] = catalogue_text(source.root, catalogue, language)
        except ReportError as error:
            problems.extend(error.problems)
    return replace(
        source,
        config=language_config(source.config, language),
        message=translated(source.message),
        chapters=chapters,
        problems=tuple(problems),
        texts=texts,
    )


SAME_VALUE = ("layout", "date", "portrait")
"""Front matter keys that are not text: a translation gives them as its original does."""


def front_matter_problems(original: NarrativeFile, translation: NarrativeFile) -> list[Problem]:
    """A translation has its original's front matter keys (a missing one: a warning, the
    edition would lack it), and the same layout, date and portrait (an error: the editions
    would differ in more than their language)."""
    problems = []
    given = translation.meta.values
    missing = [key for key in original.meta.values if key not in given]
    if missing:
        problems.append(
            Problem(
                translation.meta.where,
                f"the front matter has no {', '.join(missing)}, which {original.path} has",
                f"translate {' and '.join(missing)} of {original.path} here",
                Severity.WARNING,
            )
        )
    for key in SAME_VALUE:
        if key in given and key in original.meta.values and given[key] != original.meta.values[key]:
            problems.append(
                Problem(
                    translation.meta.at(key),
                    f"{key}: {given[key]!r} differs from {original.path}'s"
                    f" {original.meta.values[key]!r}",
                    f"write {key}: {original.meta.values[key]} as {original.path} does; only the"
                    " text is translated",
                )
            )
    return problems


def catalogue_text(root: Path, shown: str, language: str) -> str:
    """The project's catalogue of `language` (its own labels translated), read and parsed once
    here so that a broken entry is an error at its line, not a failure while composing."""
    text = read_text(root / shown, shown, limit=MAX_TEXT_BYTES)
    try:
        read_po(io.BytesIO(text.encode("utf-8")), locale=language.replace("-", "_"),
                abort_invalid=True)  # fmt: skip
    except PoFileError as error:
        found = re.search(r" on (\d+)$", str(error))  # Babel counts lines from 0
        raise ReportError.at(
            shown,
            f"not a gettext catalogue: {error}",
            'write each label as msgid "…" with its translation as msgstr "…"',
            line=int(found[1]) + 1 if found else 1,
        ) from None
    except ValueError as error:  # an unknown locale in the header, a bad plural form
        raise ReportError.at(shown, f"not a gettext catalogue: {error}", line=1) from None
    return text


def language_config(config: ReportConfig, language: str) -> ReportConfig:
    """The config with `language` first (the document language: lang, /Lang, labels, dates)
    and the names [names.<language>] gives."""
    names = config.names.get(language)
    given = names.model_dump(exclude_defaults=True) if names else {}
    contact = config.contact
    if "rights" in given:
        contact = contact.model_copy(update={"rights": given.pop("rights")})
    return config.in_language(language, {**given, "contact": contact})
