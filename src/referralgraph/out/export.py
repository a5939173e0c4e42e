"""File exports: the CSV folder and workbook that :func:`~referralgraph.load` reads back, node-link JSON, GraphML and GEXF."""

from __future__ import annotations

import contextlib
import json
import os
import re
import warnings
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import networkx as nx
import numpy as np
import pandas as pd

from ..exceptions import SchemaError, SizeLimitError
from ..io._schema import COLUMNS, TABLES
from ..model import ReferralNetwork
from ..model.privacy import anonymize as _anonymize
from ..model.privacy import neutralize_cells
from ._atomic import atomic_open, atomic_path, check_target

__all__ = ["save", "to_node_link", "write_json", "write_graphml", "write_gexf", "write_template", "FORMATS"]

PathLike = str | os.PathLike

#: formats :func:`save` writes; ``csv`` and ``xlsx`` are the ones :func:`referralgraph.load` reads
FORMATS = ("csv", "xlsx", "json", "graphml", "gexf")
_BY_SUFFIX = {".xlsx": "xlsx", ".json": "json", ".graphml": "graphml", ".gexf": "gexf"}
_XLSX_MAX_ROWS = 1_048_575  # below the header row
_XLSX_MAX_CHARS = 32_767
_XLSX_SLOW_CELLS = 500_000  # openpyxl writes roughly 10^4 cells a second on a 2-core machine
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# ---------------------------------------------------------------------------- save
def save(net: ReferralNetwork, path: PathLike, *, format: str | None = None, overwrite: bool = False,
         anonymize: bool = False, neutralize_formulas: bool = True) -> Path:
    """Write a network to a folder of CSV files, an .xlsx workbook, JSON, GraphML or GEXF.

    The folder and the workbook hold the three tables (``contacts``,
    ``introductions``, ``meetings``) in the input format, so ``load(save(net, p))``
    equals ``net``: every column (extra columns included) in the same order, dates
    as ISO dates (date-times with their time), booleans as ``true``/``false``, and
    missing values as blank cells. The other formats are graph files of
    :attr:`ReferralNetwork.graph` (see :func:`write_json`, :func:`write_graphml`,
    :func:`write_gexf`). Every file is written atomically, and an existing file is
    never replaced unless ``overwrite=True``.

    Parameters
    ----------
    net : ReferralNetwork
        The network; it is not changed.
    path : path
        Where to write. A path without a suffix (or an existing folder) is a folder
        of CSV files (created if needed); ``.xlsx``, ``.json``, ``.graphml`` and
        ``.gexf`` pick those formats.
    format : {"csv", "xlsx", "json", "graphml", "gexf"}, optional
        The format, when the suffix does not say it.
    overwrite : bool, default False
        Replace existing files (for a folder: any of ``contacts.csv``,
        ``introductions.csv``, ``meetings.csv`` already there).
    anonymize : bool, default False
        Write :func:`referralgraph.anonymize` of the network instead (fresh
        pseudonyms on every call; call ``anonymize(net, salt=...)`` yourself for
        stable ones).
    neutralize_formulas : bool, default True
        CSV and xlsx only: prefix ``'`` to text cells that begin with ``=``, ``+``,
        ``-``, ``@``, a tab or a carriage return, so a spreadsheet shows them as
        text instead of running them as formulas. :func:`referralgraph.load` removes
        the quote again, so the round trip is exact. Pass ``False`` for the raw text
        (xlsx cells are still written as text, never as formulas).

    Returns
    -------
    pathlib.Path
        The written folder or file.

    Raises
    ------
    SchemaError
        If the format is unknown or cannot be told from the suffix, or the path
        does not fit it (a workbook must end in ``.xlsx``; a folder cannot be a file).
    OverwriteError
        If a target file exists and ``overwrite`` is false; nothing is written then.
    SizeLimitError
        If a table or a cell is too large for an .xlsx sheet (use CSV).
    FileNotFoundError
        If the folder that should hold a file does not exist.

    See Also
    --------
    referralgraph.load : reads the CSV folder and the workbook back.

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""],
    ...                          "notes": ["", "=HYPERLINK(\\"http://x\\")"]})
    >>> net = rg.from_frames(contacts)
    >>> folder = rg.save(net, pathlib.Path(tempfile.mkdtemp()) / "my-search")
    >>> sorted(p.name for p in folder.iterdir())
    ['contacts.csv', 'introductions.csv', 'meetings.csv']
    >>> print(open(folder / "contacts.csv", encoding="utf-8-sig").read())
    id,name,notes,is_seeker
    Maya,Maya,,true
    Ann,Ann,"'=HYPERLINK(""http://x"")",false
    <BLANKLINE>
    """
    _check_net(net)
    path = Path(path)
    fmt = _format_of(path, format)
    if anonymize:
        net = _anonymize(net)
    if fmt == "csv":
        return _save_folder(net, path, overwrite=overwrite, neutralize=neutralize_formulas)
    if fmt == "xlsx":
        return _save_workbook(net, path, overwrite=overwrite, neutralize=neutralize_formulas)
    writer = {"json": write_json, "graphml": write_graphml, "gexf": write_gexf}[fmt]
    return writer(net, path, overwrite=overwrite)


