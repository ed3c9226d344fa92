"""Log lines that never carry a client address or a link token.

Two places write about requests: gunicorn (its access log and its error log, which reports
malformed requests as "Invalid request from ip=…") and Django (`django.request` warns about
4xx answers with the path). Both go through `redact`, so whatever a client sends — an
oversized request line, a broken header, TLS bytes on the HTTP port — what reaches the log has
no IP address in it and no token from an old-style link path. The server's own listening
address, which gunicorn prints when it starts, is the one address kept.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from typing import Any

from gunicorn import glogging

ADDRESS = "[address]"
TOKEN = "[token]"  # noqa: S105 - the placeholder, not a secret
QUERY = "[query]"
# Anything that could be an IPv4 or IPv6 address, possibly with a port or in brackets; each
# candidate is checked with `ipaddress` before it is replaced.
_CANDIDATE = re.compile(r"\[?[0-9A-Fa-f:.]*[:.][0-9A-Fa-f:.%\]]*[0-9A-Fa-f\]]")
# Paths that carry a token: old letter status links, allauth's password reset and email
# confirmation keys.
_TOKEN_IN_PATH = re.compile(r"(/letters/|/password/reset/key/|/confirm-email/)[^/\s?\"'<>]+")
# Any other path segment that looks like a token rather than a slug: a signed value (with a
# colon), a long mix of capitals and digits (base64), or a long hex string.
_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_:.=-]{16,}(?=[/?\s\"'<>]|$)")
# A query string after a path or address: link tokens travel there (`?token=…`).
_QUERY = re.compile(r"(?<=[\w/%.-])\?[^\s\"'<>]+")
# A token named in any other text (form data, an exception's message).
_NAMED_TOKEN = re.compile(r"\b(token|key|signature|code|password)=[^&\s\"'<>]+", re.IGNORECASE)
_INVALID_REQUEST = re.compile(r"^Invalid request from ip=\S*: ")
# What a malformed request line or header said: the client's own bytes, which may hold tokens.
_QUOTED = re.compile(r"'[^']*'")


def _is_address(text: str) -> bool:
    candidates = {text, text.strip("[]")}
    if text.startswith("[") and "]:" in text:  # [2001:db8::1]:443
        candidates.add(text[1 : text.index("]")])
    if text.count(":") == 1:  # 198.51.100.7:52100
        candidates.add(text.split(":", 1)[0])
    for candidate in candidates:
        try:
            ipaddress.ip_address(candidate.split("%", 1)[0])
        except ValueError:
            continue
        return True
    return False


def redact(text: str, keep: frozenset[str] = frozenset()) -> str:
    """`text` with every IP address (except those in `keep`) and path token replaced."""

    def address(match: re.Match[str]) -> str:
        found = match.group(0)
        if found in keep or not _is_address(found):
            return found
        return ADDRESS

    text = _CANDIDATE.sub(address, text)
    text = _TOKEN_IN_PATH.sub(lambda match: match.group(1) + TOKEN, text)
    text = _SEGMENT.sub(_segment, text)
    text = _QUERY.sub("?" + QUERY, text)
    return _NAMED_TOKEN.sub(lambda match: match.group(1) + "=" + TOKEN, text)


def _segment(match: re.Match[str]) -> str:
    segment = match.group(0)
    looks_signed = ":" in segment
    looks_base64 = any(c.isupper() for c in segment) and any(c.isdigit() for c in segment)
    looks_hex = len(segment) >= 32 and all(c in "0123456789abcdef" for c in segment.lower())
    return TOKEN if looks_signed or looks_base64 or looks_hex else segment


_FORMATTER = logging.Formatter()
# What every record has; anything else was passed as `extra` (Django adds the request).
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


def redact_record(record: logging.LogRecord, keep: frozenset[str] = frozenset()) -> None:
    message = record.getMessage()
    if _INVALID_REQUEST.match(message):
        message = _QUOTED.sub("'…'", _INVALID_REQUEST.sub("Invalid request: ", message))
    record.msg, record.args = redact(message, keep), ()
    # A traceback quotes values too (a path in an exception's message): formatted here, once,
    # and redacted; handlers then print `exc_text` as it is.
    if record.exc_info and not record.exc_text:
        record.exc_text = _FORMATTER.formatException(record.exc_info)
    if record.exc_text:
        record.exc_text = redact(record.exc_text, keep)
    if record.stack_info:
        record.stack_info = redact(record.stack_info, keep)
    for name, value in list(vars(record).items()):
        if name not in _STANDARD:
            setattr(record, name, _redact_extra(value, keep))


def _redact_extra(value: object, keep: frozenset[str]) -> object:
    """An extra as a formatter or handler would print it: Django's `request` becomes its method
    and redacted path (its repr carries the query string; its META the client's address)."""
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    method, path = getattr(value, "method", None), getattr(value, "path", None)
    if isinstance(method, str) and isinstance(path, str):
        return redact(f"{method} {path}", keep)
    return redact(str(value), keep)


class RedactFilter(logging.Filter):
    """For Django's LOGGING: rewrites each record before any handler formats it."""

    def __init__(self, keep: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.keep = keep

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record, self.keep)
        return True


class PrivateGunicornLogger(glogging.Logger):
    """gunicorn's logger, with every error-log record and access-log field redacted."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        keep = frozenset(_bind_addresses(cfg.bind))
        for logger in (self.error_log, self.access_log):
            logger.filters = [f for f in logger.filters if not isinstance(f, RedactFilter)]
            logger.addFilter(RedactFilter(keep))

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["h"] = "-"
        for key in list(atoms):
            # Forwarded-for and real-ip headers, the remote address in the environ.
            if key.startswith("{") and any(word in key for word in ("forwarded", "real-ip", "remote_")):
                atoms[key] = "-"
            elif isinstance(atoms[key], str):
                atoms[key] = redact(atoms[key])
        return atoms


def _bind_addresses(binds: list[str]) -> list[str]:
    """The server's own addresses, as gunicorn prints them when it starts ("Listening at")."""
    kept = []
    for bind in binds:
        kept.append(bind)
        kept.append(bind.rsplit(":", 1)[0] if not bind.startswith("[") else bind.split("]")[0] + "]")
    return kept
