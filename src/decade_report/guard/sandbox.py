"""The sandbox template overrides run in: no file, no machine, and bounded work.

Template overrides come from many hands, so `ReportSandbox` is Jinja2's immutable sandbox with
calls restricted to an allow-list (methods of strings, numbers, dates and containers, Jinja's own
helpers and decade-report's), and with every way a few characters of template can ask for
unbounded work counted before it is done:

- loops: every `{% for %}` draws on one budget of iterations per document (`MAX_ITERATIONS`),
  and `range()` is capped (`MAX_RANGE`);
- macros: nesting depth (`MAX_MACRO_DEPTH`) and calls (`MAX_MACRO_CALLS`);
- text and lists: a result longer than `MAX_TEXT` characters is refused, and the operations that
  can make one in a single step (`*`, `+`, `replace`, `center`, `join`, `format` widths…) are
  checked from their arguments before they run, so a gigabyte is never allocated.

Each refusal is a `SecurityError` that `compose.render_template` reports at the template file
and line. What these counts cannot see is stopped by the build's time limit (`build_limits`).
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
import string
from collections.abc import Iterable, Iterator
from functools import wraps
from pathlib import PurePath
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

VALUE_TYPES = (str, int, float, bool, dict, list, tuple, set, frozenset, dt.date, dt.time)
VALUE_TYPES += (decimal.Decimal,)
"""Values whose methods a template may call (the immutable sandbox already refuses the methods
that change a list or a dict)."""
PATH_ATTRIBUTES = frozenset({"name", "stem", "suffix", "as_uri", "as_posix"})
"""All a template may do with a path: name it, or turn it into a URL for the renderer."""
MAX_REPEAT = 100_000
"""Longest repetition (`'a' * n`, `[x] * n`)."""
MAX_RANGE = 100_000
"""Longest `range()`."""
MAX_ITERATIONS = 2_000_000
"""Loop iterations in one document, all loops together (the sample needs about 20,000)."""
MAX_MACRO_DEPTH = 100
"""Macros calling macros (or themselves) this deep are refused."""
MAX_MACRO_CALLS = 100_000
"""Macro calls in one document."""
MAX_TEXT = 20_000_000
"""Longest string or list a template may make, the whole document included (the sample's
document is about 1 MB)."""
SIZED_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})
"""Filters whose numeric arguments are sizes of what they make."""
LOOP_FILTER = "__bounded_loop"
CHECK_FILTER = "__checked"


class ReportSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with calls restricted to an allow-list and work bounded."""

    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.iterations = self.macro_calls = self.macro_depth = 0
        self.globals["range"] = self.bounded_range
        self.filters = {name: bounded_filter(name, f) for name, f in self.filters.items()}
        self.filters[LOOP_FILTER] = self.bounded_loop
        self.filters[CHECK_FILTER] = checked

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "filters" and isinstance(value, dict):
            value = BoundedFilters(value)
        super().__setattr__(name, value)

    # --- what may be reached ----------------------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PurePath) and attr not in PATH_ATTRIBUTES:
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def is_safe_callable(self, obj: Any) -> bool:
        if not super().is_safe_callable(obj):
            return False
        # Jinja wraps `str.format` in its own sandboxed formatter: judge the method it wraps.
        method = getattr(obj, "__wrapped__", obj)
        owner = getattr(method, "__self__", None)
        module = getattr(obj, "__module__", None) or type(obj).__module__ or ""
        if isinstance(owner, VALUE_TYPES) or module.startswith(("jinja2.", "decade_report.")):
            return True
        if isinstance(owner, PurePath):
            return getattr(obj, "__name__", "") in PATH_ATTRIBUTES
        return any(obj is value for value in self.globals.values())

    # --- how much work it may ask for -------------------------------------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Every `{% for %}` iterates through `bounded_loop`, which counts the iterations, and
        every `a ~ b` goes through `checked`."""
        template = super()._parse(source, name, filename)
        for loop in template.find_all(nodes.For):
            loop.iter = nodes.Filter(loop.iter, LOOP_FILTER, [], [], None, None, lineno=loop.lineno)
        for parent in list(template.find_all(nodes.Node)):
            for field in parent.fields:
                value = getattr(parent, field, None)
                if isinstance(value, nodes.Concat):
                    setattr(parent, field, checked_node(value))
                elif isinstance(value, list):
                    value[:] = [
                        checked_node(v) if isinstance(v, nodes.Concat) else v for v in value
                    ]
        return template

    def bounded_loop(self, items: Any) -> Iterator[Any]:
        for item in items:
            self.iterations += 1
            if self.iterations > MAX_ITERATIONS:
                raise SecurityError(
                    f"the loops of the templates ran more than {MAX_ITERATIONS:,} times"
                )
            yield item

    def bounded_range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > MAX_RANGE:
            raise SecurityError(f"range() of {len(numbers):,} numbers, over {MAX_RANGE:,}")
        return numbers

    def concat(self, parts: Iterable[str]) -> str:
        """Jinja joins every output (the document, a macro's, a `{% set %}` block) here."""
        kept, total = [], 0
        for part in parts:
            total += len(part)
            if total > MAX_TEXT:
                raise SecurityError(too_long("the output", total))
            kept.append(part)
        return "".join(kept)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(__obj, Macro):
            __self.macro_calls += 1
            if __self.macro_calls > MAX_MACRO_CALLS:
                raise SecurityError(f"macros were called more than {MAX_MACRO_CALLS:,} times")
            if __self.macro_depth >= MAX_MACRO_DEPTH:
                raise SecurityError(
                    f"macros call each other (or themselves) more than {MAX_MACRO_DEPTH} deep"
                )
            __self.macro_depth += 1
            try:
                return super().call(__context, __obj, *args, **kwargs)
            finally:
                __self.macro_depth -= 1
        method = getattr(__obj, "__wrapped__", __obj)
        owner = getattr(method, "__self__", None)
        if isinstance(owner, str | bytes | int):
            check_method(owner, getattr(method, "__name__", ""), args, kwargs)
        return checked(super().call(__context, __obj, *args, **kwargs))

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int | float) and abs(right) > 100:
            raise SecurityError(f"the power {right} is too large for a template")
        if operator == "*":
            count = right if isinstance(left, str | list | tuple) else left
            other = left if count is right else right
            if (
                isinstance(other, str | list | tuple)
                and isinstance(count, int)
                and count * max(len(other), 1) > MAX_REPEAT
            ):
                raise SecurityError("a repetition longer than 100,000 is refused")
        sized = isinstance(left, str | list | tuple) and hasattr(right, "__len__")
        if operator == "+" and sized and len(left) + len(right) > MAX_TEXT:
            raise SecurityError(too_long("a sum", len(left) + len(right)))
        if operator == "%" and isinstance(left, str):
            check_percent(left, right if isinstance(right, tuple) else (right,))
        return checked(super().call_binop(context, operator, left, right))


