"""`tiktok_user_activity`: the videos watched accounts liked, reposted and pinned.

A civil servant liking a candidate's video is SKB category 6, and only these research
endpoints show it. Every account's three lists are read in order, page by page; each page
brings the videos as posts and the account's acts on them (app/posts/acts.py stores those).

The cursor names the account, the list and TikTok's cursor in it, so a run cut short resumes
at the page after the last one stored. A list TikTok will not show for one account (kept
private, account renamed or gone) is skipped and the others go on; a refusal that is about
us (quota, throttling, credentials, a server error) fails the run, which resumes there later.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from app.config import Settings
from app.sources.runner import Page
from app.sources.tiktok_access import tiktok_client
from collectors.tiktok_client import TikTokClient
from collectors.tiktok_errors import (
    AuthFailed,
    InvalidToken,
    NotAuthorized,
    RateLimited,
    ServerError,
    TikTokError,
)
from collectors.tiktok_research import Action, Activity, BadItem, activity_from_item

ACTIONS: tuple[Action, ...] = ("liked", "reposted", "pinned")
# A pass reads an account's newest few hundred likes and reposts: every 6 hours that is far
# more than a person adds, and a years-long history must not eat the quota all sources share.
MAX_PAGES_PER_LIST = 3

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Position:
    """Where a pass stands: the account, its list, and TikTok's cursor in that list."""

    user: int = 0
    action: int = 0
    page: int | None = None

    def as_cursor(self, usernames: Sequence[str]) -> dict[str, Any]:
        # The username too: an edited list of accounts must not resume in someone else's list.
        cursor: dict[str, Any] = {"user": self.user, "username": usernames[self.user],
                                  "action": self.action}
        return cursor if self.page is None else {**cursor, "cursor": self.page}

    def next_list(self, accounts: int) -> Position | None:
        """The start of the following list; None when this was the last of the pass."""
        if self.action + 1 < len(ACTIONS):
            return Position(self.user, self.action + 1)
        return Position(self.user + 1) if self.user + 1 < accounts else None


def resume_at(cursor: Mapping[str, Any] | None, usernames: Sequence[str]) -> Position:
    """The saved position, or the start of a pass when there is none or it no longer fits."""
    if not cursor:
        return Position()
    user, action = cursor.get("user", 0), cursor.get("action", 0)
    saved = cursor.get("username")
    if not (isinstance(user, int) and isinstance(action, int) and 0 <= action < len(ACTIONS)):
        return Position()
    if not (0 <= user < len(usernames)) or usernames[user] != saved:
        # The accounts were edited: find this one again, or start over.
        if saved not in usernames:
            return Position()
        user = list(usernames).index(saved)
    page = cursor.get("cursor")
    return Position(user, action, page if isinstance(page, int) else None)


def tiktok_user_activity(settings: Settings, factory: sessionmaker[Session],
                         params: Mapping[str, Any], cursor: Mapping[str, Any] | None,
                         now: datetime) -> Iterator[Page]:
    """Every list of every account in `usernames`, from the saved cursor to the pass's end."""
    usernames = list(params.get("usernames", ()))
    if not usernames:
        return
    at: Position | None = resume_at(cursor, usernames)
    with tiktok_client(settings, factory, now) as client:
        while at is not None:
            here, at = at, at.next_list(len(usernames))
            following = at
            for acts, more in _list_pages(client, usernames[here.user], ACTIONS[here.action],
                                          here.page, now):
                at = Position(here.user, here.action, more) if more is not None else following
                yield Page([a.post for a in acts], at.as_cursor(usernames) if at else None,
                           acts)


def _list_pages(client: TikTokClient, username: str, action: Action, cursor: int | None,
                now: datetime) -> Iterator[tuple[list[Activity], int | None]]:
    """One account's list: (acts, TikTok's cursor for the next page or None at the end)."""
    try:
        pages = client.iter_user_videos(action, username, cursor=cursor)
        for number, page in enumerate(pages, start=1):
            acts = [a for a in (_act(item, action, username, now) for item in page.items) if a]
            more = page.has_more and number < MAX_PAGES_PER_LIST
            yield acts, page.cursor if more else None
            if not more:
                return
    except TikTokError as exc:
        if not unavailable(exc):
            raise
        log.info("tiktok_user_activity: %s videos of @%s skipped: %s", action, username, exc)
        # An empty page moves the saved cursor past this list, so no run asks again this pass.
        yield [], None


def unavailable(error: TikTokError) -> bool:
    """Whether TikTok refused one account's list (private, renamed, deleted), not our access.

    The spec does not say how a private list is answered (platforms.md section 1); any client
    error that is not about quota, throttling or credentials is taken to be about the list.
    """
    if isinstance(error, RateLimited | AuthFailed | InvalidToken | NotAuthorized | ServerError):
        return False
    return error.status is not None and 400 <= error.status < 500


def _act(item: Any, action: Action, username: str, now: datetime) -> Activity | None:
    try:
        return activity_from_item(item, action=action, actor_handle=username, collected_at=now)
    except BadItem:
        # One malformed video must not cost the page: the others are evidence.
        return None
