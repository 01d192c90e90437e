"""An Atom 1.0 feed (RFC 4287) of the builds' changes, written by feedgenerator (Django's, standalone).

One entry per kept build, its changed resources as ``related`` links: a portal
that polls the feed learns which resources changed and fetches those, instead
of whole dumps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from feedgenerator import Atom1Feed
from markupsafe import escape

ATOM = "application/atom+xml"


@dataclass(frozen=True)
class Entry:
    entry_id: str
    title: str
    updated: str
    """ISO 8601 with its offset, as the build's manifest records it."""
    summary: str
    """Plain text (the feed carries it as escaped HTML)."""
    page: str
    """Where the build's changes are shown: the entry's alternate link."""
    resources: tuple[tuple[str, str], ...]
    """(URL, name) of each changed resource: the entry's related links."""


class _ChangesFeed(Atom1Feed):  # type: ignore[misc]
    """Atom with a ``related`` link to each changed resource of an entry."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        for href, name in item["related"]:
            handler.addQuickElement("link", "", {"rel": "related", "href": href, "title": name})


def atom_feed(
    *, feed_id: str, title: str, self_url: str, page_url: str, lang: str, author: str, entries: Sequence[Entry]
) -> bytes:
    """The feed, entries in the order given; ``updated`` is the newest entry's (now, with none)."""
    feed = _ChangesFeed(
        title=title,
        link=page_url,
        description="",
        language=lang,
        author_name=author,
        feed_url=self_url,
        feed_guid=feed_id,
    )
    for entry in entries:
        feed.add_item(
            title=entry.title,
            link=entry.page,
            description=str(escape(entry.summary)),
            unique_id=entry.entry_id,
            updateddate=datetime.fromisoformat(entry.updated),
            related=entry.resources,
        )
    text: str = feed.writeString("utf-8")
    return text.encode("utf-8")
