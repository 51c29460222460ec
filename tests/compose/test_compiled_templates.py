"""Compiled templates are kept across compositions (compose.templating.COMPILED): a template is
compiled once per process while its source stays the same, and afresh once it is edited."""

from __future__ import annotations

from types import SimpleNamespace

from jinja2.sandbox import SandboxedEnvironment

from decade_report.compose.templating import environment, render_template


def test_a_template_is_compiled_once_and_again_after_an_edit(tmp_path, monkeypatch):
    folder = tmp_path / "templates"
    folder.mkdir()
    template = folder / "compiled-once.html"
    template.write_text("one {{ value }}", "utf-8")
    theme = SimpleNamespace(template_dirs=[folder])
    compiled = []
    original = SandboxedEnvironment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(SandboxedEnvironment, "compile", counting)
    # a fresh environment per composition, as compose makes one
    assert render_template(environment(theme), "compiled-once.html", {"value": 1}) == "one 1"
    assert render_template(environment(theme), "compiled-once.html", {"value": 2}) == "one 2"
    assert compiled == ["compiled-once.html"]
    template.write_text("two {{ value }}", "utf-8")  # same size, maybe the same mtime
    assert render_template(environment(theme), "compiled-once.html", {"value": 3}) == "two 3"
    assert compiled == ["compiled-once.html", "compiled-once.html"]
