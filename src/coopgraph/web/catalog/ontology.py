"""The ontology documented (``/ontology``) and the shapes listed (``/shapes``).

``/ontology`` is the ontology IRI ``https://w3id.org/coopgraph/ontology``: an
HTML page documenting every term (anchors ``#Municipality``… so term IRIs land
on their section), or the store's ontology graph (asserted triples only) in an
RDF form. HTML is the default for ``*/*``. ``/shapes`` publishes the SHACL
shapes the data is validated with (the build's ``shapes.ttl``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Response, render_template, url_for
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from coopgraph.i18n import LANGUAGES, pick, word
from coopgraph.namespaces import SCHEMA, SH
from coopgraph.web.catalog.base import (
    MEDIA_TYPE,
    ONTOLOGY_PREFIXES,
    PAGE_OFFERS,
    SHAPE_PREFIXES,
    Link,
    answer,
    blueprint,
    curie,
    dumps_dir,
    ontology_graph,
    ox_bytes,
    public_base,
    rdflib_bytes,
    shapes_graph,
    texts,
)
from coopgraph.web.links import with_slash
from coopgraph.web.negotiation import RDF_SUFFIXES, reader_language
from coopgraph.web.published import current as published

VANN = "http://purl.org/vocab/vann/"

KIND_ORDER = ("classes", "object_properties", "datatype_properties", "annotation_properties", "other_properties")


KIND_OF: dict[Node, str] = {
    OWL.Class: "classes",
    RDFS.Class: "classes",
    OWL.ObjectProperty: "object_properties",
    OWL.DatatypeProperty: "datatype_properties",
    OWL.AnnotationProperty: "annotation_properties",
    RDF.Property: "other_properties",
}


RELATIONS: tuple[tuple[str, URIRef], ...] = (
    ("subClassOf", RDFS.subClassOf),
    ("equivalentClass", OWL.equivalentClass),
    ("subPropertyOf", RDFS.subPropertyOf),
    ("equivalentProperty", OWL.equivalentProperty),
    ("inverseOf", OWL.inverseOf),
    ("domain", RDFS.domain),
    ("range", RDFS.range),
    ("domainIncludes", SCHEMA.domainIncludes),
    ("rangeIncludes", SCHEMA.rangeIncludes),
    ("disjointWith", OWL.disjointWith),
    ("exactMatch", SKOS.exactMatch),
    ("closeMatch", SKOS.closeMatch),
)


CHARACTERISTICS: dict[Node, str] = {
    OWL.SymmetricProperty: "owl:SymmetricProperty",
    OWL.TransitiveProperty: "owl:TransitiveProperty",
    OWL.FunctionalProperty: "owl:FunctionalProperty",
    OWL.InverseFunctionalProperty: "owl:InverseFunctionalProperty",
    OWL.AsymmetricProperty: "owl:AsymmetricProperty",
    OWL.ReflexiveProperty: "owl:ReflexiveProperty",
    OWL.IrreflexiveProperty: "owl:IrreflexiveProperty",
}


@dataclass(frozen=True)
class Terms:
    """Names and links of the ontology's terms, in the reader's language."""

    graph: Graph
    namespace: str
    lang: str

    def label(self, term: URIRef) -> str:
        return pick(texts(self.graph, term, RDFS.label), self.lang) or curie(str(term))

    def link(self, term: Any) -> Link:
        iri = str(term)
        if iri.startswith(self.namespace):
            return Link("#" + iri[len(self.namespace) :], self.label(term), True, iri)
        if isinstance(term, Literal):
            return Link("", str(term), False, "")
        return Link(iri, curie(iri), False, iri)

    def own(self, term: Any) -> bool:
        return str(term).startswith(self.namespace)


def ontology_page(graph: Graph, lang: str, public: str, dataset_base: str) -> dict[str, Any]:
    """What the ontology page shows, in ``lang``: the ontology's header, its terms by kind, the external terms."""
    names = Terms(graph, with_slash(dataset_base) + "ontology#", lang)
    other = next(code for code in LANGUAGES if code != lang)
    owl_ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)), URIRef(with_slash(dataset_base) + "ontology"))
    own = sorted(
        {s for s in graph.subjects() if isinstance(s, URIRef) and names.own(s) and (s, RDF.type, None) in graph},
        key=lambda s: str(s).lower() + str(s),
    )
    terms: dict[str, list[dict[str, Any]]] = {kind: [] for kind in KIND_ORDER}
    for term in own:
        kinds = [KIND_OF[k] for k in graph.objects(term, RDF.type) if k in KIND_OF]
        terms[kinds[0] if kinds else "other_properties"].append(_term(names, term, other))
    disjoint = [
        (names.link(a), names.link(b))
        for a, b in sorted(graph.subject_objects(OWL.disjointWith), key=lambda pair: (str(pair[0]), str(pair[1])))
    ]
    return {
        "ontology": _header(graph, owl_ontology, names),
        "terms": terms,
        "kinds": [k for k in KIND_ORDER if terms[k]],
        "external": _external(names),
        "disjoint": disjoint,
        "other_lang": other,
    }


