"""What a URL written in a project names, read the way a browser and WeasyPrint read it.

One rule for every check of the build: `load_guard` (Markdown, templates, SVG files: may the
renderer read it?), `web_css` (may the web edition's CSS name it?) and the web sanitiser all ask
`kind_of` first, so that a URL disguised with tabs or newlines (`ht&#9;tp://`, `java\\nscript:`)
or spaces around it is judged as the URL parser will see it, not as it is written.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import SplitResult, urlsplit

CONTROL = re.compile(r"[\t\n\r]")
"""What the URL parser removes anywhere in a URL (so `java&#9;script:` is `javascript:`)."""
STRIPPED = "".join(chr(c) for c in range(0x21))
"""What the URL parser removes at either end: C0 controls and the space."""
NETWORK_SCHEMES = {"http", "https", "ftp", "ftps", "ws", "wss"}


class Kind(StrEnum):
    EMPTY = "empty"
    FRAGMENT = "fragment"
    """`#id`: a part of the same document."""
    DATA_IMAGE = "data image"
    DATA = "data"
    """Another `data:` URL (text, HTML, fonts)."""
    NETWORK = "network"
    """`http:`, `//host/…`: anything with a host."""
    SCHEME = "scheme"
    """`file:`, `javascript:`, any other scheme."""
    ABSOLUTE = "absolute"
    """`/etc/hostname`, `\\\\server\\share`."""
    RELATIVE = "relative"
    """A relative path: a file next to the document (which may still climb out of it)."""


def cleaned(url: str) -> str:
    """The URL as the URL parser reads it: ends stripped, tabs and newlines removed."""
    return CONTROL.sub("", url.strip(STRIPPED))


def split(url: str) -> SplitResult:
    """The parts of a URL; one urllib cannot split (`http://[::1`) is kept whole as a path."""
    try:
        return urlsplit(url)
    except ValueError:
        scheme, _, rest = url.partition("://")
        return SplitResult(scheme, "?", rest, "", "") if rest else SplitResult("", "", url, "", "")


def kind_of(url: str) -> Kind:
    """What `url` names once cleaned (see `cleaned`)."""
    target = cleaned(url)
    if not target:
        return Kind.EMPTY
    if target.startswith("#"):
        return Kind.FRAGMENT
    parts = split(target)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return Kind.DATA_IMAGE if target[5:].lower().startswith("image/") else Kind.DATA
    if scheme in NETWORK_SCHEMES or parts.netloc or target.startswith(("//", "\\\\")):
        return Kind.NETWORK
    if scheme and not re.fullmatch(r"[a-z]", scheme):  # `c:` is a Windows drive
        return Kind.SCHEME
    if scheme or target.startswith(("/", "\\")):
        return Kind.ABSOLUTE
    return Kind.RELATIVE
