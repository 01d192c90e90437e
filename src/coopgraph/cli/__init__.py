"""The ``coopgraph`` command: a thin layer over build, validate, query, stats and serve.

Each module registers its commands on the one group, :data:`coopgraph.cli.base.cli`.
"""

from coopgraph.cli import building, publishing, querying, serving
from coopgraph.cli.base import cli

__all__ = ["building", "cli", "publishing", "querying", "serving"]
