"""Finding resources by name: full-text search (``/api/search``, ``/search``) and OpenRefine reconciliation."""

from coopgraph.web.finding import reconcile, search  # noqa: F401  (they register their routes)
from coopgraph.web.finding.base import blueprint

__all__ = ["blueprint"]
