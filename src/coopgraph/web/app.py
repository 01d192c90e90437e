"""The Flask application factory: ``create_app(settings)``.

A server process opens a published store read-only and answers from it.
Which store: the current build of the project (``settings.output_dir``), switched
live when a new one is published (:mod:`coopgraph.web.live`), or an explicit
store directory (``coopgraph serve --data`` makes one from files).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from flask import Flask

from coopgraph.build.layout import Build
from coopgraph.engine.canned import CannedQuery, canned_queries
from coopgraph.i18n import pick, word
from coopgraph.settings import Settings
from coopgraph.sources.config import CONFIG_FILE, ProjectConfig, load_config
from coopgraph.sources.project import Sources
from coopgraph.web import api, catalog, direct, endpoint, errors, finding, pages, replay
from coopgraph.web.live import Live
from coopgraph.web.negotiation import reader_language
from coopgraph.web.pictures import views as pictures
from coopgraph.web.published import Published, current


class NothingToServe(RuntimeError):
    """There is no build to serve (run ``coopgraph build`` first)."""


def create_app(
    settings: Settings | None = None,
    store_path: Path | None = None,
    build_id: str | None = None,
    query_service: str | None = None,
) -> Flask:
    """A coopgraph web application over the current build, or over ``store_path`` when given.

    ``query_service`` is the address of the server's query service, shared by
    all its server processes (:func:`coopgraph.web.serve.serve` starts it);
    without it the application starts one of its own on its first query.
    """
    settings = settings or Settings.load()
    sources = Sources(settings.project_dir)
    queries = canned_queries(sources)
    if store_path is None:
        found = Live.of_builds(
            settings.output_dir, partial(_published, settings, sources.config, queries, query_service)
        )
        if found is None:
            raise NothingToServe(f"no build in {settings.output_dir}: run `coopgraph build` first")
        serving = found
    else:
        modified = datetime.fromtimestamp(Path(store_path).stat().st_mtime, UTC)
        build_id = build_id or f"store-{modified.timestamp():.0f}"
        serving = Live.fixed(
            Published(
                settings, sources.config, Path(store_path), build_id, modified, queries, query_service=query_service
            )
        )

    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_request_bytes
    app.extensions["coopgraph"] = serving
    app.wsgi_app = replay.recording(serving.pinning(app.wsgi_app))  # type: ignore[method-assign,assignment]
    app.extensions[replay.EXTENSION] = partial(replay.replayed, serving)
    app.extensions[direct.EXTENSION] = partial(direct.answered, serving)
    errors.register(app)
    for module in (endpoint, pages, catalog, pictures, api, finding):
        app.register_blueprint(module.blueprint)

    @app.context_processor
    def language() -> dict[str, object]:
        lang = reader_language()
        return {"lang": lang, "word": word, "site_title": pick(current().config.dataset.title, lang)}

    return app


def _published(
    settings: Settings,
    config: ProjectConfig,
    queries: dict[str, CannedQuery],
    query_service: str | None,
    build: Build,
) -> Published:
    """A published build opened for serving: its store read-only, its lanes to the query process, its cache, the
    project's settings as they were when it was built (``config`` for builds made before they were kept)."""
    if (build.path / CONFIG_FILE).is_file():
        config = load_config(build.path)
    modified = datetime.fromisoformat(build.manifest["created"])
    return Published(
        settings,
        config,
        build.store_path,
        build.build_id,
        modified,
        queries,
        build.dumps_dir,
        build.path,
        query_service,
    )
