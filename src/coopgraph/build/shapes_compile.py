"""Compile the SHACL shapes into SPARQL queries that Oxigraph runs over the whole data graph.

pyshacl walks every focus node in Python, the slow part of a build; here each
constraint is one SELECT that returns only the offending rows. pyshacl stays
the reference: a check mirrors how pyshacl 0.40 evaluates its constraint
(value nodes as a set, one result per parent shape, its messages). Where SPARQL
cannot decide what rdflib decides (an ill-typed ``xsd:date``, Python's ``re``,
rdflib's ordering of literals) the query flags the doubtful values and
:attr:`Check.refine` says how pyshacl tests them. A feature the compiler does
not know raises :class:`UnsupportedShape`: no shape is skipped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from pyshacl.rdfutil.stringify import stringify_node
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node, _toPythonMapping

from coopgraph.build.validate import curie
from coopgraph.namespaces import SH

__all__ = ["INTEGER_TYPES", "Check", "Rule", "UnsupportedShape", "compile_shapes"]

Message = Callable[[str, str], str]
"""pyshacl's default message, from the focus and the value node as pyshacl prints them."""


class UnsupportedShape(ValueError):
    """A shape uses a SHACL feature the compiled validator does not implement."""

    def __init__(self, shape: str, feature: str) -> None:
        super().__init__(f"{shape}: {feature} is not supported by the compiled validator")
        self.shape = shape
        self.feature = feature


@dataclass(frozen=True)
class Rule:
    """A test of one value node: a SPARQL condition on ?v, and what pyshacl tests, for doubtful values."""

    kind: str
    """datatype, nodeKind, in, languageIn, pattern, range, hasValue, class, all (a nested shape), any (sh:or)."""
    sparql: str
    """True only where the value surely conforms; never an error."""
    exact: bool = True
    """False when a value failing ``sparql`` may still be one pyshacl accepts."""
    params: tuple[Node, ...] = ()
    members: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Check:
    """One constraint of one shape: a query, and what each row of it reports."""

    shape: Node
    component: URIRef
    severity: Node
    messages: tuple[Literal, ...]
    path: Node | None
    query: str
    """Projects ?_src (which parent shape reached this one) and ?this, and ?v when ``carries`` is "value"."""
    carries: str
    """"value" (?v is the sh:value), "none" (no sh:value) or "sparql" (a row of an sh:sparql query)."""
    refine: Rule | None = None
    generic: Message | None = None
    constraint: Node | None = None
    constraint_messages: tuple[Literal, ...] = ()
    focus: str = ""
    """An sh:sparql check's focus nodes (?_src ?this), asked only if ``query`` has rows: a SPARQL target can
    be slow in Oxigraph, which evaluates an OPTIONAL group on its own, not per solution as rdflib does."""
    prefixes: dict[str, str] = field(default_factory=dict, compare=False)


_INTEGERS = "nonNegativeInteger positiveInteger nonPositiveInteger negativeInteger long int short byte unsignedLong"
INTEGER_TYPES = frozenset(XSD[t] for t in f"{_INTEGERS} unsignedInt unsignedShort unsignedByte".split())
"""Oxigraph stores these as xsd:integer: a stored xsd:integer may have been written as any of them."""

_SAFE = {  # lexical forms rdflib surely parses; other values of these datatypes are re-checked in Python
    XSD.decimal: r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$",
    XSD.integer: r"^[+-]?[0-9]+$",
    XSD.nonNegativeInteger: r"^\+?[0-9]+$",
    **dict.fromkeys((XSD.double, XSD.float), r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"),
    XSD.boolean: r"^(true|false)$",
    XSD.date: r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
    XSD.dateTime: r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]$",
}
_KINDS = {SH[kind]: f"is{test}(?v)" for kind, test in (("IRI", "IRI"), ("BlankNode", "Blank"), ("Literal", "Literal"))}
_PAIRS = (("BlankNode", "IRI"), ("BlankNode", "Literal"), ("IRI", "Literal"))
_KINDS |= {SH[f"{a}Or{b}"]: f"({_KINDS[SH[a]]} || {_KINDS[SH[b]]})" for a, b in _PAIRS}
_RANGES = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_COUNT_NAMES = "minCount maxCount uniqueLang qualifiedValueShape qualifiedMinCount qualifiedMaxCount"
_OTHER_NAMES = (
    "class datatype nodeKind in languageIn pattern flags hasValue or sparql qualifiedValueShapesDisjoint "
    "name description order group defaultValue message severity deactivated path property declare "
    "targetClass targetNode targetSubjectsOf targetObjectsOf target"
)
_COUNTS = {SH[name] for name in _COUNT_NAMES.split()}
_KNOWN = _COUNTS | {SH[name] for name in _OTHER_NAMES.split()} | set(_RANGES)
_FORBIDDEN = re.compile(
    r"(?i)\b(MINUS|VALUES|SERVICE|GRAPH|FROM|LIMIT|OFFSET|HAVING|BASE|GROUP\s+BY)\b|subClassOf|"
    r"\$(shapesGraph|currentShape)\b"
)
_PROLOGUE = re.compile(r"^\s*PREFIX\s+([\w.-]*):\s*<([^>]*)>", re.IGNORECASE)
_PATHS = ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"), (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?"))