class BoundedFilters(dict[str, Any]):
    """The filters of a `ReportSandbox`: one added later is bounded like the built-in ones."""

    def __setitem__(self, name: str, value: Any) -> None:
        bounded = name in (LOOP_FILTER, CHECK_FILTER)
        super().__setitem__(name, value if bounded else bounded_filter(name, value))


def bounded_filter(name: str, function: Any) -> Any:
    """`function` with its size arguments checked before and its result after."""
    if getattr(function, "bounded", False):
        return function
    passed = 1 if getattr(function, "jinja_pass_arg", None) else 0

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        value, rest = (args[passed], args[passed + 1 :]) if len(args) > passed else (None, ())
        if name in SIZED_FILTERS:
            check_sizes(rest, kwargs)
        elif name == "replace" and isinstance(value, str) and len(rest) >= 2:
            check_replace(value, str(rest[0]), str(rest[1]), rest[2] if len(rest) > 2 else -1)
        elif name == "format" and isinstance(value, str):
            check_percent(value, rest)
        elif name == "join" and value is not None:
            items = list(value)
            check_join(items, str(rest[0]) if rest else str(kwargs.get("d", "")))
            args = (*args[:passed], items, *rest)
        return checked(function(*args, **kwargs))

    bounded.bounded = True  # type: ignore[attr-defined]
    return bounded


def checked_node(node: nodes.Concat) -> nodes.Filter:
    return nodes.Filter(node, CHECK_FILTER, [], [], None, None, lineno=node.lineno)


def too_long(what: str, size: int) -> str:
    return f"{what} would be {size:,} characters or items long, over {MAX_TEXT:,}"


def checked(result: Any) -> Any:
    if isinstance(result, str | bytes | list | tuple) and len(result) > MAX_TEXT:
        raise SecurityError(too_long("a result", len(result)))
    return result


def check_sizes(args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_TEXT:
            raise SecurityError(too_long("a size argument", value))


def check_method(owner: str | bytes | int, name: str, args: tuple[Any, ...], kwargs: Any) -> None:
    """The string methods that can make a huge string in one step, judged by their arguments."""
    if name in ("format", "format_map") and isinstance(owner, str):
        check_format(owner, args, kwargs)
    elif name == "replace" and isinstance(owner, str) and len(args) >= 2:
        check_replace(owner, str(args[0]), str(args[1]), args[2] if len(args) > 2 else -1)
    elif name == "join" and args:
        items = args[0] if isinstance(args[0], list | tuple) else ()
        check_join(items, owner)
    elif name == "expandtabs" and isinstance(owner, str):
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int) and len(owner) + owner.count("\t") * size > MAX_TEXT:
            raise SecurityError(too_long("expandtabs()", len(owner) + owner.count("\t") * size))
    else:
        check_sizes(args, kwargs)


def check_replace(text: str, old: str, new: str, count: Any) -> None:
    found = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        found = min(found, count)
    size = len(text) + found * (len(new) - len(old))
    if size > MAX_TEXT:
        raise SecurityError(too_long("replace()", size))


def check_join(items: Iterable[Any], separator: Any) -> None:
    items = list(items)
    size = sum(len(item) if isinstance(item, str) else 20 for item in items)
    size += max(len(items) - 1, 0) * len(separator)
    if size > MAX_TEXT:
        raise SecurityError(too_long("join()", size))


FORMAT_NUMBER = re.compile(r"\d+")
PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_format(text: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Widths and precisions of `str.format`: written in the text, or given as arguments."""
    try:
        fields = list(string.Formatter().parse(text))
    except ValueError:
        return  # str.format reports it
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:  # a width given as an argument: `'{:>{w}}'.format(x, w=…)`
            check_sizes(args, kwargs)
        check_sizes([int(number) for number in FORMAT_NUMBER.findall(spec)], {})


def check_percent(text: str, args: Iterable[Any]) -> None:
    """Widths and precisions of `'%10s' % x` and of the `format` filter."""
    for match in PERCENT_SPEC.finditer(text):
        for group in match.groups():
            if group == "*":
                check_sizes(args, {})
            elif group:
                check_sizes([int(group)], {})