def _check_net(net) -> None:
    if not isinstance(net, ReferralNetwork):
        raise TypeError(f"net must be a ReferralNetwork (got {type(net).__name__})")


def _format_of(path: Path, format: str | None) -> str:
    if format is not None:
        fmt = str(format).lower().lstrip(".")
        if fmt not in FORMATS:
            raise SchemaError(f"unknown format {format!r}; expected one of {', '.join(FORMATS)}")
    elif path.is_dir():
        fmt = "csv"
    elif path.suffix.lower() in _BY_SUFFIX:
        fmt = _BY_SUFFIX[path.suffix.lower()]
    elif path.suffix == "":
        fmt = "csv"
    else:
        raise SchemaError(f"{path}: cannot tell the format from the suffix {path.suffix!r}; expected a folder "
                          "path without a suffix (CSV files), or a name ending in .xlsx, .json, .graphml or "
                          f".gexf, or format= one of {', '.join(FORMATS)}")
    if fmt == "csv" and path.exists() and not path.is_dir():
        raise SchemaError(f"{path} is a file; expected a folder to hold contacts.csv, introductions.csv "
                          "and meetings.csv")
    if fmt != "csv" and path.is_dir():
        raise SchemaError(f"{path} is a folder; expected the path of a {fmt} file")
    if fmt == "xlsx" and path.suffix.lower() != ".xlsx":
        raise SchemaError(f"{path}: a workbook must end in .xlsx (that is how load recognises it); "
                          f"got the suffix {path.suffix or '(none)'!r}")
    if fmt != "csv" and not path.parent.is_dir():
        raise FileNotFoundError(f"{path.parent}: no such folder; expected an existing folder to write "
                                f"{path.name} into")
    return fmt


# ---------------------------------------------------------------------------- cells
def _iso(values: pd.Series) -> np.ndarray:
    """ISO text of a datetime column: ``2026-03-04`` at midnight, else ``2026-03-04 14:30:00[.fff]``; '' for NaT."""
    v = values.to_numpy(dtype="datetime64[ns]")
    out = np.full(len(v), "", dtype=object)
    nat = np.isnat(v)
    day = v.astype("datetime64[D]")
    midnight = ~nat & (v == day)
    out[midnight] = np.datetime_as_string(day[midnight], unit="D")
    for unit in ("s", "us", "ns"):
        rest = ~nat & (out == "")
        if not rest.any():
            break
        exact = rest & (v == v.astype(f"datetime64[{unit}]"))
        if exact.any():
            out[exact] = np.char.replace(np.datetime_as_string(v[exact], unit=unit).astype(str), "T", " ")
    return out


def _bool_text(values: pd.Series) -> np.ndarray:
    v = values.astype("boolean")
    return np.where(v.isna().to_numpy(), "", np.where(v.fillna(False).to_numpy(dtype=bool), "true", "false")).astype(object)


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)


