"""pydantic's validation errors in the project's words, one translator for every file.

report.toml, faces.toml, the data files, charts.yaml and the key figures are all checked against
pydantic models; their problems read alike ("unknown key", "'joined' must be a whole number")
whichever file they are in. Only the vocabulary of the file differs: TOML has keys written
`key = …`, data files have fields written `field: …`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from decade_report.errors import Location, Problem, did_you_mean

Keys = tuple[str | int, ...]


@dataclass(frozen=True)
class Vocabulary:
    noun: str
    """What a name of the file is called: "key" (TOML) or "field" (YAML, CSV, XLSX)."""
    assign: str
    """How a value is written after its name: " = " or ": "."""


TOML = Vocabulary("key", " = ")
DATA = Vocabulary("field", ": ")


def schema_problems(
    error: ValidationError,
    model: type[BaseModel],
    locate: Callable[[Keys], Location],
    words: Vocabulary = TOML,
) -> Iterator[Problem]:
    """One located problem per pydantic error; `locate(keys)` is where the value at `keys` is
    written (for a missing key: where its table or record is)."""
    for item in error.errors():
        keys = tuple(item["loc"])
        where = locate(keys)
        name = ".".join(str(k) for k in keys) or "value"
        last = str(keys[-1]) if keys else name
        if item["type"] == "extra_forbidden":
            known = known_fields(model, keys[:-1])
            yield Problem(where, f"unknown {words.noun} '{last}'", did_you_mean(last, known))
        elif item["type"] == "missing":
            yield Problem(where, f"{words.noun} '{name}' is missing", f"add {last}{words.assign}…")
        else:
            yield Problem(where, *value_problem(name, item, words))


def value_problem(name: str, item: Any, words: Vocabulary = DATA) -> tuple[str, str]:
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
        return f"'{name}' must be text, not {what}", f'write it in quotes: {name}{words.assign}"…"'
    message = item["msg"].removeprefix("Value error, ")
    return f"'{name}': {message}", f"got {value!r}"


def known_fields(model: type[BaseModel], keys: Keys) -> list[str]:
    """The names a model (or the model nested at `keys`) accepts, for "did you mean"."""
    current: Any = model
    for key in keys:
        if isinstance(key, int) or current is None:
            continue
        info = current.model_fields.get(key)
        if info is None:
            return []
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        current = next(
            (a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)),
            None,
        )
    return list(current.model_fields) if current else []
