"""Browser captures uploaded as Zeeschuimer does to 4CAT: one job per upload, polled by key."""
