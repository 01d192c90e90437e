"""coopgraph: a city's international cooperation as linked open data."""

__version__ = "0.2.0"
"""The one place the version is written: the package metadata (pyproject.toml) reads it from here."""