def _term(names: Terms, term: URIRef, other: str) -> dict[str, Any]:
    """One term's section: its labels and definitions in both languages, relations both ways."""
    graph, lang = names.graph, names.lang
    relations = []
    for key, predicate in RELATIONS:
        values = sorted(
            (names.link(o) for o in graph.objects(term, predicate)), key=lambda link: (not link.internal, link.text)
        )
        if values:
            relations.append((word(key, lang), values))
    reverse = []
    for key, predicate in (
        ("subclasses", RDFS.subClassOf),
        ("subproperties", RDFS.subPropertyOf),
        ("properties_of", SCHEMA.domainIncludes),
        ("properties_to", SCHEMA.rangeIncludes),
    ):
        values = sorted(
            (names.link(s) for s in graph.subjects(predicate, term) if names.own(s)), key=lambda link: link.text
        )
        if values:
            reverse.append((word(key, lang), values))
    labels = texts(graph, term, RDFS.label)
    definitions = texts(graph, term, SKOS.definition)
    return {
        "iri": str(term),
        "anchor": str(term)[len(names.namespace) :],
        "curie": curie(str(term)),
        "labels": labels,
        "label": pick(labels, lang) or curie(str(term)),
        "other_label": labels.get(other),
        "definition": pick(definitions, lang),
        "other_definition": definitions.get(other),
        "comment": pick(texts(graph, term, RDFS.comment), lang),
        "note": pick(texts(graph, term, SKOS.editorialNote), lang),
        "relations": relations,
        "reverse": reverse,
        "characteristics": [CHARACTERISTICS[k] for k in graph.objects(term, RDF.type) if k in CHARACTERISTICS],
    }


def _external(names: Terms) -> list[dict[str, Any]]:
    """The terms of other vocabularies the ontology declares, with the own terms that use each."""
    graph = names.graph
    external = []
    for kind_iri, kind in KIND_OF.items():
        for term in sorted(graph.subjects(RDF.type, kind_iri), key=str):
            iri = str(term)
            if isinstance(term, URIRef) and not names.own(term):
                users = sorted(
                    {
                        (names.link(s).text, names.link(s).href)
                        for s, _, _ in graph.triples((None, None, term))
                        if names.own(s)
                    }
                )
                external.append(
                    {
                        "iri": iri,
                        "curie": curie(iri),
                        "kind": word(kind, names.lang),
                        "anchor": "ext-" + curie(iri).replace(":", "-").replace("/", "-").replace("#", "-"),
                        "users": [Link(href, text, True, "") for text, href in users],
                    }
                )
    return external


