"""The Instagram kinds: watched accounts by business discovery, hashtags by recent media.

Both go account by account (or tag by tag) and save the index of the next one as the cursor,
so a run cut short resumes where it stopped. Graph's cursors are not kept: `recent_media`
may send the same `after` on every page, and an account's newest media are what matters.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.sources.instagram_access import instagram_client
from app.sources.quotas import HashtagBudget, HashtagBudgetFull, InstagramUsage
from app.sources.runner import CollectorFailed, Page
from collectors.instagram_errors import HashtagBudgetExhausted, NotFound
from collectors.instagram_graph import hashtag_query

# Business discovery lists an account's media newest first. Two pages (about 50 posts) a run
# is more than a watched account posts between runs, and never re-reads a whole history.
ACCOUNT_PAGES_PER_RUN = 2


def _next(index: int, count: int) -> dict[str, int] | None:
    return {"index": index + 1} if index + 1 < count else None


def instagram_account(settings: Settings, factory: sessionmaker[Session],
                      params: Mapping[str, Any], cursor: Mapping[str, Any] | None,
                      now: datetime) -> Iterator[Page]:
    """The newest media of each account, account by account."""
    usernames = list(params.get("usernames", ()))
    with instagram_client(settings, factory, now) as client:
        for index in range((cursor or {}).get("index", 0), len(usernames)):
            try:
                pages = client.iter_business_discovery(usernames[index])
                posts = [post for _, page in zip(range(ACCOUNT_PAGES_PER_RUN), pages,
                                                 strict=False) for post in page.posts]
            except NotFound:
                # Renamed, private or no longer a professional account: the others go on.
                posts = []
            yield Page(posts, _next(index, len(usernames)))


def instagram_hashtag(settings: Settings, factory: sessionmaker[Session],
                      params: Mapping[str, Any], cursor: Mapping[str, Any] | None,
                      now: datetime) -> Iterator[Page]:
    """Each hashtag's media of the last 24 hours, within the 30-tags-in-7-days budget.

    A tag the budget cannot take now is passed over and the others still run; the run then
    fails naming the tags left out, so the source backs off and a coordinator sees why.
    """
    hashtags = list(params.get("hashtags", ()))
    budget = HashtagBudget(factory, settings.instagram_user_id)
    usage = InstagramUsage(factory)
    left_out: list[str] = []
    with instagram_client(settings, factory, now) as client:
        for index in range((cursor or {}).get("index", 0), len(hashtags)):
            following = _next(index, len(hashtags))
            try:
                name = hashtag_query(hashtags[index])
                # Blocked usage ends the run here, before the tag is charged to the budget
                # for a request that would never be sent.
                usage.before_request()
                hashtag_id = budget.use(name)
                if hashtag_id is None:
                    hashtag_id = client.hashtag_id(name).hashtag_id
                    budget.remember_id(name, hashtag_id)
            except (HashtagBudgetFull, HashtagBudgetExhausted) as exc:
                left_out.append(str(exc))
                yield Page([], following)
                continue
            except (ValueError, NotFound) as exc:
                # An unsearchable or sensitive tag: Graph will never answer it; say so.
                left_out.append(f"#{hashtags[index]}: {exc}")
                yield Page([], following)
                continue
            # Page by page; a run cut short reads the tag again from its first page (Graph's
            # `after` may repeat), and posts already stored are recognised.
            for page in client.iter_recent_media(hashtag_id):
                yield Page(list(page.posts), {"index": index})
            yield Page([], following)
    if left_out:
        raise CollectorFailed("hashtags left out: " + "; ".join(left_out))
