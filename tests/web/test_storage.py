"""A session file that does not take a phone's write: one JSON error in the phone's language, nothing stored,
the typed text kept — never a plain-text 500.

The attack is the room's own mishap: the laptop's disk fills up, or the file turns read-only (a USB stick's
switch, a copy on a read-only share). Both are made real inside SQLite on the server's own write connection:
a page limit, so the file cannot grow (SQLITE_FULL, what SQLite reports for a full disk), and `query_only`
(SQLITE_READONLY, what it reports for a read-only file).
"""

from __future__ import annotations

import pytest

from tests.web.conftest import voting


def on_writer(service, sql: str):
    return service.writer.call(lambda: service.store.conn.execute(sql).fetchall())


@pytest.fixture
def full_disk(facilitator):
    pages = on_writer(facilitator, "PRAGMA page_count")[0][0]
    on_writer(facilitator, f"PRAGMA max_page_count = {pages}")
    yield
    on_writer(facilitator, "PRAGMA max_page_count = 1073741823")


@pytest.fixture
def read_only(facilitator):
    on_writer(facilitator, "PRAGMA query_only = 1")
    yield
    on_writer(facilitator, "PRAGMA query_only = 0")


async def test_a_full_disk_answers_disk_full_and_the_idea_is_sent_again_once_there_is_room(
        phones, facilitator, full_disk):
    phone = await phones(**{"accept-language": "en"})
    stored_before = len(facilitator.read.ideas())
    refused = None
    for number in range(300):  # until the file's last free page is used
        response = await phone.idea("Lange Idee " + "x" * 480, client_id=f"voll-{number}")
        if response.status_code != 201:
            refused = (number, response)
            break
    assert refused is not None, "the page limit made the file full"
    number, response = refused
    assert response.status_code == 507 and response.json()["error"] == "disk_full"
    assert "storage is full" in response.json()["message"], "in the phone's language"
    assert f"voll-{number}" not in {idea.client_id for idea in facilitator.read.ideas()}
    stored = len(facilitator.read.ideas()) - stored_before
    typed = "Per Formular, als der Speicher voll war " + "y" * 450
    form = await phone.form("idea", {"text": typed, "client_id": "form-voll"})
    assert form.status_code == 507 and typed in form.text
    on_writer(facilitator, "PRAGMA max_page_count = 1073741823")  # the facilitator made room
    again = await phone.idea("Lange Idee " + "x" * 480, client_id=f"voll-{number}")
    assert again.status_code == 201 and len(facilitator.read.ideas()) - stored_before == stored + 1


async def test_a_read_only_file_answers_read_only_for_ideas_dots_forms_and_consents(phones, facilitator, read_only):
    phone = await phones(**{"accept-language": "ru"})
    idea = await phone.idea("Schreibgeschützt", client_id="ro-1")
    assert idea.status_code == 503 and idea.json()["error"] == "read_only" and idea.headers["retry-after"]
    assert "защищён от записи" in idea.json()["message"]
    form = await phone.form("idea", {"text": "Ohne Skript, schreibgeschützt", "client_id": "ro-2"})
    assert form.status_code == 503 and "Ohne Skript, schreibgeschützt" in form.text
    network = await phone.form("network", {"name": "Dana", "email": "dana@example.org", "consent": "yes"})
    assert network.status_code == 503 and "Dana" in network.text and "dana@example.org" in network.text
    assert facilitator.read.ideas() == [] and facilitator.read.participants() == []


async def test_dots_on_a_read_only_file_are_refused_and_stored_when_sent_again(phones, facilitator):
    round_id, themes = voting(facilitator)
    voters = [await phones() for _ in range(5)]
    on_writer(facilitator, "PRAGMA query_only = 1")
    try:
        answers = [await voter.dots(round_id, themes[0], 1) for voter in voters]
        assert {response.status_code for response in answers} == {503}
        assert {response.json()["error"] for response in answers} == {"read_only"}
    finally:
        on_writer(facilitator, "PRAGMA query_only = 0")
    assert facilitator.read.round_activity(round_id) == (0, 0)
    assert [(await voter.dots(round_id, themes[0], 1)).status_code for voter in voters] == [200] * 5
    assert facilitator.read.round_activity(round_id) == (5, 5)
