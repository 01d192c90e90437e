"""The words of the linked-data pages, in English and Latvian.

What names the project (its city, its country, its title) is not written here:
it comes from the project's ``coopgraph.toml`` and fills the ``{city}`` and
``{country}`` places of the sentences that need it.
"""

from __future__ import annotations

TEXTS: dict[str, tuple[str, str]] = {
    "intro": (
        (
            "coopgraph publishes the international cooperation of the city of {city}, {country}, as linked open "
            "data: its twin cities and partner municipalities, the cooperation agreements it concluded and their "
            "fields, the projects it took part in, the programmes that funded them, the organisations, events and "
            "people involved. Every fact names the source document it comes from."
        ),
        (
            "coopgraph publicē {city} pilsētas ({country}) starptautisko sadarbību kā saistītos atvērtos datus: "
            "tās sadraudzības pilsētas un partnerpašvaldības, noslēgtos sadarbības līgumus un to jomas, projektus, "
            "kuros tā piedalījās, programmas, kas tos finansēja, iesaistītās organizācijas, pasākumus un cilvēkus. "
            "Katrs fakts norāda avota dokumentu, no kura tas ņemts."
        ),
    ),
    "explore": ("Explore", "Pārlūkot"),
    "pictures": ("Map and timeline", "Karte un laika ass"),
    "query": ("Query the data", "Datu vaicājumi"),
    "query_intro": (
        "Open the SPARQL editor, or start from a ready-made question (each opens as a tab):",
        "Atveriet SPARQL redaktoru vai sāciet ar gatavu jautājumu (katrs atveras cilnē):",
    ),
    "describe": ("The data and its vocabulary", "Dati un to vārdnīca"),
    "dumps": ("Download", "Lejupielāde"),
    "sources": ("Source documents", "Avota dokumenti"),
    "linksets": ("Links to other datasets", "Saites uz citām datu kopām"),
    "partners": ("partner municipalities", "partnerpašvaldības"),
    "n_agreements": ("cooperation agreements", "sadarbības līgumi"),
    "n_projects": ("projects", "projekti"),
    "n_programmes": ("funding programmes", "finansēšanas programmas"),
    "n_organisations": ("organisations", "organizācijas"),
    "n_events": ("events", "pasākumi"),
    "n_fields": ("fields of cooperation", "sadarbības jomas"),
    "n_countries": ("countries", "valstis"),
    "n_sources": ("source documents", "avota dokumenti"),
    "referenced_by": ("Referenced by", "Uz šo atsaucas"),
    "shown_of": ("{shown} of {count} shown.", "Parādīti {shown} no {count}."),
    "list_all": ("List them all at the SPARQL endpoint", "Atlasīt visus SPARQL galapunktā"),
    "also_as": ("also in other vocabularies", "arī citās vārdnīcās"),
    "from_other_side": ("the same links pointing here:", "tās pašas saites uz šo resursu:"),
    "cited_sources": ("Sources", "Avoti"),
    "cited_intro": ("The facts on this page come from:", "Šīs lapas fakti ņemti no:"),
    "inferred_legend": (
        "derived by the ontology's rules, not written in the curated data",
        "izsecināts ar ontoloģijas likumiem, nav ierakstīts kurētajos datos",
    ),
    "inferred": ("inferred", "secināts"),
    "other_languages": ("other languages", "citās valodās"),
    "formats": ("This resource as data", "Šis resurss kā dati"),
    "not_found": ("Not found", "Nav atrasts"),
    "not_found_text": ("The dataset says nothing about", "Datu kopā nav nekā par"),
    "page": ("Page", "Lapa"),
    "previous": ("previous", "iepriekšējā"),
    "next": ("next", "nākamā"),
    "of": ("of", "no"),
    "shown": ("shown", "parādīti"),
    "name": ("Name", "Nosaukums"),
    "country": ("Country", "Valsts"),
    "first_agreement": ("First agreement", "Pirmais līgums"),
    "agreements_col": ("Agreements", "Līgumi"),
    "partner": ("Partner", "Partneris"),
    "date": ("Date", "Datums"),
    "fields_col": ("Fields", "Jomas"),
    "identifier": ("Identifier", "Identifikators"),
    "programme": ("Programme", "Programma"),
    "budget": ("Budget", "Budžets"),
    "period": ("Period", "Periods"),
    "parent": ("Part of", "Ietilpst"),
    "operator": ("Operator", "Administrētājs"),
    "funder": ("Funder", "Finansētājs"),
    "located_in": ("Located in", "Atrodas"),
    "broader": ("Broader field", "Plašāka joma"),
    "period_figure": ("Project period", "Projekta periods"),
    "chart": (
        (
            "Agreements per top field, narrower fields included (an agreement naming pupil exchange counts for "
            "education too), as in the table's agreements column"
        ),
        (
            "Līgumi katrā galvenajā jomā, ieskaitot šaurākas jomas (līgums, kas min skolēnu apmaiņu, skaitās arī "
            "izglītībā), kā tabulas līgumu kolonnā"
        ),
    ),
    "agreements_narrower": ("Agreements (narrower fields included)", "Līgumi (ieskaitot šaurākas jomas)"),
    "iri": ("IRI", "IRI"),
    "sort_by": ("sort by", "kārtot pēc"),
}


def text(key: str, lang: str) -> str:
    """A page word or sentence in ``lang``."""
    en, lv = TEXTS[key]
    return lv if lang == "lv" else en
