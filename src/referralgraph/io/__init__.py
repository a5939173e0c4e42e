"""Data in: readers and validation."""

from .readers import from_frames, load, validate

__all__ = ["load", "from_frames", "validate"]
