"""The dictionary of the `spelling` content check, and how it judges a word.

English words and their frequencies come from pyspellchecker's English list (American spelling);
British spellings ("organisation", "programme", "grey", "manoeuvre", "travelled") are words of
the en_GB Hunspell dictionary (Debian's hunspell-en-gb, read through Enchant).
Names and acronyms the project already knows — member states, agencies, programmes, networks,
partners, abbreviations, cities, the author — are not errors, and neither is any word of the
project's optional `wordlist.txt` (one word per line, `#` comments).

An unknown word is either two known words run together ("stipulatedin", "PacificSpace") or a
misspelling of the closest dictionary word (one letter away), whichever reading is likelier from
the words' frequencies; two words in a row may also be one word split ("over whelming").
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from decade_report.model.report import Report

WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
"""A word: letters and digits, with inner apostrophes and hyphens ("Asia-Pacific", "don’t")."""
CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
POSSESSIVE = re.compile(r"['’]s$")
ACRONYM_LETTERS = 8
WORDLIST = "wordlist.txt"

# fmt: off
PREFIXES = frozenset((
    "anti", "bio", "co", "counter", "cross", "eco", "ex", "geo", "inter", "intra", "macro", "micro",
    "mid", "multi", "non", "pan", "post", "pre", "pro", "quasi", "re", "self", "semi", "socio",
    "sub", "super", "trans", "ultra",
))
# fmt: on
"""Word-forming prefixes that stand before a hyphen ("socio-economic", "Multi-Mission")."""
ABBREVIATIONS = frozenset(("etc",))
"""Common abbreviations written in lower case that the dictionary lacks."""

SHORT_PART = 10_000
"""How common a word of one to three letters must be to count as half of a run-together word:
"of", "in", "to" are; rare fragments like "eof" or "mc" are not."""
LONG_PART = 100
"""How common a longer word must be to count as half of a run-together word."""
RARE = 100
"""Words this rare ("whelming") are more likely a split word than meant."""
TYPO = 1e-3
"""How likely a word is to be mistyped by one letter, against two words run together: "alsoa"
reads as "also a", not a mistyped "also"; "satelite" as "satellite", not "sate lite"."""


@cache
def english() -> Any:
    """pyspellchecker's English checker, loaded once (≈0.2 s); edit distance 1 keeps
    suggestions fast for long words."""
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


@cache
def british_english() -> Any:
    """The en_GB Hunspell dictionary (Enchant asked for Hunspell, whatever else is installed, so
    that every machine judges alike)."""
    import enchant

    broker = enchant.Broker()
    broker.set_ordering("en_GB", "hunspell")
    try:
        return broker.request_dict("en_GB")
    except enchant.errors.DictNotFoundError:
        raise RuntimeError(
            "the en_GB Hunspell dictionary is missing: install Debian's hunspell-en-gb "
            "(scripts/setup.sh does)"
        ) from None


@lru_cache(maxsize=65536)
def british(word: str) -> bool:
    """A word of British English, checked as written: Hunspell knows where capitals belong
    ("Organisation" opens a sentence, "asia" is not a word)."""
    return bool(word) and british_english().check(word)


@lru_cache(maxsize=4096)
def correction(word: str) -> str | None:
    suggestion = english().correction(word)
    return suggestion if suggestion and suggestion != word else None


def words(text: str) -> Iterator[str]:
    for match in WORD.finditer(text):
        yield from re.split(r"['’\-]", POSSESSIVE.sub("", match[0]))


def project_words(report: Report) -> frozenset[str]:
    """Lowercase words of every name and acronym the project knows, and of wordlist.txt."""
    names: list[str] = [
        report.config.title,
        report.config.organisation,
        report.config.organisation_short,
        report.message.author,
        report.message.role,
        *(recipient.name for recipient in report.config.recipients),
    ]
    for state in report.member_states:
        names += [state.name, state.native_name, state.agency, state.agency_short, state.capital]
    for programme in report.programmes:
        names += [programme.name, programme.short]
    names += [network.name for network in report.networks]
    for partner in report.partners:
        names += [partner.name, partner.short]
    names += [event.city for event in report.events]
    if "abbreviations" in report.datasets:
        names += [str(t) for t in report.datasets["abbreviations"].column("term") if t]
    found = {word.lower() for name in names for word in words(name)}
    return frozenset(found | set(wordlist(report.texts.get(WORDLIST, ""))))


def wordlist(text: str) -> Iterator[str]:
    """The words of wordlist.txt (read with the project), `#` starting a comment."""
    for line in text.splitlines():
        for word in words(line.split("#", 1)[0]):
            yield word.lower()


@dataclass(frozen=True)
class Dictionary:
    frequencies: dict[str, int]
    """Lowercase English word → how often it occurs (pyspellchecker's list)."""
    project: frozenset[str]
    """Lowercase names, acronyms and wordlist.txt entries of the project."""
    total: int
    """Number of words counted (the sum of `frequencies`)."""

    @classmethod
    def of(cls, report: Report) -> Dictionary:
        frequency = english().word_frequency
        return cls(frequency.dictionary, project_words(report), frequency.total_words)

    def count(self, word: str) -> int:
        return self.frequencies.get(word.lower().replace("’", "'"), 0)

    def knows(self, word: str) -> bool:
        low = word.lower().replace("’", "'")
        return (
            low in self.project
            or low in self.frequencies
            or low in ABBREVIATIONS
            or british(word.replace("’", "'"))
        )

    def weight(self, part: str) -> float:
        """How surely `part` is a word of its own when found inside a run-together word."""
        low = part.lower()
        if len(low) == 1:
            return math.log(self.count(low)) if low in ("a", "i") else 0.0
        count = self.count(low)
        if not count and (british(part) or (low in self.project and len(low) > 2)):
            count = LONG_PART
        needed = SHORT_PART if len(low) <= 3 else LONG_PART
        return math.log(count) if count >= needed else 0.0

    def run_together(self, word: str) -> tuple[str, float] | None:
        """`word` with the space put back, when it is two known words run together, and how
        likely that reading is (log-probability of the two words; certain for "PacificSpace")."""
        parts = CAMEL.split(word)
        if len(parts) > 1 and all(self.weight(p) for p in parts):
            return " ".join(parts), math.inf
        best, score = 0, 0.0
        for cut in range(1, len(word)):
            left, right = self.weight(word[:cut]), self.weight(word[cut:])
            if left and right and left + right > score:
                best, score = cut, left + right
        if not best:
            return None
        return f"{word[:best]} {word[best:]}", score - math.log(self.total)

    def typo(self, correction: str) -> float:
        """How likely `correction` mistyped by one letter is, on the scale of `run_together`."""
        return math.log(self.count(correction) or 1) + math.log(TYPO)

    def is_split(self, first: str, second: str) -> bool:
        """Two words that are one known word split in two ("over whelming")."""
        if not (first.isalpha() and second.isalpha()) or not second.islower():
            return False
        if first.lower() in self.project or second.lower() in self.project:
            return False
        joined = self.count(first + second)
        rare = min(self.count(first), self.count(second))
        return joined >= LONG_PART * 10 and rare <= RARE and joined > 10 * rare


@dataclass(frozen=True)
class Verdict:
    problem: str
    """Either "misspelt" or "run together"."""
    suggestion: str | None


def judge(token: str, dictionary: Dictionary) -> Verdict | None:
    """None when `token` (a word, possibly hyphenated) is fine; else what is wrong with it."""
    if any(c.isdigit() for c in token):
        return None
    word = POSSESSIVE.sub("", token)
    if dictionary.knows(word):
        return None
    parts = re.split(r"['’\-]", word)
    fixed, wrong = list(parts), None
    for index, part in enumerate(parts):
        if fine(part, dictionary) or (index < len(parts) - 1 and part.lower() in PREFIXES):
            continue
        together = dictionary.run_together(part)
        corrected = correction(part.lower())
        if together and (corrected is None or together[1] >= dictionary.typo(corrected)):
            fixed[index], wrong = together[0], wrong or "run together"
        else:
            fixed[index], wrong = corrected or "", "misspelt"
            if corrected and part[:1].isupper():
                fixed[index] = corrected[:1].upper() + corrected[1:]
    if wrong is None:
        return None
    if not all(fixed):
        return Verdict(wrong, None)
    separators = re.findall(r"['’\-]", word)
    suggestion = fixed[0] + "".join(s + p for s, p in zip(separators, fixed[1:], strict=True))
    return Verdict(wrong, suggestion + token[len(word) :])


def fine(part: str, dictionary: Dictionary) -> bool:
    """Known words, acronyms (ALL CAPS, at most eight letters, plural -s allowed), single
    letters."""
    acronym = part[:-1] if part.endswith("s") and part[:-1].isupper() else part
    return (
        len(part) < 2
        or dictionary.knows(part)
        or (acronym.isupper() and len(acronym) <= ACRONYM_LETTERS)
    )
