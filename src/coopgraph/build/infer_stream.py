"""The compiled OWL RL rules applied to the staged sources as they stream past: no graph held in memory.

:func:`coopgraph.build.infer.apply_rules` says what the rules entail, over an
rdflib set of every triple; this module computes exactly that from the staged
N-Quads file in two passes, holding only what the rules need to look back at
(the stated triples of the predicates they write, the agreements' parties, the
edges of transitive properties). The rule tables are folded per predicate first
(a ``coop:partner`` triple entails these copies, its subject these types, its
object those), so each asserted triple costs a dictionary lookup. SPARQL
updates on the store were tried first: at a million triples they took 84 s
(about 10 µs a row) where these passes take a few seconds, and an ``INSERT`` of a
million triples holds its whole transaction in memory (4 GB, measured).
The entailments are written to a file that the store bulk-loads. Tests hold
this to :func:`~coopgraph.build.infer.infer` on the bundled and on synthetic data.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from coopgraph.build.infer import (
    BUILTIN_NAMESPACES,
    Rules,
    agreement_classes,
    compile_rules,
    is_useful,
    transitive_closure,
)
from coopgraph.build.store import to_oxigraph
from coopgraph.namespaces import COOP, DATA_GRAPH, INFERRED_GRAPH
from coopgraph.sources.project import Sources

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Edge = tuple[Term, Term]

TYPE = ox.NamedNode(str(RDF.type))
PARTY = ox.NamedNode(str(COOP.party))
PARTNER_OF = ox.NamedNode(str(COOP.partnerOf))
SAME_AS = ox.NamedNode(str(OWL.sameAs))
HIERARCHY = frozenset(
    ox.NamedNode(str(p)) for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty)
)
KEPT_BUILTINS = frozenset({RDFS.domain, RDFS.range, OWL.inverseOf})


def _builtin(term: object) -> bool:
    if isinstance(term, URIRef):
        return str(term).startswith(BUILTIN_NAMESPACES)
    return isinstance(term, ox.NamedNode) and term.value.startswith(BUILTIN_NAMESPACES)


def _node(term: Node) -> ox.NamedNode:
    found = to_oxigraph(term)
    if not isinstance(found, ox.NamedNode):
        raise ValueError(f"the compiled rules name a term that is not an IRI: {term!r}")
    return found


@dataclass
class Entails:
    """What one triple of a predicate entails, with everything not worth serving left out."""

    copies: list[tuple[ox.NamedNode, bool]] = field(default_factory=list)
    """(q, flipped): ``s p o`` entails ``s q o``, or ``o q s`` when flipped."""
    subject_types: list[ox.NamedNode] = field(default_factory=list)
    """Classes of ``s`` (the domains of the straight copies)."""
    flipped_subject_types: list[ox.NamedNode] = field(default_factory=list)
    """Classes of ``s`` when ``o`` is not a literal (the ranges of the flipped copies)."""
    object_types: list[ox.NamedNode] = field(default_factory=list)
    """Classes of ``o`` when it is not a literal."""


@dataclass(frozen=True)
class Tables:
    """The rules folded per predicate, in Oxigraph terms."""

    by_predicate: dict[ox.NamedNode, Entails]
    supers: dict[ox.NamedNode, list[ox.NamedNode]]
    transitive: frozenset[ox.NamedNode]
    agreement_classes: frozenset[ox.NamedNode]

    @property
    def written(self) -> frozenset[ox.NamedNode]:
        """Every predicate an entailment may have: what must be known as stated to leave it out."""
        copies = {q for entails in self.by_predicate.values() for q, _ in entails.copies}
        kept = {ox.NamedNode(str(p)) for p in KEPT_BUILTINS}
        return frozenset(copies | self.transitive | HIERARCHY | kept | {TYPE, PARTNER_OF, SAME_AS})


def fold(rules: Rules) -> Tables:
    """The compiled rules as per-predicate tables: expansions, and the domain and range types of every copy."""
    by_predicate: dict[ox.NamedNode, Entails] = {}
    for p in {*rules.expansions, *rules.domains, *rules.ranges} - {RDF.type}:
        steps = rules.expansions.get(p, frozenset({(p, False)}))
        by_predicate[_node(p)] = _entails(rules, p, steps)
    supers = {
        _node(c): sorted((_node(s) for s in classes if not _builtin(s)), key=str)
        for c, classes in rules.superclasses.items()
        if isinstance(c, URIRef)
    }
    return Tables(
        by_predicate,
        {c: s for c, s in supers.items() if s},
        frozenset(_node(p) for p in rules.transitive),
        frozenset(_node(c) for c in agreement_classes(rules.superclasses)),
    )


def _entails(rules: Rules, p: Node, steps: frozenset[tuple[Node, bool]]) -> Entails:
    """What a triple of ``p`` entails: each expansion ``(q, flipped)`` is a copy, with q's domain and range."""
    found = Entails()
    for q, flip in sorted(steps, key=str):
        if (q, flip) != (p, False) and (not _builtin(q) or q in KEPT_BUILTINS):
            found.copies.append((_node(q), flip))
        domains, ranges = rules.domains.get(q, frozenset()), rules.ranges.get(q, frozenset())
        if flip:  # the copy is ``o q s``: ``o`` takes q's domain, ``s`` its range
            _add(found.flipped_subject_types, ranges)
            _add(found.object_types, domains)
        else:
            _add(found.subject_types, domains)
            _add(found.object_types, ranges)
    return found


