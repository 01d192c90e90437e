"""Every setting coopgraph reads, declared once with its default and help.

The CLI's options, the ``COOPGRAPH_*`` environment variables and the README's
table all come from :data:`SETTINGS`, so a setting cannot exist undocumented.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from coopgraph.sources.project import REPOSITORY

ENV_PREFIX = "COOPGRAPH_"


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, how to read it from text, and what it is for."""

    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()


def _positive(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        value = kind(text)
        if value <= 0:
            raise ValueError("must be positive")
        return value

    return parse


def _choice(*values: str) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if text not in values:
            raise ValueError(f"must be one of {', '.join(values)}")
        return text

    return parse


def _boolean(text: str) -> bool:
    if text.lower() in ("1", "true", "yes", "on"):
        return True
    if text.lower() in ("0", "false", "no", "off"):
        return False
    raise ValueError("must be true or false")


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "project_dir",
        REPOSITORY,
        "The project: a directory with coopgraph.toml and data/ (its own ontology/, shapes/ and queries/ add to "
        "the repository's).",
        Path,
    ),
    Setting("build_dir", None, "Where builds are written; defaults to PROJECT_DIR/dist.", Path),
    Setting(
        "reasoner",
        "rules",
        "Inference engine: 'rules' (compiled OWL RL, in the store, linear) or 'owlrl' (full closure, small data).",
        _choice("rules", "owlrl"),
    ),
    Setting(
        "validator",
        "compiled",
        "SHACL engine: 'compiled' (the shapes as SPARQL on the store, linear) or 'pyshacl' (reference, small data).",
        _choice("compiled", "pyshacl"),
    ),
    Setting(
        "keep_builds",
        10,
        "Builds kept in BUILD_DIR/builds, newest first, each with what it changed (`coopgraph diff`, /changes).",
        _positive(int),
    ),
    Setting("host", "127.0.0.1", "Address the server listens on.", str),
    Setting("port", 8080, "Port the server listens on.", _positive(int)),
    Setting("workers", 0, "Server worker processes; 0 means one per CPU core.", int),
    Setting(
        "threads",
        8,
        "Request threads per worker, and its lanes to the server's one query process: queries at once per worker.",
        _positive(int),
    ),
    Setting(
        "query_timeout", 10.0, "Seconds a query may run before it is stopped and answered with 503.", _positive(float)
    ),
    Setting(
        "request_timeout",
        10.0,
        "Seconds a client has to send a whole request (headers and body); a slower one gets 408 and is closed.",
        _positive(float),
    ),
    Setting(
        "max_rows",
        100_000,
        "Most result rows (or triples) a query may return; more is answered with 400.",
        _positive(int),
    ),
    Setting(
        "max_request_bytes",
        1_000_000,
        "Largest request body or query string accepted; more is answered with 413.",
        _positive(int),
    ),
    Setting(
        "max_query_depth",
        40,
        "Deepest nesting of groups and parentheses a query may have; more is answered with 400.",
        _positive(int),
    ),
    Setting(
        "cache_entries",
        2048,
        "Responses kept per worker; the cache is keyed on the build, so it never serves stale data.",
        int,
    ),
    Setting(
        "query_allocator",
        "auto",
        "malloc of the query process: 'auto' (jemalloc when installed, Debian's libjemalloc2: the 1M analytic "
        "queries 14-19 % less CPU than on glibc's), 'system' (glibc's), or the path of a malloc library to preload.",
        str,
    ),
    Setting(
        "public_base_url",
        None,
        "Public URL of the server (e.g. https://data.example.org/coop); by default taken from each request.",
        str,
    ),
    Setting(
        "dataset_base",
        None,
        "Base of the dataset's IRIs, mapped to the public base URL for links; defaults to [project] base "
        "of the project's coopgraph.toml, so set it only to serve the data under another base.",
        str,
    ),
    Setting(
        "engine_url",
        None,
        "SPARQL 1.1 query endpoint of an external engine (Oxigraph server, Virtuoso…) that answers /sparql, the "
        "pages, pictures, indexes and counts instead of the embedded store; unset: the embedded store.",
        str,
    ),
    Setting(
        "engine_store_url",
        None,
        "The engine's Graph Store Protocol endpoint, where `coopgraph publish` PUTs the build's graphs "
        "(Virtuoso: /sparql-graph-crud-auth).",
        str,
    ),
    Setting(
        "engine_update_url",
        None,
        "The engine's SPARQL Update endpoint, for `publish` to swap the uploaded staging graphs in with MOVE; "
        "unset: the graphs are PUT under their final names.",
        str,
    ),
    Setting("engine_user", None, "User for the engine's HTTP authentication.", str),
    Setting(
        "engine_password",
        None,
        "Password for the engine (from the environment only: COOPGRAPH_ENGINE_PASSWORD); never logged.",
        str,
    ),
    Setting("engine_password_file", None, "A file holding the engine's password, read when it is needed.", Path),
    Setting(
        "engine_auth",
        "basic",
        "HTTP authentication the engine wants: 'basic' or 'digest' (Virtuoso's GSP endpoint).",
        _choice("basic", "digest"),
    ),
    Setting(
        "engine_union_default_graph",
        False,
        "Whether the engine's default graph is exactly the union of the published graphs (Oxigraph server "
        "--union-default-graph); false: every query names the published graphs (default-graph-uri, "
        "named-graph-uri), so the engine's other graphs stay out.",
        _boolean,
    ),
    Setting(
        "engine_connect_timeout",
        3.0,
        "Seconds to wait for the engine to accept a connection before answering 504.",
        _positive(float),
    ),
)


@dataclass(frozen=True)
class Settings:
    """Resolved settings: defaults, then environment, then explicit overrides."""

    project_dir: Path = REPOSITORY
    build_dir: Path | None = None
    reasoner: str = "rules"
    validator: str = "compiled"
    keep_builds: int = 10
    host: str = "127.0.0.1"
    port: int = 8080
    workers: int = 0
    threads: int = 8
    query_timeout: float = 10.0
    request_timeout: float = 10.0
    max_rows: int = 100_000
    max_request_bytes: int = 1_000_000
    max_query_depth: int = 40
    cache_entries: int = 2048
    query_allocator: str = "auto"
    public_base_url: str | None = None
    dataset_base: str | None = None
    """None: the ``[project] base`` of the project's ``coopgraph.toml`` (see ``Published.dataset_base``)."""
    engine_url: str | None = None
    engine_store_url: str | None = None
    engine_update_url: str | None = None
    engine_user: str | None = None
    engine_password: str | None = field(default=None, repr=False)
    engine_password_file: Path | None = None
    engine_auth: str = "basic"
    engine_union_default_graph: bool = False
    engine_connect_timeout: float = 3.0

    def as_env(self) -> dict[str, str]:
        """These settings as ``COOPGRAPH_*`` variables, to hand them to server processes."""
        return {s.env: str(getattr(self, s.name)) for s in SETTINGS if getattr(self, s.name) is not None}

    @property
    def output_dir(self) -> Path:
        return self.build_dir if self.build_dir is not None else self.project_dir / "dist"

    @classmethod
    def load(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``env`` (default: ``os.environ``) with ``overrides`` (None means unset) on top."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env)
            if raw not in (None, ""):
                try:
                    values[setting.name] = setting.parse(raw)
                except ValueError as error:
                    raise ValueError(f"{setting.env}={raw!r}: {error}") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        unknown = set(values) - {f.name for f in fields(cls)}
        if unknown:
            raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
        return replace(cls(), **values)
