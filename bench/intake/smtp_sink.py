"""A minimal SMTP server on loopback that accepts every message and keeps none.

The task worker sends the confirmation mails during the with-worker rounds, as in production;
it needs a server that answers like a mail relay, quickly, and this one does. (No dependency:
aiosmtpd is a test dependency, and `make bench` installs only the site's own.)
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self.reply("220 bench-sink ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 bench-sink")
            elif verb == b"DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                while (body := self.rfile.readline()) and body not in (b".\r\n", b".\n"):
                    pass
                self.server.delivered += 1  # type: ignore[attr-defined]
                self.reply("250 accepted")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:  # MAIL, RCPT, RSET, NOOP
                self.reply("250 OK")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    delivered = 0


@contextmanager
def smtp_sink() -> Iterator[_Server]:
    """A running sink on a free loopback port (`server.server_address[1]`), counting messages."""
    server = _Server(("127.0.0.1", 0), _Session)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
