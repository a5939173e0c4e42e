"""The report document: sections of labelled values and tables, rendered as text, Markdown or JSON.

:class:`Report` is what :func:`referralgraph.report` returns and what the ``next`` and
``forecast`` commands print; the ``fmt_*`` helpers are the one way every number is
shown (unknown values as ``n/a``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._json import is_missing, jsonable
from ..exceptions import OptionError, SectionNotFound

__all__ = [
    "Report",
    "ReportSection",
    "ReportTable",
    "fmt_int",
    "fmt_float",
    "fmt_pct",
    "fmt_date",
    "fmt_text",
    "jsonable",
    "is_missing",
]


def fmt_int(value) -> str:
    return "n/a" if is_missing(value) else f"{int(value):,}"


def fmt_float(value, digits: int = 1) -> str:
    return "n/a" if is_missing(value) else f"{float(value):,.{digits}f}"


def fmt_pct(value) -> str:
    return "n/a" if is_missing(value) else f"{100 * float(value):.0f}%"


def fmt_date(value) -> str:
    return "n/a" if is_missing(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def fmt_text(value) -> str:
    return "" if is_missing(value) else str(value)


# --------------------------------------------------------------------------- structure
@dataclass
class ReportTable:
    """A table of a report section.

    Attributes
    ----------
    title : str
        Caption (may be empty).
    frame : pandas.DataFrame
        The raw data (kept as is for :meth:`Report.to_dict`).
    labels : dict
        Column -> plain-language header; only these columns are shown, in this order.
    formats : dict
        Column -> function turning a value into display text (default ``str``).
    right : tuple of str
        Text columns to right-align (numeric columns always are).
    """

    title: str
    frame: pd.DataFrame
    labels: dict[str, str]
    formats: dict[str, Callable] = field(default_factory=dict)
    right: tuple[str, ...] = ()

    def cells(self) -> tuple[list[str], list[list[str]], list[bool]]:
        """Headers, display rows and which columns are numeric (right-aligned)."""
        cols = list(self.labels)
        heads = [self.labels[c] for c in cols]
        rows = [
            [self.formats.get(c, fmt_text)(v) for c, v in zip(cols, rec)]
            for rec in self.frame[cols].itertuples(index=False, name=None)
        ]
        numeric = [
            c in self.right
            or (
                pd.api.types.is_numeric_dtype(self.frame[c].dtype)
                and not pd.api.types.is_bool_dtype(self.frame[c].dtype)
            )
            for c in cols
        ]
        return heads, rows, numeric


@dataclass
class ReportSection:
    """One section of a :class:`Report`: labelled values, free lines and tables.

    Attributes
    ----------
    key : str
        Machine name (``summary``, ``reach``, ``growth``, ...), unique in a report.
    title : str
        Heading shown to people.
    items : list of (label, value, text)
        Labelled values: the raw value (for JSON) and its display text.
    lines : list of str
        Free sentences shown after the items.
    tables : list of ReportTable
    """

    key: str
    title: str
    items: list[tuple[str, object, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    tables: list[ReportTable] = field(default_factory=list)

    def add(self, label: str, value, text: str | None = None) -> ReportSection:
        """Add a labelled value (``text`` defaults to ``str(value)``); returns the section."""
        if isinstance(value, np.generic):
            value = value.item()  # plain Python numbers in items
        self.items.append((label, value, fmt_text(value) if text is None else text))
        return self

    def add_table(
        self, title: str, frame: pd.DataFrame, labels: dict[str, str], formats: dict[str, Callable] | None = None
    ) -> ReportSection:
        """Add a table; returns the section."""
        self.tables.append(ReportTable(title, frame, labels, formats or {}))
        return self


class Report:
    """A readable account of a referral network: a title and an ordered list of sections.

    Build one with :func:`report`. Other parts of the library (or you) can add
    sections with :meth:`add_section`; every renderer walks the same list.

    Attributes
    ----------
    title : str
    seeker : str or None
        The seeker reported on (None for a cohort report).
    as_of : pandas.Timestamp or None
        The reference day of the figures.
    sections : list of ReportSection
    data : dict
        The tables the sections came from (``summary``, ``reach``, ``growth``,
        ``connectors``; cohort reports: ``cohort``, ``hubs``), for reuse.

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo"], "is_seeker": ["y", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann"], "introduced": ["Bo"], "date": ["2026-03-02"]}))
    >>> r = rg.report(net, habits=False)
    >>> [s.key for s in r.sections]
    ['summary', 'intervals', 'homophily', 'reach', 'growth', 'connectors', 'outcomes']
    >>> r.section("summary").items[0][:2]
    ('People you reached', 2)
    """

    def __init__(
        self,
        title: str,
        *,
        seeker: str | None = None,
        as_of: pd.Timestamp | None = None,
        sections: list[ReportSection] | None = None,
        data: dict | None = None,
        as_of_note: str = "",
        export: tuple[str, ...] = (),
    ) -> None:
        self.title = title
        self.seeker = seeker
        self.as_of = as_of
        self.as_of_note = as_of_note
        self.sections: list[ReportSection] = list(sections or [])
        self.data: dict = dict(data or {})
        self.export = tuple(export)

    def __repr__(self) -> str:
        return f"<Report {self.title!r}: {len(self.sections)} sections ({', '.join(s.key for s in self.sections)})>"

    def section(self, key: str) -> ReportSection:
        """The section with this key.

        Raises
        ------
        KeyError
            If there is no such section.
        """
        for s in self.sections:
            if s.key == key:
                return s
        raise SectionNotFound(f"no section {key!r}; expected one of {', '.join(repr(s.key) for s in self.sections)}")

    def add_section(self, section: ReportSection, *, after: str | None = None) -> ReportSection:
        """Append a section (or insert it after the section with key ``after``); returns it.

        Raises
        ------
        ValueError
            If a section with the same key is already there.
        KeyError
            If ``after`` is not a section key.
        """
        if any(s.key == section.key for s in self.sections):
            raise OptionError(f"the report already has a section {section.key!r}; expected a new key")
        at = len(self.sections) if after is None else self.sections.index(self.section(after)) + 1
        self.sections.insert(at, section)
        return section

    # ------------------------------------------------------------ renderers
    def _subtitle(self) -> str:
        if self.as_of is None:
            return "As of: no dates in the data (date-dependent figures are n/a)"
        return f"As of {self.as_of:%Y-%m-%d}" + (f" ({self.as_of_note})" if self.as_of_note else "")

    def to_text(self, width: int = 80) -> str:
        """Plain text for a terminal ``width`` columns wide (tables are shortened to fit)."""
        out = [self.title, "=" * min(len(self.title), width), self._subtitle(), ""]
        for s in self.sections:
            out += [s.title, "-" * min(len(s.title), width)]
            if len(s.items) == 1:  # one measured value: the whole label, then the value
                label, _, text = s.items[0]
                out.append(_wrap(f"{label}: {text}", width, indent=2))
            elif s.items:
                lw = min(max(len(label) for label, _, _ in s.items), width // 2 + 4)
                for label, _, text in s.items:
                    out.append(_wrap(f"{_clip(label, lw):<{lw}}  {text}", width, indent=lw + 2))
            out += [_wrap(line, width) for line in s.lines]
            for t in s.tables:
                if t.title:
                    out.append(t.title)
                out += _text_table(t, width)
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    def to_markdown(self) -> str:
        """GitHub-flavoured Markdown (headings, a two-column list of values, pipe tables)."""
        out = [f"# {_md(self.title)}", "", f"*{self._subtitle()}*", ""]
        for s in self.sections:
            out += [f"## {_md(s.title)}", ""]
            if s.items:
                out += (
                    ["| | |", "|---|---:|"] + [f"| {_md(label)} | {_md(text)} |" for label, _, text in s.items] + [""]
                )
            if s.lines:
                out += [_md(line) for line in s.lines] + [""]
            for t in s.tables:
                if t.title:
                    out += [f"**{_md(t.title)}**", ""]
                heads, rows, numeric = t.cells()
                if not rows:
                    out += ["(none)", ""]
                    continue
                out.append("| " + " | ".join(_md(h) for h in heads) + " |")
                out.append("|" + "|".join("---:" if n else "---" for n in numeric) + "|")
                out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
                out.append("")
        return "\n".join(out).rstrip() + "\n"

    def to_dict(self) -> dict:
        """A JSON-safe dict: title, seeker, as_of and every section with raw values and table records.

        Tables named in ``export`` (e.g. every action of ``next``) are added under
        ``data`` as lists of records.
        """
        out = {
            "title": self.title,
            "seeker": self.seeker,
            "as_of": jsonable(self.as_of),
            "as_of_note": self.as_of_note,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "items": [
                        {"label": label, "value": jsonable(value), "text": text} for label, value, text in s.items
                    ],
                    "lines": list(s.lines),
                    "tables": [
                        {
                            "title": t.title,
                            "columns": list(t.frame.columns),
                            "rows": [jsonable(list(r)) for r in t.frame.itertuples(index=False, name=None)],
                        }
                        for t in s.tables
                    ],
                }
                for s in self.sections
            ],
        }
        if self.export:
            out["data"] = {k: [jsonable(rec) for rec in self.data[k].to_dict(orient="records")] for k in self.export}
        return out

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    def __str__(self) -> str:
        return self.to_text()


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 1)] + "…"


def _wrap(line: str, width: int, indent: int | None = None) -> str:
    """Wrap to ``width``; continuation lines hang under the text (after "1. " for numbered lines)."""
    import re
    import textwrap

    if indent is None:
        numbered = re.match(r"\d+\. ", line)
        indent = len(numbered.group(0)) if numbered else 0
    return "\n".join(textwrap.wrap(line, width, subsequent_indent=" " * indent, drop_whitespace=True)) or ""


def _md(text) -> str:
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _text_table(t: ReportTable, width: int) -> list[str]:
    heads, rows, numeric = t.cells()
    if not rows:
        return ["(none)"]
    widths = [max([len(h)] + [len(r[j]) for r in rows]) for j, h in enumerate(heads)]
    gap = 2
    while sum(widths) + gap * (len(widths) - 1) > width:
        # shorten the widest text column first, then the widest of any column
        text_cols = [j for j in range(len(widths)) if not numeric[j] and widths[j] > 6]
        pool = text_cols or [j for j in range(len(widths)) if widths[j] > 4]
        if not pool:
            break
        j = max(pool, key=lambda c: widths[c])
        widths[j] -= 1

    def line(cells):
        parts = [(_clip(c, w).rjust(w) if n else _clip(c, w).ljust(w)) for c, w, n in zip(cells, widths, numeric)]
        return (" " * gap).join(parts).rstrip()

    return [line(heads), line(["-" * w for w in widths])] + [line(r) for r in rows]


# --------------------------------------------------------------------------- builder
