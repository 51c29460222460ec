"""The shape of the package: data flows one way (no import cycle between modules) and every module
stays small enough to read.

The imports are read from the source with `ast`, not by importing: every `import` and
`from … import` of a `decade_report` module counts, at module level, inside a function or under
`if TYPE_CHECKING:` alike — a cycle through a type annotation or a deferred import is still two
modules that each need the other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SOURCE / "decade_report"
MAX_LINES = 400

KNOWN_LONG: set[str] = set()
"""Modules allowed over the limit while work in progress splits them: none is left (issue 15).
A module in it that is back under the limit fails the test until it is taken out."""


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(source: str, name: str, package: str, known: set[str]) -> Iterator[str]:
    """The modules in `known` that the module `name` (in `package`) imports anywhere."""
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                origin = ".".join([*base, *([node.module] if node.module else [])])
            else:
                origin = node.module or ""
            # `from decade_report.load import data` imports the module load.data
            targets = [origin, *(f"{origin}.{alias.name}" for alias in node.names)]
        else:
            continue
        for target in targets:
            if target in known and target != name:
                yield target


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {
        name: set(imported(path.read_text("utf-8"), name, package_of(name, path), known))
        for name, path in found.items()
    }


def package_of(name: str, path: Path) -> str:
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path that returns to its start) per strongly connected group of modules
    (Tarjan's algorithm, iterative so a deep chain of imports cannot hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(sorted(graph[successor]))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(group)
    return [cycle_in(group, graph) for group in groups]


def cycle_in(group: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    pending = [start]
    while pending:
        node = pending.pop(0)
        for successor in sorted(graph[node] & group):
            if successor == start:
                return [*paths[node], start]
            if successor not in paths:
                paths[successor] = [*paths[node], successor]
                pending.append(successor)
    raise AssertionError(f"{sorted(group)} is not a cycle")


def test_the_graph_sees_imports_of_every_kind() -> None:
    """The walker finds module-level, deferred, `from package import module` and TYPE_CHECKING
    imports (else the cycle test below would pass for the wrong reason)."""
    graph = import_graph()
    assert "decade_report.errors" in graph["decade_report.pipeline"]
    assert len(graph) > 50
    assert sum(len(targets) for targets in graph.values()) > 150
    known = set(graph)
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from decade_report.load import data\n"
        "if TYPE_CHECKING:\n"
        "    from decade_report.model.report import Report\n"
        "def later():\n"
        "    import decade_report.errors\n"
        "    from .. import log\n"
    )
    walked = set(imported(source, "decade_report.pdf.example", "decade_report.pdf", known))
    # a package's __init__ runs before its module: it counts as imported too
    assert walked == {
        "decade_report",
        "decade_report.load",
        "decade_report.load.data",
        "decade_report.model.report",
        "decade_report.errors",
        "decade_report.log",
    }


def test_cycles_are_found_and_reported() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": set()}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_no_import_cycle() -> None:
    found = cycles(import_graph())
    assert not found, "import cycles between modules:\n" + "\n".join(
        " → ".join(cycle) for cycle in found
    )


def line_count(path: Path) -> int:
    return len(path.read_text("utf-8").splitlines())


def test_no_module_over_the_line_limit() -> None:
    sizes = {path.relative_to(SOURCE).as_posix(): line_count(path) for path in modules().values()}
    over = {name: lines for name, lines in sizes.items() if lines > MAX_LINES}
    offenders = sorted(set(over) - KNOWN_LONG)
    assert not offenders, f"modules over {MAX_LINES} lines: " + ", ".join(
        f"{name} ({over[name]})" for name in offenders
    )
    back_under = sorted(KNOWN_LONG - set(over))
    assert not back_under, f"take these out of KNOWN_LONG, they are small now: {back_under}"
