"""The engine client's pure parts: an engine's odd answers made standard, and URLs shown without credentials."""

from __future__ import annotations

import io
from pathlib import Path

import pyoxigraph as ox
import pytest

from coopgraph.engine.remote import MARGIN, EngineConfig, Relabelled, shown, solutions_as_boolean
from coopgraph.settings import Settings


class Trickle(io.RawIOBase):
    """A response body that arrives a few bytes at a time, so labels straddle the reads."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step = data, step

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        out, self.data = self.data[: self.step], self.data[self.step :]
        return out


def results(bindings: list[str]) -> bytes:
    return ('{"head":{"vars":["o"]},"results":{"bindings":[' + ",".join(bindings) + "]}}").encode()


@pytest.mark.parametrize("step", [1, 7, MARGIN - 3, 64 * 1024])
def test_virtuoso_blank_node_labels_become_valid_and_stay_the_same_node(step: int) -> None:
    padding = '{"o":{"type":"literal","value":"' + "x" * (MARGIN * 2) + '"}}'
    body = results(
        [
            padding,
            '{"o":{"type":"bnode","value":"nodeID://b10000"}}',
            '{"o":{"type": "bnode", "value": "nodeID://b10000"}}',
            '{"o":{"type":"bnode","value":"ok1"}}',
        ]
    )
    parsed = ox.parse_query_results(Relabelled(Trickle(body, step)), ox.QueryResultsFormat.JSON)
    assert isinstance(parsed, ox.QuerySolutions)
    nodes = [row["o"] for row in parsed][1:]
    assert all(isinstance(node, ox.BlankNode) for node in nodes)
    assert nodes[0] == nodes[1] and nodes[2] == ox.BlankNode("ok1")


def test_xml_blank_nodes_are_relabelled_too() -> None:
    body = (
        b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="o"/>'
        b'</head><results><result><binding name="o"><bnode>nodeID://b1</bnode></binding></result></results></sparql>'
    )
    parsed = ox.parse_query_results(Relabelled(io.BytesIO(body)), ox.QueryResultsFormat.XML)
    assert isinstance(parsed, ox.QuerySolutions)
    assert isinstance(next(iter(parsed))["o"], ox.BlankNode)


def test_an_ask_answered_as_one_row_reads_as_its_boolean() -> None:
    def answer(value: str | None) -> ox.QuerySolutions:
        row = f'{{"__ASK_RETVAL":{{"type":"literal","datatype":"http://www.w3.org/2001/XMLSchema#integer","value":"{value}"}}}}'
        parsed = ox.parse_query_results(
            results([row] if value is not None else []).replace(b'"o"', b'"__ASK_RETVAL"'), ox.QueryResultsFormat.JSON
        )
        assert isinstance(parsed, ox.QuerySolutions)
        return parsed

    assert solutions_as_boolean(answer("1")) is True
    assert solutions_as_boolean(answer("0")) is False
    assert solutions_as_boolean(answer(None)) is False


def test_an_engine_is_named_without_its_credentials() -> None:
    assert shown("http://dba:s3cret@127.0.0.1:8890/sparql?x=1") == "http://127.0.0.1:8890/sparql"


def test_the_password_comes_from_its_file_and_stays_out_of_repr(tmp_path: Path) -> None:
    secret = tmp_path / "password"
    secret.write_text("s3cret\n")
    settings = Settings.load(
        env={"COOPGRAPH_ENGINE_URL": "http://127.0.0.1:1/q", "COOPGRAPH_ENGINE_PASSWORD_FILE": str(secret)}
    )
    config = EngineConfig.from_settings(settings)
    assert config is not None and config.password == "s3cret"
    assert "s3cret" not in repr(config)
    assert "s3cret" not in repr(Settings.load(env={"COOPGRAPH_ENGINE_PASSWORD": "s3cret"}))
    assert EngineConfig.from_settings(Settings.load(env={})) is None


def test_a_missing_password_file_is_named() -> None:
    settings = Settings.load(env={"COOPGRAPH_ENGINE_URL": "http://127.0.0.1:1/q"}, engine_password_file="/nope/pw")
    with pytest.raises(ValueError, match="/nope/pw"):
        EngineConfig.from_settings(settings)