def _add(into: list[ox.NamedNode], classes: Iterable[Node]) -> None:
    for cls in sorted(classes, key=str):
        node = _node(cls)
        if not _builtin(cls) and node not in into:
            into.append(node)


@dataclass
class _Seen:
    """What the first pass remembers: the stated triples entailments could repeat, and the rules' inputs."""

    stated: set[ox.Triple] = field(default_factory=set)
    agreements: set[Term] = field(default_factory=set)
    parties: dict[Term, list[Term]] = field(default_factory=lambda: defaultdict(list))
    transitive_edges: dict[ox.NamedNode, set[Edge]] = field(default_factory=lambda: defaultdict(set))


def entailments(staged: Path, rules: Rules, *, data: URIRef, target: URIRef) -> Iterator[ox.Quad]:
    """Every useful triple the rules entail from the staged ontology and data quads that neither states,
    as quads of ``target`` (a triple may come more than once: the store keeps one)."""
    tables = fold(rules)
    seen = _first_pass(staged, tables, ox.NamedNode(str(data)))
    graph = ox.NamedNode(str(target))
    for quad in ox.parse(path=str(staged), format=ox.RdfFormat.N_QUADS):
        yield from _of(quad.subject, quad.predicate, quad.object, tables, seen, graph)
    feeds = _transitive_feeds(tables).get(PARTNER_OF, [])
    for agreement, parties in seen.parties.items():
        if agreement in seen.agreements:
            for x in parties:
                for y in parties:
                    if x != y:
                        yield from _derived(x, PARTNER_OF, y, tables, seen, graph)
                        for prop, flip in feeds:
                            seen.transitive_edges[prop].add((y, x) if flip else (x, y))
    yield from _closures(tables, seen, graph)
    for triple in rules.tbox_entailments:
        if is_useful(triple):
            s, p, o = (to_oxigraph(n) for n in triple)
            if isinstance(p, ox.NamedNode) and not isinstance(s, ox.Literal) and ox.Triple(s, p, o) not in seen.stated:
                yield ox.Quad(s, p, o, graph)


def _first_pass(staged: Path, tables: Tables, data: ox.NamedNode) -> _Seen:
    seen = _Seen()
    written = tables.written
    feeds = _transitive_feeds(tables)
    for quad in ox.parse(path=str(staged), format=ox.RdfFormat.N_QUADS):
        p = quad.predicate
        if p in written:
            seen.stated.add(quad.triple)
        if quad.graph_name == data:
            if p == TYPE and quad.object in tables.agreement_classes:
                seen.agreements.add(quad.subject)
            elif p == PARTY:
                seen.parties[quad.subject].append(quad.object)
        for prop, flip in feeds.get(p, ()):
            if not (flip and isinstance(quad.object, ox.Literal)):
                edge = (quad.object, quad.subject) if flip else (quad.subject, quad.object)
                seen.transitive_edges[prop].add(edge)
    return seen


