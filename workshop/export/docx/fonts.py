"""How wide a text is in the document's own body font, so a table's columns hold their words whole.

The font is the one the reader's word processor will draw with. On Linux and the BSDs LibreOffice takes
it from fontconfig, so `fc-match` names the very file (Arial becomes the metric-compatible Liberation Sans,
an unknown font its fallback). Without fontconfig (Windows, macOS) the usual font folders are searched by
family name, then for a metric-compatible twin (Calibri/Carlito, Cambria/Caladea, Arial/Liberation Sans …).
Failing all that, the bundled DejaVu Sans measures: it is wider than the usual office fonts, so a column
sized with it is wide enough for them. Widths are advance widths without kerning (kerning only narrows).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

from workshop.textshape import font_path

# Fonts with the same advance widths as another (made for that purpose), both ways.
METRIC_TWINS = {"arial": "Liberation Sans", "liberation sans": "Arial", "helvetica": "Liberation Sans",
                "times new roman": "Liberation Serif", "liberation serif": "Times New Roman",
                "courier new": "Liberation Mono", "liberation mono": "Courier New", "calibri": "Carlito",
                "carlito": "Calibri", "cambria": "Caladea", "caladea": "Cambria"}
_SCALE = 1000  # measured at 1000 px: advance widths in thousandths of the size, free of hinting
_FONT_FILES = (".ttf", ".otf", ".ttc")


def font_file(family: str, *, bold: bool = False) -> str:
    """The file of the font a word processor on this computer draws `family` with (see the module's notes)."""
    return _font_file(family.strip(), bold)


@cache
def _font_file(family: str, bold: bool) -> str:
    found = _fontconfig(family, bold)
    if found is None:
        index = _font_index()
        twin = METRIC_TWINS.get(family.casefold(), "")
        found = index.get((family.casefold(), bold)) or index.get((twin.casefold(), bold))
    return found or font_path(bold=bold)


def _fontconfig(family: str, bold: bool) -> str | None:
    """What fontconfig draws `family` with; None where there is no fontconfig or it names no usable file."""
    program = shutil.which("fc-match")
    if program is None or not family or any(char in family for char in ":\n\\"):
        return None
    pattern = f"{family}:bold" if bold else f"{family}:regular"
    try:
        result = subprocess.run([program, "-f", "%{file}", pattern], capture_output=True, text=True, timeout=10,
                                check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    path = result.stdout.strip()
    return path if result.returncode == 0 and path.lower().endswith(_FONT_FILES) and Path(path).is_file() else None


def font_folders() -> list[Path]:
    """Where Windows, macOS and Linux keep fonts, the user's own included."""
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path("/Library/Fonts"),
                home / "Library" / "Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts"]


@cache
def _font_index() -> dict[tuple[str, bool], str]:
    """(family in lower case, bold) → file, read once from the font folders' files."""
    from PIL import ImageFont

    index: dict[tuple[str, bool], str] = {}
    for folder in font_folders():
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.suffix.lower() not in _FONT_FILES:
                continue
            try:
                family, style = ImageFont.truetype(str(path), 10).getname()
            except (OSError, ValueError):
                continue
            style = (style or "").casefold()
            if "italic" in style or "oblique" in style or not family:
                continue
            bold = "bold" in style
            if bold or style in ("regular", "book", "normal", "roman", ""):
                index.setdefault((family.casefold(), bold), str(path))
    return index


class TextMeter:
    """Widths of text in points, in one font family at any size, regular or bold: the sum of each
    character's advance (measured once per character), as a word processor sets text without kerning."""

    def __init__(self, family: str) -> None:
        self.family = family
        self._fonts: dict[bool, object] = {}
        self._advances: dict[bool, dict[str, float]] = {False: {}, True: {}}

    def width(self, text: str, size: float, *, bold: bool = False) -> float:
        """The advance width of `text` at `size` points."""
        advances = self._advances[bold]
        total = 0.0
        for char in text:
            advance = advances.get(char)
            if advance is None:
                font = self._fonts.get(bold)
                if font is None:
                    font = self._fonts[bold] = _load(font_file(self.family, bold=bold))
                advance = advances[char] = font.getlength(char)
            total += advance
        return total * size / _SCALE


@cache
def _load(path: str) -> object:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(path, _SCALE, layout_engine=ImageFont.Layout.BASIC)
    except (OSError, ValueError):  # a font Pillow cannot read: the bundled one measures instead
        return ImageFont.truetype(font_path(bold="Bold" in Path(path).name), _SCALE,
                                  layout_engine=ImageFont.Layout.BASIC)
