"""Map the dataset's IRIs to the server that answers for them, and back, as Pubby and LodView do.

The data keeps its permanent IRIs (``https://w3id.org/coopgraph/id/…``) while the
server may run anywhere (``http://127.0.0.1:8080`` in development, a
municipality's host in production). Links in pages go to the answering
server; RDF returned keeps the dataset IRIs.
"""

from __future__ import annotations


def with_slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def page_url(iri: str, dataset_base: str, public_base: str) -> str:
    """Where ``iri`` is served: the same path under ``public_base`` for the dataset's IRIs, else ``iri`` itself.

    >>> page_url("https://w3id.org/coopgraph/id/municipality/radom", "https://w3id.org/coopgraph/", "http://127.0.0.1:8080/")
    'http://127.0.0.1:8080/id/municipality/radom'
    >>> page_url("https://w3id.org/coopgraph/ontology#Municipality", "https://w3id.org/coopgraph/", "http://x/")
    'http://x/ontology#Municipality'
    >>> page_url("http://www.wikidata.org/entity/Q104740", "https://w3id.org/coopgraph/", "http://x/")
    'http://www.wikidata.org/entity/Q104740'
    """
    base = with_slash(dataset_base)
    if iri.startswith(base):
        return with_slash(public_base) + iri[len(base) :]
    return iri


def dataset_iri(path: str, dataset_base: str) -> str:
    """The dataset IRI that a request path (``id/municipality/radom``, no leading slash) stands for."""
    return with_slash(dataset_base) + path.lstrip("/")
