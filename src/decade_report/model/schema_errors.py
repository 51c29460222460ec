"""pydantic's validation errors in the project's words: located problems with a hint.

report.toml and the theme's tokens are both checked by pydantic models; both go through
`pydantic_problems`, so an unknown key, a missing one or a bad value reads the same wherever it is.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from decade_report.errors import Problem, did_you_mean


def pydantic_problems(error: ValidationError, locate: Any, model: type[BaseModel]) -> list[Problem]:
    """Turn pydantic's errors into located problems; `locate(loc_tuple)` gives the Location."""
    problems = []
    for item in error.errors():
        keys = tuple(item["loc"])
        where = locate(keys)
        name = ".".join(str(k) for k in keys) or "value"
        if item["type"] == "extra_forbidden":
            known = known_fields(model, keys[:-1])
            problems.append(
                Problem(where, f"unknown key '{keys[-1]}'", did_you_mean(str(keys[-1]), known))
            )
        elif item["type"] == "missing":
            problems.append(Problem(where, f"'{name}' is required", f"add {keys[-1]} = …"))
        else:
            message = item["msg"].removeprefix("Value error, ")
            problems.append(Problem(where, f"'{name}': {message}", f"got {item.get('input')!r}"))
    return problems


def known_fields(model: type[BaseModel], keys: tuple[Any, ...]) -> list[str]:
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
