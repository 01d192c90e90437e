"""What each kept build changed: the ``/changes`` page, and ``/changes.atom`` for portals to harvest.

Both read the summaries the builds wrote when they were made
(:mod:`coopgraph.build.changes`): serving them never computes a diff. They are
cached under the newest kept build, so a new build is listed at once even by a
server still serving the one before it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Response, render_template, request, url_for

from coopgraph.build.changes import BuildChanges, read_changes
from coopgraph.i18n import pick, word
from coopgraph.web.endpoint import conditional, not_modified
from coopgraph.web.negotiation import reader_language
from coopgraph.web.pages.base import blueprint, cached_html, linker_for, page_etag
from coopgraph.web.pages.feed import ATOM, Entry, atom_feed
from coopgraph.web.published import current as published
from coopgraph.web.values import moment_text

SHOWN_KINDS = ("asserted", "inferred", "ontology")
"""The kinds of statements the page counts; the ontology's only when a build changed it."""


def _kept() -> list[BuildChanges]:
    """The kept builds' changes, newest first; none when the server runs from files (``--data``)."""
    site = published()
    return read_changes(site.settings.output_dir) if site.dumps_dir is not None else []


def _shown(changes: BuildChanges, href: Callable[[str], str], lang: str) -> dict[str, Any]:
    """One build as the page and the feed show it: its counts, and its resources named in ``lang``."""
    resources = [
        {
            "href": href(r.iri),
            "iri": r.iri,
            "name": pick(r.labels, lang) or r.iri,
            "added": sum(side["added"] for side in r.counts.values()),
            "removed": sum(side["removed"] for side in r.counts.values()),
        }
        for r in changes.resources
    ]
    return {
        "id": changes.build_id,
        "created": changes.created,
        "first": changes.previous is None,
        "when": moment_text(changes.created, lang),
        "totals": [
            (kind, sides)
            for kind, sides in ((k, changes.totals.get(k)) for k in SHOWN_KINDS)
            if sides is not None and (kind != "ontology" or any(sides.values()))
        ],
        "added": changes.changed("added"),
        "removed": changes.changed("removed"),
        "resources": resources,
        "more": max(changes.resources_total - len(resources), 0),
    }


@blueprint.route("/changes")
def changes() -> Response:
    lang = reader_language()
    kept = _kept()

    def render() -> str:
        linker = linker_for(lang)
        builds = [_shown(c, linker.href, lang) for c in kept]
        return render_template("changes.html", builds=builds)

    return cached_html(page_etag("changes", lang, kept[0].build_id if kept else ""), render)


@blueprint.route("/changes.atom")
def changes_feed() -> Response:
    lang = reader_language()
    kept = _kept()
    etag = page_etag("changes.atom", lang, kept[0].build_id if kept else "")
    if not_modified(etag):
        return conditional(Response(status=304), etag)

    def render() -> bytes:
        linker, public = linker_for(None), published().public_base(request.host_url)
        page = public + url_for("pages.changes", lang=lang).lstrip("/")
        entries = [_entry(_shown(c, linker.href, lang), page, lang) for c in kept]
        return atom_feed(
            feed_id=published().dataset_base + "changes",
            title=word("changes_title", lang),
            self_url=public + request.full_path.lstrip("/").rstrip("?"),
            page_url=page,
            lang=lang,
            # RFC 4287 requires an author: the publisher coopgraph.toml names
            author=pick(published().config.publisher.name, lang) or "coopgraph",
            entries=entries,
        )

    answer = published().cache.fetch("feed:" + etag, etag, ATOM, render)
    return conditional(Response(answer.body, mimetype=ATOM), etag)


def _entry(build: dict[str, Any], page: str, lang: str) -> Entry:
    title = word("changes_entry", lang).format(build=build["id"], added=build["added"], removed=build["removed"])
    names = ", ".join(r["name"] for r in build["resources"])
    more = build["more"]
    summary = word("changes_first", lang) if build["first"] else f"{word('changes_resources', lang)}: {names}"
    if more:
        summary += " " + word("changes_more", lang).format(n=more)
    return Entry(
        entry_id=published().dataset_base + "changes/" + build["id"],
        title=title,
        updated=build["created"],
        summary=summary,
        page=f"{page}#build-{build['id']}",
        resources=tuple((r["href"], r["name"]) for r in build["resources"]),
    )
