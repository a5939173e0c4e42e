"""The map page: one self-contained HTML file with the inlined WebGL renderer, escaped data and a strict CSP.

User text reaches the page in exactly two ways, both inert:

- the JSON data block, ``<script type="application/json">``, in which ``<``, ``>``,
  ``&``, U+2028 and U+2029 are written as ``\\uXXXX`` escapes, so no user string can
  close the element (``</script>``) or start markup; the page's script reads it with
  ``JSON.parse`` and renders every string with ``textContent`` or as canvas text;
- the page title, HTML-escaped (``html.escape``) for ``<title>``, the heading and an
  attribute.

The Content-Security-Policy allows the two inline scripts by their sha256 hashes and
nothing else: no network request of any kind, no injected handler, no ``eval``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from functools import lru_cache
from importlib import resources
from ...exceptions import SchemaError

__all__ = ["render_page", "render_body", "json_for_script", "csp_for", "iframe"]

_TEMPLATE_TOKEN = re.compile(r"\{\{([A-Z]+)\}\}")
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


@lru_cache(maxsize=None)
def _asset(folder: str, name: str) -> str:
    return resources.files("referralgraph.drawing.maps").joinpath(folder).joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def _script(name: str) -> str:
    """A page script, checked once: nothing in it may close the ``<script>`` element."""
    js = _asset("templates", name)
    if re.search(r"</script|<!--", js, flags=re.IGNORECASE):  # pragma: no cover - guards a future edit
        raise SchemaError(f"templates/{name} contains '</script' or '<!--' and cannot be inlined")
    return js


def json_for_script(payload) -> str:
    """JSON safe to place inside ``<script type="application/json">``.

    Examples
    --------
    >>> json_for_script({"name": "</script><img src=x onerror=alert(1)>"})
    '{"name":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def _data_block(payload) -> str:
    """The payload's JSON for the page; the base64 binary block (no character to escape) skips the escaping scan."""
    obj = payload.to_json() if hasattr(payload, "to_json") else payload
    binary = obj.get("binary") if isinstance(obj, dict) else None
    if not binary:
        return json_for_script(obj)
    marker = '"b64":"@@RG-BINARY@@"'
    text = json_for_script({**obj, "binary": {**binary, "b64": "@@RG-BINARY@@"}})
    head, _, tail = text.partition(marker)
    return head + '"b64":"' + binary["b64"] + '"' + tail


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def csp_for(*scripts: str) -> str:
    """The Content-Security-Policy of a page whose only scripts are ``scripts`` (inline).

    Examples
    --------
    >>> csp_for("1")  # doctest: +NORMALIZE_WHITESPACE
    "default-src 'none'; script-src 'sha256-a4ayc/80/OGda4BO/1o/V0etpOqiLx1JwB5S3beHW0s='; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    """
    hashes = " ".join(_sha256(s) for s in scripts)
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def _fill(template: str, parts: dict) -> str:
    """``template`` with its ``{{TOKEN}}`` s replaced in one pass: text substituted in is never scanned again."""
    return _TEMPLATE_TOKEN.sub(lambda m: parts[m.group(1)], _asset("templates", template))


def render_body(title: str) -> str:
    """The map's markup (map, header, legend, time-lapse, panel, tooltip) with the title HTML-escaped.

    The page places it in its ``<body>``; the notebook widget in its own element.
    """
    return _fill("map-body.html", {"TITLE": html.escape(title, quote=True)})


def render_page(payload, *, title: str, version: str) -> str:
    """The whole page as a string: template, CSS, data, the renderer and the map script inlined."""
    app = _script("names.js") + "\n" + _script("map.js")  # the name matcher, then the map that uses it
    renderer = _script("renderer.js")
    parts = {
        "CSP": html.escape(csp_for(renderer, app), quote=True),
        "TITLE": html.escape(title, quote=True),
        "VERSION": html.escape(version, quote=True),
        "STYLE": _asset("templates", "map.css"),
        "BODY": render_body(title),
        "DATA": _data_block(payload),
        "RENDERER": renderer,
        "APP": app,
    }
    return _fill("map.html", parts)


def iframe(page: str, *, height: int = 620) -> str:
    """The page inside a sandboxed ``<iframe srcdoc>`` (for Jupyter), the whole page attribute-escaped.

    ``sandbox="allow-scripts allow-downloads"`` (the PNG button saves a file) without
    ``allow-same-origin`` gives the map an opaque
    origin: it cannot read the notebook, its cookies or its storage.

    Examples
    --------
    >>> iframe('<p title="x">a & b</p>', height=300)[:80]
    '<iframe srcdoc="&lt;p title=&quot;x&quot;&gt;a &amp; b&lt;/p&gt;" sandbox="allow'
    """
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" sandbox="allow-scripts allow-downloads" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #d8dbe0; border-radius: 6px;" '
        f'loading="lazy" referrerpolicy="no-referrer" title="referral network map"></iframe>'
    )
