"""Reporting: the analyses told as text (the report, its habit sections, the shared number formats).

Presentation sits above :mod:`referralgraph.analysis`: it imports the analyses and is
never imported by them.
"""

from .document import Report, ReportSection, ReportTable, fmt_date, fmt_float, fmt_int, fmt_pct, fmt_text, jsonable
from .forecast import forecast_report
from .habits import habit_sections
from .mixing import homophily_section, intervals_section
from .next import next_report
from .report import report

__all__ = [
    "report",
    "next_report",
    "forecast_report",
    "Report",
    "ReportSection",
    "ReportTable",
    "habit_sections",
    "homophily_section",
    "intervals_section",
    "fmt_int",
    "fmt_float",
    "fmt_pct",
    "fmt_date",
    "fmt_text",
    "jsonable",
]