def compile_shapes(
    shapes: Graph, ontology: Graph | None = None, subclass_pairs: Iterable[tuple[Node, Node]] = ()
) -> list[Check]:
    """The checks of every shape pyshacl evaluates; ``subclass_pairs`` are axioms written in the data itself."""
    return _Compiler(shapes, ontology, subclass_pairs).compile()


def sparql_term(node: URIRef | Literal) -> str:
    return f"<{node}>" if isinstance(node, URIRef) else node.n3()


class _Compiler:
    def __init__(self, shapes: Graph, ontology: Graph | None, pairs: Iterable[tuple[Node, Node]]) -> None:
        self.sg = Graph()  # a fresh graph, as validate.py hands pyshacl: the same prefixes in its messages
        for triple in shapes:
            self.sg.add(triple)
        self.sg.add((OWL.Class, RDFS.subClassOf, RDFS.Class))  # a system triple pyshacl adds
        axioms = set(ontology.subject_objects(RDFS.subClassOf)) if ontology is not None else set()
        self.outside_store = bool(axioms)  # pyshacl reads them as data; the store does not hold them
        self.subclasses: dict[Node, set[Node]] = {}
        for sub, sup in axioms | set(pairs):
            self.subclasses.setdefault(sup, set()).add(sub)

    def compile(self) -> list[Check]:
        sg = self.sg
        for kind in (SH.ConstraintComponent, SH.SPARQLFunction):
            for node in sg.subjects(RDF.type, kind):
                raise UnsupportedShape(self.name(node), f"a {curie(str(kind))}")
        shapes = sorted(self._shapes(), key=str)
        for shape in shapes:
            self._refuse_unknown(shape)
        sources: dict[Node, list[tuple[str, dict[str, str]]]] = {}
        for shape in shapes:
            targets = None if self._off(shape) else self._targets(shape)
            if targets is None:
                continue
            sources.setdefault(shape, []).append(targets)
            for prop in sorted(sg.objects(shape, SH.property), key=str):
                if (prop, SH.path, None) not in sg:
                    raise UnsupportedShape(self.name(shape), f"sh:property {self.name(prop)} without sh:path")
                if not self._off(prop):
                    sources.setdefault(prop, []).append(targets)
        checks = [check for shape in shapes if shape in sources for check in self._checks(shape, sources[shape])]
        return [
            replace(c, query=_prologue(c.prefixes) + c.query, focus=c.focus and _prologue(c.prefixes) + c.focus)
            for c in checks
        ]

    def _shapes(self) -> set[Node]:
        """The shapes pyshacl finds (ShapesGraph._build_node_shape_cache)."""
        sg = self.sg
        found = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
        for p in (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.property, SH.node):
            found |= set(sg.subjects(p, None))
        for p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
            found |= set(sg.objects(None, p))
        for p in (SH["and"], SH["or"], SH.xone):
            for head in sg.objects(None, p):
                found |= set(sg.items(head))
        return found

    def _refuse_unknown(self, shape: Node) -> None:
        sg, name, used = self.sg, self.name(shape), set(self.sg.predicates(shape))
        for predicate in used:
            if str(predicate).startswith(str(SH)) and predicate not in _KNOWN:
                raise UnsupportedShape(name, curie(str(predicate)))
        if SH.path in used and SH.property in used:
            raise UnsupportedShape(name, "sh:property on a property shape")
        if SH.path not in used and used & (_COUNTS - {SH.qualifiedValueShape}):
            raise UnsupportedShape(name, "a cardinality or sh:uniqueLang on a node shape")
        if any(isinstance(d, Literal) and d.value is True for d in sg.objects(shape, SH.qualifiedValueShapesDisjoint)):
            raise UnsupportedShape(name, "sh:qualifiedValueShapesDisjoint true")

    def _off(self, shape: Node) -> bool:
        flag = self.sg.value(shape, SH.deactivated)
        return isinstance(flag, Literal) and bool(flag.value)

    def _targets(self, shape: Node) -> tuple[str, dict[str, str]] | None:
        """The shape's own focus nodes as a pattern binding ?this (with its prefixes); None if it has no target."""
        sg, name, prefixes = self.sg, self.name(shape), dict[str, str]()
        branches = [f"VALUES ?this {{ {self.term(n, name)} }}" for n in sg.objects(shape, SH.targetNode)]
        classes = set(sg.objects(shape, SH.targetClass))
        if set(sg.objects(shape, RDF.type)) & {RDFS.Class, *sg.subjects(RDFS.subClassOf, RDFS.Class)}:
            classes.add(shape)  # an implicit class target
        branches += [f"?this a ?_c . VALUES ?_c {{ {self.classes(c, name)} }}" for c in sorted(classes, key=str)]
        for parameter, pattern in ((SH.targetSubjectsOf, "?this {} ?_o ."), (SH.targetObjectsOf, "?_s {} ?this .")):
            branches += [pattern.format(self.path(p, shape)) for p in sorted(sg.objects(shape, parameter), key=str)]
        for target in sg.objects(shape, SH.target):
            select = sg.value(target, SH.select)
            if not isinstance(select, Literal):
                raise UnsupportedShape(name, "a custom target type")
            text = self._sparql_text(shape, target, str(select), prefixes)
            branches.append(f"{{ SELECT ?this WHERE {{ {{ {text} }} }} }}")
        return (" UNION ".join(f"{{ {b} }}" for b in branches), prefixes) if branches else None

    def _checks(self, shape: Node, sources: list[tuple[str, dict[str, str]]]) -> Iterator[Check]:
        sg, scope = self.sg, dict[str, str]()
        for _, prefixes in sources:
            _merge(scope, prefixes, self.name(shape))
        branches = [f"{{ SELECT DISTINCT ?this ({i} AS ?_src) WHERE {{ {s} }} }}" for i, (s, _) in enumerate(sources)]
        focus = branches[0] if len(branches) == 1 else "{ " + " UNION ".join(branches) + " }"  # a bag: once per parent
        path = sg.value(shape, SH.path)
        messages = tuple(m for m in sg.objects(shape, SH.message) if isinstance(m, Literal))
        severity = sg.value(shape, SH.severity) or SH.Violation
        base = Check(shape, SH.Violation, severity, messages, path, "", "none", prefixes=scope)
        values = f"?this {self.path(path, shape)} ?v ." if path is not None else "BIND (?this AS ?v)"
        for component, rule, generic in self.value_rules(shape):
            query = f"SELECT DISTINCT ?_src ?this ?v WHERE {{ {focus} {values} FILTER (!{rule.sparql}) }}"
            refine = None if rule.exact else rule
            yield replace(base, component=SH[component], query=query, carries="value", refine=refine, generic=generic)
        if path is not None:
            for component, query, generic in self._counts(shape, focus, self.path(path, shape)):
                yield replace(base, component=SH[component], query=query, generic=generic)
        for value in sorted(sg.objects(shape, SH.hasValue), key=str):
            query, generic = self._has_value(shape, focus, value)
            yield replace(base, component=SH.HasValueConstraintComponent, query=query, generic=generic)
        for constraint in sorted(sg.objects(shape, SH.sparql), key=str):
            if not self._off(constraint):
                yield self._sparql_check(base, constraint, focus)

    def value_rules(self, shape: Node) -> list[tuple[str, Rule, Message]]:
        """(component, rule, default message) for each constraint on single value nodes."""
        sg, name, found = self.sg, self.name(shape), []
        classes = list(sg.objects(shape, SH["class"]))  # pyshacl's order, for its default messages
        text = _plural(classes, sg, "Value does not have class {}", "Value class is not in classes ({})", ", ")
        for cls in classes:
            rule = Rule("class", f"EXISTS {{ ?v a ?_t . VALUES ?_t {{ {self.classes(cls, name)} }} }}")
            found.append(("ClassConstraintComponent", rule, _message(text)))
        datatype, kind = self._single(shape, SH.datatype), self._single(shape, SH.nodeKind)
        if datatype is not None:
            if not isinstance(datatype, URIRef):
                raise UnsupportedShape(name, f"sh:datatype {datatype!r}")
            text = f"Value is not Literal with datatype {_text(sg, datatype)}"
            found.append(("DatatypeConstraintComponent", _datatype(datatype), _message(text)))
        if kind is not None:
            if not isinstance(kind, URIRef) or kind not in _KINDS:
                raise UnsupportedShape(name, f"sh:nodeKind {kind!r}")
            rule, text = Rule("nodeKind", _KINDS[kind], params=(kind,)), f"Value is not of Node Kind {_text(sg, kind)}"
            found.append(("NodeKindConstraintComponent", rule, _message(text)))
        found += self._list_rules(shape)
        patterns = [p for p in sg.objects(shape, SH.pattern) if isinstance(p, Literal)]
        flags = Literal("".join(f for f in "im" if f in str(sg.value(shape, SH.flags) or "").lower()))
        one, many = "Value does not match pattern '{}'", "Value does not match every pattern in ('{}')"
        text = (one if len(patterns) < 2 else many).format("', '".join(str(p) for p in patterns))
        for p in patterns:
            sparql = f"(!isBlank(?v) && REGEX(STR(?v), {sparql_term(Literal(str(p)))}, {sparql_term(flags)}))"
            found.append(("PatternConstraintComponent", Rule("pattern", sparql, False, (p, flags)), _message(text)))
        for parameter, operator in _RANGES.items():
            bounds = [b for b in sg.objects(shape, parameter) if isinstance(b, Literal)]
            text = _plural(bounds, sg, f"Value is not {operator} {{}}", f"Value is not {operator} in ({{}})", ", ")
            local = str(parameter)[len(SH) :]
            component = f"{local[0].upper()}{local[1:]}ConstraintComponent"
            for b in bounds:
                rule = Rule("range", f"(?v {operator} {sparql_term(b)})", False, (Literal(operator), b))
                found.append((component, rule, _message(text)))
        return [(c, replace(r, sparql=f"COALESCE({r.sparql}, false)"), m) for c, r, m in found]

    def _list_rules(self, shape: Node) -> list[tuple[str, Rule, Message]]:
        sg, name, found = self.sg, self.name(shape), list[tuple[str, Rule, Message]]()
        listed, languages = self._single(shape, SH["in"]), self._single(shape, SH.languageIn)
        if listed is not None:
            members = tuple(sg.items(listed))
            sparql = " || ".join(["false", *(f"sameTerm(?v, {self.term(m, name)})" for m in members)])
            shown = [_text(sg, m) for m in set(members)]  # pyshacl holds them in a set
            message = _message("Value ", "value", f" not in list {shown}")
            found.append(("InConstraintComponent", Rule("in", f"({sparql})", params=members), message))
        if languages is not None:
            wanted = [str(x).lower() for x in sg.items(languages)]
            tags, tagged = ", ".join(sparql_term(Literal(x)) for x in wanted), 'isLiteral(?v) && LANG(?v) != ""'
            first = 'LCASE(STRBEFORE(CONCAT(LANG(?v), "-"), "-"))'
            sparql = tagged if "*" in wanted else f"{tagged} && (LCASE(LANG(?v)) IN ({tags}) || {first} IN ({tags}))"
            rule = Rule("languageIn", f"({sparql})", params=tuple(Literal(x) for x in wanted))
            text = f"String language is not in {_text(sg, languages)}"
            found.append(("LanguageInConstraintComponent", rule, _message(text)))
        heads = list(sg.objects(shape, SH["or"]))
        texts = [" , ".join(_text(sg, m) for m in sg.items(head)) for head in heads]
        shown_or = texts[0] if len(texts) == 1 else " and ".join(f"({t})" for t in texts)
        for head in heads:
            rules = tuple(self.nested(m, shape) for m in sg.items(head))
            exact, sparql = all(r.exact for r in rules), " || ".join(r.sparql for r in rules)
            message = _message("Node ", "value", f" must conform to one or more shapes in {shown_or}")
            found.append(("OrConstraintComponent", Rule("any", f"({sparql})", exact, members=rules), message))
        return found

    def nested(self, member: Node, owner: Node) -> Rule:
        """Whether a value node conforms to ``member``, a shape in sh:or or sh:qualifiedValueShape."""
        if self._off(member):
            return Rule("all", "true")
        if set(self.sg.predicates(member)) & (_COUNTS | {SH.path, SH.property, SH.sparql}):
            raise UnsupportedShape(self.name(owner), "a nested shape that is more than value constraints")
        rules = [r for _, r, _ in self.value_rules(member)]
        values = list(self.sg.objects(member, SH.hasValue))
        rules += [Rule("hasValue", f"sameTerm(?v, {self.term(v, self.name(owner))})", params=(v,)) for v in values]
        exact = all(r.exact for r in rules)
        if not exact and any(r.kind == "class" or (r.kind == "any" and not r.exact) for r in rules):
            raise UnsupportedShape(self.name(owner), "a nested shape mixing sh:class with an inexact constraint")
        return Rule("all", "(" + " && ".join(["true", *(r.sparql for r in rules)]) + ")", exact, members=tuple(rules))

    def _counts(self, shape: Node, focus: str, path: str) -> Iterator[tuple[str, str, Message]]:
        sg, name = self.sg, self.name(shape)
        shown = _text(sg, sg.value(shape, SH.path))
        for parameter, word in ((SH.minCount, "Less"), (SH.maxCount, "More")):
            count = self._single(shape, parameter)
            if count is None:
                continue
            if not (isinstance(count, Literal) and count.datatype == XSD.integer and int(count) >= 0):
                raise UnsupportedShape(name, f"{curie(str(parameter))} {count!r}")
            n, component = int(count), f"{'Min' if word == 'Less' else 'Max'}CountConstraintComponent"
            message = _message(f"{word} than {n} values on ", "focus", f"->{shown}")
            if word == "Less" and n > 0:
                yield component, _at_least(focus, path, n, "true"), message
            elif word == "More":
                yield component, f"{_grouped(focus, f'?this {path} ?v .')} HAVING (COUNT(DISTINCT ?v) > {n})", message
        unique = self._single(shape, SH.uniqueLang)
        if isinstance(unique, Literal) and unique.value is True:
            where = f'?this {path} ?v . FILTER (isLiteral(?v) && LANG(?v) != "") BIND (LCASE(LANG(?v)) AS ?_lang)'
            query = f"{_grouped(focus, where, ' ?_lang')} HAVING (COUNT(DISTINCT ?v) > 1)"
            yield "UniqueLangConstraintComponent", query, _message("More than one String shares the same Language")
        yield from self._qualified(shape, focus, path)

    def _qualified(self, shape: Node, focus: str, path: str) -> Iterator[tuple[str, str, Message]]:
        sg = self.sg
        low, high = self._single(shape, SH.qualifiedMinCount), self._single(shape, SH.qualifiedMaxCount)
        counts = "".join(f" {w} {b}" for w, b in (("MinCount", low), ("MaxCount", high)) if b is not None)
        members = sorted(sg.objects(shape, SH.qualifiedValueShape), key=str)
        joined = ",".join(_text(sg, m) for m in set(members))
        shown = f"s{counts}: ({joined})" if len(members) > 1 else f"{counts}: {joined}"
        message = _message(f"Focus node does not conform to shape{shown}")
        for member in members:
            rule = self.nested(member, shape)
            if not rule.exact:
                raise UnsupportedShape(self.name(shape), "an inexact constraint in sh:qualifiedValueShape")
            if isinstance(low, Literal) and isinstance(low.value, int) and low.value > 0:
                yield "QualifiedMinCountConstraintComponent", _at_least(focus, path, low.value, rule.sparql), message
            if isinstance(high, Literal) and isinstance(high.value, int):
                where = f"?this {path} ?v . FILTER ({rule.sparql})"
                query = f"{_grouped(focus, where)} HAVING (COUNT(DISTINCT ?v) > {high})"
                yield "QualifiedMaxCountConstraintComponent", query, message

    def _has_value(self, shape: Node, focus: str, value: Node) -> tuple[str, Message]:
        sg, term, path = self.sg, self.term(value, self.name(shape)), self.sg.value(shape, SH.path)
        shown = [_text(sg, v) for v in set(sg.objects(shape, SH.hasValue))]
        if path is None:
            query = f"SELECT DISTINCT ?_src ?this WHERE {{ {focus} FILTER (!sameTerm(?this, {term})) }}"
            return query, _message("Node ", "focus", f" value is not a in the set of values: {shown}")
        where = f"FILTER NOT EXISTS {{ ?this {self.path(path, shape)} {term} }}"
        query = f"SELECT DISTINCT ?_src ?this WHERE {{ {focus} {where} }}"
        return query, _message("Node ", "focus", f"->{_text(sg, path)} does not contain a value in the set: {shown}")

    def _sparql_check(self, base: Check, constraint: Node, focus: str) -> Check:
        shape, sg, scope = base.shape, self.sg, dict(base.prefixes)
        select = sg.value(constraint, SH.select)
        if not isinstance(select, Literal):
            raise UnsupportedShape(self.name(shape), "an sh:sparql constraint without sh:select")
        body = self._sparql_text(shape, constraint, str(select), scope)
        if base.path is not None:
            path = self.path(base.path, shape)
            body = re.sub(r"([\s{}()])[$?]PATH\b", lambda m: m.group(1) + path, body)
        if not re.match(r"\s*SELECT\s+(DISTINCT\s+|REDUCED\s+)?(\*|[^{]*[$?]this\b)", body, re.IGNORECASE):
            raise UnsupportedShape(self.name(shape), "an sh:sparql query that does not select $this")
        messages = tuple(m for m in sg.objects(constraint, SH.message) if isinstance(m, Literal))
        sparql = replace(base, component=SH.SPARQLConstraintComponent, query=body, carries="sparql")
        focus = f"SELECT ?_src ?this WHERE {{ {focus} }}"
        return replace(sparql, constraint=constraint, constraint_messages=messages, prefixes=scope, focus=focus)

    def _sparql_text(self, shape: Node, node: Node, text: str, scope: dict[str, str]) -> str:
        """The query without its prologue; its prefixes, as pyshacl collects them, join ``scope``."""
        sg, name = self.sg, self.name(shape)
        declared = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
        ontologies = set(sg.subjects(RDF.type, OWL.Ontology))
        for holder in sg.objects(node, SH.prefixes):
            declares = set(sg.objects(holder, SH.declare))
            if not (declares and holder in ontologies):
                declares |= {d for o in ontologies for d in sg.objects(o, SH.declare)}
            for declare in declares:
                declared[str(sg.value(declare, SH.prefix))] = str(sg.value(declare, SH.namespace))
        while match := _PROLOGUE.match(text):
            declared[match.group(1)] = match.group(2)
            text = text[match.end() :]
        forbidden = _FORBIDDEN.search(text)
        if forbidden and (forbidden.group(0) != "subClassOf" or self.outside_store):
            raise UnsupportedShape(name, f"{forbidden.group(0)!r} in a SPARQL query")
        _merge(scope, declared, name)
        return text

    def path(self, path: Node, shape: Node) -> str:
        """A SHACL path in SPARQL property-path syntax, with full IRIs."""
        sg = self.sg
        if isinstance(path, URIRef):
            if path == RDFS.subClassOf and self.outside_store:
                raise UnsupportedShape(self.name(shape), "rdfs:subClassOf in a path (the ontology is not in the store)")
            return f"<{path}>"
        if (path, RDF.first, None) in sg:
            return "(" + " / ".join(self.path(step, shape) for step in sg.items(path)) + ")"
        alternatives = sg.value(path, SH.alternativePath)
        if alternatives is not None:
            return "(" + " | ".join(self.path(step, shape) for step in sg.items(alternatives)) + ")"
        for predicate, template in _PATHS:
            inner = sg.value(path, predicate)
            if inner is not None:
                return "(" + template.format(self.path(inner, shape)) + ")"
        raise UnsupportedShape(self.name(shape), f"the path {path!r}")

    def classes(self, cls: Node, shape: str) -> str:
        """``cls`` and its subclasses, closed over the hierarchy, as the members of a VALUES block."""
        found, todo = {cls}, [cls]
        while todo:
            for sub in self.subclasses.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return " ".join(sorted(self.term(c, shape) for c in found))

    def term(self, node: Node, shape: str) -> str:
        if not isinstance(node, URIRef | Literal):
            raise UnsupportedShape(shape, "a blank node as a constant")
        return sparql_term(node)

    def _single(self, shape: Node, parameter: URIRef) -> Node | None:
        values = list(self.sg.objects(shape, parameter))
        if len(values) > 1:
            raise UnsupportedShape(self.name(shape), f"several {curie(str(parameter))} values")
        return values[0] if values else None

    def name(self, shape: Node) -> str:
        """The shape's CURIE; for a blank node, the named shape that holds it."""
        node: Node | None = shape
        for _ in range(20):  # up the lists and nested shapes to a named one
            if not isinstance(node, BNode):
                break
            node = next(iter(self.sg.subjects(None, node)), None)
        return curie(str(node)) + ("" if node == shape else " (a blank node in it)") if node else f"_:{shape}"


