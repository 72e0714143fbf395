"""What each role may do. Routes ask for a permission, never for a role by name."""

from __future__ import annotations

from collections.abc import Mapping

PERMISSIONS: Mapping[str, frozenset[str]] = {
    # Work the queue: claim items and decide them.
    "review": frozenset({"reviewer", "coordinator"}),
    # Confirm or reject a reviewer's violation (never one's own: four-eyes is checked apart).
    "confirm": frozenset({"coordinator"}),
    "reopen": frozenset({"coordinator", "admin"}),
    "dashboard": frozenset({"reviewer", "coordinator", "admin"}),
    "export": frozenset({"coordinator", "admin"}),
    # Upload browser captures (Zeeschuimer) into the posts the pipeline watches.
    "upload": frozenset({"reviewer", "coordinator", "admin"}),
    "audit": frozenset({"coordinator", "admin"}),
    "admin": frozenset({"admin"}),
}


def allowed(role: str, permission: str) -> bool:
    return role in PERMISSIONS[permission]
