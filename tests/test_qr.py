"""QR codes: the terminal matrix, the upper-case join URL and every code on the printable handouts,
each decoded by a real decoder (zxing-cpp; zbarimg as a second one where installed)."""

from __future__ import annotations

import io
import subprocess

import cairosvg
import pytest
import segno
import zxingcpp
from click.testing import CliRunner
from PIL import Image, ImageDraw

from tests.conftest import require_tool
from workshop.cli import cli
from workshop.qr import Handout, Wifi, handout_png, handout_svg, logo_code, make_qr, matrix, qr_url

URL = "http://192.168.178.123:8765/j/ABCDEFGHJKMNP"


def decode(image: Image.Image) -> list[str]:
    return [barcode.text for barcode in zxingcpp.read_barcodes(image.convert("L"))]


def svg_image(svg: str) -> Image.Image:
    return Image.open(io.BytesIO(cairosvg.svg2png(bytestring=svg.encode(), background_color="white")))


def matrix_image(rows: list[list[bool]], scale: int = 6) -> Image.Image:
    image = Image.new("L", (len(rows[0]) * scale, len(rows) * scale), 255)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(rows):
        for x, dark in enumerate(row):
            if dark:
                draw.rectangle([x * scale, y * scale, x * scale + scale - 1, y * scale + scale - 1], fill=0)
    return image


def test_terminal_matrix_decodes_and_has_its_quiet_zone():
    rows = matrix(URL)
    assert len(rows) == len(rows[0]) == make_qr(URL).symbol_size(border=4)[0]
    assert not any(rows[0]) and not any(row[0] for row in rows)
    assert decode(matrix_image(rows)) == [URL]


def test_upper_case_url_makes_the_code_smaller_and_stays_the_same_address():
    upper = qr_url(URL)
    assert upper == "HTTP://192.168.178.123:8765/J/ABCDEFGHJKMNP"
    assert make_qr(upper).mode == "alphanumeric" and make_qr(upper).version == 3 < make_qr(URL).version == 4
    assert qr_url("http://10.42.0.1:8765/j/ABCDEFGHJKMNP") == "HTTP://10.42.0.1:8765/J/ABCDEFGHJKMNP"
    # A proxy's path prefix is case-sensitive: keep the URL as given.
    assert qr_url("https://example.org/werkstatt/j/ABCDEFGHJKMNP") == "https://example.org/werkstatt/j/ABCDEFGHJKMNP"
    assert decode(matrix_image(matrix(upper))) == [upper]


def test_svg_handout_has_title_code_and_url_and_decodes():
    svg = handout_svg(Handout("Zukunftswerkstatt <KW> & Co", URL))
    assert "Zukunftswerkstatt &lt;KW&gt; &amp; Co" in svg and URL in svg
    assert svg.count('class="segno"') == 1  # the code as segno writes it, not a path drawn by hand
    assert decode(svg_image(svg)) == [qr_url(URL)]


def test_wifi_code_comes_first_and_both_codes_decode(tmp_path):
    wifi = Wifi("Werkstatt;Hotspot", "geheim:123")
    handout = Handout("Werkstatt", URL, wifi=wifi)
    expected = {"WIFI:T:WPA;S:Werkstatt\\;Hotspot;P:geheim\\:123;;", qr_url(URL)}
    assert set(decode(svg_image(handout_svg(handout)))) == expected
    png = handout_png(handout)
    assert set(decode(png)) == expected
    # the Wi-Fi code is above the join code
    found = {barcode.text: barcode.position.top_left.y for barcode in zxingcpp.read_barcodes(png.convert("L"))}
    assert found[sorted(expected)[1]] < found[qr_url(URL)]
    assert Wifi("Offen").code().designator and "T:nopass" in decode(handout_png(Handout("W", URL, wifi=Wifi("Offen"))))[0]