def _datatype(rule: URIRef) -> Rule:
    """sh:datatype as pyshacl applies it: it also rejects the ill-typed literals rdflib detects."""
    special = {
        RDF.langString: 'isLiteral(?v) && LANG(?v) != ""',
        RDFS.Literal: "isLiteral(?v)",
        RDFS.Datatype: f'isLiteral(?v) && LANG(?v) = "" && DATATYPE(?v) != <{XSD.string}>',  # no "x"^^xsd:string
    }
    if rule in special:
        return Rule("datatype", f"({special[rule]})", params=(rule,))
    stored = f"<{rule}>, <{XSD.integer}>" if rule in INTEGER_TYPES else f"<{rule}>"
    typed = f"(isLiteral(?v) && DATATYPE(?v) IN ({stored}))"
    if _toPythonMapping.get(rule) is None and rule not in INTEGER_TYPES:
        return Rule("datatype", typed, params=(rule,))  # rdflib has no parser for it: any lexical form matches
    safe = _SAFE.get(rule)
    sparql = f"({typed} && REGEX(STR(?v), {sparql_term(Literal(safe))}))" if safe else "false"
    return Rule("datatype", sparql, False, (rule,))


def _text(graph: Graph, node: Node | None) -> str:
    return stringify_node(graph, node) if node is not None else ""


