"""The dictionary of the spelling check: British English is English, typos are still typos."""

from __future__ import annotations

import pytest

from decade_report.preflight.spelling import Dictionary, british, english, judge


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    frequency = english().word_frequency
    return Dictionary(frequency.dictionary, frozenset({"apsco"}), frequency.total_words)


@pytest.mark.parametrize(
    "word",
    [
        # British spellings a table of suffixes (organise → organize) could not derive
        "manoeuvre",
        "aluminium",
        "cheque",
        "mould",
        "sceptical",
        "kerb",
        "jewellery",
        "Manoeuvres",
        # and those it could
        "organisation",
        "programmes",
        "centre",
        "labour",
        "analysed",
        "defence",
        # American spellings stay accepted
        "organization",
        "program",
    ],
)
def test_british_and_american_spellings_are_words(dictionary: Dictionary, word: str) -> None:
    assert dictionary.knows(word)
    assert judge(word, dictionary) is None


@pytest.mark.parametrize(
    ("token", "problem", "suggestion"),
    [
        ("satelite", "misspelt", "satellite"),
        ("Institutionsand", "run together", "Institutions and"),
        ("alsoa", "run together", "also a"),
        ("manoeuvreand", "run together", "manoeuvre and"),
    ],
)
def test_typos_are_still_found(
    dictionary: Dictionary, token: str, problem: str, suggestion: str
) -> None:
    verdict = judge(token, dictionary)
    assert verdict is not None
    assert (verdict.problem, verdict.suggestion) == (problem, suggestion)


def test_hunspell_is_asked_about_the_word_as_written() -> None:
    """Capitals matter to Hunspell: "Canberra" is British English, "canberra" is not (the
    frequency list, all lower case, answers for that form)."""
    assert british("Canberra") and not british("canberra")
    assert british("Organisation") and british("organisation")
