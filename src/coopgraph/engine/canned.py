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
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from coopgraph.engine.parameters import ParameterError, ParameterType, UnknownKind, parameter_type
from coopgraph.engine.sparql import Term
from coopgraph.sources.project import Sources

HOME = "home"
"""The parameter every project binds to its home municipality."""

HEADER = re.compile(r"^#\s*(title|description|parameter)(?:@([a-z]{2,3}))?\s*:\s*(.*)$")
CONTINUATION = re.compile(r"^#\s{2,}(\S.*)$")
PARAMETER = re.compile(r"^(\w+)\s*\(([^)]*)\)\s*:\s*(.+)$")
REQUIRED = re.compile(r"^(.*?)\s*,\s*required\s*$")


class CannedQueryError(ValueError):
    """A canned query file whose header is malformed, with the file and line."""


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str
    """The kind as the header writes it: ``IRI``, ``IRI of coop:Country``, ``string``, ``date``…"""
    description: str
    required: bool = False
    line: int = 0
    """The header line that declares it."""

    @property
    def type(self) -> ParameterType:
        """What the kind means: checked when the header is read, so a kind that reads is a known one."""
        return parameter_type(self.kind)

    def term(self, value: str) -> Term:
        """The RDF term for a value given as text; raises :class:`ParameterError` when it does not fit."""
        return self.type.term(self.name, value)


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
        """Terms for the supplied parameter values; an unknown name, a bad value or a missing required
        one is a :class:`ParameterError` naming the parameter.

        ``defaults`` bind the parameters the query declares and ``values`` do
        not give (the project's home municipality for ``home``).
        """
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            expected = f"one of {', '.join(known)}" if known else "any: the query takes none"
            raise ParameterError(
                unknown[0], expected, message=f"{self.name} has no parameter {', '.join(unknown)} ({expected})"
            )
        given = {name: known[name].term(value) for name, value in values.items()}
        implied = {name: term for name, term in (defaults or {}).items() if name in known and name not in given}
        for p in self.parameters:
            if p.required and p.name not in given and p.name not in implied:
                raise ParameterError(
                    p.name, p.type.expected, message=f"parameter {p.name} is required: give {p.type.expected}"
                )
        return {**implied, **given}

    @property
    def columns(self) -> tuple[str, ...] | None:
        """The answer's columns, in order, as the SELECT clause names them (None for ``SELECT *``)."""
        return projected_columns(self.text)

    def assigns(self, name: str) -> bool:
        """Whether the query gives ``?name`` its value itself (``BIND``, ``AS`` or ``VALUES``).

        A parameter it does not assign can be bound where the WHERE block opens,
        so the engine starts from it; one it assigns is bound by substitution on
        the answer (Oxigraph applies substitutions to the solutions, not before
        the patterns).
        """
        body = _body(self.text)
        return bool(
            re.search(rf"\bAS\s*[?$]{name}\b", body, re.IGNORECASE)
            or re.search(rf"\bVALUES\s*(\([^)]*)?[?$]{name}\b", body, re.IGNORECASE)
        )

    @property
    def uses_home(self) -> bool:
        return any(p.name == HOME for p in self.parameters)


def parse_canned_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file and its header; a header it cannot read is a :class:`CannedQueryError` at its line."""
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
                parameters.append(_parameter(path, number, value))
            else:
                fields_[key] = value.strip()
            last = key
        elif (more := CONTINUATION.match(line)) is not None and last is not None:
            if last == "parameter":
                p = parameters[-1]
                parameters[-1] = replace(p, description=f"{p.description} {more.group(1)}")
            else:
                fields_[last] += " " + more.group(1)
    for required in ("title", "description"):
        if not fields_.get(required):
            raise CannedQueryError(f"{path}:1: the header has no '# {required}:' line")
    _check_uses(path, text, parameters)
    tags = {key.split("@")[1] for key in fields_ if "@" in key}
    translations = {tag: (fields_.get(f"title@{tag}", ""), fields_.get(f"description@{tag}", "")) for tag in tags}
    return CannedQuery(path.stem, fields_["title"], fields_["description"], text, path, tuple(parameters), translations)


def _parameter(path: Path, number: int, value: str) -> Parameter:
    """One ``# parameter:`` line: ``name (kind[, required]): description``, its kind one the engine knows."""
    spec = PARAMETER.match(value)
    if spec is None:
        raise CannedQueryError(f"{path}:{number}: write a parameter as 'name (kind): description'")
    name, kind, description = spec.groups()
    required = REQUIRED.match(kind)
    if required is not None:
        kind = required.group(1)
    try:
        parameter_type(kind.strip())
    except UnknownKind as error:
        raise CannedQueryError(f"{path}:{number}: parameter {name}: {error}") from None
    return Parameter(name, kind.strip(), description, required is not None, number)


def _check_uses(path: Path, text: str, parameters: list[Parameter]) -> None:
    """Every declared parameter is used by the query (and projected, so Oxigraph binds it); ``?home`` is declared."""
    body = _body(text)
    projected = _projection(text)
    for p in parameters:
        if re.search(rf"[?$]{p.name}\b", body) is None:
            raise CannedQueryError(
                f"{path}:{p.line}: parameter {p.name} is declared, but the query never uses ?{p.name}; "
                "remove the line or use the variable"
            )
        if projected is not None and p.name not in projected:
            raise CannedQueryError(f"{path}:{p.line}: parameter {p.name} must be a variable of the SELECT projection")
    if re.search(rf"[?$]{HOME}\b", body) and all(p.name != HOME for p in parameters):
        raise CannedQueryError(
            f"{path}:1: the query uses ?{HOME} without declaring it; add "
            f"'# parameter: {HOME} (IRI): the home municipality' so that the server binds it"
        )


def _projection(text: str) -> set[str] | None:
    """Variables named in the SELECT clause, or None for SELECT * and other forms."""
    found = projected_columns(text)
    return None if found is None else set(found)


def projected_columns(text: str) -> tuple[str, ...] | None:
    """The SELECT clause's variables in their order (the answer's columns), or None for SELECT * and other forms."""
    body = _body(text)
    match = re.search(r"\bSELECT\b(.*?)\bWHERE\b|\bSELECT\b(.*?)\{", body, re.IGNORECASE | re.DOTALL)
    if match is None:
        return None
    clause = match.group(1) or match.group(2) or ""
    if "*" in clause:
        return None
    clause = re.sub(r"\(.*?\bAS\b\s*[?$](\w+)\s*\)", r"?\1", clause, flags=re.IGNORECASE | re.DOTALL)
    return tuple(dict.fromkeys(re.findall(r"[?$](\w+)", clause)))


def _body(text: str) -> str:
    """The query without its comments (whole lines, and ``# …`` after a space: an IRI's ``#`` has none before it)."""
    return "\n".join(re.sub(r"(^|\s)#.*$", "", line) for line in text.splitlines())


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
