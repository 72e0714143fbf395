"""Every domain's models, imported in one place so Alembic sees one metadata."""

from app.audit.models import AuditEntry
from app.auth.models import ApiKey
from app.db import Base
from app.imports.models import ImportJob
from app.posts.acts import PostAct
from app.posts.models import Classification, Post, PostMatch, PostRevision
from app.regions.models import Region
from app.review.models import ReviewItem, ReviewStep
from app.sources.models import Source, SourceRun
from app.users.models import User, UserToken, WebSession
from app.watchlist.models import Account, Candidate, Election, Person, WatchlistState

__all__ = [
    "Account",
    "ApiKey",
    "AuditEntry",
    "Base",
    "Candidate",
    "Classification",
    "Election",
    "ImportJob",
    "Person",
    "Post",
    "PostAct",
    "PostMatch",
    "PostRevision",
    "Region",
    "ReviewItem",
    "ReviewStep",
    "Source",
    "SourceRun",
    "User",
    "UserToken",
    "WebSession",
    "WatchlistState",
]
