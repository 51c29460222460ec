"""Text in the print edition: near-neutral text colours print in black ink alone.

Body text (#1d2733) converted colorimetrically becomes a four-colour build of about 270 % ink
(C82 M71 Y55 K62), and the grey captions a four-colour grey: on press the four plates never
register exactly, so small letters built of several inks print fuzzy with coloured fringes. Print
shops ask for text in 100 % K. So every text colour whose chroma is low (a grey or a near-black,
whatever tint of blue it has on screen) is printed with the K plate only, at the tint whose
lightness through the output profile matches the colour's (black when darker than 100 % K).
Coloured text (the brand blue of headings) keeps its colorimetric conversion.

The theme token `print_text_black = false` turns this off.
"""

from __future__ import annotations

import math
from decimal import Decimal
from pathlib import Path

MAX_CHROMA = 14.0
"""Largest CIE C*ab of a text colour still treated as grey or black (the default theme's muted
#5d6b7a has about 10; its brand blue #0b4f8a about 38)."""


class TextInk:
    """Black-ink tints for near-neutral text colours, measured through the output profile."""

    def __init__(self, profile: Path) -> None:
        from PIL import Image, ImageCms

        lab = ImageCms.createProfile("LAB", 5000)
        output = ImageCms.getOpenProfile(str(profile))
        relative = ImageCms.Intent.RELATIVE_COLORIMETRIC
        to_lab = ImageCms.buildTransform(output, lab, "CMYK", "LAB", renderingIntent=relative)
        ramp = Image.frombytes("CMYK", (256, 1), bytes(v for t in range(256) for v in (0, 0, 0, t)))
        measured = to_lab.apply(ramp)
        self.k_lightness = [measured.getpixel((t, 0))[0] / 255 * 100 for t in range(256)]
        self.from_srgb = ImageCms.buildTransform(
            ImageCms.createProfile("sRGB"), lab, "RGB", "LAB", renderingIntent=relative
        )
        self.known: dict[tuple[int, int, int], tuple[Decimal, ...] | None] = {}

    def lab(self, rgb: tuple[int, int, int]) -> tuple[float, float, float]:
        from PIL import Image

        lightness, a, b = self.from_srgb.apply(Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
        return lightness / 255 * 100, a - 128.0, b - 128.0  # Pillow stores a*, b* + 128

    def black(self, rgb: tuple[int, int, int]) -> tuple[Decimal, ...] | None:
        """0 0 0 K for a near-neutral colour, None for a coloured one."""
        if rgb not in self.known:
            lightness, a, b = self.lab(rgb)
            if math.hypot(a, b) > MAX_CHROMA:
                self.known[rgb] = None
            else:
                tint = next(
                    (t for t, k in enumerate(self.k_lightness) if k <= lightness + 0.25), 255
                )
                self.known[rgb] = (
                    Decimal(0),
                    Decimal(0),
                    Decimal(0),
                    round(Decimal(tint) / 255, 4),
                )
        return self.known[rgb]
