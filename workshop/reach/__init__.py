"""Can phones reach the laptop? Where the phones' server listens (`runtime`), and the check with plain advice
(`check`). Nothing here talks to another host: the check connects only to addresses the server is bound to."""

from workshop.reach.runtime import (
    ALL_INTERFACES, Listening, announce, beamer_url, is_loopback, running_servers, runtime_file, withdraw)

__all__ = ["ALL_INTERFACES", "Listening", "announce", "beamer_url", "is_loopback", "running_servers", "runtime_file",
           "withdraw"]
