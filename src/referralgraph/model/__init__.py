"""The model: validated tables plus a columnar index of the referral trees."""

from ._index import STATUS_NAMES, TreeIndex
from .network import ReferralNetwork
from .privacy import anonymize
from .snapshot import snapshot

__all__ = ["ReferralNetwork", "TreeIndex", "STATUS_NAMES", "anonymize", "snapshot"]
