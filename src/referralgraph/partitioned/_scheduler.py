"""A Dask scheduler address as untrusted input: parsed, validated, and probed with a timeout.

``dask.distributed.Client(address)`` waits without end for a listener that accepts
and never answers, and reads an HTTP server's reply as a frame length ("not enough
memory"). So before handing an address to Dask we parse it (``tcp://HOST:PORT`` or
``HOST:PORT``), connect with a timeout and wait, with the same timeout, for the
scheduler's greeting: a Dask scheduler speaks first (its handshake frame), anything
else is refused with one clear message.
"""

from __future__ import annotations

import re
import socket
import struct

from ..exceptions import OptionError

__all__ = ["parse_scheduler", "probe_scheduler", "CONNECT_TIMEOUT"]

#: seconds to wait for a scheduler to accept the connection, and again for its greeting
CONNECT_TIMEOUT = 10.0
_ADDRESS = re.compile(
    r"^(?:(?P<scheme>[a-z][a-z0-9+.-]*)://)?(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)"
    r":(?P<port>[0-9]{1,5})/?$"
)
_EXAMPLE = "expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786"


def parse_scheduler(address: str) -> tuple[str, int]:
    """``(host, port)`` of a scheduler address, or :class:`OptionError` saying what was expected.

    Examples
    --------
    >>> from referralgraph.partitioned._scheduler import parse_scheduler
    >>> parse_scheduler("tcp://10.0.0.5:8786")
    ('10.0.0.5', 8786)
    >>> parse_scheduler("http://10.0.0.5:8787")
    Traceback (most recent call last):
    ...
    referralgraph.exceptions.OptionError: scheduler 'http://10.0.0.5:8787' uses http://, which Dask's scheduler does not speak; expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786 (a dashboard's http:// address is not the scheduler's)
    """
    m = _ADDRESS.match(address.strip()) if len(address) < 300 else None
    if m is None:
        raise OptionError(f"scheduler {address!r} is not an address; {_EXAMPLE}")
    scheme = (m.group("scheme") or "tcp").lower()
    if scheme in ("tls", "wss"):
        raise OptionError(
            f"scheduler {address!r} uses {scheme}://, which needs certificates; expected tcp://HOST:PORT, "
            "or pass a dask.distributed.Client created with your Security settings (Python API)"
        )
    if scheme != "tcp":
        extra = " (a dashboard's http:// address is not the scheduler's)" if scheme.startswith("http") else ""
        raise OptionError(
            f"scheduler {address!r} uses {scheme}://, which Dask's scheduler does not speak; {_EXAMPLE}{extra}"
        )
    port = int(m.group("port"))
    if not 1 <= port <= 65535:
        raise OptionError(f"scheduler {address!r} has port {port}; expected a port from 1 to 65535")
    return m.group("host").strip("[]"), port


def probe_scheduler(address: str, *, timeout: float = CONNECT_TIMEOUT) -> str:
    """Connect to ``address`` and wait for a Dask scheduler's greeting; return the ``tcp://`` address.

    Raises
    ------
    OptionError
        If nothing listens there, the connection or the greeting takes longer than
        ``timeout`` seconds, or what answers is not a Dask scheduler.
    """
    host, port = parse_scheduler(address)
    where = f"tcp://{'[' + host + ']' if ':' in host else host}:{port}"
    try:
        with socket.create_connection((host, port), timeout=timeout) as conn:
            conn.settimeout(timeout)
            head = b""
            while len(head) < 16:
                chunk = conn.recv(16 - len(head))
                if not chunk:
                    break
                head += chunk
    except socket.timeout:
        raise OptionError(
            f"the scheduler at {where} did not answer within {timeout:g} s; expected a running Dask "
            "scheduler (dask scheduler) at that address"
        ) from None
    except OSError as exc:
        raise OptionError(
            f"cannot connect to the scheduler at {where} ({exc.strerror or exc}); expected a running "
            "Dask scheduler (dask scheduler) at that address"
        ) from None
    if len(head) < 16:
        raise OptionError(
            f"the service at {where} closed the connection without a greeting; expected a Dask "
            "scheduler at that address"
        )
    total, frames = struct.unpack("<QQ", head)
    if not (0 < frames < 64 and 8 * (frames + 1) <= total < 2**20):
        raise OptionError(
            f"the service at {where} is not a Dask scheduler (it answered {head[:8]!r}...); "
            f"{_EXAMPLE} (the scheduler's port, not its dashboard's)"
        )
    return where
