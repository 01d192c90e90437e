"""Searching a build's names: the index of :mod:`coopgraph.build.search_index`, opened read-only.

A query is folded like the names were (:func:`normalise`), and each of its
words becomes a quoted FTS5 string, the last one a prefix: whatever a reader
types (``"``, ``*``, ``NEAR``, ``-``) is only ever words to look for, never
FTS5 syntax. Results come whole-name-exact first, then whole-name-prefix,
then by bm25, so ``Radom`` comes before the agreements that name it.

The whole-name matches are read from an ordinary index on the folded names,
in its order, and bm25 is asked only when they do not fill the page: a word
in a hundred thousand names costs no ranking of them all.
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
MMAP_BYTES = 1 << 30


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


WHOLE = """
SELECT * FROM (SELECT rid, kind, norm FROM names WHERE norm = :norm {restriction} LIMIT :limit)
UNION ALL
SELECT * FROM (SELECT rid, kind, norm FROM names WHERE norm > :norm AND norm < :above {restriction}
    ORDER BY norm LIMIT :limit)
"""
"""Names that are the query, then names that begin with it (the whole name, not a word of it) in the
index's order: no sort, so that a word thousands of names begin with (``meeting``) costs as little as a
rare one."""

RANKED = """
SELECT n.rid, h.rank FROM (SELECT rowid AS id, rank FROM terms WHERE terms MATCH :match ORDER BY rank) h
JOIN names n ON n.id = h.id
WHERE 1 {restriction}
ORDER BY h.rank
LIMIT :limit
"""
"""Names that hold the query's words anywhere, by bm25: asked only when the whole names did not fill the page."""

ABOVE = "\U0010ffff"
"""Above every character: ``norm < query + ABOVE`` is "begins with the query" on the names' index."""


def match_expression(text: str, finished: bool = False) -> str | None:
    """The FTS5 query for ``text``: its folded words quoted, the last one a prefix unless the text is
    ``finished``; None if it has no word.

    >>> match_expression('vitebs')
    '"vitebs"*'
    >>> match_expression('NEAR(a "b*" -c')
    '"near" "a" "b" "c"*'
    """
    words = normalise(text).split()
    if not words:
        return None
    return " ".join(f'"{word}"' for word in words) + ("" if finished else "*")


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
            # mapped, the index's pages are the OS's cache, shared by every thread and process, not copied
            connection.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
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
        restriction, parameters = "", {"norm": norm, "above": norm + ABOVE, "match": match, "limit": limit * 4}
        if types:
            names = ", ".join(f":t{i}" for i in range(len(types)))
            # one primary-key probe per name, not the set of all the class's members built for each search
            restriction = f"AND EXISTS (SELECT 1 FROM types t WHERE t.rid = names.rid AND t.type IN ({names}))"
            parameters.update({f"t{i}": t for i, t in enumerate(types)})
        connection = self._connection()
        found: dict[int, tuple[float, bool]] = {}
        for rid, kind, name in connection.execute(WHOLE.replace("{restriction}", restriction), parameters):
            exact = name == norm
            score = 100.0 if exact else round(50 + 49 * len(norm) / max(len(name), 1), 2)
            previous = found.get(rid)
            if previous is None or (score, exact and kind != "id") > previous:
                found[rid] = (score, exact and kind != "id")
        if len(found) < limit:
            if any(named or score == 100 for score, named in found.values()):
                parameters["match"] = match_expression(text, finished=True)  # a whole name: its words are typed out
            ranked = RANKED.replace("{restriction}", restriction.replace("names.rid", "n.rid"))
            for rid, rank in connection.execute(ranked, parameters):
                found.setdefault(rid, (round(50 * -rank / (1 - rank), 2), False))
        best = sorted(found.items(), key=lambda item: -item[1][0])[:limit]
        return self._hits(best, lang)

    def _hits(self, best: list[tuple[int, tuple[float, bool]]], lang: str) -> list[Hit]:
        rids = [rid for rid, _ in best]
        iris = dict(self._connection().execute(f"SELECT rid, iri FROM resources WHERE rid IN ({_marks(rids)})", rids))
        labels, kinds = self.labels(rids, lang), self.types_of(rids)
        return [
            Hit(iris[rid], labels.get(rid, iris[rid]), kinds.get(rid, ()), score, named) for rid, (score, named) in best
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

    def types(self) -> list[str]:
        """Every class some named resource has, by IRI: what ``type=`` may ask for."""
        return [kind for (kind,) in self._connection().execute("SELECT DISTINCT type FROM types ORDER BY type")]

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
