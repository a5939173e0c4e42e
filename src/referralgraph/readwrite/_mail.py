"""Mail headers from mbox archives and .eml files, streamed: bodies are skipped, never decoded or kept.

An mbox file is read in blocks of :data:`BLOCK` bytes; a message starts at a line
``From `` that follows a blank line (or the start of the file), and only its header
block (up to the first blank line, at most :data:`HEADER_LIMIT` bytes) is parsed.
Everything after it, bodies and attachments of any size, is skipped with a byte search,
so memory stays bounded by the block size whatever the file's size.
"""

from __future__ import annotations

import email.header
import email.utils
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path


from ..exceptions import ReferralGraphWarning

__all__ = ["Message", "iter_mbox", "read_eml", "HEADER_LIMIT", "BLOCK"]

#: bytes read at a time
BLOCK = 8 * 2**20
#: a header block longer than this is reported and its message skipped
HEADER_LIMIT = 256 * 2**10
_ID = re.compile(r"<[^<>\s]+>")
_FIELD = re.compile(
    r"^(from|to|cc|date|subject|message-id|in-reply-to|references|x-gmail-labels)[ \t]*:[ \t]*"
    r"(.*(?:\r?\n[ \t].*)*)",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass
class Message:
    """The headers of one message that referralgraph reads (no body)."""

    file: str
    where: str  # "message 12 (<id@host>)"
    date: float | None  # seconds since 1970, UTC
    sender: tuple[str, str] | None  # (address, display name)
    to: list = field(default_factory=list)  # [(address, name), ...] from To and Cc
    subject: str = ""
    message_id: str = ""
    refs: list = field(default_factory=list)  # In-Reply-To then References ids
    labels: str = ""
    problems: list = field(default_factory=list)


def _text(raw: bytes) -> tuple[str, bool]:
    """Header bytes as text: UTF-8, else Windows-1252 (8-bit headers); second value: was it 8-bit and not UTF-8."""
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), True


def _decoded(value: str) -> str:
    """RFC 2047 encoded words decoded (``=?utf-8?q?Jos=C3=A9?=``); undecodable words kept as written."""
    if "=?" not in value:
        return value
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except (LookupError, ValueError, UnicodeError, email.errors.HeaderParseError):
        return value


_SIMPLE = re.compile(r"^\s*([^<>]*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$|^\s*<?([^<>\s]+@[^<>\s]+?)>?\s*$")


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(address, display name) pairs; plain ``Name <a@b>`` lists fast, anything quoted or commented by the stdlib."""
    out = []
    for value in values:
        if '"' in value or "(" in value or ";" in value:
            pairs = email.utils.getaddresses([value])
        else:
            pairs = []
            for part in value.split(","):
                m = _SIMPLE.match(part)
                if m is None:
                    pairs.extend(email.utils.getaddresses([part]))
                elif m.group(2):
                    pairs.append((m.group(1), m.group(2)))
                else:
                    pairs.append(("", m.group(3)))
        for name, addr in pairs:
            addr = addr.strip().strip("<>").lower()
            if "@" in addr:
                out.append((addr, _decoded(name).strip().strip('"') if name else ""))
    return out


def _date(value: str) -> float | None:
    """A Date header as seconds since 1970 (UTC); None when it cannot be read or is outside 1900-2199."""
    try:
        parts = email.utils.parsedate_tz(value)
        if parts is None or not 1900 <= parts[0] <= 2199:
            return None
        return float(email.utils.mktime_tz(parts))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def parse_headers(raw: bytes, *, file: str, number: int) -> Message:
    """One message's header block (bytes up to the blank line) as a :class:`Message`."""
    text, eight_bit = _text(raw)
    fields: dict[str, list[str]] = {}
    for m in _FIELD.finditer(text):  # the wanted fields with their folded continuation lines, in one C-level scan
        value = m.group(2)
        if "\n" in value:
            value = " ".join(part.strip() for part in value.splitlines())
        fields.setdefault(m.group(1).lower(), []).append(value.strip())
    mid = (fields.get("message-id") or [""])[0]
    ids = _ID.findall(mid)
    mid = ids[0] if ids else ""
    where = f"message {number}" + (f" ({mid})" if mid else "")
    msg = Message(file=file, where=where, date=None, sender=None, message_id=mid)
    if eight_bit:
        msg.problems.append("8-bit header bytes that are not UTF-8 were read as Windows-1252")
    raw_date = (fields.get("date") or [""])[0]
    msg.date = _date(raw_date)
    if msg.date is None:
        msg.problems.append(f"Date header {raw_date[:60]!r} cannot be read" if raw_date else "no Date header")
    senders = _addresses(fields.get("from", []))
    msg.sender = senders[0] if senders else None
    if msg.sender is None:
        msg.problems.append("no readable From address")
    msg.to = _addresses(fields.get("to", []) + fields.get("cc", []))
    msg.subject = _decoded((fields.get("subject") or [""])[0])
    msg.refs = _ID.findall(" ".join(fields.get("in-reply-to", []) + fields.get("references", [])))
    msg.labels = _decoded(" ".join(fields.get("x-gmail-labels", [])))
    return msg


