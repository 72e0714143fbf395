"""Text understanding: normalization, watch-list matching, support classification.

No database, no web: `app/` feeds these plain data and stores what they return.
"""
