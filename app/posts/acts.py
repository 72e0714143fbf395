"""What watched accounts did to posts: liked, reposted or pinned a video.

A video stays one post however many accounts acted on it (posts are unique on platform and
external id); each account's act is a row here beside it, with when it was first and last
seen. An act by a watched person also makes that person an actor of the post: a PostMatch
found by the act (field "act", no span), so the review item, its evidence page, the exports
and the partner API name the civil servant who liked a candidate's video, not only the
candidate who posted it. The caller owns the transaction; this module only flushes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.bulk import insert_rows
from app.db import Base, BigIntId, UTCDateTime
from app.posts.act_flags import flag_acts
from app.posts.models import Post, PostMatch
from app.watchlist.models import Account
from collectors.tiktok_research import Activity

if TYPE_CHECKING:
    from app.posts.ingest import Pipeline

ACTIONS = ("liked", "reposted", "pinned")
# PostMatch.field of an actor found by an act rather than in the post's text.
ACT_FIELD = "act"


class PostAct(Base):
    """An account liked, reposted or pinned a post; `person_id` when the account is watched."""

    __tablename__ = "post_acts"
    __table_args__ = (
        UniqueConstraint("post_id", "handle", "action"),
        CheckConstraint("action IN ('liked','reposted','pinned')", name="action"),
    )

    id: Mapped[int] = mapped_column(BigIntId, primary_key=True)
    post_id: Mapped[int] = mapped_column(BigIntId, ForeignKey("posts.id", ondelete="CASCADE"))
    handle: Mapped[str] = mapped_column(String(100), index=True)
    # A person leaving the watch-list does not undo what their account did.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True, default=None
    )
    action: Mapped[str] = mapped_column(String(10))
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


@dataclass
class ActCounts:
    new: int = 0
    seen_again: int = 0
    flagged: int = 0


# (post id, handle, action)
_Key = tuple[int, str, str]


def record_acts(
    *, session: Session, acts: Sequence[Activity], pipeline: Pipeline, now: datetime
) -> ActCounts:
    """Store `acts` on their posts (ingested earlier in this transaction) and flag the cases."""
    if not acts:
        return ActCounts()
    post_ids = _post_ids(session, acts)
    found = {(post_ids[(a.post.platform, a.post.external_id)], a.actor_handle, a.action): a
             for a in acts}
    people = _watched(session, {(a.post.platform, a.actor_handle) for a in acts})
    persons = {key: people.get((act.post.platform, key[1])) for key, act in found.items()}
    counts = _upsert(session, persons, now)
    watched = {key: person for key, person in persons.items() if person is not None}
    _add_actor_matches(session, watched)
    counts.flagged = flag_acts(session=session, post_ids={k[0] for k in watched},
                               pipeline=pipeline, now=now)
    session.flush()
    return counts


def _post_ids(session: Session, acts: Sequence[Activity]) -> dict[tuple[str, str], int]:
    wanted: dict[str, set[str]] = {}
    for act in acts:
        wanted.setdefault(act.post.platform, set()).add(act.post.external_id)
    ids: dict[tuple[str, str], int] = {}
    for platform, external_ids in wanted.items():
        rows = session.execute(select(Post.external_id, Post.id).where(
            Post.platform == platform, Post.external_id.in_(external_ids)))
        ids.update({(platform, ext): pid for ext, pid in rows})
    missing = [(a.post.platform, a.post.external_id) for a in acts
               if (a.post.platform, a.post.external_id) not in ids]
    if missing:
        # The runner ingests a page's posts before its acts; anything else is a bug upstream.
        raise ValueError(f"acts on posts that were not stored first: {missing[:3]}")
    return ids


def _watched(session: Session, handles: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(platform, handle) -> the watched person who owns it; candidates' accounts are not here."""
    found: dict[tuple[str, str], int] = {}
    for platform in {p for p, _ in handles}:
        rows = session.execute(select(Account.handle, Account.person_id).where(
            Account.platform == platform, Account.person_id.is_not(None),
            Account.handle.in_({h for p, h in handles if p == platform})))
        found.update({(platform, handle): person_id for handle, person_id in rows})
    return found


def _upsert(session: Session, persons: dict[_Key, int | None], now: datetime) -> ActCounts:
    stmt = select(PostAct.id, PostAct.post_id, PostAct.handle, PostAct.action,
                  PostAct.person_id).where(PostAct.post_id.in_({k[0] for k in persons}))
    known = {(pid, handle, action): (act_id, person)
             for act_id, pid, handle, action, person in session.execute(stmt)}
    inserts, updates = [], []
    for key, person in persons.items():
        if key in known:
            act_id, had = known[key]
            # An account taken off the watch-list keeps the link its acts were judged by.
            updates.append({"id": act_id, "last_seen_at": now,
                            "person_id": person if person is not None else had})
        else:
            inserts.append({"post_id": key[0], "handle": key[1], "action": key[2],
                            "person_id": person, "first_seen_at": now, "last_seen_at": now})
    insert_rows(session, PostAct.__table__, inserts, returning_ids=False)
    if updates:
        session.execute(update(PostAct), updates)
    return ActCounts(new=len(inserts), seen_again=len(updates))


def _add_actor_matches(session: Session, watched: dict[_Key, int]) -> None:
    """Make each watched person an actor of the post they acted on, once per action."""
    if not watched:
        return
    stmt = select(PostMatch.post_id, PostMatch.person_id, PostMatch.how).where(
        PostMatch.field == ACT_FIELD, PostMatch.post_id.in_({k[0] for k in watched}))
    have = set(session.execute(stmt).all())
    rows: dict[tuple[int, int, str], dict[str, object]] = {}
    for (pid, handle, action), person in watched.items():
        if (pid, person, action) not in have:
            rows.setdefault((pid, person, action), {
                "post_id": pid, "person_id": person, "candidate_id": None, "how": action,
                "field": ACT_FIELD, "span_start": None, "span_end": None,
                "matched": f"@{handle}"[:300],
            })
    insert_rows(session, PostMatch.__table__, list(rows.values()), returning_ids=False)
