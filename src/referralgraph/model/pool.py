"""The connections pool seen from a network: the pooled people who are not (yet) in it.

An import puts connections with whom nothing has happened yet into the pool
(``connections.csv``, :func:`referralgraph.read_pool`). When the seeker then logs a
conversation with one of them, ``log`` adds them to the contacts under the id they
had in the pool; from then on they are part of the network and no longer "in the
pool" for warm paths or the map's folded pool node. This module holds that one rule.
"""

from __future__ import annotations

import pandas as pd

from .network import ReferralNetwork

__all__ = ["outside_network"]


def outside_network(net: ReferralNetwork, pool: pd.DataFrame | None) -> pd.DataFrame | None:
    """The rows of ``pool`` whose person is not a contact of ``net`` (same id); ``None`` stays ``None``.

    Examples
    --------
    >>> import pandas as pd, referralgraph as rg
    >>> from referralgraph.model.pool import outside_network
    >>> pool = pd.DataFrame({"id": ["priya-k", "zoe-a"], "name": ["Priya Kapoor", "Zoë A"]})
    >>> outside_network(rg.demo(), pool)["id"].tolist()
    ['zoe-a']
    """
    if pool is None or not len(pool) or "id" not in pool.columns:
        return pool
    inside = pool["id"].astype("str").isin(pd.Index(net.ids).astype("str")).to_numpy()
    return pool[~inside] if inside.any() else pool
