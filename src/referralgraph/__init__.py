"""referralgraph: a job seeker's informational interviews and introductions as a measurable network."""

from importlib.metadata import PackageNotFoundError, version

from .exceptions import (
    ContactNotFound,
    OverwriteError,
    ReferralCycleError,
    ReferralGraphError,
    SchemaError,
    SeekerNotFound,
    SizeLimitError,
    ValidationError,
)
from .io import from_frames, load, validate
from .model import ReferralNetwork, TreeIndex

try:
    __version__ = version("referralgraph")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "ReferralNetwork",
    "TreeIndex",
    "load",
    "from_frames",
    "validate",
    "ReferralGraphError",
    "ValidationError",
    "SchemaError",
    "ContactNotFound",
    "SeekerNotFound",
    "ReferralCycleError",
    "SizeLimitError",
    "OverwriteError",
]
