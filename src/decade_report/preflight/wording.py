"""Content checks of the wording: misspelt words, words run together or split in two, and numbers
in the text that the project's data contradicts. They read the prose of the sources (`sources`),
each finding at `path:line:col` of the file it is written in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from decade_report.charts.draw import fmt
from decade_report.compose.numbering import Composition
from decade_report.errors import Severity
from decade_report.model.report import Report, is_number
from decade_report.preflight.registry import Finding, content_check, found
from decade_report.preflight.sources import Passage, prose_passages
from decade_report.preflight.spelling import WORD, WORDLIST, Dictionary, judge
from decade_report.theme.tokens import Theme

ERROR, WARNING = Severity.ERROR, Severity.WARNING


# --- spelling -------------------------------------------------------------------------------

MISSING_SPACE = re.compile(r"([^\W\d_]{2,})([;,])([^\W\d_]{2,})")


@content_check
def spelling(report: Report, theme: Theme, composition: Composition) -> Iterator[Finding]:
    """Misspelt words, words run together ("stipulatedin", "Asia-PacificSpace",
    "agencies;international") and words split in two ("over whelming") in the message, the
    chapters and the chart titles and captions.

    Words are looked up in an English dictionary (pyspellchecker; British spellings accepted), in
    the names and acronyms of the project's data and in the project's `wordlist.txt`. Code,
    links, numbers, footnote markers, chart embeds and ALL-CAPS acronyms are skipped.
    """
    if report.config.language.split("-")[0].lower() != "en":
        # the dictionary is English; another language's edition prints English only where a
        # text is not translated yet, and that text is checked in the English edition
        return
    dictionary = Dictionary.of(report)
    for passage in prose_passages(report):
        yield from spelling_of(passage, dictionary)


def spelling_of(passage: Passage, dictionary: Dictionary) -> Iterator[Finding]:
    tokens = list(WORD.finditer(passage.text))
    split: set[int] = set()
    for index, (first, second) in enumerate(pairwise(tokens)):
        between = passage.text[first.end() : second.start()]
        if between == " " and dictionary.is_split(first[0], second[0]):
            split |= {index, index + 1}
            yield found(
                "spelling",
                WARNING,
                f"'{first[0]} {second[0]}' looks like one word split in two",
                f"did you mean '{first[0]}{second[0]}'?",
                where=passage.at(first.start()),
                fix=(f"{first[0]} {second[0]}", f"{first[0]}{second[0]}"),
            )
    for index, token in enumerate(tokens):
        verdict = None if index in split else judge(token[0], dictionary)
        if verdict is None:
            continue
        fix = None
        if verdict.problem == "run together":
            message = f"'{token[0]}' looks like words run together"
            hint = f"did you mean '{verdict.suggestion}'?"
            fix = (token[0], verdict.suggestion) if verdict.suggestion else None
        else:  # a guess from the dictionary: shown, never applied (it may be a name)
            message = f"'{token[0]}' is not in the dictionary"
            hint = f"did you mean '{verdict.suggestion}'? " if verdict.suggestion else ""
            hint += f"If it is spelt right, add it to {WORDLIST}"
        yield found("spelling", WARNING, message, hint, where=passage.at(token.start()), fix=fix)
    for match in MISSING_SPACE.finditer(passage.text):
        yield found(
            "spelling",
            WARNING,
            f"no space after '{match[2]}' in '{match[0]}'",
            f"did you mean '{match[1]}{match[2]} {match[3]}'?",
            where=passage.at(match.start()),
            fix=(match[0], f"{match[1]}{match[2]} {match[3]}"),
        )


# --- numbers --------------------------------------------------------------------------------

# fmt: off
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty",
)
# fmt: on
COUNT = r"\b(?P<count>\d{1,3}(?:,\d{3})+|\d+|" + "|".join(NUMBER_WORDS) + r")"
QUOTE = r"[‘'“\"]?"
FAMILY = re.compile(rf"family\s+of\s+{COUNT}\s+(?:member\s+)?states\b", re.I)


@dataclass(frozen=True)
class Claim:
    """A phrase whose number the data knows: "<number> <phrase>" in the text must say `actual`."""

    pattern: re.Pattern[str]
    actual: int
    hint: str


def phrase_pattern(label: str) -> re.Pattern[str]:
    """ "<number> <label>", with any spacing, any case, and each word singular or plural
    ("full Member States" also finds "one full Member State")."""
    words = []
    for word in label.split():
        stem = re.escape(word.removesuffix("s") if len(word) > 3 else word)
        words.append(stem + "s?" if len(word) > 3 else stem)
    return re.compile(rf"{COUNT}\s+{QUOTE}" + r"\s+".join(words) + r"(?!\w)", re.I)


def claims(report: Report) -> Iterator[Claim]:
    """The project's own numbers: its key figures (data/key_figures.yaml), the number of
    member states of each declared status, and of member states in all."""
    for figure in report.key_figures:
        if is_number(figure.value) and float(figure.value).is_integer():
            hint = f"{figure.where} declares '{figure.label}' as {fmt(figure.value)}"
            hint += f" ({figure.how})" if figure.how else ""
            yield Claim(phrase_pattern(figure.label), int(figure.value), hint)
    states = report.datasets.get("member_states")
    if states is None:
        return
    for status, label in report.config.statuses.items():
        actual = sum(1 for s in report.member_states if s.status == status)
        hint = f"{states.path} lists {actual} with status {status}"
        yield Claim(phrase_pattern(label), actual, hint)
    total = len(report.member_states)
    for pattern in (phrase_pattern("participating states"), FAMILY):
        yield Claim(pattern, total, f"{states.path} lists {total} in all")


@content_check
def numbers_match_the_data(
    report: Report, theme: Theme, composition: Composition
) -> Iterator[Finding]:
    """Numbers in the text that contradict the project's data: "<number> <label>" for every key
    figure of data/key_figures.yaml and every member status of [statuses] ("eight full Member
    States"), and "a family of eleven States" against the member states in all.

    Numbers are read as digits (1,234 too) or as words from one to twenty, in the message, the
    chapters (front matter included) and the chart titles and captions.
    """
    known = list(claims(report))
    for passage in prose_passages(report):
        seen: set[int] = set()
        for claim in known:
            for match in claim.pattern.finditer(passage.text):
                said = match["count"].lower().replace(",", "")
                number = int(said) if said.isdigit() else NUMBER_WORDS.index(said)
                if number == claim.actual or match.start("count") in seen:
                    continue
                seen.add(match.start("count"))
                yield found(
                    "numbers_match_the_data",
                    ERROR,
                    f"the text says '{' '.join(match[0].split())}' but the data has "
                    f"{fmt(claim.actual)}",
                    f"{claim.hint}: correct the text or the data",
                    where=passage.at(match.start("count")),
                )
