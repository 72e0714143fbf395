"""Receiving an upload's body: streamed to a temporary file, never held in memory, size-capped.

Zeeschuimer sends the NDJSON export as the raw request body (`xhr.send(blob)`), not as a form,
and a long browsing session can make it large.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import anyio
from fastapi import Request

from app.errors import Invalid, PantauError

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class TooLarge(PantauError):
    status_code = 413


class NotNdjson(PantauError):
    status_code = 415


@dataclass(frozen=True, slots=True)
class Received:
    path: Path
    bytes: int
    sha256: str
    lines: int


def _limit_message() -> str:
    return (f"the upload is over the {MAX_UPLOAD_BYTES // (1024 * 1024)} MB limit; export "
            "fewer items per upload")


def _check_headers(request: Request) -> None:
    if request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise NotNdjson("send the NDJSON export as the raw request body, not as a form upload "
                        "(e.g. curl --data-binary @capture.ndjson -H 'Content-Type: "
                        "application/x-ndjson')")
    declared = request.headers.get("content-length", "")
    # A declared size over the cap is refused before a byte is read.
    if declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
        raise TooLarge(_limit_message())


async def receive(request: Request, directory: Path) -> Received:
    """Stream the body into a new file in `directory`; the caller owns (and deletes) the file."""
    _check_headers(request)
    directory.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix="upload-", suffix=".ndjson", dir=directory)
    path = Path(name)
    digest, size, newlines, last = hashlib.sha256(), 0, 0, b"\n"
    try:
        with os.fdopen(fd, "wb") as fh:
            async for chunk in request.stream():
                if not chunk:
                    continue
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise TooLarge(_limit_message())
                digest.update(chunk)
                newlines += chunk.count(b"\n")
                last = chunk[-1:]
                # Disk writes block; the event loop must not wait on them.
                await anyio.to_thread.run_sync(fh.write, chunk)
        if size == 0:
            raise Invalid("the upload is empty: send the NDJSON export as the request body",
                          status_code=400)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    # A last line without its newline is still a line.
    lines = newlines + (0 if last == b"\n" else 1)
    return Received(path=path, bytes=size, sha256=digest.hexdigest(), lines=lines)
