"""Canned queries: SPARQL files in ``queries/`` with a comment header.

Researchers get answers to the usual questions without writing SPARQL, and the
same files are the server's ready-made editor tabs. The header reads::

    # title: Partner municipalities by country
    # description: Every partner municipality with its country and the date
    #   of its first agreement.
    # parameter: country (IRI of a coop:Country): only partners in this country
    # title@lv: Partnerpašvaldības pa valstīm
    # description@lv: Katra partnerpašvaldība ar tās valsti un pirmā līguma datumu.

A title or description with a language tag (``title@lv``) is that text in the
reader's language (:meth:`CannedQuery.title_in`); the untagged one is English.

Parameters are variables of the query's projection; a value supplied for one
is bound by the engine (never pasted into the query text).

The home municipality is the parameter ``home`` (``# parameter: home (IRI): …``):
the queries are the same for every project, and each project's server and CLI
bind ``?home`` to the municipality its ``coopgraph.toml`` names
(:meth:`CannedQuery.bindings` with ``defaults``). A query that uses ``?home``
without declaring it is refused, as it would silently list every municipality.

The repository's ``queries/`` are every project's defaults; a project's own
``queries/`` add to them (:func:`canned_queries`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from coopgraph.engine.sparql import Term
from coopgraph.sources.project import Sources

HOME = "home"
"""The parameter every project binds to its home municipality."""

HEADER = re.compile(r"^#\s*(title|description|parameter)(?:@([a-z]{2,3}))?\s*:\s*(.*)$")
CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
PARAMETER = re.compile(r"^(\w+)\s*\(([^)]*)\)\s*:\s*(.+)$")


class CannedQueryError(ValueError):
    """A canned query file whose header is malformed, with the file and line."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    """``IRI`` or an XSD datatype local name (``string``, ``integer``, ``gYear``…)."""
    description: str

    def term(self, value: str) -> Term:
        """The RDF term for a value given as text; raises ValueError when it does not fit."""
        if self.kind.upper() == "IRI" or self.kind.startswith("IRI"):
            try:
                return ox.NamedNode(value)
            except ValueError:
                raise ValueError(f"parameter {self.name}: {value!r} is not an IRI") from None
        if self.kind == "string":
            return ox.Literal(value)
        return ox.Literal(value, datatype=ox.NamedNode(f"http://www.w3.org/2001/XMLSchema#{self.kind}"))


@dataclass(frozen=True)
class CannedQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    parameters: tuple[Parameter, ...] = field(default=())
    translations: Mapping[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    """Language → (title, description) from the ``title@lv:`` and ``description@lv:`` lines."""

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else the English one."""
        return self.translations.get(lang, ("", ""))[0] or self.title

    def description_in(self, lang: str) -> str:
        """The description in ``lang``, else the English one."""
        return self.translations.get(lang, ("", ""))[1] or self.description

    def bindings(self, values: Mapping[str, str], defaults: Mapping[str, Term] | None = None) -> dict[str, Term]:
        """Terms for the supplied parameter values; unknown names are an error.

        ``defaults`` bind the parameters the query declares and ``values`` do
        not give (the project's home municipality for ``home``).
        """
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(f"{self.name} has no parameter {', '.join(unknown)}")
        given = {name: known[name].term(value) for name, value in values.items()}
        implied = {name: term for name, term in (defaults or {}).items() if name in known and name not in given}
        return {**implied, **given}

    @property
    def uses_home(self) -> bool:
        return any(p.name == HOME for p in self.parameters)


def parse_canned_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file and its header."""
    text = path.read_text(encoding="utf-8")
    fields_: dict[str, str] = {}
    parameters: list[Parameter] = []
    last: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        if (match := HEADER.match(line)) is not None:
            key, tag, value = match.groups()
            if tag is not None and key == "parameter":
                raise CannedQueryError(f"{path}:{number}: a parameter has no language; write '# parameter: ...'")
            key = f"{key}@{tag}" if tag else key
            if key == "parameter":
                spec = PARAMETER.match(value)
                if spec is None:
                    raise CannedQueryError(f"{path}:{number}: write a parameter as 'name (kind): description'")
                parameters.append(Parameter(*spec.groups()))
            else:
                fields_[key] = value.strip()
            last = key
        elif (more := CONTINUATION.match(line)) is not None and last is not None:
            if last == "parameter":
                p = parameters[-1]
                parameters[-1] = Parameter(p.name, p.kind, f"{p.description} {more.group(1)}")
            else:
                fields_[last] += " " + more.group(1)
    for required in ("title", "description"):
        if not fields_.get(required):
            raise CannedQueryError(f"{path}:1: the header has no '# {required}:' line")
    projected = _projection(text)
    for p in parameters:
        if projected is not None and p.name not in projected:
            raise CannedQueryError(f"{path}: parameter {p.name} must be a variable of the SELECT projection")
    if re.search(rf"[?$]{HOME}\b", _body(text)) and all(p.name != HOME for p in parameters):
        raise CannedQueryError(
            f"{path}: the query uses ?{HOME} without declaring it; add "
            f"'# parameter: {HOME} (IRI): the home municipality' so that the server binds it"
        )
    tags = {key.split("@")[1] for key in fields_ if "@" in key}
    translations = {tag: (fields_.get(f"title@{tag}", ""), fields_.get(f"description@{tag}", "")) for tag in tags}
    return CannedQuery(path.stem, fields_["title"], fields_["description"], text, path, tuple(parameters), translations)


def _projection(text: str) -> set[str] | None:
    """Variables named in the SELECT clause, or None for SELECT * and other forms."""
    body = _body(text)
    match = re.search(r"\bSELECT\b(.*?)\bWHERE\b|\bSELECT\b(.*?)\{", body, re.IGNORECASE | re.DOTALL)
    if match is None:
        return None
    clause = match.group(1) or match.group(2) or ""
    if "*" in clause:
        return None
    return set(
        re.findall(
            r"[?$](\w+)", re.sub(r"\(.*?\bAS\b\s*[?$](\w+)\s*\)", r"?\1", clause, flags=re.IGNORECASE | re.DOTALL)
        )
    )


def _body(text: str) -> str:
    """The query without its comment lines."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def read_canned_queries(paths: Iterable[Path]) -> dict[str, CannedQuery]:
    """The queries of ``paths``, by name, in name order."""
    return dict(sorted((q.name, q) for q in (parse_canned_query(Path(p)) for p in paths)))


def load_canned_queries(directory: Path) -> dict[str, CannedQuery]:
    """Every ``*.rq`` file of ``directory``, by name, in name order."""
    return read_canned_queries(sorted(Path(directory).glob("*.rq")))


def canned_queries(sources: Sources) -> dict[str, CannedQuery]:
    """A project's canned queries: the repository's defaults and the project's own ``queries/``."""
    return read_canned_queries(sources.query_files())


def home_bindings(sources: Sources) -> dict[str, Term]:
    """The defaults every canned query of ``sources`` is run with: ``home``, from ``coopgraph.toml``."""
    return {HOME: ox.NamedNode(sources.config.home.iri)}
