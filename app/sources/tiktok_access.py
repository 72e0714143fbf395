"""A TikTok Research API client for one run: credentials from the settings, every request
reserved against the daily quota all workers share, and the platform's refusals turned into
CollectorFailed with the wait TikTok asked for.

Every kind that reads TikTok (video query, comments, user activity) opens its client here, so
they all spend the same shared daily quota and back off the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.sources.quotas import TikTokQuota
from app.sources.runner import CollectorFailed
from collectors.tiktok_client import TikTokClient
from collectors.tiktok_errors import QuotaExceeded, RateLimited, TikTokError

# Without credentials nothing can run; look again in an hour rather than every tick.
NO_CREDENTIALS_WAIT = timedelta(hours=1)


@contextmanager
def tiktok_client(settings: Settings, factory: sessionmaker[Session],
                  now: datetime) -> Iterator[TikTokClient]:
    """A client for one run; TikTok's refusals inside the block become CollectorFailed."""
    if not settings.tiktok_client_key or not settings.tiktok_client_secret.get_secret_value():
        raise CollectorFailed("PANTAU_TIKTOK_CLIENT_KEY and PANTAU_TIKTOK_CLIENT_SECRET are not "
                              "set", retry_after=NO_CREDENTIALS_WAIT)
    quota = TikTokQuota(factory, requests_per_day=settings.tiktok_requests_per_day,
                        records_per_day=settings.tiktok_records_per_day)
    try:
        with TikTokClient(client_key=settings.tiktok_client_key,
                          client_secret=settings.tiktok_client_secret.get_secret_value(),
                          base_url=settings.tiktok_base_url,
                          before_request=quota.before_request,
                          after_response=quota.after_response) as client:
            yield client
    except RateLimited as exc:
        if isinstance(exc, QuotaExceeded):
            quota.spent_elsewhere()  # every source waits for 00:00 UTC, not just this one
        wait = timedelta(seconds=exc.retry_after) if exc.retry_after else None
        raise CollectorFailed(str(exc), retry_after=wait) from exc
    except TikTokError as exc:
        raise CollectorFailed(str(exc)) from exc
