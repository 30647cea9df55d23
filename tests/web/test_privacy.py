"""Anonymous by default: no IP address or user agent is stored or logged."""

from __future__ import annotations

import logging
import sqlite3


async def test_no_address_or_user_agent_is_logged_or_stored(phones, service, caplog):
    caplog.set_level(logging.DEBUG)
    phone = await phones(**{"user-agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) UniqueAgent/42"})
    await phone.idea("Eine Idee")
    await phone.http.get("/j/NOPENOPENOPEN")
    server_side = [record for record in caplog.records if not record.name.startswith(("httpx", "httpcore"))]
    text = "\n".join(record.getMessage() for record in server_side)
    assert "127.0.0.1" not in text and "UniqueAgent" not in text
    conn = sqlite3.connect(service.store.path)
    try:
        dump = "\n".join(str(row) for table in ("devices", "ideas", "events")
                         for row in conn.execute(f"SELECT * FROM {table}"))
        columns = {row[1] for row in conn.execute("PRAGMA table_info(devices)")}
    finally:
        conn.close()
    assert "127.0.0.1" not in dump and "UniqueAgent" not in dump and "Mozilla" not in dump
    assert columns == {"id", "joined_at", "language", "name", "organisation", "email", "consent_text", "consent_at",
                       "consent_listed", "phone", "consent_text_de", "consent_version"}
