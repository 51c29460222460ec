"""The editions a build makes: one enum instead of names spelt out in each module. An `Edition`
is a `str` (its value), so it compares, formats and serialises as the name the command line
(`--edition`) and the manifest use."""

from __future__ import annotations

from enum import StrEnum


class Edition(StrEnum):
    PRINT = "print"
    SCREEN = "screen"
    COPIES = "copies"
    WEB = "web"

    @property
    def manifest_name(self) -> str:
        """The `edition` of this edition's entries in manifest.json: each stamped PDF is a copy."""
        return "copy" if self is Edition.COPIES else self.value
