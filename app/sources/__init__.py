"""Where scheduled collectors look: one row per source, its schedule, cursor and health."""
