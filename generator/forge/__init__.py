"""Forges: where submissions wait as branches (and pull requests) for moderation.

Import the interface from here: ``from generator.forge import Forge, Change``.
"""

from generator.forge.base import (
    BRANCH_PREFIX,
    Change,
    Forge,
    ForgeError,
    UnknownChange,
    branch_for,
    issue_number,
)

__all__ = ["BRANCH_PREFIX", "Change", "Forge", "ForgeError", "UnknownChange",
           "branch_for", "issue_number"]
