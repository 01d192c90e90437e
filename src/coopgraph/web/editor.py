"""The browser query editor of ``/sparql``: what the page needs to know, computed in Python.

``GET /sparql`` from a browser (``Accept: text/html``, no query) answers with
``templates/editor.html``, a YASGUI editor shipped in ``static/yasgui/`` (no CDN:
the page works offline). Everything the page shows that depends on the server
(its endpoint, the canned queries, the prefixes, where resource pages live) is
computed here by pure functions, so it is tested without a browser, and handed to
the page's script as one JSON object (``{{ editor|tojson }}``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import pyoxigraph as ox

from coopgraph.engine.canned import HOME, CannedQuery
from coopgraph.engine.values import where_opening, with_values
from coopgraph.i18n import word
from coopgraph.web.links import page_url, with_slash

PAGE_TITLE = word("editor_title", "en")

DEFAULT_TAB_NAME = word("editor_default_tab", "en")

DEFAULT_QUERY = """\
# title: Agreements by country
# description: Cooperation agreements counted by the country of each party (so the
#   home municipality's country counts every agreement), with the number of parties
#   there. Run it with the ▶ button or Ctrl+Enter; click a country to open its page.
#   The other tabs hold the canned queries of queries/.
SELECT ?country ?countryLabel (COUNT(DISTINCT ?agreement) AS ?agreements)
       (COUNT(DISTINCT ?party) AS ?parties)
WHERE {
  ?agreement a coop:CooperationAgreement ;
             coop:party ?party .
  ?party coop:country ?country .
  OPTIONAL { ?country rdfs:label ?countryLabel FILTER(lang(?countryLabel) = "en") }
}
GROUP BY ?country ?countryLabel
ORDER BY DESC(?agreements) ?countryLabel
"""
"""The first tab on a first visit: a small query whose answer makes sense at a glance."""

NEW_TAB_QUERY = """\
# A new query. The prefixes coop:, id:, schema:, skos:, rdfs:… are known to the
# server; type one (e.g. "coop:") and the editor writes its PREFIX line.
SELECT ?subject ?predicate ?object
WHERE {
  ?subject ?predicate ?object .
}
LIMIT 10
"""
"""What a tab opened with the editor's "+" button starts with."""

PAGE_WORDS = ("name", "home_title", "endpoint", "noscript", "with_get", "or_post", "home")
"""The page's own words (``editor_…`` in the words table), handed to the template in the reader's language."""

# One token of SPARQL, as far as prefixes are concerned: what cannot hold a prefixed
# name (comments, strings, IRIs, variables, blank node labels) is matched whole so
# that a colon inside it is never taken for a prefix.
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"
               |'(?:[^'\\\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\s]*>)
    | (?P<var>[?$]\w+)
    | (?P<bnode>_:[\w.\-]*)
    | (?P<pname>(?P<prefix>[^\W\d_](?:[\w.\-]*[\w\-])?)?:(?:[\w\-:%]|\\\S|\.(?=[\w\-:%]))*)
    | (?P<word>\w+)
    | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


def prefix_usage(text: str) -> tuple[set[str], set[str]]:
    """The prefixes a query declares (``PREFIX p: <…>``) and those its prefixed names use.

    Comments, strings, IRIs, variables and blank node labels are skipped, so
    ``"12:30"``, ``<http://x>`` or ``# see rdfs:label`` count as no use. The empty
    prefix (``:name``) is reported as ``""``.
    """
    declared: set[str] = set()
    used: set[str] = set()
    after_prefix_keyword = False
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "pname":
            prefix = match.group("prefix") or ""
            (declared if after_prefix_keyword else used).add(prefix)
        after_prefix_keyword = kind == "word" and match.group().upper() == "PREFIX"
    return declared, used


def with_prefixes(text: str, prefixes: Mapping[str, str]) -> str:
    """``text`` with a ``PREFIX p: <ns>`` line for every known prefix it uses but does not declare.

    The server pre-declares coopgraph's prefixes, so a query runs without them;
    but YASQE's syntax check runs in the browser and marks an undeclared prefix
    as an error, and a query copied from the editor to another endpoint needs
    them written. The lines go after the query's leading comment header (which
    stays first, so a canned query still opens with its title and description),
    in the order of ``prefixes``. Unknown prefixes are left alone: the endpoint
    reports them.
    """
    declared, used = prefix_usage(text)
    missing = [p for p in prefixes if p in used and p not in declared]
    if not missing:
        return text
    lines = text.splitlines(keepends=True)
    header = 0
    while header < len(lines) and (not lines[header].strip() or lines[header].lstrip().startswith("#")):
        header += 1
    # Trailing blank lines of the header belong to the body (they separate it from the prologue).
    while header > 0 and not lines[header - 1].strip():
        header -= 1
    if header and not lines[header - 1].endswith("\n"):
        lines[header - 1] += "\n"
    declarations = [f"PREFIX {p}: <{prefixes[p]}>\n" for p in missing]
    return "".join(lines[:header] + declarations + lines[header:])


