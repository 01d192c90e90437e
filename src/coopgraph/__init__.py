"""coopgraph: a city's international cooperation as linked open data."""

__version__ = "0.1.0"
