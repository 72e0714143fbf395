"""Batches without the cyclic garbage collector.

Classifying or matching a batch allocates tens of thousands of small objects (words, rule
hits, matches, result dicts), none of them in reference cycles, so reference counting frees them
all; the cyclic collector would only walk them again and again while the batch runs (10-15% of
the batch time in bench/classify.py). It runs as usual once the batch is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; re-enabled after it if it was enabled before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
