"""Analysis: metrics, growth, reach, structure, forecast and next actions, all computed from the model.

Every module reads the shared per-network facts of :mod:`referralgraph.analysis.facts`;
nothing here formats text for people (that is :mod:`referralgraph.reporting`).
"""

from .actions import habit_signals, next_actions
from .contacts import contact_metrics
from .forecast import WhatIf, backtest, forecast
from .bootstrap import rate_intervals
from .chains import bottlenecks, origin_growth, recruits_by_generation, share_by_generation, virality
from .cohort import cohort_comparison, cohort_export
from .growth import growth
from .mixing import homophily, mixing_matrix
from .offspring import OffspringFit, extinction_probability, fit_offspring
from .outcomes import funnel, outcome_credit
from .reach import paths_to, reach_by_generation, within
from .structure import brokers, ei_index, structural_holes, top_connectors
from .summary import cohort_summary, seeker_summary, shared_hubs

__all__ = [
    "contact_metrics",
    "seeker_summary",
    "reach_by_generation",
    "growth",
    "within",
    "paths_to",
    "brokers",
    "structural_holes",
    "ei_index",
    "top_connectors",
    "cohort_summary",
    "shared_hubs",
    "fit_offspring",
    "OffspringFit",
    "extinction_probability",
    "forecast",
    "WhatIf",
    "backtest",
    "next_actions",
    "habit_signals",
    "mixing_matrix",
    "homophily",
    "rate_intervals",
    "recruits_by_generation",
    "origin_growth",
    "virality",
    "share_by_generation",
    "bottlenecks",
    "cohort_comparison",
    "cohort_export",
    "funnel",
    "outcome_credit",
]
