"""The web API: the canned queries as operations, their OpenAPI 3.1 document and its page for people.

Routes
  ``/api/queries/{name}``    one canned query, JSON rows, CSV or SPARQL results (:mod:`.queries`)
  ``/api/openapi.json``      the OpenAPI document, generated from the query headers (:mod:`.openapi`)
  ``/api/``                  every operation with a form to try it (:mod:`.docs`)

Errors under ``/api/`` are RFC 9457 problem documents (:mod:`coopgraph.web.problems`). Another
module adds operations to the document with :func:`.openapi.add_paths`.
"""

from coopgraph.web.api import docs, openapi, queries
from coopgraph.web.api.base import blueprint

__all__ = ["blueprint", "docs", "openapi", "queries"]