def _plural(nodes: Sequence[Node], graph: Graph, one: str, many: str, separator: str) -> str:
    return (one if len(nodes) < 2 else many).format(separator.join(_text(graph, n) for n in nodes))


def _grouped(focus: str, where: str, extra: str = "") -> str:
    return f"SELECT ?_src ?this{extra} WHERE {{ {focus} {where} }} GROUP BY ?_src ?this{extra}"


def _at_least(focus: str, path: str, n: int, condition: str) -> str:
    values = f"?this {path} ?v . FILTER ({condition})"
    if n == 1:  # the common case, and much cheaper than grouping
        return f"SELECT DISTINCT ?_src ?this WHERE {{ {focus} FILTER NOT EXISTS {{ {values} }} }}"
    return f"{_grouped(focus, f'OPTIONAL {{ {values} }}')} HAVING (COUNT(DISTINCT ?v) < {n})"


def _merge(scope: dict[str, str], prefixes: dict[str, str], shape: str) -> None:
    for prefix, namespace in prefixes.items():
        if scope.setdefault(prefix, namespace) != namespace:
            raise UnsupportedShape(shape, f"the prefix {prefix}: with two namespaces in one query")


def _prologue(declared: dict[str, str]) -> str:
    """rdflib's default prefixes (pyshacl's queries see them undeclared), then the declared ones over them."""
    if not declared:
        return ""
    defaults = {prefix: str(namespace) for prefix, namespace in Graph().namespace_manager.namespaces()}
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted({**defaults, **declared}.items()))


def _message(before: str, slot: str = "", after: str = "") -> Message:
    """A default message with the focus or the value node's text (as pyshacl prints it) in ``slot``."""
    return lambda focus, value: before + {"focus": focus, "value": value, "": ""}[slot] + after
