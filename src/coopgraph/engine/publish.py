"""Push a build's named graphs into an external engine, swap them in, and check what it holds.

One graph at a time, each dumped from the build's store as N-Triples into a
temporary file and sent from the file with its Content-Length (Graph Store
Protocol ``PUT``), so a million triples never sit in memory. With an update
endpoint, every graph goes to a staging name first and the swap is one
SPARQL Update request of ``MOVE`` operations after all uploads succeeded: a
failed upload leaves the engine's previous graphs as they were. Without one,
each graph is PUT under its final name, and a failure says which graphs were
already replaced. Then the engine's triple count per graph is compared with
the build's manifest.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from coopgraph.build.layout import Build
from coopgraph.engine.remote import Dataset, Deadline, EngineClient, EngineConfig, EngineError, parse_results, shown

GRAPH_TYPE = "application/n-triples"


class PublishError(Exception):
    """Publishing stopped: why, and what the engine holds now."""


@dataclass(frozen=True)
class GraphCount:
    """One graph: the triples the build has, and those the engine holds after publishing."""

    graph: str
    expected: int
    found: int

    @property
    def matches(self) -> bool:
        return self.expected == self.found


def staging_name(graph: str, build_id: str) -> str:
    """Where ``graph`` is uploaded before the swap: a name of its own per build."""
    return f"{graph}-staging-{build_id}"


def publish(
    build: Build, config: EngineConfig, timeout: float = 600.0, say: Callable[[str], None] = lambda _: None
) -> list[GraphCount]:
    """Upload every graph of ``build`` to the engine, swap them in, and count what the engine holds.

    Raises :class:`PublishError` with a one-line reason that says what the
    engine holds (its previous graphs, or which ones were replaced).
    """
    if not config.store_url:
        raise PublishError("engine_store_url is not set: the engine's Graph Store Protocol endpoint is needed")
    graphs: dict[str, int] = {str(g): int(n) for g, n in build.manifest.get("graphs", {}).items()}
    client = EngineClient(config)
    store = build.open_store()
    staged = config.update_url is not None
    done: list[str] = []
    try:
        with tempfile.TemporaryDirectory(prefix="coopgraph-publish-") as scratch:
            for graph in graphs:
                target = staging_name(graph, build.build_id) if staged else graph
                _put(client, store, graph, target, Path(scratch) / "graph.nt", timeout)
                done.append(graph)
                say(f"uploaded {graph}" + (f" as {target}" if staged else ""))
        if staged:
            _swap(client, [(staging_name(g, build.build_id), g) for g in graphs], timeout)
            say("swapped the staging graphs in")
    except (EngineError, PublishError) as error:
        raise PublishError(_what_it_holds(error, done, graphs, staged)) from None
    finally:
        client.close()
    return count(config, graphs, timeout)


def _what_it_holds(error: Exception, done: list[str], graphs: dict[str, int], staged: bool) -> str:
    reason = error.message if isinstance(error, EngineError) else str(error)
    if staged or not done:
        return f"{reason}; the engine still holds its previous graphs" + (
            " (and the staging graphs uploaded so far)" if done and staged else ""
        )
    rest = [g for g in graphs if g not in done]
    return f"{reason}; the engine now holds this build's {', '.join(done)} but its previous {', '.join(rest)}"


def _put(client: EngineClient, store: ox.Store, graph: str, target: str, scratch: Path, timeout: float) -> None:
    """Dump ``graph`` to ``scratch`` and PUT the file into the engine's graph ``target``."""
    store.dump(str(scratch), ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
    url = client.config.store_url
    assert url is not None
    with scratch.open("rb") as body:
        response = client.send(
            "PUT", url, Deadline(timeout), params={"graph": target}, data=body, headers={"Content-Type": GRAPH_TYPE}
        )
    with response:
        if response.status_code not in (200, 201, 204):
            said = response.text.strip().splitlines()
            raise PublishError(
                f"the engine's store at {shown(url)} refused graph {target} ({response.status_code}"
                + (f": {said[0][:200]}" if said else "")
                + ")"
            )


def _swap(client: EngineClient, moves: list[tuple[str, str]], timeout: float) -> None:
    """Replace each final graph by its staging graph, in one update request (one transaction where the engine
    runs a request as one)."""
    url = client.config.update_url
    assert url is not None
    update = " ;\n".join(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{final}>" for staging, final in moves)
    response = client.send("POST", url, Deadline(timeout), data={"update": update})
    with response:
        if response.status_code >= 300:
            raise PublishError(
                f"the engine's update endpoint at {shown(url)} refused the swap ({response.status_code}); "
                "the uploaded graphs wait under their staging names"
            )


COUNT = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def count(config: EngineConfig, graphs: dict[str, int], timeout: float = 60.0) -> list[GraphCount]:
    """The engine's triples in each of ``graphs`` beside what the build has."""
    client = EngineClient(config)
    try:
        with client.query(COUNT, "application/sparql-results+json", Dataset((), list(graphs)), timeout) as (
            response,
            _,
        ):
            result = parse_results(response)
            assert isinstance(result, ox.QuerySolutions)
            found = {row["g"].value: int(row["n"].value) for row in result if row["g"] is not None}
    finally:
        client.close()
    return [GraphCount(graph, expected, found.get(graph, 0)) for graph, expected in graphs.items()]
