"""schema.org JSON-LD for a resource page, for search engines: the page's facts in schema.org terms."""

from __future__ import annotations

from typing import Any

from coopgraph.web.pages.describe import Description, Value
from coopgraph.web.pages.names import COOP, DCTERMS, GEO, OWL, RDFS, SCHEMA, SKOS


def schema_org(description: Description, url: str, lang: str) -> dict[str, Any]:
    """A schema.org JSON-LD object for the page: its types, name, description, url, sameAs, geo, dates."""
    types = sorted({v.iri[len(SCHEMA) :] for v in description.types if v.iri and v.iri.startswith(SCHEMA)})
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@id": description.iri,
        "@type": types[0] if len(types) == 1 else (types or "Thing"),
        "name": description.name,
        "url": url,
    }

    def texts(predicate: str) -> list[Value]:
        return description.values_of(predicate)

    def first_text(*predicates: str) -> str | None:
        for predicate in predicates:
            values = texts(predicate)
            chosen = [v for v in values if v.lang == lang] or [v for v in values if v.lang == "en"] or values
            if chosen:
                return chosen[0].text
        return None

    text = first_text(SCHEMA + "description", SKOS + "definition", RDFS + "comment")
    if text:
        data["description"] = text
    alternate = sorted({v.text for v in texts(SCHEMA + "alternateName") + texts(SKOS + "altLabel")})
    if alternate:
        data["alternateName"] = alternate
    same = sorted({v.iri for p in (SKOS + "exactMatch", OWL + "sameAs") for v in texts(p) if v.iri})
    if same:
        data["sameAs"] = same
    lat, long = texts(GEO + "lat"), texts(GEO + "long")
    if lat and long:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": _number(lat[0].text), "longitude": _number(long[0].text)}
    for key, predicate in (
        ("startDate", SCHEMA + "startDate"),
        ("endDate", SCHEMA + "endDate"),
        ("dateCreated", COOP + "concluded"),
        ("identifier", DCTERMS + "identifier"),
    ):
        found = texts(predicate)
        if found:
            data[key] = found[0].text
    return data


def _number(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text
