"""``python -m coopgraph`` is the ``coopgraph`` command."""

from .cli import cli

cli()