def _fold_handwritten(frame: pd.DataFrame) -> pd.DataFrame:
    """Put ``handwritten_note_date`` back into ``handwritten_note``, as the input had it (the reader splits it again)."""
    cols = list(frame.columns)
    if (cols and cols[-1] == "handwritten_note_date" and "handwritten_note" in cols
            and pd.api.types.is_datetime64_any_dtype(frame["handwritten_note_date"].dtype)):
        dated = frame["handwritten_note_date"]
        text = np.where(dated.notna().to_numpy(), _iso(dated), _bool_text(frame["handwritten_note"]))
        frame = frame.drop(columns="handwritten_note_date")
        frame["handwritten_note"] = pd.Series(text, index=frame.index, dtype=object)
    return frame


def _csv_cells(frame: pd.DataFrame, *, neutralize: bool) -> pd.DataFrame:
    """The table as text cells, the way the input format writes it."""
    frame = _fold_handwritten(frame)
    out = {}
    removed = 0
    for col in frame.columns:
        values = frame[col]
        if pd.api.types.is_datetime64_any_dtype(values.dtype):
            cells = _iso(values)
        elif pd.api.types.is_bool_dtype(values.dtype):
            cells = _bool_text(values)
        else:
            text = values if _is_text(values) else values.astype("str").mask(values.isna())
            if neutralize:
                text = neutralize_cells(text)
            nul = text.astype("str").str.contains("\x00", regex=False).fillna(False).to_numpy(dtype=bool)
            if nul.any():  # the reader treats NUL as a damaged file
                removed += int(nul.sum())
                text = text.astype(object)
                text[nul] = text[nul].astype("str").str.replace("\x00", "", regex=False).to_numpy()
            cells = text.astype(object).where(text.notna(), "").to_numpy()
        out[col] = cells
    if removed:
        warnings.warn(f"{removed} cell{'s' if removed != 1 else ''} held NUL characters (0x00), which a CSV file "
                      "cannot hold; they were removed", stacklevel=4)
    header = [str(c) for c in frame.columns]
    if neutralize:
        header = neutralize_cells(pd.Series(header, dtype=object)).tolist()
    return pd.DataFrame(dict(zip(header, out.values())), index=frame.index, columns=header)


def _tables(net: ReferralNetwork) -> dict[str, pd.DataFrame]:
    return {"contacts": net._contacts, "introductions": net._introductions, "meetings": net._meetings}


# ---------------------------------------------------------------------------- folder of CSV files
def _write_csv_folder(folder: Path, cells: dict[str, pd.DataFrame], *, overwrite: bool) -> Path:
    """Write ``<table>.csv`` files (UTF-8 with BOM, CRLF, minimal quoting) all-or-nothing."""
    if folder.exists() and not folder.is_dir():
        raise SchemaError(f"{folder} is a file; expected a folder to hold {', '.join(f'{t}.csv' for t in cells)}")
    created = not folder.exists()
    if created:
        folder.mkdir(parents=True)
    try:
        existing = {p.name.lower(): p for p in folder.iterdir()}
        targets = {t: existing.get(f"{t}.csv", folder / f"{t}.csv") for t in cells}
        clash = [p for p in targets.values() if p.exists() or p.is_symlink()]
        if clash and not overwrite:
            raise _overwrite_error(clash)
        for p in clash:
            check_target(p, overwrite=True)  # a folder named contacts.csv cannot be replaced
        with contextlib.ExitStack() as stack:  # every file is committed only once all are written
            for table, frame in cells.items():
                handle = stack.enter_context(atomic_open(targets[table], "w", overwrite=overwrite,
                                                         encoding="utf-8-sig", newline=""))
                frame.to_csv(handle, index=False, lineterminator="\r\n")
    except BaseException:
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return folder


def _overwrite_error(paths: list[Path]):
    from ..exceptions import OverwriteError

    names = ", ".join(str(p) for p in paths)
    return OverwriteError(f"{names} already exist{'s' if len(paths) == 1 else ''}; expected a folder without "
                          "contacts.csv, introductions.csv or meetings.csv, or pass overwrite=True "
                          "(CLI: --force) to replace them")


def _save_folder(net: ReferralNetwork, folder: Path, *, overwrite: bool, neutralize: bool) -> Path:
    cells = {t: _csv_cells(f, neutralize=neutralize) for t, f in _tables(net).items()}
    return _write_csv_folder(folder, cells, overwrite=overwrite)


