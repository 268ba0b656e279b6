"""Compute API v2.x (microversions 2.1 to 2.104)."""
