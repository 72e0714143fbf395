"""Collectors: pure code that turns platform payloads (HTTP or captured files) into PostIn.

Nothing here knows the database or the web; `app/` persists what these return.
"""