# ---------------------------------------------------------------------------- workbook
def _save_workbook(net: ReferralNetwork, path: Path, *, overwrite: bool, neutralize: bool) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    check_target(path, overwrite=overwrite)
    tables = {t: _fold_handwritten(f) for t, f in _tables(net).items()}
    for table, frame in tables.items():
        if len(frame) > _XLSX_MAX_ROWS:
            raise SizeLimitError(f"{table} has {len(frame):,} rows; an .xlsx sheet holds at most "
                                 f"{_XLSX_MAX_ROWS:,} below its header; save as a folder of CSV files "
                                 "(format='csv', CLI: --to csv) instead")
    cells = sum(f.shape[0] * f.shape[1] for f in tables.values())
    if cells > _XLSX_SLOW_CELLS:
        warnings.warn(f"writing {cells:,} cells to an .xlsx workbook takes minutes (about 10,000 cells a "
                      "second); a folder of CSV files (format='csv', CLI: --to csv) takes seconds", stacklevel=3)
    book = Workbook(write_only=True)
    removed = 0
    for table, frame in tables.items():
        sheet = book.create_sheet(table)
        sheet.freeze_panes = "A2"
        columns = []
        for col in frame.columns:
            values = frame[col]
            if pd.api.types.is_datetime64_any_dtype(values.dtype) or (
                    col == "handwritten_note" and values.dtype == object):
                columns.append(_xlsx_dates(values, sheet, WriteOnlyCell))
            elif pd.api.types.is_bool_dtype(values.dtype):
                v = values.astype("boolean")
                columns.append([None if m else bool(b) for b, m in zip(v.fillna(False).tolist(), v.isna().tolist())])
            else:
                cells, n = _xlsx_text(values, table, col, sheet, WriteOnlyCell, neutralize=neutralize)
                removed += n
                columns.append(cells)
        header = [str(c) for c in frame.columns]
        if neutralize:
            header = neutralize_cells(pd.Series(header, dtype=object)).tolist()
        sheet.append([_text_cell(h, sheet, WriteOnlyCell) for h in header])
        for row in zip(*columns):
            sheet.append(row)
    if removed:
        warnings.warn(f"{removed} cell{'s' if removed != 1 else ''} held control characters that an .xlsx "
                      "file cannot store; they were removed (a folder of CSV files keeps them)", stacklevel=3)
    try:
        with atomic_path(path, overwrite=overwrite) as tmp:
            book.save(tmp)
    except BaseException:
        for sheet in book.worksheets:  # finish openpyxl's row writers so nothing is left open
            try:
                sheet.close()
            except (OSError, ValueError):
                pass
        raise
    return path