def with_home(text: str, home: ox.NamedNode) -> str:
    """A canned query made runnable as it stands: ``?home`` bound by a ``VALUES`` line opening its WHERE block.

    The server binds ``?home`` as a typed term when it runs a canned query; the
    editor sends text, so the tab shows the binding where the reader sees it and
    can change it. The line is written as a remote engine's bindings are
    (:func:`coopgraph.engine.values.with_values`). A query without a WHERE block
    is returned as it is.
    """
    if where_opening(text) is None:
        return text
    return with_values(text, {HOME: home}, "the home municipality ([home] of coopgraph.toml)")


def resource_url(iri: str, dataset_base: str, public_base: str) -> str:
    """Where a result IRI links to: its page on this server for the dataset's own IRIs, else itself.

    The page's script does the same mapping (``pageFor``) for every result link.
    """
    return page_url(iri, dataset_base, public_base)


def _tab_text(query: CannedQuery, prefixes: Mapping[str, str], home: ox.NamedNode | None) -> str:
    text = with_prefixes(query.text, prefixes)
    return with_home(text, home) if home is not None and query.uses_home else text


def _tab_id(name: str) -> str:
    return "coopgraph-" + re.sub(r"[^A-Za-z0-9_-]", "-", name)


def _tabs(
    queries: Iterable[CannedQuery], prefixes: Mapping[str, str], home: ox.NamedNode | None, lang: str
) -> list[dict[str, str]]:
    """The default tab, then one per canned query, titled in ``lang``."""
    default = {
        "id": _tab_id("default"),
        "name": word("editor_default_tab", lang),
        "description": word("editor_default_description", lang),
        "query": with_prefixes(DEFAULT_QUERY, prefixes),
    }
    return [default] + [
        {
            "id": _tab_id(query.name),
            "name": query.title_in(lang),
            "description": query.description_in(lang),
            "query": _tab_text(query, prefixes, home),
        }
        for query in queries
    ]


def editor_context(
    endpoint: str,
    queries: Iterable[CannedQuery],
    prefixes: Mapping[str, str],
    dataset_base: str,
    public_base: str,
    home: ox.NamedNode | None = None,
    linked_query: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """The context of ``templates/editor.html``: ``render_template("editor.html", **editor_context(...))``.

    ``endpoint`` is the absolute URL of ``/sparql`` on the host that served the
    page (the editor POSTs its queries there); ``queries`` become one tab each,
    after a default tab; ``prefixes`` are pre-declared for the editor's syntax
    check and autocompletion and used to shorten result IRIs; result IRIs under
    ``dataset_base`` link to the same path under ``public_base``; the canned
    queries that ask about the home municipality get ``home`` bound in their text
    (:func:`with_home`); ``linked_query`` (a followed ``/sparql?query=…`` link) opens and runs;
    ``lang`` is the reader's language, of the page's words and the tabs' titles.

    It is a pure function of its arguments so that everything the page depends on
    is tested without a browser, and the template only renders: ``page_title``,
    ``dataset_name`` and ``home_url`` for the HTML, ``editor`` (JSON for the page's
    script: tabs, prefixes, persistence id, link mapping), ``words`` the page's words in ``lang``.
    """
    tabs = _tabs(queries, prefixes, home, lang)
    home_url = with_slash(public_base)
    return {
        "page_title": word("editor_title", lang),
        "dataset_name": "coopgraph",
        "dataset_tagline": word("editor_tagline", lang),
        "lang": lang,
        "words": {key: word(key if key == "home" else "editor_" + key, lang) for key in PAGE_WORDS},
        "home_url": home_url,
        "endpoint": endpoint,
        "editor": {
            "endpoint": endpoint,
            # Yasgui's localStorage key: one per endpoint, so each coopgraph keeps its own tabs.
            "persistenceId": "coopgraph:" + endpoint,
            "tabs": tabs,
            "newTabQuery": with_prefixes(NEW_TAB_QUERY, prefixes),
            "prefixes": dict(prefixes),
            "datasetBase": with_slash(dataset_base),
            "publicBase": home_url,
            "linkedQuery": linked_query,
            "words": {key: word("editor_" + key, lang) for key in ("new_tab", "linked_tab")},
        },
    }