def _transitive_feeds(tables: Tables) -> dict[ox.NamedNode, list[tuple[ox.NamedNode, bool]]]:
    """Predicate → the transitive properties its triples (or their flipped copies) are edges of."""
    feeds: dict[ox.NamedNode, list[tuple[ox.NamedNode, bool]]] = defaultdict(list)
    for prop in tables.transitive:
        feeds[prop].append((prop, False))
    for p, entails in tables.by_predicate.items():
        for q, flip in entails.copies:
            if q in tables.transitive:
                feeds[p].append((q, flip))
    return feeds


def _of(s: Term, p: ox.NamedNode, o: Term, tables: Tables, seen: _Seen, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """What one stated triple entails."""
    if p == TYPE:
        if isinstance(o, ox.NamedNode):
            for sup in tables.supers.get(o, ()):
                yield from _emit(s, TYPE, sup, seen, graph)
        return
    entails = tables.by_predicate.get(p)
    if entails is not None:
        yield from _entailed_by(s, o, entails, seen, graph)


def _derived(s: Term, p: ox.NamedNode, o: Term, tables: Tables, seen: _Seen, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """A derived edge (a partnership, a closure pair): itself, and what it entails."""
    yield from _emit(s, p, o, seen, graph)
    entails = tables.by_predicate.get(p)
    if entails is not None:
        yield from _entailed_by(s, o, entails, seen, graph)


def _entailed_by(s: Term, o: Term, entails: Entails, seen: _Seen, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    literal = isinstance(o, ox.Literal)
    for q, flip in entails.copies:
        if flip:
            if not literal:
                yield from _emit(o, q, s, seen, graph)
        else:
            yield from _emit(s, q, o, seen, graph)
    for cls in entails.subject_types:
        yield from _emit(s, TYPE, cls, seen, graph)
    if not literal:
        for cls in entails.flipped_subject_types:
            yield from _emit(s, TYPE, cls, seen, graph)
        for cls in entails.object_types:
            yield from _emit(o, TYPE, cls, seen, graph)


def _emit(s: Term, p: ox.NamedNode, o: Term, seen: _Seen, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """The triple, when :func:`~coopgraph.build.infer.is_useful` would keep it and no source states it."""
    if isinstance(s, ox.Literal) or _builtin(s):
        return
    if (p == SAME_AS or p in HIERARCHY) and (s == o or (p in HIERARCHY and _builtin(o))):
        return
    if ox.Triple(s, p, o) in seen.stated:
        return
    yield ox.Quad(s, p, o, graph)


def _closures(tables: Tables, seen: _Seen, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """Each transitive property closed over its edges, the new pairs and what they entail, to a fixpoint
    (a pair's copies may be edges of another transitive property)."""
    feeds = _transitive_feeds(tables)
    while True:
        new: list[tuple[ox.NamedNode, Edge]] = []
        for prop, edges in seen.transitive_edges.items():
            new.extend((prop, pair) for pair in transitive_closure(edges) - edges)
        if not new:
            return
        for prop, (a, b) in new:
            seen.transitive_edges[prop].add((a, b))
            yield from _derived(a, prop, b, tables, seen, graph)
            for fed, flip in feeds.get(prop, ()):
                if fed != prop and not (flip and isinstance(b, ox.Literal)):
                    seen.transitive_edges[fed].add((b, a) if flip else (a, b))


def write_inferred(staged: Path, rules: Rules, out: Path) -> int:
    """The inferred graph as N-Triples, each triple once; returns how many."""
    found = {quad.triple for quad in entailments(staged, rules, data=DATA_GRAPH, target=INFERRED_GRAPH)}
    ox.serialize(found, str(out), ox.RdfFormat.N_TRIPLES)
    return len(found)


def main(argv: list[str]) -> int:
    """``python -m coopgraph.build.infer_stream PROJECT STAGED OUT``: the build runs this beside validation.

    A process of its own, so that its memory is not the build's and its core is
    the second one while the store validates on the first.
    """
    project, staged, out = argv
    try:
        write_inferred(Path(staged), compile_rules(Sources(Path(project)).ontology()), Path(out))
    except OSError as error:
        print(error.strerror or error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