def _text_cell(value: str, sheet, cell_type):
    if value.startswith("="):  # openpyxl would store it as a formula
        cell = cell_type(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def _xlsx_text(values: pd.Series, table: str, col: str, sheet, cell_type, *, neutralize: bool):
    text = values if _is_text(values) else values.astype("str").mask(values.isna())
    if neutralize:
        text = neutralize_cells(text)
    present = text.notna().to_numpy()
    out: list = [None] * len(text)
    removed = 0
    if present.any():
        strs = text[present].astype("str")
        strs = strs.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
        bad = strs.str.contains(_XLSX_ILLEGAL).to_numpy(dtype=bool)
        if bad.any():
            removed = int(bad.sum())
            strs[bad] = strs[bad].str.replace(_XLSX_ILLEGAL, "", regex=True)
        long = (strs.str.len() > _XLSX_MAX_CHARS).to_numpy(dtype=bool)
        if long.any():
            row = int(np.flatnonzero(present)[np.flatnonzero(long)[0]]) + 2
            raise SizeLimitError(f"{table} row {row}, column '{col}' has {int(strs[long].str.len().iloc[0]):,} "
                                 f"characters; an .xlsx cell holds at most {_XLSX_MAX_CHARS:,}; save as a folder of "
                                 "CSV files (format='csv', CLI: --to csv) instead")
        for pos, s in zip(np.flatnonzero(present).tolist(), strs.tolist()):
            out[pos] = _text_cell(s, sheet, cell_type)
    return out, removed


def _xlsx_dates(values: pd.Series, sheet, cell_type) -> list:
    """Real date cells: ``yyyy-mm-dd`` at midnight, ``yyyy-mm-dd hh:mm:ss`` otherwise; blank for missing."""
    out: list = [None] * len(values)
    if values.dtype == object:  # handwritten_note folded with its dates: booleans and ISO text
        for pos, v in enumerate(values.tolist()):
            if v in ("true", "false"):
                out[pos] = v == "true"
            elif v:
                out[pos] = _date_cell(pd.Timestamp(v), sheet, cell_type)
        return out
    for pos, v in enumerate(values.tolist()):
        if v is not None and v is not pd.NaT and v == v:
            out[pos] = _date_cell(pd.Timestamp(v), sheet, cell_type)
    return out


def _date_cell(ts: pd.Timestamp, sheet, cell_type):
    cell = cell_type(sheet, value=ts.to_pydatetime(warn=False))
    cell.number_format = "yyyy-mm-dd" if ts == ts.normalize() else "yyyy-mm-dd hh:mm:ss"
    return cell


# ---------------------------------------------------------------------------- graph formats
def _plain(value):
    """A JSON/XML-friendly scalar: ISO text for dates, lists for tuples, Python scalars for numpy ones."""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat(sep=" ")
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def to_node_link(net: ReferralNetwork, *, anonymize: bool = False) -> dict:
    """The network as NetworkX node-link data that :func:`json.dumps` accepts.

    This is :func:`networkx.node_link_data` of :attr:`ReferralNetwork.graph` with
    ``edges="edges"``: ``{"directed", "multigraph", "graph", "nodes", "edges"}``;
    each node is ``{"id": ..., <contact columns>}``, each edge
    ``{"source", "target", "status", "seekers", "kind", "date"}``. Dates become ISO
    text (``2026-03-04``, or ``2026-03-04 14:30:00`` with a time) and the
    ``seekers`` tuple a list; missing values are left out, as in the graph.
    :func:`networkx.node_link_graph` turns it back into a graph.

    Parameters
    ----------
    net : ReferralNetwork
    anonymize : bool, default False
        Use :func:`referralgraph.anonymize` of the network.

    Returns
    -------
    dict

    Notes
    -----
    Builds :attr:`ReferralNetwork.graph` if it was not built yet (tens of seconds at
    10^6 contacts).

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Maya"], "introduced": ["Ann"], "date": ["2026-03-02"]})
    >>> data = rg.to_node_link(rg.from_frames(contacts, intros))
    >>> data["edges"]
    [{'status': 'introduced', 'seekers': ['Maya'], 'kind': 'direct', 'date': '2026-03-02', 'source': 'Maya', 'target': 'Ann'}]
    """
    _check_net(net)
    if anonymize:
        net = _anonymize(net)
    data = nx.node_link_data(net.graph, edges="edges")
    data["graph"] = {k: _plain(v) for k, v in data["graph"].items()}
    data["nodes"] = [{k: _plain(v) for k, v in d.items()} for d in data["nodes"]]
    data["edges"] = [{k: _plain(v) for k, v in d.items()} for d in data["edges"]]
    return data


def write_json(net: ReferralNetwork, path: PathLike, *, overwrite: bool = False, anonymize: bool = False) -> Path:
    """Write :func:`to_node_link` of the network as UTF-8 JSON, atomically; returns the path.

    Parameters
    ----------
    net : ReferralNetwork
    path : path
        The file to write (any suffix; ``.json`` is customary).
    overwrite : bool, default False
        Replace an existing file.
    anonymize : bool, default False
        Write an anonymised copy (see :func:`referralgraph.anonymize`).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OverwriteError
        If ``path`` exists and ``overwrite`` is false.

    Examples
    --------
    >>> import json, pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
    >>> out = rg.write_json(net, pathlib.Path(tempfile.mkdtemp()) / "net.json")
    >>> [n["id"] for n in json.loads(out.read_text(encoding="utf-8"))["nodes"]]
    ['Maya', 'Ann']
    """
    data = to_node_link(net, anonymize=anonymize)
    with atomic_open(path, "w", overwrite=overwrite, encoding="utf-8", newline="\n") as f:
        json.dump(data, f, ensure_ascii=False, allow_nan=False)
        f.write("\n")
    return Path(path)


class _XmlText:
    """Removes characters XML 1.0 cannot hold, counting them for one warning."""

    def __init__(self) -> None:
        self.removed = 0

    def __call__(self, value: str) -> str:
        if _XML_ILLEGAL.search(value):
            self.removed += 1
            return _XML_ILLEGAL.sub("", value)
        return value

    def warn(self, fmt: str) -> None:
        if self.removed:
            warnings.warn(f"{self.removed} value{'s' if self.removed != 1 else ''} held control characters that "
                          f"{fmt} (XML) cannot store; they were removed", stacklevel=3)


def _xml_value(value, text: _XmlText):
    value = _plain(value)
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str):
        return text(value)
    return value


