"""What the pictures read from the graph: labels, dates at their precision, the home municipality's partners.

Every query runs on the published store over the union of its graphs, so the
pictures see inferred facts (``coop:partnerOf``) as well as asserted ones. IRIs
are checked before they are written into a query (:func:`iri_ref`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pyoxigraph as ox

from coopgraph.engine.sparql import Term, select
from coopgraph.web.values import date_text

SAFE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")


def query(store: ox.Store, text: str) -> list[dict[str, Term]]:
    """The rows of a SELECT, each a dict of the variables it binds."""
    rows = select(store, text)
    variables = [v.value for v in rows.variables]
    return [
        {name: value for name in variables if isinstance(value := row[name], ox.NamedNode | ox.BlankNode | ox.Literal)}
        for row in rows
    ]


def iri_ref(iri: str) -> str:
    if not SAFE_IRI.match(iri):
        raise ValueError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def labels(store: ox.Store, iris: Iterable[str], lang: str) -> dict[str, str]:
    """The label of each IRI in ``lang`` (else English, else any), from skos:prefLabel or rdfs:label."""
    iris = sorted(set(iris))
    if not iris:
        return {}
    values = " ".join(iri_ref(i) for i in iris)
    found: dict[str, dict[str, str]] = {}
    for row in query(
        store,
        f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} {{ ?s skos:prefLabel ?l }} UNION {{ ?s rdfs:label ?l }} }}",
    ):
        literal = row["l"]
        if isinstance(literal, ox.Literal):
            found.setdefault(row["s"].value, {}).setdefault(literal.language or "", literal.value)
    out = {}
    for iri in iris:
        forms = found.get(iri, {})
        out[iri] = (
            forms.get(lang)
            or forms.get("en")
            or forms.get("")
            or next(iter(forms.values()), None)
            or iri.rstrip("/").rsplit("/", 1)[-1]
        )
    return out


@dataclass(frozen=True, order=True)
class When:
    """A date at the precision the data gives: ``day``, ``month`` or ``year``."""

    year: int
    month: int = 1
    day: int = 1
    precision: str = "day"

    @classmethod
    def parse(cls, literal: Term | None) -> When | None:
        if not isinstance(literal, ox.Literal):
            return None
        match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", literal.value)
        if not match:
            return None
        year, month, day = match.groups()
        kind = literal.datatype.value.rsplit("#", 1)[-1]
        if day and kind in ("date", "dateTime", "dateTimeStamp"):
            return cls(int(year), int(month), int(day), "day")
        if month and kind == "gYearMonth":
            return cls(int(year), int(month), 1, "month")
        if kind == "gYear" or not month:
            return cls(int(year), 1, 1, "year")
        return cls(int(year), int(month), 1, "month")

    @property
    def first(self) -> date:
        """The first day this covers."""
        return date(self.year, self.month, self.day)

    @property
    def last(self) -> date:
        """The last day this covers."""
        if self.precision == "day":
            return date(self.year, self.month, self.day)
        if self.precision == "month":
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    @property
    def iso(self) -> str:
        if self.precision == "day":
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.precision == "month":
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def show(self, lang: str) -> str:
        """The date as the pages write it (web/values.py), at its precision."""
        month = None if self.precision == "year" else self.month
        return date_text(self.year, month, self.day if self.precision == "day" else None, lang)


@dataclass
class Agreement:
    iri: str
    partner: str
    when: When | None
    label: str = ""


@dataclass
class Partner:
    iri: str
    label: str
    country: str
    country_en: str
    lat: float | None
    long: float | None
    agreements: list[Agreement] = field(default_factory=list)

    @property
    def first(self) -> When | None:
        dates = [a.when for a in self.agreements if a.when is not None]
        return min(dates, key=lambda w: (w.first, w.last)) if dates else None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.long is not None


def agreements_of(store: ox.Store, home: str) -> list[Agreement]:
    """Every cooperation agreement ``home`` is a party of, with the other party and the date concluded."""
    rows = query(
        store,
        f"""
        SELECT DISTINCT ?a ?p ?d WHERE {{
          ?a a coop:CooperationAgreement ; coop:party {iri_ref(home)} , ?p .
          FILTER(?p != {iri_ref(home)})
          OPTIONAL {{ ?a coop:concluded ?d }}
        }}""",
    )
    return [Agreement(r["a"].value, r["p"].value, When.parse(r.get("d"))) for r in rows]


def partners_of(store: ox.Store, home: str, lang: str) -> list[Partner]:
    """The partners of ``home`` (``coop:partnerOf``), their place, country and agreements, sorted by label."""
    rows = query(
        store,
        f"""
        SELECT ?p (SAMPLE(?la) AS ?lat) (SAMPLE(?lo) AS ?long) (SAMPLE(?c) AS ?country) WHERE {{
          ?p coop:partnerOf {iri_ref(home)} .
          OPTIONAL {{ ?p geo:lat ?la ; geo:long ?lo }}
          OPTIONAL {{ ?p coop:country ?c }}
        }} GROUP BY ?p""",
    )
    countries = {r["country"].value for r in rows if "country" in r}
    names = labels(store, [r["p"].value for r in rows] + list(countries), lang)
    english = labels(store, countries, "en")
    partners: dict[str, Partner] = {}
    for r in rows:
        iri = r["p"].value
        country = r["country"].value if "country" in r else None
        partners[iri] = Partner(
            iri,
            names[iri],
            names[country] if country else "",
            english[country] if country else "",
            float(r["lat"].value) if "lat" in r else None,
            float(r["long"].value) if "long" in r else None,
        )
    for agreement in agreements_of(store, home):
        if agreement.partner in partners:
            partners[agreement.partner].agreements.append(agreement)
    for partner in partners.values():
        partner.agreements.sort(key=lambda a: (a.when is None, a.when.first if a.when else date.min, a.iri))
    return sorted(partners.values(), key=lambda p: (p.label.casefold(), p.iri))


def located_home(store: ox.Store, home: str) -> tuple[float, float] | None:
    rows = query(store, f"SELECT ?la ?lo WHERE {{ {iri_ref(home)} geo:lat ?la ; geo:long ?lo }} LIMIT 1")
    return (float(rows[0]["la"].value), float(rows[0]["lo"].value)) if rows else None
