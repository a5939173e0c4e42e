"""The model: validated tables plus a columnar index of the referral trees."""

from ._index import STATUS_NAMES, TreeIndex, level_groups
from .network import ReferralNetwork
from .privacy import Anonymity, anonymize
from .snapshot import snapshot

__all__ = ["ReferralNetwork", "TreeIndex", "STATUS_NAMES", "level_groups", "anonymize", "Anonymity", "snapshot"]
