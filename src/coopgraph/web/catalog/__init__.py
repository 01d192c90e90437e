"""The catalogue: the dataset described (DCAT-AP 3, VoID), the ontology documented, the dumps served.

Routes
  ``/ontology``, ``/shapes`` (and ``.ttl`` ``.jsonld`` ``.rdf`` ``.nt`` ``.html``)   :mod:`.ontology`
  ``/dataset``, ``/catalog`` (and suffixes), ``/.well-known/void``                  :mod:`.dataset`
  ``/dumps/<name>``                                                                 :mod:`.dumps`

The description is built by :mod:`.description` from what :mod:`.measure`
counts in the store; :mod:`.base` holds what the views share. The official
DCAT-AP shapes the description is held to are in ``catalog_shapes/``.
"""

from coopgraph.web.catalog import dataset, dumps, ontology
from coopgraph.web.catalog.base import blueprint

__all__ = ["blueprint", "dataset", "dumps", "ontology"]
