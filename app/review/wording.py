"""How the queue's codes read on a page: English message ids, translated by the catalogs."""

from __future__ import annotations

WORDS = {
    "open": "Open",
    "pending_confirmation": "Waiting for confirmation",
    "confirmed": "Confirmed",
    "rejected": "Rejected",
    "closed": "Closed",
    "decision": "Decision",
    "confirmation": "Confirmation",
    "rejection": "Rejection",
    "reopen": "Reopened",
    "violation": "Violation",
    "no_violation": "No violation",
    "insufficient": "Insufficient",
    "support": "support",
    "oppose": "oppose",
    "neutral": "neutral",
}
