"""Where the offending value of a validation result is written: its file and line, not its subject's.

``2024-13-01`` on line 41 is what an editor has to fix; the line where the
agreement starts (:func:`coopgraph.build.validate.locate_subjects`) is only
where to begin looking. Only the files that have a result are read again, by
Oxigraph's own parser (:func:`coopgraph.sources.load.quads_with_lines`), so
the line is the parser's, not a guess from the text; a file that holds no
result is never opened.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from coopgraph.build.validate import CURIE_PREFIXES, ValidationReport, Violation, _node_text, sort_key
from coopgraph.sources.load import LINE_FORMATS, LoadError, quads_with_lines, to_rdflib

Key = tuple[str, str, str]
"""(subject IRI, predicate IRI, value as the report writes it)."""


def predicate_iri(path: str) -> str | None:
    """The predicate of a result path that is one predicate (``coop:concluded``), else None.

    >>> predicate_iri("coop:concluded")
    'https://w3id.org/coopgraph/ontology#concluded'
    >>> predicate_iri("^coop:party") is None, predicate_iri("coop:a/coop:b") is None
    (True, True)
    """
    if re.fullmatch(r"[a-z][a-z0-9+.-]*://\S+", path):
        return path
    match = re.fullmatch(r"([A-Za-z][\w.-]*|):([\w.-]*)", path)
    if match is None or match.group(1) not in CURIE_PREFIXES:
        return None
    return CURIE_PREFIXES[match.group(1)] + match.group(2)


def _key(result: Violation) -> Key | None:
    if result.value is None or result.path is None or result.focus.startswith("_:"):
        return None
    predicate = predicate_iri(result.path)
    return None if predicate is None else (result.focus, predicate, result.value)


def _scan(path: Path, keys: set[Key]) -> dict[Key, int]:
    """The line of each key's triple in ``path``; a key whose value is written once for its subject and
    predicate, but not as the report writes it (a number the store wrote canonically), gets that line."""
    pairs = {(s, p) for s, p, _ in keys}
    exact: dict[Key, int] = {}
    single: dict[tuple[str, str], list[int]] = defaultdict(list)
    try:
        for quad, line in quads_with_lines(path):
            subject, obj = quad.subject, quad.object
            if not isinstance(subject, ox.NamedNode) or (subject.value, quad.predicate.value) not in pairs:
                continue
            if isinstance(obj, ox.BlankNode | ox.Triple):
                continue
            pair = (subject.value, quad.predicate.value)
            single[pair].append(line)
            exact.setdefault((*pair, _node_text(to_rdflib(obj, {}))), line)
    except LoadError:
        return {}
    found = {key: exact[key] for key in keys if key in exact}
    for key in keys - set(found):
        lines = single.get((key[0], key[1]), [])
        if len(lines) == 1:
            found[key] = lines[0]
    return found


def locate_values(report: ValidationReport, files: Iterable[Path]) -> ValidationReport:
    """``report`` with each result that names a value placed on the line of that value.

    The result's own file (where its subject is described) is read first; the
    other ``files`` only for values it does not hold (a link written in another
    file than the resource). Results without a value, or with a path that is not
    one predicate, keep the subject's line.
    """
    keyed = [(result, _key(result)) for result in report.results]
    wanted = {  # a sheet's results already name their cell
        key
        for result, key in keyed
        if key is not None and result.source_file is not None and result.source_file.suffix.lower() in LINE_FORMATS
    }
    if not wanted:
        return report
    first = [r.source_file for r, key in keyed if key in wanted and r.source_file is not None]
    order = list(dict.fromkeys([*first, *map(Path, files)]))
    placed: dict[Key, tuple[Path, int]] = {}
    for path in order:
        left = wanted - set(placed)
        if not left:
            break
        if path.suffix.lower() in LINE_FORMATS:
            placed.update((key, (path, line)) for key, line in _scan(path, left).items())
    results = []
    for result, key in keyed:
        where = placed.get(key) if key is not None else None
        results.append(replace(result, source_file=where[0], line=where[1]) if where else result)
    return replace(report, results=tuple(sorted(results, key=sort_key)))
