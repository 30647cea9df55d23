"""`werkstatt network --all`: the mayor's list over every session, each person once; `--all --withdraw` everywhere."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.clirun import werkstatt
from tests.core.test_purge import file_bytes
from workshop.core.home import Home
from workshop.core.models import ItemKind

HEADER = "Name;Organisation;E-Mail;Telefon;Rolle;Maßnahme;Handlungsfeld;Sitzung;Einwilligung;Zeitpunkt"


def _session(home: Home, title: str, day: str, measure: str, field: str):
    service = home.create(title, date=day)
    theme = service.themes.create(measure, idea_ids=[service.ideas.add(f"Idee zu {measure}").id])
    made = service.measures.promote(ItemKind.THEME, theme.id, title=measure, field_of_action=field)
    return service, made


def sign(service, measure, *, name, email="", phone="", organisation="", role="mitmachen"):
    service.signups.sign_up(service.devices.mint(), [measure.id], name=name, email=email, phone=phone,
                            organisation=organisation, role=role, consent_text="Я згоден.",
                            consent_text_de="Die Stadt darf mich zur Umsetzung dieser Maßnahme kontaktieren.")


@pytest.fixture
def two_sessions(tmp_path):
    home = Home(tmp_path)
    first, wohnen = _session(home, "Werkstatt Nord", "2016-11-24", "Wohnungsbörse", "Wohnen")
    second, kurse = _session(home, "Werkstatt Süd", "2017-03-02", "Sprachcafé", "Bildung")
    sign(first, wohnen, name="Olena K.", email="Olena.K@Example.org", role="ansprechperson")
    sign(second, kurse, name="Olena Kowalenko", email="olena.k@example.ORG", organisation="Tafel e.V.",
         role="organisation")
    sign(first, wohnen, name="Karim", phone="0176 9876543")
    sign(second, kurse, name="Karim Haddad", phone="+49 176 98765 43")
    sign(second, kurse, name="Ada", email="ada@example.org")
    slugs = [first.read.session().slug, second.read.session().slug]
    first.close()
    second.close()
    return tmp_path, slugs


def test_all_sessions_list_each_person_once_with_every_measure(two_sessions):
    root, (north, south) = two_sessions
    out = root / "n.csv"
    result = werkstatt(root, "network", "--all", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8-sig")
    assert text.split("\r\n")[0] == HEADER
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))[1:]
    assert len(rows) == 3 and "3 Personen im Netzwerk der Akteure." in result.stderr
    olena = next(row for row in rows if row[2].casefold() == "olena.k@example.org")
    assert olena[0] == "Olena Kowalenko" and olena[1] == "Tafel e.V.", "the newest entry's name and organisation"
    assert olena[5].split("\n") == ["Wohnungsbörse", "Sprachcafé"]
    assert olena[4].split("\n") == ["Ansprechperson", "als Organisation unterstützen"]
    assert olena[6].split("\n") == ["Wohnen", "Bildung"] and olena[7].split("\n") == [north, south]
    assert olena[8] == "Die Stadt darf mich zur Umsetzung dieser Maßnahme kontaktieren.", "in German"
    karim = next(row for row in rows if row[3] == "'+491769876543")  # the CSV's guard before a leading +
    assert karim[5].split("\n") == ["Wohnungsbörse", "Sprachcafé"], "the same phone number, written two ways"


def test_all_as_xlsx_keeps_the_header(two_sessions):
    root, _slugs = two_sessions
    out = root / "n.xlsx"
    assert werkstatt(root, "network", "--all", "--out", str(out)).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == HEADER.split(";") and len(rows) == 4


def test_withdraw_everywhere_erases_the_person_and_names_the_files_that_still_hold_them(two_sessions):
    root, (north, south) = two_sessions
    (root / "exports").mkdir(exist_ok=True)
    werkstatt(root, "network", "--all", "--out", str(root / "exports" / "liste.csv"))
    werkstatt(root, "network", "--all", "--out", str(root / "exports" / "liste.xlsx"))
    werkstatt(root, "network", south, "--out", str(root / "exports" / "sued.csv"))
    (root / "exports" / "notiz.md").write_text("Nichts Persönliches.", encoding="utf-8")
    result = werkstatt(root, "network", "--all", "--withdraw", "OLENA.K@example.org")
    assert result.exit_code == 0, result.output
    assert "2 Einträge mit OLENA.K@example.org gelöscht." in result.output
    for name in ("liste.csv", "liste.xlsx", "sued.csv"):
        assert f"Noch in {root / 'exports' / name}" in result.output
    assert "notiz.md" not in result.output
    for slug in (north, south):
        data = file_bytes(root / "sessions" / f"{slug}.db")
        assert b"olena.k@example" not in data.lower() and b"Olena" not in data, slug
    fresh = werkstatt(root, "network", "--all", "--out", "-").stdout
    assert "Olena" not in fresh and "Karim Haddad" in fresh
    by_phone = werkstatt(root, "network", "--all", "--withdraw", "0176 98765-43")
    assert "2 Einträge" in by_phone.output and "Karim" not in werkstatt(root, "network", "--all", "--out", "-").stdout


def test_network_needs_a_session_or_all(two_sessions):
    root, _slugs = two_sessions
    result = werkstatt(root, "network")
    assert result.exit_code == 2 and "Entweder eine SESSION oder --all angeben." in result.output
    bad = werkstatt(root, "network", "--all", "--withdraw", "keine Adresse")
    assert bad.exit_code == 2 and "Telefonnummer" in bad.output
