"""Watch-list snapshots on disk, so that a new process loads one instead of building it.

One directory per watch-list stamp under the cache directory, holding the matcher and the
facts triage needs, each sealed (checksummed, with the versions that wrote it). A directory
appears whole or not at all: it is written aside and then renamed. Once a newer one is in
place the older ones are removed. Whatever fails to load is rebuilt, never trusted.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from classifiers.matching import Matcher
from classifiers.sealed import SealedFileError, seal, unseal

log = logging.getLogger(__name__)

_FORMAT = 1
_MATCHER = "matcher.bin"
_FACTS = "facts.bin"
# Stamps are uuid4 hex; anything else is not used as a file name.
_STAMP = re.compile(r"[0-9a-f]{32}")
# A half-written directory this old belongs to a process that died while writing it.
_ABANDONED_AFTER_S = 3600


def read(cache_dir: Path, stamp: str) -> tuple[Matcher, dict] | None:
    """The stored matcher and facts for `stamp`, or None (and the directory removed) when
    there is none or it cannot be used."""
    folder = cache_dir / stamp
    if not _STAMP.fullmatch(stamp) or not folder.is_dir():
        return None
    try:
        facts = unseal(folder / _FACTS, _facts_header(stamp))
        if not isinstance(facts, dict):
            raise SealedFileError(f"{folder / _FACTS}: not a snapshot's facts")
        matcher = Matcher.load(folder / _MATCHER)
    except SealedFileError as exc:
        log.warning("stored watch-list snapshot %s is unusable, rebuilding: %s", folder, exc)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return matcher, facts


def write(cache_dir: Path, stamp: str, matcher: Matcher, facts: dict) -> None:
    """Store a snapshot for the next process; a failure costs that process a build, so it is
    logged rather than raised."""
    if not _STAMP.fullmatch(stamp):
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        if not (cache_dir / stamp).exists():
            _write_folder(cache_dir, stamp, matcher, facts)
        _remove_others(cache_dir, keep=stamp)
    except OSError as exc:
        log.warning("could not store the watch-list snapshot in %s: %s", cache_dir, exc)


def _facts_header(stamp: str) -> dict[str, object]:
    return {"snapshot_format": _FORMAT, "stamp": stamp}


def _write_folder(cache_dir: Path, stamp: str, matcher: Matcher, facts: dict) -> None:
    aside = Path(tempfile.mkdtemp(prefix=f".{stamp}.", dir=cache_dir))
    try:
        matcher.save(aside / _MATCHER)
        seal(aside / _FACTS, facts, _facts_header(stamp))
        try:
            os.rename(aside, cache_dir / stamp)
        except OSError:
            # Another process stored the same stamp meanwhile; theirs, identical, stays.
            if not (cache_dir / stamp).is_dir():
                raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def _remove_others(cache_dir: Path, *, keep: str) -> None:
    now = time.time()
    for entry in cache_dir.iterdir():
        if entry.name == keep or not entry.is_dir():
            continue
        stored = _STAMP.fullmatch(entry.name)
        abandoned = entry.name.startswith(".") and (
            now - entry.stat().st_mtime > _ABANDONED_AFTER_S
        )
        if stored or abandoned:
            shutil.rmtree(entry, ignore_errors=True)
