"""A synthetic cooperation graph of any size, shaped like the curated data.

Many municipalities, each with twinning agreements (partners drawn from the
others, so ``coop:partnerOf`` has a real network to close), projects with
partners in every role, budgets, events and organisations, all with English and
Latvian labels and provenance, so that the same shapes, rules and queries run on
it as on the Daugavpils data. Deterministic for a given size and seed.

    python bench/synth.py 1000000 bench/out/synthetic-1m.ttl
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

TRIPLES_PER_MUNICIPALITY = 325  # measured: keeps the requested size within a few percent

PREFIXES = """\
@prefix coop: <https://w3id.org/coopgraph/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix m: <https://w3id.org/coopgraph/id/municipality/> .
@prefix c: <https://w3id.org/coopgraph/id/country/> .
@prefix a: <https://w3id.org/coopgraph/id/agreement/> .
@prefix f: <https://w3id.org/coopgraph/id/field/> .
@prefix p: <https://w3id.org/coopgraph/id/project/> .
@prefix g: <https://w3id.org/coopgraph/id/programme/> .
@prefix o: <https://w3id.org/coopgraph/id/organisation/> .
@prefix e: <https://w3id.org/coopgraph/id/event/> .
@prefix amt: <https://w3id.org/coopgraph/id/amount/> .
@prefix s: <https://w3id.org/coopgraph/id/source/> .
"""

COUNTRIES = 60
FIELDS = 40
PROGRAMMES = 80
AGREEMENTS_PER_MUNICIPALITY = 12
PROJECTS_PER_MUNICIPALITY = 4
EVENTS_PER_PROJECT = 2
ORGANISATIONS_PER_MUNICIPALITY = 6


def _labels(en: str, lv: str) -> str:
    return f'rdfs:label "{en}"@en, "{lv}"@lv'


def _date(rng: random.Random) -> str:
    """A date at one of the precisions sources give: day, month or year."""
    year = rng.randint(1960, 2025)
    kind = rng.random()
    if kind < 0.8:
        return f'"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"^^xsd:date'
    if kind < 0.95:
        return f'"{year}-{rng.randint(1, 12):02d}"^^xsd:gYearMonth'
    return f'"{year}"^^xsd:gYear'


def generate(target_triples: int, out, seed: int = 7) -> int:
    """Write about ``target_triples`` triples of Turtle to ``out``; return the number of municipalities."""
    rng = random.Random(seed)
    municipalities = max(4, target_triples // TRIPLES_PER_MUNICIPALITY)
    w = out.write
    w(PREFIXES)
    w(
        "s:synthetic a coop:SourceDocument ; "
        + _labels("Synthetic source", "Sintētisks avots")
        + ' ; dcterms:identifier "synthetic.txt" .\n'
    )
    prov = "prov:wasDerivedFrom s:synthetic"
    for i in range(COUNTRIES):
        w(f"c:country-{i} a coop:Country ; {_labels(f'Country {i}', f'Valsts {i}')} ; {prov} .\n")
    w(
        "<https://w3id.org/coopgraph/id/scheme/fields-of-cooperation> a skos:ConceptScheme ; "
        + _labels("Fields of cooperation", "Sadarbības jomas")
        + f" ; {prov} .\n"
    )
    for i in range(FIELDS):
        broader = f" ; skos:broader f:field-{i % 8}" if i >= 8 else ""
        w(
            f"f:field-{i} a coop:FieldOfCooperation ; {_labels(f'field {i}', f'joma {i}')} ; "
            f'skos:prefLabel "field {i}"@en, "joma {i}"@lv ; '
            f"skos:inScheme <https://w3id.org/coopgraph/id/scheme/fields-of-cooperation>{broader} ; {prov} .\n"
        )
    for i in range(PROGRAMMES):
        parent = f" ; coop:partOfProgramme g:programme-{i // 4}" if i >= 4 else ""
        w(
            f"g:programme-{i} a coop:FundingProgramme ; {_labels(f'Programme {i}', f'Programma {i}')}"
            f"{parent} ; {prov} .\n"
        )

    for i in range(municipalities):
        country = f"c:country-{i % COUNTRIES}"
        w(
            f"m:city-{i} a coop:Municipality ; {_labels(f'City {i}', f'Pilsēta {i}')} ; "
            f"coop:country {country} ; {prov} .\n"
        )
        for k in range(ORGANISATIONS_PER_MUNICIPALITY):
            w(
                f"o:org-{i}-{k} a coop:Organisation ; {_labels(f'Organisation {i}-{k}', f'Organizācija {i}-{k}')} ; "
                f"coop:country {country} ; coop:locatedIn m:city-{i} ; {prov} .\n"
            )
        for k in range(AGREEMENTS_PER_MUNICIPALITY):
            partner = rng.randrange(municipalities)
            if partner == i:
                partner = (i + 1) % municipalities
            fields = ", ".join(f"f:field-{rng.randrange(FIELDS)}" for _ in range(3))
            w(
                f"a:agreement-{i}-{k} a coop:CooperationAgreement ; "
                f"{_labels(f'Agreement {i}-{k}', f'Līgums {i}-{k}')} ; coop:party m:city-{i}, m:city-{partner} ; "
                f"coop:concluded {_date(rng)} ; coop:field {fields} ; "
                f'coop:fieldAsStated "education, culture and sport"@en, "trade and economics"@en ; {prov} .\n'
            )
        for k in range(PROJECTS_PER_MUNICIPALITY):
            project = f"p:project-{i}-{k}"
            others = [
                f"o:org-{rng.randrange(municipalities)}-{rng.randrange(ORGANISATIONS_PER_MUNICIPALITY)}"
                for _ in range(3)
            ]
            w(
                f"{project} a coop:Project ; {_labels(f'Project {i}-{k}', f'Projekts {i}-{k}')} ; "
                f'dcterms:identifier "SYN-{i}-{k}" ; coop:fundedBy g:programme-{rng.randrange(PROGRAMMES)} ; '
                f"coop:leadPartner o:org-{i}-{k % ORGANISATIONS_PER_MUNICIPALITY} ; "
                f"coop:partner {others[0]}, {others[1]} ; "
                f"coop:associatedPartner {others[2]} ; coop:field f:field-{rng.randrange(FIELDS)} ; "
                f"coop:budget amt:project-{i}-{k}-total ; "
                f'schema:startDate "{2000 + k}-01-15"^^xsd:date ; '
                f'schema:endDate "{2001 + k}-06"^^xsd:gYearMonth ; {prov} .\n'
            )
            w(
                f"amt:project-{i}-{k}-total a schema:MonetaryAmount ; {_labels('Total cost', 'Kopējās izmaksas')} ; "
                f'schema:value "{rng.randint(10, 900) * 1000}"^^xsd:decimal ; schema:currency "EUR" ; {prov} .\n'
            )
            for n in range(EVENTS_PER_PROJECT):
                w(
                    f"e:event-{i}-{k}-{n} a coop:Meeting ; "
                    f"{_labels(f'Meeting {i}-{k}-{n}', f'Tikšanās {i}-{k}-{n}')} ; "
                    f"coop:project {project} ; schema:location m:city-{i} ; "
                    f'schema:startDate "--{rng.randint(1, 12):02d}"^^xsd:gMonth ; {prov} .\n'
                )
    return municipalities


def main() -> None:
    target, path = int(sys.argv[1]), Path(sys.argv[2])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        generate(target, out)
    print(path)


if __name__ == "__main__":
    main()
