"""What a saved model or matcher was built from, so that a change of code makes it stale."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).parent


@lru_cache(maxsize=8)
def sources_digest(names: tuple[str, ...]) -> str:
    """SHA-256 over the named files of `classifiers/`, in order."""
    h = hashlib.sha256()
    for name in names:
        h.update((_HERE / name).read_bytes())
    return h.hexdigest()
