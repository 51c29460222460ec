"""The stamp of a copy in the language of its edition, and how reportlab is made to draw it.

"Copy for the Delegation of Pakistan · No. 07/13" / "巴基斯坦代表团专用副本 · 编号 07/13" /
"نسخۀ ویژۀ هیئت نمایندگی پاکستان · شمارۀ ۰۷/۱۳": the sentence is the tool's (`STAMP`, translated
by locales/<lang>), the recipient the project's (`copy_for`, else `name`, translated by the
project's catalogue like its other labels: one it lacks is printed as written, with the
edition's untranslated-label warning, `missing_labels`), the numbers in the language's digits.
The watermark likewise: "DRAFT" is the tool's word, a recipient's own `watermark` the project's.

reportlab draws a string glyph by glyph from the font's cmap: it has no font fallback, no
shaping and no bidi. So `StampFaces` cuts the text into runs, each in the first of the edition's
faces that has its characters (Noto Sans SC for Chinese, Noto Naskh Arabic for Persian, then the
stamp's Latin face), and a text with right-to-left letters is first made what a shaping engine
would draw: arabic-reshaper puts each letter in its contextual presentation form (U+FB50–U+FEFF,
in the bundled Arabic faces' cmaps) and python-bidi puts the line in visual order. The stamp is
an artifact (copies.py): its text layer, in visual order, is not part of the document's text.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decade_report.compose.i18n import N_, language_catalogue
from decade_report.compose.locale_format import local_digits
from decade_report.compose.writing import families_for
from decade_report.model.config import Recipient
from decade_report.model.report import Report
from decade_report.theme.tokens import Theme

STAMP = N_("Copy for %(recipient)s · No. %(number)s/%(total)s")
DRAFT = N_("DRAFT")


@dataclass
class StampWords:
    """The catalogues of one edition's language (the project's first, then the tool's)."""

    language: str = "en"
    sources_language: str = "en"
    catalogue: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    missing: set[str] = field(default_factory=set)

    def project(self, label: str) -> str:
        """A label the project writes (a recipient, a watermark) in the edition's language."""
        if not label or self.language == self.sources_language:
            return label
        found = self.catalogue.gettext(label)
        if found == label and any(c.isalpha() for c in label):
            self.missing.add(label)
        return found

    def stamp(self, recipient: Recipient, number: int, total: int) -> str:
        width = len(str(total)) if total >= 10 else 2
        named = recipient.copy_for or recipient.name  # no article added: the project writes its own
        return self.catalogue.gettext(STAMP) % {
            "recipient": self.project(named),
            "number": local_digits(f"{number:0{width}d}", self.language),
            "total": local_digits(f"{total:0{width}d}", self.language),
        }

    def watermark(self, recipient: Recipient, draft: bool) -> str:
        if recipient.watermark:
            return self.project(recipient.watermark)
        return self.catalogue.gettext(DRAFT) if draft else ""


def stamp_words(report: Report) -> StampWords:
    language = report.config.language
    catalogue = language_catalogue(language, report.texts)
    return StampWords(language, report.config.sources_language, catalogue)


def missing_labels(report: Report) -> list[str]:
    """The recipients' names and watermarks the edition's stamps print untranslated."""
    words = stamp_words(report)
    for recipient in report.config.recipients:
        words.stamp(recipient, 1, 1)
        words.watermark(recipient, False)
    return sorted(words.missing)


def stamp_faces(theme: Theme, language: str) -> list[Path]:
    """The faces a stamp in `language` is drawn in, first first: the language's text faces
    (faces.toml `languages` and `roles`), its script's face, then the stamp's Latin face (the
    first bundled TrueType face of the text family: reportlab cannot embed CFF-flavoured
    OpenType)."""
    upright = [
        (path, face)
        for path, face in theme.faces
        if path.suffix == ".ttf" and face.style == "normal"
    ]
    own = [*families_for(theme, language).get("text", ())]
    script = theme.language_families.get(language) or theme.language_families.get(
        language.split("-")[0]
    )
    own += [script] if script else []
    chosen = []
    for family in dict.fromkeys(own):
        faces = sorted((f.weight != 400, str(p)) for p, f in upright if f.family == family)
        chosen += [Path(faces[0][1])] if faces else []
    latin = [p for p, f in upright if not f.fallback]
    preferred = [
        p
        for p, f in upright
        if p in latin and f.family == theme.tokens.font_text and f.weight == 400
    ]
    return [*chosen, (preferred or latin)[0]]


class StampFaces:
    """The stamp's faces registered with reportlab (afresh for every build: a reused TTFont
    carries subset state over, and the copies would differ between runs) and the drawing of a
    line in them."""

    def __init__(self, theme: Theme, language: str, name: str) -> None:
        from fontTools.ttLib import TTFont as FontFile
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import freshTTFont

        self.faces: list[tuple[str, set[int]]] = []
        paths = stamp_faces(theme, language)
        # the Latin face keeps the stamp's own name: the first font of every overlay page
        names = [f"{name}-{index}" for index in range(1, len(paths))] + [name]
        for face_name, path in zip(names, paths, strict=True):
            # fresh: registerFont keeps a font already registered under the name, which would
            # draw a Persian stamp in the Chinese face of an earlier edition of the same build
            pdfmetrics.registerFont(freshTTFont(face_name, str(path)))
            with FontFile(path, lazy=True) as font:
                self.faces.append((face_name, set(font.getBestCmap())))
        self.latin = name

    def runs(self, text: str) -> list[tuple[str, str]]:
        """`text` (in visual order) as runs of (face, characters), each character in the first
        face that has it (a space stays in the run it is in)."""
        runs: list[tuple[str, str]] = []
        for char in visual(text):
            if char == " " and runs:
                runs[-1] = (runs[-1][0], runs[-1][1] + char)
                continue
            face = next((n for n, cmap in self.faces if ord(char) in cmap), self.latin)
            if runs and runs[-1][0] == face:
                runs[-1] = (face, runs[-1][1] + char)
            else:
                runs.append((face, char))
        return runs

    def width(self, text: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return sum(stringWidth(chars, face, size) for face, chars in self.runs(text))

    def draw_centred(self, canvas: Any, x: float, y: float, text: str, size: float) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        x -= self.width(text, size) / 2
        for face, chars in self.runs(text):
            canvas.setFont(face, size)
            canvas.drawString(x, y, chars)
            x += stringWidth(chars, face, size)


RIGHT_TO_LEFT = ("\u0590", "\u08ff")
"""Hebrew, Arabic, Syriac, Thaana, N'Ko …: a line with one of these is shaped and reordered."""


def visual(text: str) -> str:
    """`text` as it is drawn from left to right: a line with right-to-left letters joined
    (contextual forms) and in visual order; any other line as it is."""
    if not any(RIGHT_TO_LEFT[0] <= c <= RIGHT_TO_LEFT[1] for c in text):
        return text
    from arabic_reshaper import ArabicReshaper
    from bidi.algorithm import get_display  # the Rust get_display does not mirror brackets

    shaped = ArabicReshaper(configuration={"delete_harakat": False}).reshape(text)
    # ZWNJ (the Persian half-space) has done its work, breaking the joining: it has no glyph
    return str(get_display(shaped, base_dir="R")).replace("\u200c", "")