def write_graphml(net: ReferralNetwork, path: PathLike, *, overwrite: bool = False,
                  anonymize: bool = False) -> Path:
    """Write the network graph as GraphML, atomically; returns the path.

    Nodes carry every contact column that has a value (``is_seeker`` as a GraphML
    boolean, dates as ISO text); edges carry ``status``, ``kind``, ``date`` (ISO
    text) and ``seekers`` (seeker ids joined with ``;``). :func:`networkx.read_graphml`
    reads back the same nodes, edges and attributes.

    Parameters
    ----------
    net : ReferralNetwork
    path : path
        The file to write (``.graphml`` is customary).
    overwrite : bool, default False
        Replace an existing file.
    anonymize : bool, default False
        Write an anonymised copy (see :func:`referralgraph.anonymize`).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OverwriteError
        If ``path`` exists and ``overwrite`` is false.

    Notes
    -----
    Characters that XML 1.0 cannot hold (control characters other than tab and
    newlines) are removed, with a warning.

    Examples
    --------
    >>> import networkx as nx, pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> net = rg.from_frames(pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]}))
    >>> out = rg.write_graphml(net, pathlib.Path(tempfile.mkdtemp()) / "net.graphml")
    >>> list(nx.read_graphml(out).edges(data="seekers"))
    [('Maya', 'Ann', 'Maya')]
    """
    _check_net(net)
    if anonymize:
        net = _anonymize(net)
    text = _XmlText()
    G = net.graph
    H = nx.DiGraph()
    H.add_nodes_from((text(str(n)), {k: _xml_value(v, text) for k, v in d.items()}) for n, d in G.nodes(data=True))
    H.add_edges_from((text(str(u)), text(str(v)), {k: _xml_value(x, text) for k, x in d.items()})
                     for u, v, d in G.edges(data=True))
    with atomic_path(path, overwrite=overwrite) as tmp:
        nx.write_graphml(H, tmp, encoding="utf-8")
    text.warn("GraphML")
    return Path(path)


def _start_dates(net: ReferralNetwork) -> np.ndarray:
    """Per contact code, the day they joined the network (``datetime64[D]``, NaT when nothing is dated).

    A contact joins at the earliest of: their tree edges, ``first_contact`` and their
    first meeting. A seeker joins at the earliest such date in their tree.
    """
    n = len(net.ids)
    ix = net.index
    days = pd.DataFrame(index=pd.RangeIndex(n))
    member = ix.parent >= 0
    days["edge"] = pd.Series(ix.date[member]).groupby(ix.node[member]).min().reindex(range(n)).to_numpy()
    contacts = net._contacts
    if "first_contact" in contacts.columns:
        days["first_contact"] = contacts["first_contact"].to_numpy(dtype="datetime64[ns]")
    meetings = net._meetings
    if len(meetings):
        code = net.ids.get_indexer(meetings["contact"])
        ok = code >= 0
        days["met"] = pd.Series(meetings["date"].to_numpy(dtype="datetime64[ns]")[ok]).groupby(code[ok]).min() \
            .reindex(range(n)).to_numpy()
    start = days.min(axis=1).to_numpy(dtype="datetime64[ns]", copy=True) if n else np.zeros(0, "datetime64[ns]")
    if len(ix):
        tree_first = pd.Series(start[ix.node]).groupby(ix.tree_of_row).min().to_numpy(dtype="datetime64[ns]")
        own = start[ix.seekers]
        start[ix.seekers] = np.where(np.isnat(own), tree_first, np.where(np.isnat(tree_first), own,
                                                                          np.minimum(own, tree_first)))
    return start.astype("datetime64[D]")


