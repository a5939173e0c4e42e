"""Column work for validation at Arrow speed: text stripped once, ids and references factorised once.

pandas' ``duplicated`` and ``Index.get_indexer`` hash 10^6 strings in about 0.3 s each; one
Arrow ``dictionary_encode`` of the ids together with every reference column finds the
repeated ids and resolves every exact reference in one hash pass.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def arrow_text(values: pd.Series) -> pa.ChunkedArray | None:
    """The Arrow data behind an Arrow-backed text column (chunks kept, nothing copied); ``None`` for others."""
    if values.dtype == object or not pd.api.types.is_string_dtype(values.dtype):
        return None
    arr = pa.array(values, from_pandas=True)
    arr = arr if isinstance(arr, pa.ChunkedArray) else pa.chunked_array([arr])
    return arr if pa.types.is_large_string(arr.type) else arr.cast(pa.large_string())


def text_series(arr: pa.ChunkedArray, index: pd.Index, name=None) -> pd.Series:
    """An Arrow string array as a pandas ``str`` column on ``index``."""
    out = arr.to_pandas()
    out = out if out.dtype == "str" else out.astype("str")
    out.index = index
    out.name = name
    return out


#: bytes that may begin or end white space Arrow trims: ASCII spaces and controls 0x09-0x0D, 0x1C-0x1F,
#: and every byte of a non-ASCII character (Unicode spaces such as U+00A0); a superset, never fewer
_MAY_TRIM = np.zeros(256, bool)
_MAY_TRIM[[9, 10, 11, 12, 13, 28, 29, 30, 31, 32]] = True
_MAY_TRIM[128:] = True


def _edges_clean(chunk: pa.Array) -> tuple[bool, bool]:
    """``(clean, has_empty)`` of one string chunk: no cell begins or ends with a byte of :data:`_MAY_TRIM`; some cell is ''.

    Two gathers of one byte per cell instead of trimming every cell (null cells may be
    looked at too: a false alarm only means the cells are trimmed for real).
    """
    if not len(chunk):
        return True, False
    offsets = np.frombuffer(chunk.buffers()[1], dtype=np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
    data = chunk.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    filled = offsets[1:] > offsets[:-1]
    starts, ends = offsets[:-1][filled], offsets[1:][filled] - 1
    clean = not (_MAY_TRIM[raw[starts]].any() or _MAY_TRIM[raw[ends]].any())
    return clean, bool((~filled).any())


def stripped(values: pd.Series) -> pd.Series | None:
    """An Arrow-backed text column with white space trimmed and blank cells missing; ``None`` for other columns.

    The same cells as pandas' ``.str.strip()`` then ``.mask(text == "")`` (pandas strips
    Arrow text with the same kernel). A column whose cells neither begin nor end with
    white space (the usual case) is not copied: only its empty cells become missing.
    """
    arr = arrow_text(values)
    if arr is None:
        return None
    edges = [_edges_clean(c) for c in arr.chunks]
    if all(clean for clean, _ in edges):
        if not any(empty for _, empty in edges):
            return text_series(arr, values.index, values.name)
        trimmed = arr
    else:
        trimmed = pc.utf8_trim_whitespace(arr)
    blank = pc.equal(pc.binary_length(trimmed), 0)
    return text_series(pc.if_else(blank, pa.scalar(None, trimmed.type), trimmed), values.index, values.name)


def casefolded(values: pd.Series) -> pd.Series:
    """``values.str.casefold()``; ASCII text (casefold is lower case there) by one Arrow pass."""
    arr = arrow_text(values)
    if arr is None or not pc.all(pc.string_is_ascii(arr)).as_py():
        return values.str.casefold()
    return text_series(pc.ascii_lower(arr), values.index, values.name)


def _codes(arrays: list[pa.ChunkedArray]) -> tuple[np.ndarray, int]:
    """Dictionary codes of every cell of ``arrays`` (one encoding, in order of first appearance; -1 missing)."""
    encoded = pc.dictionary_encode(pa.chunked_array([c for a in arrays for c in a.chunks], type=pa.large_string()))
    if encoded.num_chunks == 0:
        return np.zeros(0, np.int64), 0
    size = len(encoded.chunk(0).dictionary)
    codes = pa.chunked_array([c.indices for c in encoded.chunks]).fill_null(-1).to_numpy()
    return codes.astype(np.int64), size


def repeats(codes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``(repeated, later)``: cells whose code occurs more than once, and those after the code's first cell.

    ``codes`` number the values in order of first appearance (as Arrow's dictionary
    encoding does), so a cell is a later one exactly when its code is not above every
    code before it.
    """
    if not len(codes):
        return np.zeros(0, bool), np.zeros(0, bool)
    counts = np.bincount(codes[codes >= 0], minlength=size)
    repeated = (codes >= 0) & (counts[np.maximum(codes, 0)] > 1)
    later = np.zeros(len(codes), bool)
    later[1:] = codes[1:] <= np.maximum.accumulate(codes)[:-1]
    return repeated, later & (codes >= 0)


class Factorised:
    """The contact ids and every reference column, dictionary-encoded together once.

    ``ids`` is the id column (text, no missing cells); ``references`` maps a key to a text
    column of references (or None). Where a column is not Arrow text, pandas does the work.
    """

    def __init__(self, ids: pd.Series, references: dict):
        self.references = {k: v for k, v in references.items() if v is not None and len(v)}
        arrays = [arrow_text(ids)] + [arrow_text(v) for v in self.references.values()]
        self.ids = ids
        self.arrow = all(a is not None for a in arrays)
        if self.arrow:
            self.codes, self.size = _codes(arrays)
        self.n = len(ids)

    def with_ids(self, ids: pd.Series) -> Factorised:
        """The same references factorised with other ids (after repeated ids were renamed)."""
        return Factorised(ids, self.references)

    def repeated_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """``(repeated, later)`` masks of the ids (as ``duplicated(keep=False)`` and ``duplicated(keep="first")``)."""
        if not self.arrow:
            return self.ids.duplicated(keep=False).to_numpy(), self.ids.duplicated(keep="first").to_numpy()
        return repeats(self.codes[: self.n], self.size)

    def exact_codes(self, ids: pd.Index) -> dict:
        """Row of the contact each reference names exactly (its first row when an id repeats); -1 for none."""
        if not self.arrow:
            from .._arrays import lookup

            return {k: lookup(v, ids) for k, v in self.references.items()}
        row_of = np.full(self.size + 1, -1, np.int64)  # the last slot answers code -1 (missing)
        id_codes = self.codes[: self.n]
        row_of[id_codes[::-1]] = np.arange(self.n, dtype=np.int64)[::-1]  # the first row wins
        out, start = {}, self.n
        for key, values in self.references.items():
            out[key] = row_of[self.codes[start : start + len(values)]]
            start += len(values)
        return out