def _after_blank(buf: bytes, at: int) -> bool:
    """The ``\\n`` at ``at`` (before ``From ``) ends a blank line: a message separator, not body text."""
    if at == 0:
        return True
    before = buf[at - 1 : at]
    return before == b"\n" or (before == b"\r" and at >= 2 and buf[at - 2 : at - 1] == b"\n")


def _next_separator(f, buf: bytes, pos: int, eof: bool):
    """(buffer, position of the next message's ``From ``, eof); position -1 at the end of the file."""
    while True:
        at = buf.find(b"\nFrom ", pos)
        while at >= 0 and not _after_blank(buf, at):
            at = buf.find(b"\nFrom ", at + 1)
        if at >= 0:
            return buf, at + 1, eof
        if eof:
            return buf, -1, eof
        more = f.read(BLOCK)
        buf, pos, eof = buf[-8:] + more, 0, len(more) < BLOCK  # a separator may straddle two blocks


def iter_mbox(path: Path, *, on_problem):
    """Yield the :class:`Message` of every message of an mbox file, streaming.

    ``on_problem(where, message)`` is called for each message whose headers cannot be
    fully read (a message whose header block is too long is skipped; the others are
    yielded with what could be read).
    """
    number = 0
    with open(path, "rb") as f:
        buf = f.read(BLOCK)
        eof = len(buf) < BLOCK
        if not buf.startswith(b"From "):
            return
        start = 0
        while start >= 0:
            while True:  # the header block: the line after "From ..." up to the first empty line
                nl = buf.find(b"\n", start, start + HEADER_LIMIT)
                end = _blank_line(buf, nl + 1) if nl >= 0 else -1
                if end >= 0 or eof or len(buf) - start > HEADER_LIMIT + 4096:
                    break
                more = f.read(BLOCK)
                eof = len(more) < BLOCK
                buf, start = buf[start:] + more, 0  # only when a header straddles two blocks
            number += 1
            if nl < 0:
                return
            if end < 0 and eof and len(buf) - nl <= HEADER_LIMIT:
                end = len(buf)  # the last message: its header runs to the end of the file
            stop = end if end >= 0 else nl + 1  # no end in reach: look for the next message after its first line
            if end < 0 or stop - nl > HEADER_LIMIT:
                on_problem(f"message {number}", f"its header is longer than {HEADER_LIMIT // 1024} KiB; skipped")
            else:
                msg = parse_headers(buf[nl + 1 : stop], file=str(path), number=number)
                for p in msg.problems:
                    on_problem(msg.where, p)
                yield msg
            buf, start, eof = _next_separator(f, buf, stop, eof)


def _blank_line(buf: bytes, pos: int) -> int:
    """Position of the first empty line at or after ``pos`` (within a header's reach), or -1."""
    if buf[pos : pos + 1] == b"\n" or buf[pos : pos + 2] == b"\r\n":
        return pos
    limit = pos + HEADER_LIMIT + 2
    a = buf.find(b"\n\n", pos, limit)
    b = buf.find(b"\n\r\n", pos, a + 2 if a >= 0 else limit)
    hits = [h for h in (a, b) if h >= 0]
    return min(hits) + 1 if hits else -1


def read_eml(path: Path, *, on_problem) -> Message | None:
    """The headers of one .eml file (read up to its first blank line, at most :data:`HEADER_LIMIT` bytes)."""
    with open(path, "rb") as f:
        head = f.read(HEADER_LIMIT + 1)
    end = _blank_line(head, 0)
    if end < 0 and len(head) > HEADER_LIMIT:
        on_problem("message 1", f"its header is longer than {HEADER_LIMIT // 1024} KiB; skipped")
        return None
    msg = parse_headers(head[:end] if end >= 0 else head, file=str(path), number=1)
    for p in msg.problems:
        on_problem(msg.where, p)
    return msg


def warn_problem(path, where: str, message: str) -> None:
    warnings.warn(f"{path}: {where}: {message}", ReferralGraphWarning, stacklevel=3)
