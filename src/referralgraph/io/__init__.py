"""Data in: readers and validation."""

from .linkedin import from_linkedin, merge_linkedin, read_linkedin
from .readers import from_frames, load, validate

__all__ = ["load", "from_frames", "validate", "read_linkedin", "merge_linkedin", "from_linkedin"]