def write_gexf(net: ReferralNetwork, path: PathLike, *, overwrite: bool = False, anonymize: bool = False) -> Path:
    """Write the network as dynamic GEXF 1.3 so that Gephi's timeline replays its growth; returns the path.

    The graph is ``mode="dynamic"`` with ``timeformat="date"``. Each node has
    ``start`` = the day the person joined the network (the earliest of their
    introduction, ``first_contact`` and first meeting; for a seeker, the earliest
    such day in their tree) and each edge ``start`` = the introduction's date (or,
    undated, the day its introduced person joined). People and edges with no date
    at all have no ``start`` and are shown throughout. Node labels are names;
    contact columns and edge ``status``, ``kind``, ``seekers`` (joined with ``;``) and
    ``date`` are GEXF attributes. Nothing has an ``end``: nobody leaves.

    Parameters
    ----------
    net : ReferralNetwork
    path : path
        The file to write (``.gexf``).
    overwrite : bool, default False
        Replace an existing file.
    anonymize : bool, default False
        Write an anonymised copy (see :func:`referralgraph.anonymize`).

    Returns
    -------
    pathlib.Path

    Raises
    ------
    OverwriteError
        If ``path`` exists and ``overwrite`` is false.

    References
    ----------
    .. [1] GEXF 1.3 specification, https://gexf.net/

    Examples
    --------
    >>> import networkx as nx, pandas as pd, referralgraph as rg, tempfile, pathlib
    >>> contacts = pd.DataFrame({"name": ["Maya", "Ann"], "is_seeker": ["yes", ""]})
    >>> intros = pd.DataFrame({"introducer": ["Maya"], "introduced": ["Ann"], "date": ["2026-03-02"]})
    >>> out = rg.write_gexf(rg.from_frames(contacts, intros), pathlib.Path(tempfile.mkdtemp()) / "net.gexf")
    >>> G = nx.read_gexf(out)
    >>> G.nodes["Ann"]["start"], G.edges["Maya", "Ann"]["start"]
    ('2026-03-02', '2026-03-02')
    """
    _check_net(net)
    if anonymize:
        net = _anonymize(net)
    from .. import __version__

    text = _XmlText()
    G = net.graph
    start = _start_dates(net)
    code = {c: k for k, c in enumerate(net.ids.tolist())}
    contacts = net._contacts
    node_cols = [c for c in contacts.columns if c not in ("id", "name")]
    node_types = {c: "boolean" if pd.api.types.is_bool_dtype(contacts[c].dtype) else "string" for c in node_cols}
    edge_cols = ["status", "kind", "seekers", "date"]

    def attvalues(data: dict, ids: dict) -> str:
        parts = []
        for k, v in data.items():
            if k in ids:
                v = _xml_value(v, text)
                v = ("true" if v else "false") if isinstance(v, bool) else str(v)
                parts.append(f'<attvalue for="{ids[k]}" value={quoteattr(text(v))}/>')
        return f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""

    node_ids = {c: str(k) for k, c in enumerate(node_cols)}
    edge_ids = {c: str(k) for k, c in enumerate(edge_cols)}

    def lines():
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        yield ('<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
               'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">\n')
        yield (f"  <meta><creator>referralgraph {escape(__version__)}</creator>"
               "<description>referral network: people and introductions, dated</description></meta>\n")
        yield '  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">\n'
        for cls, cols, types in (("node", node_cols, node_types), ("edge", edge_cols, {})):
            yield f'    <attributes class="{cls}" mode="static">\n'
            for k, c in enumerate(cols):
                yield f'      <attribute id="{k}" title={quoteattr(text(str(c)))} type="{types.get(c, "string")}"/>\n'
            yield "    </attributes>\n"
        yield "    <nodes>\n"
        for n, d in G.nodes(data=True):
            s = start[code[n]]
            when = "" if np.isnat(s) else f' start="{s}"'
            label = d.get("name", n)
            yield (f"      <node id={quoteattr(text(str(n)))} label={quoteattr(text(str(label)))}{when}>"
                   f"{attvalues(d, node_ids)}</node>\n")
        yield "    </nodes>\n    <edges>\n"
        for k, (u, v, d) in enumerate(G.edges(data=True)):
            date = d.get("date")
            s = np.datetime64(date, "D") if date is not None else start[code[v]]
            when = "" if np.isnat(s) else f' start="{s}"'
            yield (f'      <edge id="{k}" source={quoteattr(text(str(u)))} target={quoteattr(text(str(v)))}{when}>'
                   f"{attvalues(d, edge_ids)}</edge>\n")
        yield "    </edges>\n  </graph>\n</gexf>\n"

    with atomic_open(path, "w", overwrite=overwrite, encoding="utf-8", newline="\n") as f:
        buffer = []
        for line in lines():
            buffer.append(line)
            if len(buffer) >= 4096:
                f.write("".join(buffer))
                buffer.clear()
        f.write("".join(buffer))
    text.warn("GEXF")
    return Path(path)


