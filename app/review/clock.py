"""The statutory clock: Bawaslu must act on a finding within 7 days of first knowing of it."""

from __future__ import annotations

from datetime import datetime, timedelta

STATUTORY_LIMIT = timedelta(days=7)
# Items this close to their limit go ahead of any higher-scored item.
URGENT_WITHIN = timedelta(days=2)


def days_left(due_at: datetime, now: datetime) -> float:
    """Days until the limit, negative once it has passed."""
    return (due_at - now).total_seconds() / 86400
