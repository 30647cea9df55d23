"""`werkstatt purge`, `werkstatt network` and the privacy options of `werkstatt new`, through the real command."""

from __future__ import annotations

import csv
import difflib
import io
import os
import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path


from workshop.core.demo import CONTACT, NETWORK, SIGNUPS
from workshop.core.home import Home
from workshop.core.privacy import signup_consent
from tests.clirun import assert_german_failure, werkstatt


def file_bytes(path: Path) -> bytes:
    return b"".join(candidate.read_bytes() for candidate in
                    (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")) if candidate.exists())


def device_ids(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [row[0] for row in conn.execute("SELECT id FROM devices")]
    finally:
        conn.close()


def test_purge_demo_leaves_no_device_id_and_changes_the_protocol_only_by_its_line_and_names(demo_home):
    db = demo_home / "sessions" / "demo.db"
    devices = device_ids(db)
    assert len(devices) == 30 and all(device.encode() in file_bytes(db) for device in devices[:5])
    before = werkstatt(demo_home, "export", "demo", "--out", "-").stdout
    result = werkstatt(demo_home, "purge", "demo", "--yes")
    assert result.exit_code == 0, result.output
    # Three in the network, four who signed up for measures (`SIGNUPS`).
    assert "7 Einwilligungen für das Netzwerk der Akteure wurden nie exportiert" in result.output
    assert "Gelöscht am" in result.output and "30 Telefone, 7 Einträge im Netzwerk" in result.output
    raw = file_bytes(db)
    assert not any(device.encode() in raw for device in devices)
    assert not any(email.encode() in raw for _name, _organisation, email in NETWORK)
    assert not any(name.encode() in raw or (email and email.encode() in raw) for name, _o, email, *_ in SIGNUPS)
    conn = sqlite3.connect(db)
    try:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        values = [value for table in tables for row in conn.execute(f'SELECT * FROM "{table}"') for value in row]
    finally:
        conn.close()
    assert not any(device in value for value in values if isinstance(value, str) for device in devices)
    after = werkstatt(demo_home, "export", "demo", "--out", "-").stdout
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")]
    # Only the purge's line is new; what changes besides is the one name published with consent (the counts stay)
    # and the actors' appendix, which turns into a count.
    added = [line[2:] for line in changed if line.startswith("+ ")]
    named = next(line[2:] for line in changed if line.startswith("- ") and "Mitwirkende" in line)
    assert added == [f"- **Personenbezogene Daten gelöscht:** {date.today():%d.%m.%Y}",
                     named.replace(" (Mariam Ahmadi)", ""),
                     "1 Person hatte eingewilligt; ihre Angaben sind gelöscht."]
    assert "Mariam Ahmadi" in before and "Mariam Ahmadi" not in after and "Mitwirkende: 1 Person" in after
    again = werkstatt(demo_home, "purge", "demo", "--yes")
    assert again.exit_code == 0 and "schon am" in again.output
    assert werkstatt(demo_home, "network", "demo", "--out", "-").stdout_bytes.count(b"\r\n") == 1  # the header only


def test_purge_without_yes_and_without_a_terminal_refuses(demo_home):
    """Attack: a script (no terminal to ask) purging by accident; also a bare `purge` with nothing named."""
    result = werkstatt(demo_home, "purge", "demo", stdin="j\n")
    assert result.exit_code == 1
    assert "Fehler: Nichts gelöscht: ohne Terminal gibt es keine Rückfrage; mit --yes bestätigen." in result.stderr
    assert len(device_ids(demo_home / "sessions" / "demo.db")) == 30
    usage = werkstatt(demo_home, "purge")
    assert usage.exit_code == 2 and "Entweder eine SESSION oder --expired angeben." in usage.stderr
    both = werkstatt(demo_home, "purge", "demo", "--expired")
    assert both.exit_code == 2


def test_exported_consents_are_not_reported_as_lost(demo_home):
    assert werkstatt(demo_home, "network", "demo").exit_code == 0
    result = werkstatt(demo_home, "purge", "demo", "--yes")
    assert result.exit_code == 0 and "nie exportiert" not in result.output


def test_purge_expired_takes_only_sessions_past_their_retention(tmp_path):
    home = tmp_path / "home"
    today = date.today()
    recent = (today - timedelta(days=10)).isoformat()
    assert werkstatt(home, "new", "Alt", "--date", "2016-11-24", "--retention-days", "30").exit_code == 0
    assert werkstatt(home, "new", "Heute", "--date", today.isoformat()).exit_code == 0
    assert werkstatt(home, "new", "Lange", "--date", recent, "--retention-days", "3650").exit_code == 0
    for slug in ("2016-11-24-alt", f"{today.isoformat()}-heute", f"{recent}-lange"):
        service = Home(home).open(slug)
        phone = service.devices.join().id
        service.phones.submit_idea(phone, "c1", "Eine Idee")
        service.close()
    result = werkstatt(home, "purge", "--expired", "--yes")
    assert result.exit_code == 0, result.output
    purged = {slug: bool(Home(home).open(slug).read.session().purged_at)
              for slug in ("2016-11-24-alt", f"{today.isoformat()}-heute", f"{recent}-lange")}
    assert purged == {"2016-11-24-alt": True, f"{today.isoformat()}-heute": False, f"{recent}-lange": False}
    again = werkstatt(home, "purge", "--expired", "--yes")
    assert again.exit_code == 0 and "Keine Sitzung" in again.output


def test_network_lists_exactly_the_consenting_people_with_their_consent(demo_home, tmp_path):
    out = tmp_path / "actors.csv"
    result = werkstatt(demo_home, "network", "demo", "--out", str(out))
    assert result.exit_code == 0 and result.stdout.strip() == str(out)
    data = out.read_bytes()
    # The header, three people in the network, and a row per person and measure signed up for (`SIGNUPS`).
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == 1 + 3 + 5
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    signed = [row for row in rows[1:] if row[5]]
    rows = rows[:1] + [row for row in rows[1:] if not row[5]]
    assert sorted((row[0], row[5]) for row in signed)[:2] == [("Amira Saleh", "Begegnungscafé am Bahnhof"),
                                                               ("Amira Saleh", "Wohnraumbörse mit Patenschaften")]
    assert all(row[8].startswith("Die Stadt darf mich zur Umsetzung dieser Maßnahme kontaktieren.") for row in signed)
    assert rows[0] == ["Name", "Organisation", "E-Mail", "Telefon", "Rolle", "Maßnahme", "Handlungsfeld", "Sitzung",
                       "Einwilligung", "Zeitpunkt"]
    assert sorted((row[0], row[1], row[2]) for row in rows[1:]) == sorted(NETWORK)
    for row in rows[1:]:
        assert row[8].startswith("Ich bin damit einverstanden") and CONTACT in row[8] and row[7] == "demo"
        assert len(row[9]) == 16 and row[9][2] == "." and row[9][10] == " "  # 24.11.2016 19:42


def test_network_csv_defuses_formulas_and_withdrawal_erases_by_e_mail(demo_home):
    """Attack: a name typed as a spreadsheet formula; a withdrawal by e-mail after the event."""
    service = Home(demo_home).open("demo")
    phone = next(person.id for person in service.read.participants() if person.consent_at is None)
    service.consent.record(phone, name='=HYPERLINK("http://x";"klick")', consent_text="+Ja")
    service.close()
    rows = list(csv.reader(io.StringIO(werkstatt(demo_home, "network", "demo", "--out", "-").stdout), delimiter=";"))
    formula = next(row for row in rows if "HYPERLINK" in row[0])
    assert ["'=HYPERLINK(\"http://x\";\"klick\")", "", "", "'+Ja"] == [*formula[:3], formula[8]]
    email = NETWORK[0][2]
    result = werkstatt(demo_home, "network", "demo", "--withdraw", email.upper())
    assert result.exit_code == 0 and f"1 Eintrag mit {email.upper()} gelöscht." in result.output
    assert email.encode() not in file_bytes(demo_home / "sessions" / "demo.db")
    names = [row[0] for row in csv.reader(io.StringIO(werkstatt(demo_home, "network", "demo", "--out", "-").stdout),
                                          delimiter=";")]
    assert NETWORK[0][0] not in names and NETWORK[1][0] in names
    nothing = werkstatt(demo_home, "network", "demo", "--withdraw", email)
    assert nothing.exit_code == 0 and "nichts (mehr) gespeichert" in nothing.output


def test_the_protocol_lists_only_people_whose_consent_says_so(demo_home):
    service = Home(demo_home).open("demo")
    phones = [person.id for person in service.read.participants() if person.consent_at is None][:2]
    service.consent.record(phones[0], name="Lena Listig", organisation="Sportverein", consent_text="Ja. Protokoll.",
                           listed=True)
    service.consent.record(phones[1], name="Nora Nichtgenannt", consent_text="Ja.")
    service.close()
    text = werkstatt(demo_home, "export", "demo", "--out", "-").stdout
    appendix = text.split("## Anhang: Netzwerk der Akteure")[1]
    assert "- Lena Listig (Sportverein)" in appendix
    assert "Nora" not in text and NETWORK[0][0] not in text


def test_new_keeps_retention_and_contact_and_refuses_a_contact_that_is_no_address(tmp_path):
    home = tmp_path / "home"
    result = werkstatt(home, "new", "Werkstatt", "--date", "2017-03-02", "--retention-days", "14",
                       "--contact", "integration@stadt.example")
    assert result.exit_code == 0
    session = Home(home).open("2017-03-02-werkstatt").read.session()
    assert (session.retention_days, session.contact) == (14, "integration@stadt.example")
    bad = werkstatt(home, "new", "Zwei", "--contact", "Frau Müller im Rathaus")
    assert bad.exit_code == 1 and "Fehler: Die Kontaktadresse muss eine E-Mail-Adresse sein." in bad.stderr
    too_long = werkstatt(home, "new", "Drei", "--retention-days", "99999")
    assert too_long.exit_code == 2


def test_new_sets_how_long_exported_lists_are_kept_and_the_phones_consent_names_it(tmp_path):
    home = tmp_path / "home"
    result = werkstatt(home, "new", "Werkstatt", "--date", "2017-03-02", "--network-keep-months", "6",
                       "--contact", "integration@stadt.example")
    assert result.exit_code == 0, result.output
    session = Home(home).open("2017-03-02-werkstatt").read.session()
    assert session.network_keep_months == 6
    assert "Exportierte Listen bewahrt die Stadt höchstens 6 Monate auf." in signup_consent(session, "de")
    assert "щонайбільше 6 місяців" in signup_consent(session, "uk")  # Ukrainian's plural form for 6
    assert werkstatt(home, "new", "Ohne", "--date", "2017-03-02").exit_code == 0
    assert Home(home).open("2017-03-02-ohne").read.session().network_keep_months == 24


def test_new_refuses_months_out_of_range_in_one_german_line_and_creates_nothing(tmp_path):
    """Attack: zero months, a negative number, more than ten years, a word, an empty value and Arabic-Indic
    digits past the limit, from a script with no terminal."""
    home = tmp_path / "home"
    for value in ("0", "-1", "121", "zwei", "", "١٢١"):
        result = werkstatt(home, "new", "Werkstatt", "--network-keep-months", value)
        assert_german_failure(result, 2, "Fehler: Ungültiger Wert für '--network-keep-months': ",
                              english=["valid", "range", "integer", "Error", "Traceback"])
        assert [line for line in result.stderr.splitlines() if line.startswith("Fehler")] == [
            result.stderr.strip().splitlines()[-1]], "one line says what is wrong, at the end"
    assert not list(home.glob("sessions/*.db"))
    real = subprocess.run([sys.executable, "-m", "workshop", "new", "Werkstatt", "--network-keep-months", "0"],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, "WERKSTATT_HOME": str(home)})
    assert real.returncode == 2 and real.stderr.strip().splitlines()[-1] == (
        "Fehler: Ungültiger Wert für '--network-keep-months': 0 liegt nicht im Bereich 1<=x<=120.")
    assert not list(home.glob("sessions/*.db"))
