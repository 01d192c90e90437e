"""Linked-data pages: every IRI of the graph as HTML for people and RDF for machines.

Routes
  ``/``                      the home page (:mod:`.home`)
  ``/id/<path>``             a resource (:mod:`.resource`), built by :mod:`.describe`
  ``/municipalities`` …      one sortable, paginated table per class (:mod:`.indexes`, :mod:`.cells`)
  ``/changes``, ``/changes.atom``  what each kept build changed, as a page and an Atom feed (:mod:`.changes`)
  ``/validation``            the served build's validation report, and a failed build's (:mod:`.validation`)

Every answer carries an ETag and Last-Modified tied to the build (:mod:`.base`).
"""

from coopgraph.web.pages import changes, home, indexes, resource, validation
from coopgraph.web.pages.base import blueprint

__all__ = ["blueprint", "changes", "home", "indexes", "resource", "validation"]
