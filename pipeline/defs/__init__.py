"""Dagster wiring only: assets, checks, automation and resources around the plain core."""
