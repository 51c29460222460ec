"""PDF/X-4 identification of the print edition: output intent, XMP and Info keys, registration.

Why PDF/X-4 (ISO 15930-7:2010) and not PDF/X-3: most print shops now ask for X-4, and X-4 is
based on PDF 1.6, which allows the OpenType (CFF) fonts WeasyPrint embeds as `FontFile3
/OpenType` — in a PDF 1.4 (PDF/X-3) file they are a violation. The edition still uses no
transparency (finish_print refuses it), so nothing depends on how a RIP flattens.

What X-4 asks of the file and where it is written here:
- an output intent `GTS_PDFX` whose `OutputConditionIdentifier` names a characterised printing
  condition of the ICC registry (e.g. FOGRA39), with the matching ICC profile embedded;
- XMP metadata with `pdfxid:GTS_PDFXVersion` = "PDF/X-4", `xmp:CreateDate`, `xmp:ModifyDate`,
  `xmpMM:DocumentID`, `xmpMM:VersionID`, `xmpMM:RenditionClass` and `pdf:Trapped`;
- `/Trapped` /True or /False (never anything else) and `GTS_PDFXVersion` in the Info dictionary;
- crop marks in the registration colour: a `/Separation /All` colour space, not 400 % CMYK.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PDFX_VERSION = "PDF/X-4"
PDF_VERSION = "1.6"
REGISTRY = "http://www.color.org"
CONDITIONS = {
    "FOGRA39": "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 1 or 2 "
    "= coated art, 115 g/m2, tone value increase curves A (CMY) and B (K)",
    "FOGRA51": "Offset printing, according to ISO 12647-2:2013, OFCOM, paper type 1 = premium "
    "coated, 115 g/m2, tone value increase curves A (CMY) and A (K)",
    "FOGRA52": "Offset printing, according to ISO 12647-2:2013, OFCOM, paper type 5 = wood-free "
    "uncoated, 115 g/m2, tone value increase curves C (CMY) and C (K)",
    "FOGRA47": "Offset printing, according to ISO 12647-2:2004/Amd 1, OFCOM, paper type 5 = "
    "uncoated white, 115 g/m2, tone value increase curves E (CMY) and E (K)",
    "CGATS TR 006": "Offset lithographic printing, GRACoL (CGATS TR 006), grade 1 paper",
    "CGATS TR 001": "Publication printing, SWOP (CGATS TR 001), grade 5 paper",
    "CGATS21-2-CRPC6": "Offset printing, CGATS 21-2 characterised reference printing condition 6",
    "JC200103": "Japan Color 2001 Coated, sheet-fed offset, coated paper",
}
"""Characterised printing conditions of the ICC registry this tool knows by name."""
REGISTRATION = "/DecadeRegistration"
"""Resource name of the registration colour space on every page of the print edition."""


def add_output_intent(pdf: Any, profile: Path, condition: str) -> None:
    """The PDF/X output intent: the condition by its registered name, with its profile."""
    import pikepdf

    icc = pdf.make_stream(profile.read_bytes())
    icc.N = 4
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFX,
                OutputConditionIdentifier=condition,
                OutputCondition=CONDITIONS.get(condition, condition),
                Info=profile_description(profile) or condition,
                RegistryName=REGISTRY,
                DestOutputProfile=icc,
            )
        ]
    )


def profile_description(profile: Path) -> str:
    from PIL import ImageCms

    return ImageCms.getProfileDescription(ImageCms.getOpenProfile(str(profile))).strip()


def write_pdfx_metadata(pdf: Any, document_id: str) -> None:
    """The PDF/X-4 keys, in XMP and in the Info dictionary (after finish.write_metadata)."""
    import pikepdf

    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfxid:GTS_PDFXVersion"] = PDFX_VERSION
        meta["pdf:Trapped"] = "False"
        meta["xmpMM:DocumentID"] = f"uuid:{document_id}"
        meta["xmpMM:VersionID"] = "1"
        meta["xmpMM:RenditionClass"] = "default"
    pdf.docinfo["/GTS_PDFXVersion"] = PDFX_VERSION
    pdf.docinfo["/Trapped"] = pikepdf.Name("/False")  # Name.False_ would write "/False_"


def registration_space(pdf: Any) -> Any:
    """The registration colour (every separation at once): `[/Separation /All /DeviceCMYK f]`."""
    import pikepdf

    return pdf.make_indirect(
        pikepdf.Array(
            [
                pikepdf.Name.Separation,
                pikepdf.Name.All,
                pikepdf.Name.DeviceCMYK,
                pikepdf.Dictionary(
                    FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1
                ),
            ]
        )
    )


def use_registration(page: Any, space: Any) -> bytes:
    """Put the registration colour space on the page; returns the operators that select it at
    full tint for stroking."""
    import pikepdf

    resources = page.obj.get("/Resources")
    if resources is None:
        page.obj.Resources = resources = pikepdf.Dictionary()
    if "/ColorSpace" not in resources:
        resources.ColorSpace = pikepdf.Dictionary()
    resources.ColorSpace[REGISTRATION] = space
    return f"{REGISTRATION} CS 1 SCN".encode()


def condition_profile(asset: Any, condition: str) -> Path:
    """The ICC profile of the printing condition: assets/icc/NAME.icc (the project's first)."""
    from decade_report.errors import ReportError

    try:
        return Path(asset(f"icc/{condition}.icc"))
    except FileNotFoundError:
        raise ReportError.at(
            "report.toml",
            f"theme: no ICC profile for the printing condition '{condition}' (print_condition)",
            f"put the condition's profile at assets/icc/{condition}.icc in the project, or use "
            "FOGRA39 (bundled)",
        ) from None
