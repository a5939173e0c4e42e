"""The per-contact table: one row per (seeker, contact) with tree position, reach and habits."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._docstrings import share_docs
from .facts import (
    as_of_column,
    check_int,
    contact_attr,
    facts,
    id_series,
    reference_day,
    resolve,
    rows_of_seeker,
    status_labels,
)
from ..model.vocabulary import DORMANT_DAYS

__all__ = ["contact_metrics", "CONTACT_COLUMNS"]

#: columns of :func:`contact_metrics`, in order
CONTACT_COLUMNS = [
    "seeker",
    "contact",
    "name",
    "organization",
    "field",
    "generation",
    "introduced_by",
    "origin",
    "origin_source",
    "status",
    "direct_introductions",
    "descendants",
    "first_contact",
    "last_touch",
    "days_since_touch",
    "dormant",
    "meetings",
    "days_to_first_introduction",
    "thank_you_hours",
    "as_of",
]


@share_docs
def contact_metrics(net, *, seeker: str | None = None, as_of=None, dormant_days: int = DORMANT_DAYS) -> pd.DataFrame:
    """One row per (seeker, contact): where the contact sits in the referral tree and what they did.

    Parameters
    ----------
    {net}
    seeker : str, optional
        Only this seeker's contacts. ``None`` means every seeker: one row per (seeker,
        contact), so a contact in two seekers' trees has two rows.
    as_of : date-like, optional
        Measure the network as it was known on this date (see
        :func:`referralgraph.snapshot`). By default everything, with dormancy
        counted up to the latest date in the data.
    dormant_days : int, default 60
        A contact is dormant when their last touch is at least this many days
        before the reference day.

    Returns
    -------
    pandas.DataFrame
        Columns (see docs/metrics.md for exact definitions):

        - ``seeker``, ``contact``, ``name``, ``organization``, ``field``: ids and
          contact attributes (missing when the column is absent);
        - ``generation``: introductions between the seeker and the contact (direct 1);
        - ``introduced_by``: who introduced them (the seeker for direct contacts);
        - ``origin``: the generation-1 contact whose branch they are in;
          ``origin_source``: that contact's ``source``;
        - ``status``: ``met`` (a meeting row or ``status=met`` says so),
          ``connected`` (a direct contact not met, e.g. a LinkedIn connection),
          ``introduced`` or ``suggested`` (by a contact, not met yet);
        - ``direct_introductions``: people this contact introduced to the seeker;
        - ``descendants``: everyone reached through them, directly or not;
        - ``first_contact``, ``last_touch``: first and latest dated interaction;
        - ``days_since_touch``, ``dormant``: calendar days from ``last_touch`` to
          the reference day, and whether that is ``>= dormant_days``;
        - ``meetings``: conversations with this seeker;
        - ``days_to_first_introduction``: calendar days from the first meeting to
          the first introduction they made (negative if they introduced someone
          before you met);
        - ``thank_you_hours``: hours from the first meeting to its thank-you.

        The seekers' own rows are left out. Rows follow the tree order (by
        seeker, generation, date).

    Raises
    ------
    {raises_seeker}
    OptionError
        If ``as_of`` is not a date or ``dormant_days`` is not an integer >= 0
        (a ``ValueError``).

    See Also
    --------
    seeker_summary : the same facts aggregated per seeker.

    Notes
    -----
    Computed from the columnar tree index in O(n log n): ``descendants`` by one
    bottom-up pass per generation, ``origin`` by one top-down pass, meetings and
    introductions joined by sorted (seeker, contact) keys.

    ``first_contact = min(edge date, first meeting)``, falling back to the
    contacts table's ``first_contact``; ``last_touch = max(first_contact,
    meetings, thank-yous, dated handwritten notes, introductions the contact made
    or received)``.

    References
    ----------
    .. [1] Granovetter, M. (1973). The strength of weak ties. *American Journal of
       Sociology* 78(6), 1360-1380 (introduction chains and reach).
    .. [2] Cormen, Leiserson, Rivest & Stein (2009). *Introduction to Algorithms*,
       3rd ed., ch. 22 (tree depth and subtree sizes).

    Examples
    --------
    >>> net = rg.from_frames(
    ...     pd.DataFrame({"name": ["Me", "Ann", "Bo", "Cy"], "is_seeker": ["y", "", "", ""]}),
    ...     pd.DataFrame({"introducer": ["Ann", "Bo"], "introduced": ["Bo", "Cy"]}))
    >>> rg.contact_metrics(net)[["contact", "generation", "origin", "descendants"]]
      contact  generation origin  descendants
    0     Ann           1    Ann            2
    1      Bo           2    Ann            1
    2      Cy           3    Ann            0
    """
    dormant_days = check_int("dormant_days", dormant_days, minimum=0)
    net, day = resolve(net, as_of)
    rows = np.arange(len(net.index))[rows_of_seeker(net, seeker)]
    return _contact_frame(net, rows, reference_day(facts(net), day), dormant_days)


def _contact_frame(net, rows: np.ndarray, ref: pd.Timestamp | None, dormant_days: int) -> pd.DataFrame:
    """The table for the given index rows (seeker rows dropped)."""
    f = facts(net)
    ix = net.index
    rows = rows[ix.parent[rows] >= 0]
    node = ix.node[rows]
    parent_node = ix.node[ix.parent[rows]] if len(rows) else np.zeros(0, np.int32)
    origin_row = ix.origin[rows]
    origin_node = ix.node[origin_row] if len(rows) else np.zeros(0, np.int32)
    last = f.last_touch[rows]
    since = np.full(len(rows), np.nan)
    if ref is not None:
        ok = ~np.isnat(last)
        since[ok] = (ref.to_datetime64().astype("datetime64[D]") - last[ok].astype("datetime64[D]")).astype(np.float64)
    frame = pd.DataFrame(
        {
            "seeker": id_series(net, ix.seeker[rows]),
            "contact": id_series(net, node),
            "name": contact_attr(net, "name", node),
            "organization": contact_attr(net, "organization", node),
            "field": contact_attr(net, "field", node),
            "generation": ix.generation[rows].astype(np.int64),
            "introduced_by": id_series(net, parent_node),
            "origin": id_series(net, origin_node),
            "origin_source": contact_attr(net, "source", origin_node),
            "status": status_labels(ix, f, rows),
            "direct_introductions": ix.children[rows],
            "descendants": ix.descendants[rows],
            "first_contact": f.first_contact[rows],
            "last_touch": last,
            "days_since_touch": since,
            "dormant": since >= dormant_days,
            "meetings": f.meeting_count[rows],
            "days_to_first_introduction": f.days_to_first_introduction[rows],
            "thank_you_hours": f.thank_you_hours[rows],
            "as_of": as_of_column(ref, len(rows)),  # the reference date every row was measured on
        }
    )
    return frame[CONTACT_COLUMNS]
