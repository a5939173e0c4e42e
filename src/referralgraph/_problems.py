"""The problem table shared by validation (data in) and the model's structural checks."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

PROBLEM_COLUMNS = ["file", "row", "column", "severity", "message"]


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "file": pd.Series([], dtype=object),
            "row": pd.Series([], dtype="Int64"),
            "column": pd.Series([], dtype=object),
            "severity": pd.Series([], dtype=object),
            "message": pd.Series([], dtype=object),
        }
    )


class ProblemLog:
    """Collects problems cheaply, one at a time or a whole column's worth at once."""

    def __init__(self) -> None:
        self._frames: list[pd.DataFrame] = []
        self._rows: list[tuple] = []

    def add(self, file: str, row, column: str | None, severity: str, message: str) -> None:
        self._rows.append((file, row, column, severity, message))

    def add_many(self, file: str, rows: Iterable, column: str | None, severity: str, messages) -> None:
        rows = np.asarray(list(rows) if not isinstance(rows, (np.ndarray, pd.Series, pd.Index)) else rows)
        if len(rows) == 0:
            return
        if isinstance(messages, str):
            messages = [messages] * len(rows)
        self._frames.append(
            pd.DataFrame(
                {
                    "file": file,
                    "row": pd.array(rows, dtype="Int64"),
                    "column": column,
                    "severity": severity,
                    "message": list(messages),
                }
            )
        )

    def extend(self, problems: pd.DataFrame) -> None:
        if len(problems):
            self._frames.append(problems[PROBLEM_COLUMNS])

    def discard_messages(self, containing: str) -> None:
        """Forget single problems whose message contains ``containing`` (a finding that no longer holds)."""
        self._rows = [r for r in self._rows if containing not in str(r[4])]

    @property
    def has_errors(self) -> bool:
        return any(r[3] == "error" for r in self._rows) or any((f["severity"] == "error").any() for f in self._frames)

    def to_frame(self) -> pd.DataFrame:
        parts = [f for f in self._frames if len(f)]
        if self._rows:
            single = pd.DataFrame(self._rows, columns=PROBLEM_COLUMNS)
            single["row"] = pd.array(single["row"].tolist(), dtype="Int64")
            parts.append(single)
        if not parts:
            return empty_problems()
        out = pd.concat(parts, ignore_index=True)
        out["row"] = out["row"].astype("Int64")
        out = out.astype({"file": object, "column": object, "severity": object, "message": object})
        out["column"] = out["column"].where(out["column"].notna(), None)
        order = out["severity"].map({"error": 0, "warning": 1}).fillna(2)
        out = out.assign(_o=order).sort_values(["_o", "file", "row"], kind="stable", na_position="first")
        return out.drop(columns="_o").reset_index(drop=True)
