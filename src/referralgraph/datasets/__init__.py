"""Data to try things on: the demo network of one student's search, and synthetic cohorts of any size."""

from ._demo import demo, demo_tables
from ._synthetic import synthetic_cohort, synthetic_tables

__all__ = ["demo", "demo_tables", "synthetic_cohort", "synthetic_tables"]
