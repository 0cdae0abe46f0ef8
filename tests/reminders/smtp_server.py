"""A tiny SMTP server for tests (aiosmtpd is not installed): enough of RFC 5321 for smtplib.

It speaks EHLO/HELO, AUTH PLAIN and LOGIN, MAIL, RCPT, DATA, RSET, NOOP and QUIT, keeps
every accepted message, and can be told to refuse messages (a 451 at DATA) or to require a
login. It runs on 127.0.0.1 on a free port in a background thread.
"""

from __future__ import annotations

import base64
import socketserver
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage


@dataclass
class Received:
    """One accepted message: envelope and parsed content."""

    sender: str
    recipients: list[str]
    message: EmailMessage


@dataclass
class MailboxState:
    messages: list[Received] = field(default_factory=list)
    refuse: bool = False
    user: str | None = None
    password: str | None = None
    logins: list[str] = field(default_factory=list)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode("utf-8") + b"\r\n")

    def readline(self) -> str:
        return self.rfile.readline().decode("utf-8", "replace").rstrip("\r\n")

    def handle(self) -> None:
        state = self.server.state
        sender, recipients, authed = "", [], state.user is None
        self.reply("220 test-smtp ready")
        while True:
            line = self.readline()
            if not line and self.rfile.closed:
                return
            verb, _, arg = line.partition(" ")
            verb = verb.upper()
            if verb == "EHLO":
                self.wfile.write(b"250-test-smtp\r\n250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
            elif verb == "HELO":
                self.reply("250 test-smtp")
            elif verb == "AUTH":
                mechanism, _, initial = arg.partition(" ")
                if mechanism.upper() == "PLAIN":
                    if not initial:
                        self.reply("334 ")
                        initial = self.readline()
                    _, user, password = base64.b64decode(initial).decode().split("\0")
                else:
                    self.reply("334 VXNlcm5hbWU6")
                    user = base64.b64decode(self.readline()).decode()
                    self.reply("334 UGFzc3dvcmQ6")
                    password = base64.b64decode(self.readline()).decode()
                if (user, password) == (state.user, state.password):
                    authed = True
                    state.logins.append(user)
                    self.reply("235 2.7.0 Authentication successful")
                else:
                    self.reply("535 5.7.8 Authentication credentials invalid")
            elif verb == "MAIL":
                if not authed:
                    self.reply("530 5.7.0 Authentication required")
                    continue
                sender, recipients = arg.split(":", 1)[1].strip().strip("<>").split(">")[0], []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(arg.split(":", 1)[1].strip().strip("<>").split(">")[0])
                self.reply("250 OK")
            elif verb == "DATA":
                if state.refuse:
                    self.reply("451 4.3.0 Try again later")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(data[1:] if data.startswith(b"..") else data)
                parsed = message_from_bytes(b"".join(lines), policy=policy.default)
                state.messages.append(Received(sender, recipients, parsed))  # type: ignore[arg-type]
                self.reply("250 OK: queued")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, state: MailboxState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class SmtpTestServer:
    """``with SmtpTestServer() as smtp: … smtp.port … smtp.state.messages``."""

    def __init__(self, *, user: str | None = None, password: str | None = None) -> None:
        self.state = MailboxState(user=user, password=password)
        self._server = _Server(self.state)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SmtpTestServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
