"""Searching a build's names: the index of :mod:`coopgraph.build.search_index`, opened read-only.

A query is folded like the names were (:func:`normalise`), and each of its
words becomes a quoted FTS5 string, the last one a prefix: whatever a reader
types (``"``, ``*``, ``NEAR``, ``-``) is only ever words to look for, never
FTS5 syntax. Results come whole-name-exact first, then whole-name-prefix,
then by bm25, so ``Radom`` comes before the agreements that name it.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from coopgraph.build.search_index import normalise
from coopgraph.namespaces import PREFIXES

ONTOLOGY = PREFIXES["coop"]


class NoIndex(RuntimeError):
    """The build has no search index (it was made by a coopgraph without search)."""


@dataclass(frozen=True)
class Hit:
    """One resource found, with what ranked it."""

    iri: str
    label: str
    types: tuple[str, ...]
    """Its types, the most specific asserted one of the ontology first."""
    score: float
    """0 to 100: 100 for a name equal to the query, above 50 for a name it begins, else by bm25."""
    exact: bool
    """One of its labels or other names (not an identifier) is the query, folded."""

    @property
    def type(self) -> str | None:
        return self.types[0] if self.types else None


SEARCH = """
WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25(terms) AS rank FROM terms WHERE terms MATCH :match)
SELECT r.iri, m.rid, m.rank, m.exact, m.named, m.prefix, m.shortest FROM (
    SELECT n.rid AS rid, min(h.rank) AS rank, max(n.norm = :norm) AS exact,
        max(n.norm = :norm AND n.kind <> 'id') AS named, max(n.norm LIKE :like) AS prefix,
        min(length(n.norm)) AS shortest
    FROM hits h JOIN names n ON n.id = h.id
    WHERE 1 {restriction}
    GROUP BY n.rid
) m JOIN resources r ON r.rid = m.rid
ORDER BY m.exact DESC, m.prefix DESC, m.rank, r.iri
LIMIT :limit
"""


def match_expression(text: str) -> str | None:
    """The FTS5 query for ``text``: its folded words quoted, the last one a prefix; None if it has no word.

    >>> match_expression('vitebs')
    '"vitebs"*'
    >>> match_expression('NEAR(a "b*" -c')
    '"near" "a" "b" "c"*'
    """
    words = normalise(text).split()
    if not words:
        return None
    return " ".join(f'"{word}"' for word in words) + "*"


class SearchIndex:
    """A build's index, opened read-only, one connection per thread (each closed with the build)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            if not self.path.is_file():
                raise NoIndex(f"this build has no search index ({self.path.name}): rebuild it with coopgraph build")
            # check_same_thread off only so that close() may close every thread's connection
            connection = sqlite3.connect(f"{self.path.as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            self._local.connection = connection
            with self._lock:
                self._opened.append(connection)
        return connection

    def search(self, text: str, types: Sequence[str] = (), lang: str = "en", limit: int = 10) -> list[Hit]:
        """The resources whose names match ``text`` (of one of ``types`` when given), best first."""
        match = match_expression(text)
        if match is None or limit <= 0:
            return []
        norm = normalise(text)
        restriction = ""
        if types:
            names = ", ".join(f":t{i}" for i in range(len(types)))
            restriction = f"AND n.rid IN (SELECT rid FROM types WHERE type IN ({names}))"
        sql = SEARCH.replace("{restriction}", restriction)
        parameters: dict[str, object] = {"norm": norm, "like": norm + "%", "match": match, "limit": limit}
        parameters.update({f"t{i}": t for i, t in enumerate(types)})
        rows = self._connection().execute(sql, parameters).fetchall()
        labels = self.labels([row[1] for row in rows], lang)
        kinds = self.types_of([row[1] for row in rows])
        return [
            Hit(
                iri,
                labels.get(rid, iri),
                kinds.get(rid, ()),
                _score(rank, exact, prefix, len(norm), shortest),
                named == 1,
            )
            for iri, rid, rank, exact, named, prefix, shortest in rows
        ]

    def labels(self, rids: Iterable[int], lang: str) -> dict[int, str]:
        """Each resource's label in ``lang``, else in English, else any label, else its other name."""
        wanted = list(rids)
        if not wanted:
            return {}
        rows = self._connection().execute(
            f"SELECT rid, kind, lang, text FROM names WHERE kind IN ('label', 'alt') AND rid IN ({_marks(wanted)})",
            wanted,
        )
        best: dict[int, tuple[int, str]] = {}
        for rid, kind, language, label in rows:
            rank = (0 if kind == "label" else 4) + (0 if language == lang else 1 if language == "en" else 2)
            if rid not in best or (rank, label) < best[rid]:
                best[rid] = (rank, label)
        return {rid: label for rid, (_, label) in best.items()}

    def types_of(self, rids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """Each resource's types: asserted ones of the ontology first, then other asserted, then inferred."""
        wanted = list(rids)
        if not wanted:
            return {}
        rows = self._connection().execute(
            f"SELECT rid, type, asserted FROM types WHERE rid IN ({_marks(wanted)})", wanted
        )
        found: dict[int, list[tuple[int, str]]] = {}
        for rid, kind, asserted in rows:
            found.setdefault(rid, []).append(((0 if kind.startswith(ONTOLOGY) else 1) + 2 * (1 - asserted), kind))
        return {rid: tuple(kind for _, kind in sorted(kinds)) for rid, kinds in found.items()}

    def rid(self, iri: str) -> int | None:
        row = self._connection().execute("SELECT rid FROM resources WHERE iri = ?", (iri,)).fetchone()
        return None if row is None else int(row[0])

    def names_of(self, iri: str) -> list[tuple[str, str, str]]:
        """A resource's names as (kind, language, text), labels first."""
        return [
            (kind, lang, text)
            for kind, lang, text in self._connection().execute(
                "SELECT kind, lang, text FROM names JOIN resources USING (rid) WHERE iri = ?"
                " ORDER BY kind <> 'label', kind, lang, text",
                (iri,),
            )
        ]

    def is_type(self, iri: str) -> bool:
        """Whether some named resource has the type ``iri``."""
        return self._connection().execute("SELECT 1 FROM types WHERE type = ? LIMIT 1", (iri,)).fetchone() is not None

    def of_type(self, kind: str) -> list[str]:
        """The named resources of type ``kind`` (the ontology's classes, its properties), by IRI."""
        rows = self._connection().execute(
            "SELECT iri FROM types JOIN resources USING (rid) WHERE type = ? ORDER BY iri", (kind,)
        )
        return [iri for (iri,) in rows]

    def instances_of(self, types: Sequence[str]) -> list[tuple[str, int]]:
        """Those of ``types`` that something has, with how many resources have each, most first."""
        rows = self._connection().execute(
            f"SELECT type, count(*) FROM types WHERE type IN ({_marks(types)}) GROUP BY type ORDER BY 2 DESC, 1",
            list(types),
        )
        return [(kind, int(count)) for kind, count in rows]

    def close(self) -> None:
        """Close every thread's connection: the build is no longer served."""
        with self._lock:
            opened, self._opened = self._opened, []
        for connection in opened:
            connection.close()


def _marks(values: Sequence[object] | list[int]) -> str:
    return ", ".join("?" for _ in values)


def _score(rank: float, exact: int, prefix: int, length: int, shortest: int) -> float:
    """100 for an exact name; 50 to 100 for a name the query begins, more the more of it the query is;
    below 50 by bm25 (more negative is better)."""
    if exact:
        return 100.0
    if prefix:
        return round(50 + 49 * min(length, shortest) / max(shortest, 1), 2)
    return round(50 * -rank / (1 - rank), 2)
