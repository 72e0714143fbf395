"""An Instagram Graph API client for one run: the token from the settings, every request
checked against the usage meters all workers share, and Graph's refusals turned into
CollectorFailed with the wait Graph asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.sources.quotas import InstagramUsage
from app.sources.runner import CollectorFailed
from collectors.instagram_client import InstagramClient
from collectors.instagram_errors import GraphError, Throttled, TokenInvalid

NO_CREDENTIALS_WAIT = timedelta(hours=1)


@contextmanager
def instagram_client(settings: Settings, factory: sessionmaker[Session],
                     now: datetime) -> Iterator[InstagramClient]:
    """A client for one run; Graph's refusals inside the block become CollectorFailed."""
    token = settings.instagram_access_token.get_secret_value()
    if not token or not settings.instagram_user_id:
        raise CollectorFailed("PANTAU_INSTAGRAM_ACCESS_TOKEN and PANTAU_INSTAGRAM_USER_ID are "
                              "not set", retry_after=NO_CREDENTIALS_WAIT)
    usage = InstagramUsage(factory)
    try:
        with InstagramClient(base_url=settings.instagram_base_url, access_token=token,
                             ig_user_id=settings.instagram_user_id, now=lambda: now,
                             before_request=usage.before_request,
                             after_response=usage.after_response) as client:
            yield client
    except Throttled as exc:
        # The limit is the app's or the account's, not this source's: everyone waits.
        usage.block(exc.wait)
        raise CollectorFailed(str(exc), retry_after=exc.wait) from exc
    except TokenInvalid as exc:
        # A Graph user token cannot renew itself once dead; a person must issue a new one.
        raise CollectorFailed(f"{exc}: set a new PANTAU_INSTAGRAM_ACCESS_TOKEN and restart "
                              "the workers", retry_after=NO_CREDENTIALS_WAIT) from exc
    except GraphError as exc:
        raise CollectorFailed(str(exc)) from exc
