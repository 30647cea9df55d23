"""A QR code drawn with background colours, so it decodes from any font.

Two module rows per text row: a space with a black or white background where both are equal, else `▀` with
the top colour in front and the bottom one behind. Black `▀▄█` glyphs on white did not decode from a
screenshot rendered without the exact font; background colours do (tests/tui/test_qr.py decodes the app's own
screenshots at 120×40 and 80×24).
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from workshop import qr

DARK = "#000000"
LIGHT = "#ffffff"
_STYLES = {
    (True, True): (" ", Style(bgcolor=DARK)),
    (False, False): (" ", Style(bgcolor=LIGHT)),
    (True, False): ("▀", Style(color=DARK, bgcolor=LIGHT)),
    (False, True): ("▀", Style(color=LIGHT, bgcolor=DARK)),
}


def half_block_lines(matrix: list[list[bool]]) -> list[list[tuple[str, Style]]]:
    """Two module rows per text row; a space with a background where they agree, `▀` where not."""
    rows = matrix if len(matrix) % 2 == 0 else [*matrix, [False] * len(matrix[0])]
    return [[_STYLES[top, bottom] for top, bottom in zip(rows[y], rows[y + 1], strict=True)]
            for y in range(0, len(rows), 2)]


def full_block_lines(matrix: list[list[bool]]) -> list[list[tuple[str, Style]]]:
    """One text row and two columns per module: twice the size, for the projector."""
    return [[("  ", _STYLES[module, module][1]) for module in row] for row in matrix]


class QRCode(Widget):
    """The join URL as a QR code, black on white with its quiet zone; `doubled` draws it twice as large."""

    DEFAULT_CSS = """
    QRCode { width: auto; height: auto; }
    """

    url: reactive[str] = reactive("", layout=True)
    doubled: reactive[bool] = reactive(False, layout=True)

    def __init__(self, url: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._matrix: list[list[bool]] = []
        self.set_reactive(QRCode.url, url)
        self._encode(url)

    def watch_url(self, url: str) -> None:
        self._encode(url)

    def _encode(self, url: str) -> None:
        self._matrix = qr.matrix(url) if url else []

    @property
    def modules(self) -> int:
        """Modules per side, quiet zone included."""
        return len(self._matrix)

    def cells(self, doubled: bool = False) -> Size:
        """Width and height in terminal cells."""
        if not self._matrix:
            return Size(0, 0)
        return Size(2 * self.modules, self.modules) if doubled else Size(self.modules, (self.modules + 1) // 2)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.cells(self.doubled).width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.cells(self.doubled).height

    def render(self) -> Text:
        if not self._matrix:
            return Text("")
        lines = full_block_lines(self._matrix) if self.doubled else half_block_lines(self._matrix)
        text = Text(no_wrap=True, overflow="crop")
        for number, line in enumerate(lines):
            if number:
                text.append("\n")
            for char, style in line:
                text.append(char, style)
        return text