def test_logo_code_uses_error_correction_h_and_still_decodes(tmp_path):
    logo = tmp_path / "logo.png"
    emblem = Image.new("RGB", (200, 200), "#1a5fb4")
    ImageDraw.Draw(emblem).ellipse([20, 20, 180, 180], fill="#e01b24")
    emblem.save(logo)
    image = logo_code(qr_url(URL), logo)
    barcodes = zxingcpp.read_barcodes(image.convert("L"))
    assert [barcode.text for barcode in barcodes] == [qr_url(URL)]
    assert barcodes[0].ec_level == "H"
    centre = image.getpixel((image.width // 2, image.height // 2))
    assert centre[2] > 150 or centre[0] > 150, "the logo sits in the centre"
    sheet = handout_png(Handout("Werkstatt", URL, logo=logo))
    assert decode(sheet) == [qr_url(URL)]


def test_qr_command_writes_sheets_that_decode_with_two_decoders(tmp_path, home, service):
    token = service.read.session().join_token
    logo = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), "#2a7").save(logo)
    svg, png = tmp_path / "sheet.svg", tmp_path / "sheet.png"
    result = CliRunner().invoke(cli, ["--home", str(home.root), "qr", service.read.session().slug, "--svg", str(svg),
                                      "--png", str(png), "--wifi", "KW-Werkstatt", "--wifi-password", "pw12345678",
                                      "--logo", str(logo), "--url", "http://127.0.0.1:8765"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    join = f"http://127.0.0.1:8765/j/{token}"
    assert result.output.splitlines()[0] == join
    wifi = "WIFI:T:WPA;S:KW-Werkstatt;P:pw12345678;;"
    with Image.open(png) as sheet:
        assert set(decode(sheet)) == {wifi, qr_url(join)}
        # pHYs: 144 dpi, so the 1190-pixel sheet prints A4 wide (21 cm) rather than at a viewer's guess
        assert [round(value) for value in sheet.info["dpi"]] == [144, 144]
        assert 20.9 < sheet.width / sheet.info["dpi"][0] * 2.54 < 21.1
    assert set(decode(svg_image(svg.read_text()))) == {wifi, qr_url(join)}
    assert "Zukunftswerkstatt Test" in svg.read_text() and join in svg.read_text()
    zbarimg = require_tool("zbarimg")
    decoded = subprocess.run([zbarimg, "-q", "--raw", str(png)], capture_output=True, text=True, timeout=30)
    assert set(decoded.stdout.split()) == {wifi, qr_url(join)}


def test_qr_command_refuses_what_it_cannot_do(tmp_path, home, service):
    runner = CliRunner()
    base = ["--home", str(home.root), "qr", service.read.session().slug]
    assert runner.invoke(cli, base).exit_code == 2  # no --svg or --png
    assert runner.invoke(cli, [*base, "--png", str(tmp_path / "x.png"), "--wifi-password", "x"]).exit_code == 2
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("no image")
    refused = runner.invoke(cli, [*base, "--png", str(tmp_path / "x.png"), "--logo", str(not_an_image)])
    assert refused.exit_code == 1 and "kein lesbares Bild" in refused.output
    missing = runner.invoke(cli, ["--home", str(home.root), "qr", "nope", "--svg", str(tmp_path / "x.svg")])
    assert missing.exit_code != 0 and not (tmp_path / "x.svg").exists()


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/j/ABCDEFGHJKMNP", "http://10.0.0.5:80/j/23456789ABCDE"])
def test_segno_png_of_the_join_code_decodes(url, tmp_path):
    path = tmp_path / "code.png"
    make_qr(qr_url(url)).save(path, scale=8)
    assert decode(Image.open(path)) == [qr_url(url)]
    assert segno.make_qr(url, error="m").designator.endswith("M")


def _svg_texts(svg: str) -> list[tuple[str, dict[str, str]]]:
    from xml.etree import ElementTree

    root = ElementTree.fromstring(svg)
    return [(element.text or "", element.attrib) for element in root.iter("{http://www.w3.org/2000/svg}text")]


def test_qr_handout_in_german_and_arabic_with_the_wifi_password_as_text(tmp_path, home, service):
    slug = service.read.session().slug
    svg, png = tmp_path / "blatt.svg", tmp_path / "blatt.png"
    result = CliRunner().invoke(cli, ["--home", str(home.root), "qr", slug, "--png", str(png), "--svg", str(svg),
                                      "--wifi", "KW-Werkstatt", "--wifi-password", "Sommer2016!", "--lang", "de,ar",
                                      "--url", "http://127.0.0.1:8765"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    join = qr_url(f"http://127.0.0.1:8765/j/{service.read.session().join_token}")
    wifi = "WIFI:T:WPA;S:KW-Werkstatt;P:Sommer2016!;;"
    assert set(decode(Image.open(png))) == {wifi, join}
    zbarimg = require_tool("zbarimg")
    decoded = subprocess.run([zbarimg, "-q", "--raw", str(png)], capture_output=True, text=True, timeout=30)
    assert set(decoded.stdout.split()) == {wifi, join}
    texts = _svg_texts(svg.read_text(encoding="utf-8"))
    lines = [text for text, _attrib in texts]
    assert "Passwort: Sommer2016!" in lines and "WLAN: KW-Werkstatt" in lines  # beside the Wi-Fi code
    arabic = [(text, attrib) for text, attrib in texts if any("\u0600" <= char <= "\u06ff" for char in text)]
    assert arabic and all(attrib["direction"] == "rtl" for _text, attrib in arabic)
    assert "العربية" in lines and any("اربط هاتفك بشبكة الواي فاي" in text for text, _attrib in arabic)
    assert "\u2068Sommer2016!\u2069" in " ".join(text for text, _attrib in arabic), "the password isolated"
    german = [index for index, text in enumerate(lines) if text == "Deutsch"]
    assert german and german[0] < lines.index("العربية"), "German first"


def test_qr_refuses_an_unknown_language_and_writes_nothing(tmp_path, home, service):
    """Attack: a language code Werkstatt has no catalogue for (or an injection in its place)."""
    png = tmp_path / "blatt.png"
    for value in ("de,xx", "../../etc", "ar;rm -rf"):
        result = CliRunner().invoke(cli, ["--home", str(home.root), "qr", service.read.session().slug, "--png", str(png),
                                          "--lang", value])
        assert result.exit_code == 2 and "Unbekannte Sprache" in result.output
        assert not png.exists()


def test_arabic_instructions_are_right_aligned_in_the_png():
    plain = handout_png(Handout("W", URL))
    arabic = handout_png(Handout("W", URL, languages=("ar",)))
    assert arabic.height > plain.height
    last_line = arabic.convert("L").crop((0, arabic.height - 96 - 34, arabic.width, arabic.height - 96))
    box = last_line.point(lambda value: 255 if value < 128 else 0).getbbox()
    assert box is not None and box[2] > arabic.width - 96 - 4, "right-to-left text ends at the right margin"
    assert box[0] > 96 + 100, "the paragraph's short last line leaves room on the left"
