"""benchmarks/generate.py makes a project in our own format that `check` accepts as it is: every
added chart placed once, the register as a table in the annexes, no spelling or number finding."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from decade_report.pipeline import check_sources

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


def load_generator():
    spec = importlib.util.spec_from_file_location("bench_generate", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_synthetic_project_is_a_valid_project(tmp_path):
    generator = load_generator()
    project = generator.generate(
        tmp_path / "large", chapters=3, pages=90, charts=16, rows=120, seed=3
    )
    report, findings = check_sources(project)
    assert findings == ()
    # measured in one language, as the floor lays out one document
    assert list(report.config.languages) == ["en"]
    assert len(report.chapters) == 9 + 3
    assert len(report.charts) == 16
    assert len(report.datasets["bench_register"].rows) == 120
    bodies = "\n".join(chapter.body for chapter in report.chapters)
    for chart in report.charts:
        assert bodies.count(f"[[chart: {chart.id}]]") == 1, chart.id
    assert "[[table: bench_register]]" in report.chapters[-1].body
    # the same parameters make the same project
    again = generator.generate(
        tmp_path / "again", chapters=3, pages=90, charts=16, rows=120, seed=3
    )
    for path in sorted(project.rglob("*.md")):
        assert path.read_bytes() == (again / path.relative_to(project)).read_bytes()
