"""Pantau: civil-servant neutrality monitoring for Bawaslu's internet-watch working groups."""
