"""referralgraph: a job seeker's informational interviews and introductions as a measurable network.

The domain's names are importable from here; utilities (atomic file writing, table
cells, name folding, calendar UIDs, graph-export tables) live in their submodules
(``referralgraph.readwrite.files``, ...). Names are loaded on first use (PEP 562), so
``import referralgraph`` is cheap and the command line answers ``--help`` at once;
pandas, numpy and NetworkX load when the first function that needs them is touched.

One table, :data:`_LAZY`, drives the lazy loading, ``__all__`` and ``dir()``; the
``TYPE_CHECKING`` imports at the end mirror it for type checkers and IDEs, and
``tests/test_public_api.py`` checks that they match it name for name.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from .exceptions import (
    ArgumentTypeError,
    ContactNotFound,
    MissingDependencyError,
    NetworkLockedError,
    OptionError,
    OverwriteError,
    ReferralCycleError,
    ReferralGraphDeprecationWarning,
    ReferralGraphError,
    ReferralGraphWarning,
    SchemaError,
    SectionNotFound,
    SeekerNotFound,
    SizeLimitError,
    SlowOperationWarning,
    ValidationError,
)

#: public name -> module that defines it (relative to this package): the one list
_LAZY = {
    # the model
    "ReferralNetwork": ".model",
    "TreeIndex": ".model",
    "anonymize": ".model",
    "Anonymity": ".model",
    "snapshot": ".model.snapshot",
    "Settings": ".model.settings",
    # formats in and out
    "load": ".readwrite",
    "from_frames": ".readwrite",
    "validate": ".readwrite",
    "save": ".readwrite",
    "read_linkedin": ".readwrite",
    "merge_linkedin": ".readwrite",
    "from_linkedin": ".readwrite",
    "to_node_link": ".drawing.graphfiles",
    "write_json": ".drawing.graphfiles",
    "write_graphml": ".drawing.graphfiles",
    "write_gexf": ".drawing.graphfiles",
    "write_template": ".readwrite",
    "log_meeting": ".readwrite",
    "log_introduction": ".readwrite",
    "log_thanks": ".readwrite",
    "append_meeting": ".readwrite",
    "append_introduction": ".readwrite",
    "append_thanks": ".readwrite",
    "log_opportunity": ".readwrite",
    "append_opportunity": ".readwrite",
    "combine": ".readwrite.combine",
    "actions_to_ics": ".readwrite",
    "read_settings": ".readwrite.settings",
    "write_settings": ".readwrite.settings",
    "contacts_format": ".readwrite",
    "read_contacts": ".readwrite",
    "merge_contacts": ".readwrite",
    "import_contacts": ".readwrite",
    "CONTACT_FORMATS": ".readwrite",
    "read_history": ".readwrite",
    "merge_history": ".readwrite",
    "import_history": ".readwrite",
    "import_linkedin": ".readwrite",
    "read_pool": ".readwrite",
    "undo_import": ".readwrite",
    # example data
    "demo": ".datasets._demo",
    "demo_tables": ".datasets",
    "synthetic_tables": ".datasets",
    "synthetic_cohort": ".datasets",
    # analysis
    "contact_metrics": ".analysis",
    "seeker_summary": ".analysis",
    "reach_by_generation": ".analysis",
    "growth": ".analysis.growth",
    "within": ".analysis",
    "paths_to": ".analysis",
    "brokers": ".analysis",
    "structural_holes": ".analysis",
    "ei_index": ".analysis",
    "top_connectors": ".analysis",
    "cohort_summary": ".analysis",
    "shared_hubs": ".analysis",
    "fit_offspring": ".analysis",
    "OffspringFit": ".analysis",
    "extinction_probability": ".analysis",
    "forecast": ".analysis.forecast",
    "WhatIf": ".analysis",
    "backtest": ".analysis",
    "next_actions": ".analysis",
    "habit_signals": ".analysis",
    "mixing_matrix": ".analysis",
    "homophily": ".analysis",
    "rate_intervals": ".analysis",
    "recruits_by_generation": ".analysis",
    "origin_growth": ".analysis",
    "virality": ".analysis",
    "share_by_generation": ".analysis",
    "bottlenecks": ".analysis",
    "cohort_comparison": ".analysis",
    "cohort_export": ".analysis",
    "funnel": ".analysis",
    "outcome_credit": ".analysis",
    # reporting
    "report": ".reporting.report",
    "Report": ".reporting",
    "ReportSection": ".reporting",
    "ReportTable": ".reporting",
    "habit_sections": ".reporting",
    "next_report": ".reporting",
    "forecast_report": ".reporting",
    "homophily_section": ".reporting",
    "intervals_section": ".reporting",
    # drawing
    "network_map": ".drawing",
    "NetworkMap": ".drawing",
    "MapWidget": ".drawing.maps.widget",
    "plot_growth": ".drawing",
    "plot_generations": ".drawing",
    "plot_tree": ".drawing",
    "plot_funnel": ".drawing",
    "plot_thank_you": ".drawing",
    "plot_forecast": ".drawing",
    "save_figure": ".drawing",
    "plot_mixing": ".drawing",
    "plot_convergence": ".drawing",
    "plot_origins": ".drawing",
    # past one machine
    "partition": ".partitioned",
    "open_dataset": ".partitioned",
    "PartitionedDataset": ".partitioned",
    "DatasetWriter": ".partitioned",
    "partitioned_metrics": ".partitioned",
    "PartitionedResult": ".partitioned",
}

#: utilities that left the top level: old name -> the module that holds it now. ``referralgraph.NAME``
#: still works until referralgraph 0.4.0, with a ReferralGraphDeprecationWarning naming the new home.
_MOVED = {
    "write_table": ".readwrite.tabular",
    "table_cells": ".readwrite.tabular",
    "check_target": ".readwrite.files",
    "atomic_path": ".readwrite.files",
    "write_text": ".readwrite.files",
    "write_bytes": ".readwrite.files",
    "node_metrics": ".model.graphdata",
    "edge_table": ".model.graphdata",
    "fold_name": ".model.names",
    "find_person": ".model.names",
    "ics_uid": ".readwrite.ics",
}

_EXCEPTIONS = [
    "ReferralGraphError",
    "ValidationError",
    "SchemaError",
    "ContactNotFound",
    "SeekerNotFound",
    "SectionNotFound",
    "ReferralCycleError",
    "SizeLimitError",
    "OptionError",
    "ArgumentTypeError",
    "OverwriteError",
    "MissingDependencyError",
    "NetworkLockedError",
    "ReferralGraphWarning",
    "SlowOperationWarning",
    "ReferralGraphDeprecationWarning",
]

__all__ = [*_LAZY, *_EXCEPTIONS]


def __getattr__(name: str):
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("referralgraph")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0.0.0"
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    elif name in _MOVED:
        from ._deprecate import warn_deprecated

        warn_deprecated(f"referralgraph.{name}", f"referralgraph{_MOVED[name]}.{name}")
        return getattr(importlib.import_module(_MOVED[name], __name__), name)  # not cached: every use warns
    else:
        raise AttributeError(f"module 'referralgraph' has no attribute {name!r}")
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, "__version__"})


# --- generated from _LAZY: tests/test_public_api.py checks it and prints the block to paste when it differs
# the block below is written by tests/test_public_api.py from _LAZY, line for line: not reformatted
# fmt: off
if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .analysis import (
        OffspringFit, WhatIf, backtest, bottlenecks, brokers, cohort_comparison, cohort_export, cohort_summary,
        contact_metrics, ei_index, extinction_probability, fit_offspring, funnel, habit_signals, homophily,
        mixing_matrix, next_actions, origin_growth, outcome_credit, paths_to, rate_intervals, reach_by_generation,
        recruits_by_generation, seeker_summary, share_by_generation, shared_hubs, structural_holes, top_connectors,
        virality, within,
    )
    from .analysis.forecast import forecast
    from .analysis.growth import growth
    from .datasets import demo_tables, synthetic_cohort, synthetic_tables
    from .datasets._demo import demo
    from .drawing import (
        NetworkMap, network_map, plot_convergence, plot_forecast, plot_funnel, plot_generations, plot_growth,
        plot_mixing, plot_origins, plot_thank_you, plot_tree, save_figure,
    )
    from .drawing.graphfiles import to_node_link, write_gexf, write_graphml, write_json
    from .drawing.maps.widget import MapWidget
    from .model import Anonymity, ReferralNetwork, TreeIndex, anonymize
    from .model.settings import Settings
    from .model.snapshot import snapshot
    from .partitioned import (
        DatasetWriter, PartitionedDataset, PartitionedResult, open_dataset, partition, partitioned_metrics,
    )
    from .readwrite import (
        CONTACT_FORMATS, actions_to_ics, append_introduction, append_meeting, append_opportunity, append_thanks,
        contacts_format, from_frames, from_linkedin, import_contacts, import_history, import_linkedin, load,
        log_introduction, log_meeting, log_opportunity, log_thanks, merge_contacts, merge_history, merge_linkedin,
        read_contacts, read_history, read_linkedin, read_pool, save, undo_import, validate, write_template,
    )
    from .readwrite.combine import combine
    from .readwrite.settings import read_settings, write_settings
    from .reporting import (
        Report, ReportSection, ReportTable, forecast_report, habit_sections, homophily_section, intervals_section,
        next_report,
    )
    from .reporting.report import report
