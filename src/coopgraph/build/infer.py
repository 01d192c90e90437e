"""OWL RL entailments of ontology + data, and only the useful ones.

owlrl is the reference reasoner, but its forward chaining walks the whole graph
on every round: about 0.7 ms a triple here, a quarter of an hour for a million.
Our ontology keeps to the part of OWL RL whose instance rules look at one
triple at a time (sub-classes and sub-properties, equivalences, inverse,
symmetric and transitive properties, domains and ranges). So owlrl closes the
ontology alone, which is small, and that closure is compiled into a table per
predicate which the instance data passes through once. ``reasoner="owlrl"``
runs owlrl over everything instead; a test holds the two to the same answer.

Not every entailment is worth serving: owlrl also states that every node is
``owl:sameAs`` itself, that literals have their datatypes as types, and
restates the RDF and OWL vocabularies. :func:`is_useful` is the one place that
says what consumers get.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal as Choice
from typing import TypeVar

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from coopgraph.namespaces import COOP

Triple = tuple[Node, Node, Node]
Reasoner = Choice["rules", "owlrl"]
N = TypeVar("N")

BUILTIN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
SUPPORTED_AXIOMS = frozenset(
    {
        RDFS.subClassOf,
        OWL.equivalentClass,
        RDFS.subPropertyOf,
        OWL.equivalentProperty,
        OWL.inverseOf,
        RDFS.domain,
        RDFS.range,
        OWL.disjointWith,
    }
)
"""Axioms the compiled rules implement exactly (with symmetric and transitive property types)."""

UNSUPPORTED_AXIOMS = frozenset(
    {
        OWL.propertyChainAxiom,
        OWL.hasKey,
        OWL.sameAs,
        OWL.unionOf,
        OWL.intersectionOf,
        OWL.someValuesFrom,
        OWL.allValuesFrom,
        OWL.hasValue,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.oneOf,
    }
)
UNSUPPORTED_TYPES = frozenset({OWL.FunctionalProperty, OWL.InverseFunctionalProperty})


class UnsupportedOntology(ValueError):
    """The ontology uses OWL RL features the compiled rules do not implement."""


def _builtin(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(BUILTIN_NAMESPACES)


def is_useful(triple: Triple) -> bool:
    """Whether an entailed triple is worth serving.

    Kept: types, super-properties, inverses and symmetric links of instances,
    and the transitive closure of the class and property hierarchies. Dropped:
    anything said of a literal, ``x owl:sameAs x``, typing with RDF/OWL
    meta-classes (``owl:Thing``, ``rdf:Property``…), reflexive hierarchy links
    and statements about the RDF, RDFS, OWL and XSD vocabularies themselves.
    """
    s, p, o = triple
    if isinstance(s, Literal) or _builtin(s):
        return False
    if p == OWL.sameAs:
        return s != o
    if p == RDF.type:
        return not _builtin(o) and not isinstance(o, Literal)
    if p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty):
        return s != o and not _builtin(o)
    return not _builtin(p) or p in (RDFS.domain, RDFS.range, OWL.inverseOf)


@dataclass(frozen=True)
class Rules:
    """The closed ontology, compiled to what each predicate and class entails."""

    superclasses: dict[Node, frozenset[Node]]
    """Class → every strict superclass and equivalent class."""
    expansions: dict[Node, frozenset[tuple[Node, bool]]]
    """Predicate → (predicate, flipped) pairs one of its triples entails, itself included."""
    transitive: frozenset[Node]
    domains: dict[Node, frozenset[Node]]
    ranges: dict[Node, frozenset[Node]]
    tbox_entailments: frozenset[Triple] = field(default=frozenset())
    """Useful triples owlrl adds to the ontology itself (the closed hierarchies)."""

    def types_of(self, cls: Node) -> frozenset[Node]:
        return self.superclasses.get(cls, frozenset())


def check_supported(ontology: Graph) -> None:
    """Refuse an ontology whose entailments the compiled rules would miss."""
    problems = sorted(
        {f"{p.n3()} on {s.n3()}" for s, p, _ in ontology if p in UNSUPPORTED_AXIOMS}
        | {f"{s.n3()} a {o.n3()}" for s, o in ontology.subject_objects(RDF.type) if o in UNSUPPORTED_TYPES}
    )
    if problems:
        listed = "; ".join(problems[:5]) + ("…" if len(problems) > 5 else "")
        raise UnsupportedOntology(
            f"the ontology uses OWL features outside the compiled rules ({listed}); "
            "build with reasoner='owlrl' or remove them"
        )


def owlrl_closure(graph: Graph) -> Graph:
    """A copy of ``graph`` closed under OWL RL, without axiomatic or datatype triples.

    ``improved_datatypes=False`` matters: otherwise owlrl swaps rdflib's global
    lexical converters for its own, whose ``xsd:gMonth`` one rejects valid
    values, and every later validation in the process sees ill-typed dates.
    """
    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False, improved_datatypes=False
    ).expand(closed)
    return closed


def compile_rules(ontology: Graph) -> Rules:
    """Close ``ontology`` with owlrl and turn the closure into per-term tables."""
    check_supported(ontology)
    closed = owlrl_closure(ontology)
    superclasses = _superclasses(closed)

    def closed_classes(classes: Iterable[Node]) -> frozenset[Node]:
        found: set[Node] = set()
        for cls in classes:
            if not _builtin(cls):
                found.add(cls)
                found |= superclasses.get(cls, set())
        return frozenset(found)

    domains = {p: closed_classes(closed.objects(p, RDFS.domain)) for p in set(closed.subjects(RDFS.domain, None))}
    ranges = {p: closed_classes(closed.objects(p, RDFS.range)) for p in set(closed.subjects(RDFS.range, None))}
    tbox = frozenset(t for t in closed if t not in ontology and is_useful(t))
    return Rules(
        superclasses={c: frozenset(s) for c, s in superclasses.items()},
        expansions=_expansions(_property_links(closed)),
        transitive=frozenset(closed.subjects(RDF.type, OWL.TransitiveProperty)),
        domains={p: c for p, c in domains.items() if c},
        ranges={p: c for p, c in ranges.items() if c},
        tbox_entailments=tbox,
    )


def _superclasses(closed: Graph) -> dict[Node, set[Node]]:
    """Each class's superclasses and equivalents in the closed ontology (RDF and OWL's own left out)."""
    superclasses: dict[Node, set[Node]] = defaultdict(set)
    for sub, sup in closed.subject_objects(RDFS.subClassOf):
        if sub != sup and not _builtin(sup):
            superclasses[sub].add(sup)
    for a, b in closed.subject_objects(OWL.equivalentClass):
        if a != b:
            superclasses[a].add(b)
            superclasses[b].add(a)
    return superclasses


def _property_links(closed: Graph) -> dict[Node, set[tuple[Node, bool]]]:
    """One step from a property to another that it implies: (implied, whether subject and object swap)."""
    direct: dict[Node, set[tuple[Node, bool]]] = defaultdict(set)
    for sub, sup in closed.subject_objects(RDFS.subPropertyOf):
        if sub != sup and not _builtin(sup):
            direct[sub].add((sup, False))
    for a, b in closed.subject_objects(OWL.equivalentProperty):
        if a != b:
            direct[a].add((b, False))
            direct[b].add((a, False))
    for a, b in closed.subject_objects(OWL.inverseOf):
        direct[a].add((b, True))
        direct[b].add((a, True))
    for p in closed.subjects(RDF.type, OWL.SymmetricProperty):
        direct[p].add((p, True))
    return direct


def _expansions(direct: dict[Node, set[tuple[Node, bool]]]) -> dict[Node, frozenset[tuple[Node, bool]]]:
    """Every property a property implies, through any chain of steps, with the swap the chain makes."""
    expansions: dict[Node, frozenset[tuple[Node, bool]]] = {}
    for p in set(direct):
        reached = {(p, False)}
        todo = [(p, False)]
        while todo:
            q, flipped = todo.pop()
            for r, flip in direct.get(q, ()):
                step = (r, flipped != flip)
                if step not in reached:
                    reached.add(step)
                    todo.append(step)
        expansions[p] = frozenset(reached)
    return expansions


def transitive_closure(pairs: set[tuple[N, N]]) -> set[tuple[N, N]]:
    """Every (a, b) with a path from a to b; rdflib terms or Oxigraph terms alike."""
    successors: dict[N, set[N]] = defaultdict(set)
    for a, b in pairs:
        successors[a].add(b)
    closure: set[tuple[N, N]] = set()
    for start in list(successors):
        seen: set[N] = set()
        todo = list(successors[start])
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            todo.extend(successors.get(node, ()))
        closure.update((start, n) for n in seen)
    return closure


def apply_rules(rules: Rules, triples: Iterable[Triple]) -> set[Triple]:
    """Every useful triple the rules entail from ``triples`` that is not among them."""
    asserted: set[Triple] = set(triples)
    edges: set[Triple] = set()
    types: dict[Node, set[Node]] = defaultdict(set)

    def add_edge(s: Node, p: Node, o: Node) -> None:
        for q, flipped in rules.expansions.get(p, ((p, False),)):
            subject, obj = (o, s) if flipped else (s, o)
            if isinstance(subject, Literal):
                continue
            edges.add((subject, q, obj))

    for s, p, o in asserted:
        if p == RDF.type:
            types[s].add(o)
        else:
            add_edge(s, p, o)

    while rules.transitive:
        pairs_by_property: dict[Node, set[tuple[Node, Node]]] = defaultdict(set)
        for s, p, o in edges:
            if p in rules.transitive:
                pairs_by_property[p].add((s, o))
        new = {(a, p, b) for p, pairs in pairs_by_property.items() for a, b in transitive_closure(pairs) - pairs}
        if not new:
            break
        for s, p, o in new:
            add_edge(s, p, o)

    for s, p, o in edges:
        for cls in rules.domains.get(p, ()):
            types[s].add(cls)
        if not isinstance(o, Literal):
            for cls in rules.ranges.get(p, ()):
                types[o].add(cls)

    entailed = set(edges)
    for node, classes in types.items():
        for cls in list(classes):
            entailed.add((node, RDF.type, cls))
            for sup in rules.types_of(cls):
                entailed.add((node, RDF.type, sup))
    entailed |= rules.tbox_entailments
    return {t for t in entailed - asserted if is_useful(t)}


def agreement_classes(superclasses: dict[Node, frozenset[Node]]) -> frozenset[Node]:
    """``coop:CooperationAgreement`` and every class the ontology puts under it."""
    below = {c for c, sups in superclasses.items() if COOP.CooperationAgreement in sups}
    return frozenset(below | {COOP.CooperationAgreement})


def agreement_partnerships(graph: Graph, classes: frozenset[Node]) -> set[Triple]:
    """``coop:partnerOf`` between every two parties of one agreement.

    OWL RL cannot say "parties of the same agreement are partners" without
    making every municipality its own partner, so this one rule is ours.
    ``classes`` are the agreement classes (see :func:`agreement_classes`).
    """
    parties: dict[Node, set[Node]] = defaultdict(set)
    for agreement, party in graph.subject_objects(COOP.party):
        parties[agreement].add(party)
    found: set[Triple] = set()
    for agreement, members in parties.items():
        if any((agreement, RDF.type, c) in graph for c in classes):
            found.update((a, COOP.partnerOf, b) for a in members for b in members if a != b)
    return found


def _superclasses_in(closed: Graph) -> dict[Node, frozenset[Node]]:
    found: dict[Node, set[Node]] = defaultdict(set)
    for sub, sup in closed.subject_objects(RDFS.subClassOf):
        found[sub].add(sup)
    return {c: frozenset(s) for c, s in found.items()}


def infer(ontology: Graph, data: Graph, *, reasoner: Reasoner = "rules") -> Graph:
    """The useful triples entailed by ontology + data that neither states.

    ``reasoner="rules"`` (the default) scales linearly with the data;
    ``reasoner="owlrl"`` runs owlrl's full closure and is the reference.
    """
    if reasoner == "rules":
        rules = compile_rules(ontology)
        partners = agreement_partnerships(data, agreement_classes(rules.superclasses))
        entailed = apply_rules(rules, [*ontology, *data, *partners]) | partners
    elif reasoner == "owlrl":
        classes = agreement_classes(_superclasses_in(owlrl_closure(ontology)))
        partners = agreement_partnerships(data, classes)
        merged = Graph()
        for triple in [*ontology, *data, *partners]:
            merged.add(triple)
        closed = owlrl_closure(merged)
        entailed = {t for t in closed if t not in merged and is_useful(t)} | partners
    else:
        raise ValueError(f"unknown reasoner {reasoner!r}: use 'rules' or 'owlrl'")
    inferred = Graph()
    for triple in entailed:
        if triple not in data and triple not in ontology:
            inferred.add(triple)
    return inferred