def _header(graph: Graph, owl_ontology: Any, names: Terms) -> dict[str, Any]:
    lang = names.lang
    return {
        "iri": str(owl_ontology),
        "title": pick(texts(graph, owl_ontology, DCTERMS.title), lang),
        "description": pick(texts(graph, owl_ontology, DCTERMS.description), lang),
        "comment": pick(texts(graph, owl_ontology, RDFS.comment), lang),
        "version": graph.value(owl_ontology, OWL.versionInfo),
        "version_iri": graph.value(owl_ontology, OWL.versionIRI),
        "licence": graph.value(owl_ontology, DCTERMS.license),
        "created": graph.value(owl_ontology, DCTERMS.created),
        "modified": graph.value(owl_ontology, DCTERMS.modified),
        "prefix": graph.value(owl_ontology, URIRef(VANN + "preferredNamespacePrefix")),
        "namespace": graph.value(owl_ontology, URIRef(VANN + "preferredNamespaceUri")) or names.namespace,
    }


@blueprint.route("/ontology", endpoint="ontology")
@blueprint.route("/ontology<any('.ttl', '.jsonld', '.rdf', '.nt', '.html'):suffix>", endpoint="ontology_suffix")
def ontology(suffix: str | None = None) -> Response:
    site = published()

    def render(fmt: str) -> bytes | str:
        graph = ontology_graph()
        if fmt != "html":
            return ox_bytes(graph, fmt, ONTOLOGY_PREFIXES)
        lang = reader_language()
        public = public_base()
        return render_template(
            "ontology.html",
            t=lambda key: word(key, lang),
            public=public,
            formats=[(ext, MEDIA_TYPE[name]) for ext, name in RDF_SUFFIXES.items()],
            **ontology_page(graph, lang, public, site.dataset_base),
        )

    return answer("ontology", suffix, PAGE_OFFERS, "the ontology", render)


def shapes_page(graph: Graph, lang: str, dataset_base: str) -> list[dict[str, Any]]:
    namespace = with_slash(dataset_base) + "ontology#"
    rows = []
    for shape in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = []
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            for value in graph.objects(shape, predicate):
                iri = str(value)
                href = (
                    url_for("catalog.ontology", lang=lang) + "#" + iri[len(namespace) :]
                    if iri.startswith(namespace)
                    else iri
                )
                targets.append(
                    (curie(predicate), Link(href, curie(iri, SHAPE_PREFIXES), iri.startswith(namespace), iri))
                )
        name = curie(str(shape), SHAPE_PREFIXES) if isinstance(shape, URIRef) else "_:" + str(shape)
        rows.append(
            {
                "name": name,
                "anchor": name.split(":")[-1],
                "label": pick(texts(graph, shape, RDFS.label), lang) or pick(texts(graph, shape, RDFS.comment), lang),
                "targets": targets,
                "properties": [
                    curie(str(p), SHAPE_PREFIXES)
                    for p in sorted(
                        {
                            str(graph.value(ps, SH.path))
                            for ps in graph.objects(shape, SH.property)
                            if isinstance(graph.value(ps, SH.path), URIRef)
                        }
                    )
                ],
            }
        )
    return rows


@blueprint.route("/shapes", endpoint="shapes")
@blueprint.route("/shapes<any('.ttl', '.jsonld', '.rdf', '.nt', '.html'):suffix>", endpoint="shapes_suffix")
def shapes(suffix: str | None = None) -> Response:
    site = published()
    graph = shapes_graph()

    def render(fmt: str) -> bytes | str:
        if fmt == "turtle":
            directory = dumps_dir()
            assert directory is not None
            return (directory / "shapes.ttl").read_bytes()
        if fmt != "html":
            return rdflib_bytes(graph, fmt)
        lang = reader_language()
        return render_template(
            "ontology-shapes.html",
            t=lambda key: word(key, lang),
            shapes=shapes_page(graph, lang, site.dataset_base),
            formats=[(ext, MEDIA_TYPE[name]) for ext, name in RDF_SUFFIXES.items()],
        )

    return answer("shapes", suffix, PAGE_OFFERS, "the shapes", render)
