"""Pickles sealed with a header and a SHA-256, for caches that are rebuilt rather than trusted.

A sealed file is a magic line, a JSON header line, a pickle, and the SHA-256 of all of that.
`unseal` checks the digest before unpickling anything, and the header against the one the
caller expects (format and library versions), so a damaged, truncated or foreign file is an
error, never a silently wrong object. The digest is checked in a streaming pass, so a file of
gigabytes is not read into memory to check it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import BinaryIO

_MAGIC = b"pantau-sealed\n"
_DIGEST_SIZE = hashlib.sha256().digest_size
_CHUNK = 1 << 20


class SealedFileError(ValueError):
    """A sealed file that cannot be used: unreadable, damaged, or sealed for another header."""


def seal(path: Path, obj: object, header: dict[str, object]) -> None:
    """Write `obj` to `path` under `header`."""
    digest = hashlib.sha256()
    with open(path, "wb") as fh:
        out = _HashingWriter(fh, digest)
        out.write(_MAGIC)
        out.write(json.dumps(header, sort_keys=True).encode() + b"\n")
        pickle.dump(obj, out, protocol=pickle.HIGHEST_PROTOCOL)
        fh.write(digest.digest())


def unseal(path: Path, header: dict[str, object]) -> object:
    """The object sealed in `path` under exactly `header`; SealedFileError otherwise."""
    try:
        with open(path, "rb") as fh:
            _verify(fh)
            fh.seek(0)
            if fh.readline() != _MAGIC:
                raise SealedFileError("not a sealed file")
            found = json.loads(fh.readline())
            if found != json.loads(json.dumps(header)):
                raise SealedFileError(f"sealed for {found}, expected {header}")
            return pickle.load(fh)
    except SealedFileError as exc:
        raise SealedFileError(f"{path}: {exc}") from None
    except (OSError, ValueError, EOFError, pickle.UnpicklingError) as exc:
        raise SealedFileError(f"{path}: {exc}") from exc


class _HashingWriter:
    """A write-only file that hashes what passes through it."""

    def __init__(self, fh: BinaryIO, digest: hashlib._Hash) -> None:
        self._fh = fh
        self._digest = digest

    def write(self, data: bytes) -> int:
        self._digest.update(data)
        return self._fh.write(data)


def _verify(fh: BinaryIO) -> None:
    remaining = os.fstat(fh.fileno()).st_size - _DIGEST_SIZE
    if remaining < len(_MAGIC):
        raise SealedFileError("truncated")
    digest = hashlib.sha256()
    while remaining:
        chunk = fh.read(min(remaining, _CHUNK))
        if not chunk:
            raise SealedFileError("truncated")
        digest.update(chunk)
        remaining -= len(chunk)
    if fh.read() != digest.digest():
        raise SealedFileError("checksum mismatch: the file is damaged or incomplete")
