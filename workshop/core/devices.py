"""Anonymous devices (`service.devices`): ids minted and signed without storing anything, a participant from
the first write.

Loading the phones' page or joining stores nothing: the server mints a device id signed with a key
derived from the session's own secret (kept in its file, so a restarted server still knows its
devices and forgery tokens), and the phone keeps it in a cookie. The device's row appears with its
first write — an idea, a dot, a consent — in that write's transaction, so a refused write leaves no
participant behind. Device ids from before signing (rows that exist) stay valid.
"""

from __future__ import annotations

import hashlib
import hmac
from workshop.core import ids
from workshop.core.errors import NotFound
from workshop.core.models import Participant
from workshop.core.store import Tx
from workshop.core.transactions import Part, Transactions
from workshop.i18n import LANGUAGES, _

DEVICE_ID_MAX = 64


class Devices(Part):
    """Minting and checking device ids; the phones' writes and a consent call `ensure()` inside their transaction.

    Its caches belong to the instance and are safe to share between threads: the secret and the keys
    derived from it never change once read, and the set of checked device ids only grows (a set's `in`
    and `add` are atomic).
    """

    def __init__(self, transactions: Transactions) -> None:
        super().__init__(transactions)
        self._secret: bytes | None = None
        self._keys: dict[str, bytes] = {}
        self._known_devices: set[str] = set()  # ids already checked: a set lookup per request after the first

    def key(self, purpose: str) -> bytes:
        """A key for one purpose ("device", "forgery"), derived from the secret in the session's file."""
        key = self._keys.get(purpose)
        if key is None:
            if self._secret is None:
                with self._read() as tx:
                    self.load_secret(tx)
            assert self._secret is not None
            key = self._keys[purpose] = hmac.new(self._secret, purpose.encode(), hashlib.sha256).digest()
        return key

    def load_secret(self, tx: Tx) -> bytes:
        """The session's phone secret, read in the caller's transaction the first time (then kept)."""
        if self._secret is None:
            row = tx.execute("SELECT value FROM secrets WHERE name = 'phones'").fetchone()
            if row is None:
                raise NotFound(_("Die Datei enthält keine Sitzung."))
            self._secret = bytes.fromhex(row[0])
        return self._secret

    def mint(self) -> str:
        """A new anonymous device id, signed by this session; nothing is stored."""
        return ids.new_device_id(self.key("device"))

    def join(self, language: str = "de") -> Participant:
        """A new anonymous device (the facilitator's side and tests): minted, not stored.

        Its id is accepted by the next write (idea, dot, consent), which makes it a participant.
        """
        return Participant(id=self.mint(), joined_at=self._now(),
                           language=language if language in LANGUAGES else "de")

    def is_device(self, device_id: object) -> bool:
        """Whether a phone's cookie names a device of this session (signed by it, or stored before signing)."""
        if not isinstance(device_id, str) or not device_id or len(device_id) > DEVICE_ID_MAX:
            return False
        known = self._known_devices
        if device_id in known:
            return True
        # Signed by this session, or (a file from before signing) stored as a row.
        if not (ids.is_signed_device_id(self.key("device"), device_id) or self.has_taken_part(device_id)):
            return False
        if len(known) > 200_000:  # a flood of minted ids must not grow it without end
            known.clear()
        known.add(device_id)
        return True

    def has_taken_part(self, device_id: str) -> bool:
        """Whether the device has written anything yet (it has a row)."""
        with self._read() as tx:
            return tx.execute("SELECT 1 FROM devices WHERE id = ?", (device_id,)).fetchone() is not None

    def ensure(self, tx: Tx, device_id: object) -> bool:
        """Inside a phone's write: the device's row, created now if this is its first write (True then).

        An id this session did not sign and never stored is refused, so no one can invent participants.
        """
        if not isinstance(device_id, str) or len(device_id) > DEVICE_ID_MAX:
            raise NotFound(_("Dieses Telefon ist der Sitzung nicht beigetreten."))
        if tx.execute("SELECT 1 FROM devices WHERE id = ?", (device_id,)).fetchone() is not None:
            return False
        self.load_secret(tx)
        if not ids.is_signed_device_id(self.key("device"), device_id):
            raise NotFound(_("Dieses Telefon ist der Sitzung nicht beigetreten."))
        tx.execute("INSERT INTO devices (id, joined_at) VALUES (?, ?)", (device_id, self._now()))
        return True