# ---------------------------------------------------------------------------- template
_TEMPLATE = {
    "contacts": [
        {"id": "maya", "name": "Maya Chen", "organization": "State University", "role": "MPH student",
         "field": "public health", "email": "maya.chen@example.edu", "linkedin": "", "first_contact": "",
         "source": "", "tags": "", "notes": "This row is you, the job seeker", "is_seeker": "true"},
        {"id": "priya", "name": "Priya Natarajan", "organization": "Northwind Health", "role": "Product Manager",
         "field": "health tech", "email": "priya@example.com",
         "linkedin": "https://www.linkedin.com/in/priya-natarajan-example", "first_contact": "2026-01-12",
         "source": "alumni", "tags": "alumni;product", "notes": "Met at the alumni mixer", "is_seeker": "false"},
        {"id": "jordan", "name": "Jordan Alvarez", "organization": "City Health Department", "role": "Epidemiologist",
         "field": "public health", "email": "", "linkedin": "", "first_contact": "2026-01-27",
         "source": "referral", "tags": "government", "notes": "Introduced by Priya", "is_seeker": "false"},
    ],
    "introductions": [
        {"introducer": "maya", "introduced": "priya", "date": "2026-01-12", "seeker": "maya", "status": "met",
         "notes": "Direct contact: the introducer is the seeker"},
        {"introducer": "priya", "introduced": "jordan", "date": "2026-01-27", "seeker": "maya", "status": "met",
         "notes": "Priya cc'd us both by email"},
    ],
    "meetings": [
        {"contact": "priya", "date": "2026-01-20 16:00", "seeker": "maya", "kind": "coffee",
         "asked_for_introductions": "yes", "thank_you_sent": "2026-01-20 21:15", "handwritten_note": "no",
         "questions_prepared": "yes", "takeaways": "Product roles value field experience",
         "notes": "Offered to introduce Jordan"},
        {"contact": "jordan", "date": "2026-02-03 10:30", "seeker": "maya", "kind": "informational-interview",
         "asked_for_introductions": "no", "thank_you_sent": "2026-02-04 09:00", "handwritten_note": "2026-02-06",
         "questions_prepared": "yes", "takeaways": "Look at the fellowship program in spring", "notes": ""},
    ],
}


def write_template(folder: PathLike, *, overwrite: bool = False) -> Path:
    """Write template input files to fill in: ``contacts.csv``, ``introductions.csv``, ``meetings.csv``.

    Each file has every documented column as its header and example rows (a
    seeker, two contacts, the two introductions that connect them and two
    conversations) that :func:`referralgraph.validate` accepts without errors.
    Replace them with your own rows.

    Parameters
    ----------
    folder : path
        The folder to write into; created if it does not exist.
    overwrite : bool, default False
        Replace template files that already exist there.

    Returns
    -------
    pathlib.Path
        The folder.

    Raises
    ------
    OverwriteError
        If any of the three files exists and ``overwrite`` is false; nothing is written then.
    SchemaError
        If ``folder`` is a file.

    Examples
    --------
    >>> import referralgraph as rg, tempfile, pathlib
    >>> folder = rg.write_template(pathlib.Path(tempfile.mkdtemp()) / "my-search")
    >>> rg.load(folder)
    <ReferralNetwork: 1 seeker, 3 contacts, 2 introductions, 2 meetings>
    """
    cells = {t: pd.DataFrame(_TEMPLATE[t], columns=list(COLUMNS[t])) for t in TABLES}
    return _write_csv_folder(Path(folder), cells, overwrite=overwrite)
