"""The reader's language (English or Latvian) and the interface words in both.

The language comes from ``?lang=`` when given (the visible switch sets it),
else from ``Accept-Language``; English is the fallback, as every label has an
English form.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "lv")

WORDS: dict[str, dict[str, str]] = {
    "home": {"en": "Home", "lv": "Sākums"},
    "municipalities": {"en": "Municipalities", "lv": "Pašvaldības"},
    "agreements": {"en": "Agreements", "lv": "Līgumi"},
    "projects": {"en": "Projects", "lv": "Projekti"},
    "programmes": {"en": "Programmes", "lv": "Programmas"},
    "organisations": {"en": "Organisations", "lv": "Organizācijas"},
    "fields": {"en": "Fields of cooperation", "lv": "Sadarbības jomas"},
    "map": {"en": "Map", "lv": "Karte"},
    "timeline": {"en": "Timeline", "lv": "Laika ass"},
    "sparql": {"en": "SPARQL", "lv": "SPARQL"},
    "ontology": {"en": "Ontology", "lv": "Ontoloģija"},
    "dataset": {"en": "Dataset", "lv": "Datu kopa"},
    "language": {"en": "Language", "lv": "Valoda"},
    # the search box and /search
    "search": {"en": "Search", "lv": "Meklēt"},
    "search_go": {"en": "Go", "lv": "Meklēt"},
    "search_results": {"en": "Search results", "lv": "Meklēšanas rezultāti"},
    "search_none": {"en": "Nothing has this name.", "lv": "Nekam nav šāda nosaukuma."},
    "search_hint": {
        "en": "Type a name, or its beginning: case and diacritics do not matter.",
        "lv": "Ierakstiet nosaukumu vai tā sākumu: lielie burti un diakritiskās zīmes nav svarīgas.",
    },
    "search_api": {"en": "The same as JSON", "lv": "Tas pats JSON formātā"},
    # the ontology, shapes and dataset pages
    "contents": {"en": "Contents", "lv": "Saturs"},
    "classes": {"en": "Classes", "lv": "Klases"},
    "object_properties": {"en": "Object properties", "lv": "Objektu īpašības"},
    "datatype_properties": {"en": "Datatype properties", "lv": "Datu tipu īpašības"},
    "annotation_properties": {"en": "Annotation properties", "lv": "Anotāciju īpašības"},
    "other_properties": {"en": "Other properties", "lv": "Citas īpašības"},
    "external": {"en": "External terms referenced", "lv": "Norādītie ārējie termini"},
    "external_note": {
        "en": "Declared in the ontology only so that OWL tools can type the alignments; "
        "nothing else is said about them.",
        "lv": "Ontoloģijā deklarēti tikai tāpēc, lai OWL rīki varētu noteikt saskaņojumu veidu; "
        "nekas cits par tiem nav apgalvots.",
    },
    "disjointness": {"en": "Disjoint classes", "lv": "Nesavienojamas klases"},
    "iri": {"en": "IRI", "lv": "IRI"},
    "version": {"en": "Version", "lv": "Versija"},
    "version_iri": {"en": "Version IRI", "lv": "Versijas IRI"},
    "licence": {"en": "Licence", "lv": "Licence"},
    "created": {"en": "Created", "lv": "Izveidota"},
    "modified": {"en": "Modified", "lv": "Mainīta"},
    "prefix": {"en": "Preferred prefix", "lv": "Ieteicamais prefikss"},
    "formats": {"en": "Download", "lv": "Lejupielāde"},
    "shapes": {"en": "SHACL shapes", "lv": "SHACL formas"},
    "shapes_intro": {
        "en": "The shapes the curated data must conform to before a build is published.",
        "lv": "Formas, kurām kurētajiem datiem jāatbilst, pirms būvējums tiek publicēts.",
    },
    "dataset_link": {"en": "The dataset", "lv": "Datu kopa"},
    # the validation report (/validation, coopgraph validate --format html)
    "validation": {"en": "Validation report", "lv": "Validācijas pārskats"},
    "validation_intro": {
        "en": "The data is checked against the SHACL shapes before every build is published: "
        "violations stop a build, warnings are worth a look.",
        "lv": "Pirms katra būvējuma publicēšanas dati tiek pārbaudīti pret SHACL formām: "
        "pārkāpumi aptur būvējumu, brīdinājumi ir jāapskata.",
    },
    "conforms_yes": {"en": "The data conforms to the shapes.", "lv": "Dati atbilst formām."},
    "conforms_no": {"en": "The data does not conform to the shapes.", "lv": "Dati neatbilst formām."},
    "no_results": {"en": "No violations and no warnings.", "lv": "Nav ne pārkāpumu, ne brīdinājumu."},
    "more_results": {
        "en": "… and {n} more, not shown here. The whole report:",
        "lv": "… un vēl {n}, kas šeit nav parādīti. Viss pārskats:",
    },
    "Violation": {"en": "Violation", "lv": "Pārkāpums"},
    "Warning": {"en": "Warning", "lv": "Brīdinājums"},
    "Info": {"en": "Note", "lv": "Piezīme"},
    "n_violations": {"en": "Violations", "lv": "Pārkāpumi"},
    "n_warnings": {"en": "Warnings", "lv": "Brīdinājumi"},
    "n_infos": {"en": "Notes", "lv": "Piezīmes"},
    "severity": {"en": "Severity", "lv": "Nopietnība"},
    "where": {"en": "Where", "lv": "Kur"},
    "focus": {"en": "Resource", "lv": "Resurss"},
    "path": {"en": "Property", "lv": "Īpašība"},
    "value": {"en": "Value", "lv": "Vērtība"},
    "message": {"en": "What to fix", "lv": "Kas jālabo"},
    "row": {"en": "row", "lv": "rinda"},
    "column": {"en": "column", "lv": "kolonna"},
    "line": {"en": "line", "lv": "rinda"},
    "sources_broken": {"en": "The sources do not build.", "lv": "Avota failus neizdodas sabūvēt."},
    "sources_broken_note": {
        "en": "The last good build is still served. The report says what to fix.",
        "lv": "Joprojām tiek rādīts pēdējais veiksmīgais būvējums. Pārskatā norādīts, kas jālabo.",
    },
    "read_report": {"en": "Read the report", "lv": "Lasīt pārskatu"},
    "failed_build": {"en": "The build that failed", "lv": "Neizdevies būvējums"},
    "failed_at": {"en": "Tried at", "lv": "Mēģināts"},
    "published_build": {"en": "The published build", "lv": "Publicētais būvējums"},
    "no_report": {
        "en": "This build has no validation report kept with it.",
        "lv": "Šim būvējumam nav saglabāta validācijas pārskata.",
    },
    "definition": {"en": "Definition", "lv": "Definīcija"},
    "comment": {"en": "Comment", "lv": "Komentārs"},
    "editorial_note": {"en": "Editorial note", "lv": "Redakcionāla piezīme"},
    "in_other_language": {"en": "In Latvian", "lv": "Angliski"},
    "kind": {"en": "Kind", "lv": "Veids"},
    "subClassOf": {"en": "Subclass of", "lv": "Apakšklase no"},
    "equivalentClass": {"en": "Equivalent class", "lv": "Ekvivalenta klase"},
    "subPropertyOf": {"en": "Subproperty of", "lv": "Apakšīpašība no"},
    "equivalentProperty": {"en": "Equivalent property", "lv": "Ekvivalenta īpašība"},
    "inverseOf": {"en": "Inverse of", "lv": "Inversā īpašība"},
    "domain": {"en": "Domain (rdfs:domain)", "lv": "Definīcijas apgabals (rdfs:domain)"},
    "range": {"en": "Range (rdfs:range)", "lv": "Vērtību apgabals (rdfs:range)"},
    "domainIncludes": {"en": "Used on", "lv": "Lieto ar"},
    "rangeIncludes": {"en": "Values", "lv": "Vērtības"},
    "disjointWith": {"en": "Disjoint with", "lv": "Nesavienojama ar"},
    "exactMatch": {"en": "Exact match", "lv": "Precīza atbilstība"},
    "closeMatch": {"en": "Close match", "lv": "Tuva atbilstība"},
    "characteristics": {"en": "Characteristics", "lv": "Īpašības raksturs"},
    "subclasses": {"en": "Subclasses", "lv": "Apakšklases"},
    "subproperties": {"en": "Subproperties", "lv": "Apakšīpašības"},
    "properties_of": {"en": "Properties used on it", "lv": "Tai lietotās īpašības"},
    "properties_to": {"en": "Properties pointing to it", "lv": "Īpašības, kas uz to norāda"},
    "referenced_by": {"en": "Referenced by", "lv": "Uz to atsaucas"},
    "node_shapes": {"en": "Node shapes", "lv": "Mezglu formas"},
    "shape": {"en": "Shape", "lv": "Forma"},
    "targets": {"en": "Targets", "lv": "Mērķi"},
    "property_shapes": {"en": "Property constraints", "lv": "Īpašību ierobežojumi"},
    "catalogue": {"en": "Catalogue", "lv": "Katalogs"},
    "distributions": {"en": "Downloads", "lv": "Lejupielādes"},
    "file": {"en": "File", "lv": "Fails"},
    "media_type": {"en": "Media type", "lv": "Datu nesēja tips"},
    "size": {"en": "Size (bytes)", "lv": "Izmērs (baiti)"},
    "other_files": {"en": "Other files of the build", "lv": "Citi būvējuma faili"},
    "sparql_endpoint": {"en": "SPARQL endpoint", "lv": "SPARQL piekļuves punkts"},
    "statistics": {"en": "Statistics (VoID)", "lv": "Statistika (VoID)"},
    "triples": {"en": "Triples", "lv": "Trijnieki"},
    "entities": {"en": "Entities", "lv": "Entītijas"},
    "class_count": {"en": "Classes", "lv": "Klases"},
    "property_count": {"en": "Properties", "lv": "Īpašības"},
    "class": {"en": "Class", "lv": "Klase"},
    "property": {"en": "Property", "lv": "Īpašība"},
    "instances": {"en": "Instances", "lv": "Instances"},
    "temporal": {"en": "Time covered", "lv": "Aptvertais laiks"},
    "spatial": {"en": "Places covered", "lv": "Aptvertās vietas"},
    "themes": {"en": "Themes", "lv": "Tēmas"},
    "keywords": {"en": "Keywords", "lv": "Atslēgvārdi"},
    "publisher": {"en": "Publisher", "lv": "Izdevējs"},
    "source_owner": {"en": "Source documents published by", "lv": "Avota dokumentus publicējusi"},
    "derived_from": {"en": "Derived from", "lv": "Iegūts no"},
    "contact": {"en": "Contact", "lv": "Kontakti"},
    "issued": {"en": "Built", "lv": "Būvēts"},
    "conforms_to": {"en": "Conforms to", "lv": "Atbilst"},
    "vocabularies": {"en": "Vocabularies used", "lv": "Izmantotās vārdnīcas"},
    "examples": {"en": "Example resources", "lv": "Resursu piemēri"},
    "linkset": {"en": "Links to Wikidata", "lv": "Saites uz Wikidata"},
    "links": {"en": "links", "lv": "saites"},
    "description_rdf": {"en": "This description as RDF", "lv": "Šis apraksts RDF formā"},
    "uri_space": {"en": "IRIs of the resources start with", "lv": "Resursu IRI sākas ar"},
    "no_dumps": {
        "en": "This server runs from files, without a build: no dumps to download.",
        "lv": "Šis serveris darbojas no failiem bez būvējuma: nav lejupielādējamu kopiju.",
    },
    # the map, the timeline and the charts
    "map_title": {"en": "Partner municipalities of {home}", "lv": "{home} sadarbības pašvaldības"},
    "map_desc": {
        "en": "A map of {n} partner municipalities of {home}, each joined to {home} by a line coloured by the "
        "decade of the first cooperation agreement.",
        "lv": "{n} {home} sadarbības pašvaldību karte; katra savienota ar {home} ar līniju, kuras krāsa rāda "
        "pirmā sadarbības līguma desmitgadi.",
    },
    "not_on_map": {"en": "Not on the map (no coordinates)", "lv": "Nav kartē (nav koordinātu)"},
    "first_agreement": {"en": "First agreement", "lv": "Pirmais līgums"},
    "decade": {"en": "{d}s", "lv": "{d}. gadi"},
    "no_date": {"en": "date not stated", "lv": "datums nav norādīts"},
    "agreement_of": {"en": "agreement", "lv": "līgums"},
    "far_away": {"en": "Further east", "lv": "Tālāk austrumos"},
    "inset_to": {"en": "to {name} (see inset)", "lv": "{name} (skat. ieliktni)"},
    "timeline_title": {"en": "Cooperation agreements of {home} by year", "lv": "{home} sadarbības līgumi pa gadiem"},
    "timeline_desc": {
        "en": "A timeline from {a} to {b} with {n} cooperation agreements, each marked at the year it was "
        "concluded and labelled with the partner municipality.",
        "lv": "Laika ass no {a} līdz {b} ar {n} sadarbības līgumiem; katrs atzīmēts noslēgšanas gadā ar "
        "partnerpašvaldības nosaukumu.",
    },
    "precision_day": {"en": "date known to the day", "lv": "zināms precīzs datums"},
    "precision_month": {"en": "month known, not the day", "lv": "zināms mēnesis, ne diena"},
    "precision_year": {"en": "year known only", "lv": "zināms tikai gads"},
    "fields_title": {
        "en": "Fields of cooperation by number of agreements, narrower fields included",
        "lv": "Sadarbības jomas pēc līgumu skaita, ieskaitot šaurākas jomas",
    },
    "fields_desc": {
        "en": "A bar chart of {n} top fields of cooperation: for each, the number of cooperation agreements that "
        "name the field or a narrower one.",
        "lv": "{n} galveno sadarbības jomu stabiņu diagramma: katrai — sadarbības līgumu skaits, kuros minēta šī "
        "joma vai kāda šaurāka.",
    },
    "period_title": {"en": "Period of {name}", "lv": "{name} norises laiks"},
    "period_desc": {"en": "From {a} to {b}.", "lv": "No {a} līdz {b}."},
    "start_unknown": {"en": "start not stated", "lv": "sākums nav norādīts"},
    "end_unknown": {"en": "end not stated", "lv": "beigas nav norādītas"},
    "open": {"en": "not stated", "lv": "nav norādīts"},
    # what changed between builds: the /changes page and its Atom feed
    "changes_title": {"en": "Changes to the dataset", "lv": "Datu kopas izmaiņas"},
    "changes_intro": {
        "en": "Every kept build of the dataset, newest first, with the statements it added and removed since the "
        "build before it and the resources they are about.",
        "lv": "Katrs saglabātais datu kopas būvējums, jaunākais vispirms, ar apgalvojumiem, ko tas pievienoja un "
        "noņēma kopš iepriekšējā būvējuma, un resursiem, uz kuriem tie attiecas.",
    },
    "changes_feed": {"en": "Atom feed of the changes", "lv": "Izmaiņu Atom plūsma"},
    "changes_build": {"en": "Build", "lv": "Būvējums"},
    "changes_statements": {"en": "Statements", "lv": "Apgalvojumi"},
    "changes_added": {"en": "added", "lv": "pievienoti"},
    "changes_removed": {"en": "removed", "lv": "noņemti"},
    "asserted_statements": {"en": "asserted", "lv": "apgalvoti"},
    "inferred_statements": {"en": "inferred", "lv": "secināti"},
    "ontology_statements": {"en": "of the ontology", "lv": "ontoloģijas"},
    "changes_first": {
        "en": "The first build: everything in it is new.",
        "lv": "Pirmais būvējums: viss tajā ir jauns.",
    },
    "changes_resources": {"en": "Resources changed", "lv": "Mainītie resursi"},
    "changes_more": {"en": "and {n} more", "lv": "un vēl {n}"},
    "changes_none": {"en": "No build has been kept yet.", "lv": "Neviens būvējums vēl nav saglabāts."},
    "changes_entry": {
        "en": "Build {build}: {added} statements added, {removed} removed",
        "lv": "Būvējums {build}: pievienoti {added} apgalvojumi, noņemti {removed}",
    },
    # --- issue 9 (LV): the editor, the charts, the external vocabularies' terms --------------
    # the SPARQL editor's own words (web/editor.py, templates/editor.html)
    "editor_title": {"en": "coopgraph SPARQL query editor", "lv": "coopgraph SPARQL vaicājumu redaktors"},
    "editor_name": {"en": "SPARQL query editor", "lv": "SPARQL vaicājumu redaktors"},
    "editor_tagline": {
        "en": "a city's international cooperation as linked open data",
        "lv": "pilsētas starptautiskā sadarbība saistīto atvērto datu veidā",
    },
    "editor_home_title": {"en": "Home page of the dataset", "lv": "Datu kopas sākumlapa"},
    "editor_endpoint": {"en": "Endpoint", "lv": "Piekļuves punkts"},
    "editor_noscript": {
        "en": "The query editor needs JavaScript. Without it, send SPARQL queries to",
        "lv": "Vaicājumu redaktoram vajadzīgs JavaScript. Bez tā sūtiet SPARQL vaicājumus uz",
    },
    "editor_with_get": {"en": "with GET", "lv": "ar GET"},
    "editor_or_post": {"en": "or POST", "lv": "vai POST"},
    "editor_default_tab": {"en": "Agreements by country", "lv": "Līgumi pa valstīm"},
    "editor_default_description": {
        "en": "A first query to run: cooperation agreements counted by country.",
        "lv": "Pirmais vaicājums: sadarbības līgumi, saskaitīti pa valstīm.",
    },
    "editor_new_tab": {"en": "Query", "lv": "Vaicājums"},
    "editor_linked_tab": {"en": "Linked query", "lv": "Saites vaicājums"},
    # the fields chart and the table beside it say the same count
    "fields_axis": {"en": "agreements, narrower fields included", "lv": "līgumi, ieskaitot šaurākas jomas"},
    "agreements_n": {"en": "{n} agreements", "lv": "{n} līgumi"},
    "agreement_1": {"en": "1 agreement", "lv": "1 līgums"},
    "not_found_page": {"en": "There is no page at", "lv": "Šeit nav lapas:"},
    # the partners of the home municipality: the home page's count links to them
    "partners_of": {"en": "Partner municipalities", "lv": "Partnerpašvaldības"},
    "main_menu": {"en": "Main menu", "lv": "Galvenā izvēlne"},
    # what an unlabelled IRI of these registers is called, before its local name (names.external_name)
    "wikidata_item": {"en": "Wikidata", "lv": "Wikidata"},
    "eu_country_authority": {"en": "EU country authority", "lv": "ES valstu saraksts"},
    # external vocabularies' classes and properties, by prefixed name: what a page calls them
    # when the vocabulary has no Latvian label (coop: terms have theirs in the ontology)
    "schema:AdministrativeArea": {"en": "Administrative Area", "lv": "Administratīva teritorija"},
    "schema:Claim": {"en": "Claim", "lv": "Apgalvojums"},
    "schema:Country": {"en": "Country", "lv": "Valsts"},
    "schema:CreativeWork": {"en": "Creative Work", "lv": "Darbs"},
    "schema:DefinedTerm": {"en": "Defined Term", "lv": "Definēts termins"},
    "schema:EducationEvent": {"en": "Education Event", "lv": "Izglītības pasākums"},
    "schema:Event": {"en": "Event", "lv": "Pasākums"},
    "schema:FundingScheme": {"en": "Funding Scheme", "lv": "Finansēšanas shēma"},
    "schema:MonetaryAmount": {"en": "Monetary Amount", "lv": "Naudas summa"},
    "schema:Organization": {"en": "Organization", "lv": "Organizācija"},
    "schema:Person": {"en": "Person", "lv": "Persona"},
    "schema:Project": {"en": "Project", "lv": "Projekts"},
    "foaf:Document": {"en": "Document", "lv": "Dokuments"},
    "foaf:Organization": {"en": "Organization", "lv": "Organizācija"},
    "foaf:Project": {"en": "Project", "lv": "Projekts"},
    "org:Organization": {"en": "Organization", "lv": "Organizācija"},
    "org:OrganizationalCollaboration": {"en": "Organizational Collaboration", "lv": "Organizāciju sadarbība"},
    "prov:Entity": {"en": "Entity", "lv": "Entītija"},
    "prov:Organization": {"en": "Organization", "lv": "Organizācija"},
    "frapo:FundingProgramme": {"en": "Funding Programme", "lv": "Finansēšanas programma"},
    "skos:Concept": {"en": "Concept", "lv": "Koncepts"},
    "skos:ConceptScheme": {"en": "Concept Scheme", "lv": "Konceptu shēma"},
    "void:Linkset": {"en": "Linkset", "lv": "Saišu kopa"},
    "owl:Class": {"en": "Class", "lv": "Klase"},
    "owl:Ontology": {"en": "Ontology", "lv": "Ontoloģija"},
    "owl:ObjectProperty": {"en": "Object Property", "lv": "Objekta īpašība"},
    "owl:DatatypeProperty": {"en": "Datatype Property", "lv": "Datu tipa īpašība"},
    "owl:AnnotationProperty": {"en": "Annotation Property", "lv": "Anotācijas īpašība"},
    "owl:SymmetricProperty": {"en": "Symmetric Property", "lv": "Simetriska īpašība"},
    "owl:TransitiveProperty": {"en": "Transitive Property", "lv": "Tranzitīva īpašība"},
    "frapo:hasCountryCode": {"en": "has country code", "lv": "valsts kods"},
    "frapo:hasReferenceNumber": {"en": "has reference number", "lv": "atsauces numurs"},
    "frapo:isFundedBy": {"en": "is funded by", "lv": "finansē"},
    "s66:hasAssociatedFundingScheme": {"en": "has associated funding scheme", "lv": "saistītā finansēšanas shēma"},
    "s66:hasTotalCost": {"en": "has total cost", "lv": "kopējās izmaksas"},
    "s66:isImplementedBy": {"en": "is implemented by", "lv": "īsteno"},
    "s66:isSubSchemeOf": {"en": "is sub-scheme of", "lv": "apakšshēma no"},
    "dcterms:created": {"en": "created", "lv": "izveidots"},
    "dcterms:creator": {"en": "creator", "lv": "autors"},
    "dcterms:license": {"en": "licence", "lv": "licence"},
    "owl:versionIRI": {"en": "version IRI", "lv": "versijas IRI"},
    "owl:versionInfo": {"en": "version", "lv": "versija"},
    "owl:disjointWith": {"en": "disjoint with", "lv": "nesavienojama ar"},
    "rdfs:domain": {"en": "domain", "lv": "definīcijas apgabals"},
    "rdfs:range": {"en": "range", "lv": "vērtību apgabals"},
    "rdfs:isDefinedBy": {"en": "defined by", "lv": "definēts"},
    "rdfs:seeAlso": {"en": "see also", "lv": "skatīt arī"},
    "rdfs:subClassOf": {"en": "subclass of", "lv": "apakšklase no"},
    "rdfs:subPropertyOf": {"en": "subproperty of", "lv": "apakšīpašība no"},
    "schema:domainIncludes": {"en": "used on", "lv": "lieto ar"},
    "schema:rangeIncludes": {"en": "values", "lv": "vērtības"},
    "skos:editorialNote": {"en": "editorial note", "lv": "redakcionāla piezīme"},
    # --- end of issue 9 (LV) ---------------------------------------------------------------
    # the web API's page (/api/)
    "api_title": {"en": "The API: canned queries as JSON and CSV", "lv": "API: gatavie vaicājumi JSON un CSV formātā"},
    "api_intro": {
        "en": "Every canned query is an operation GET /api/queries/{name}: JSON rows by default, CSV with a .csv "
        "suffix or Accept: text/csv, SPARQL results by their media types. The OpenAPI 3.1 document describes them all.",
        "lv": "Katrs gatavais vaicājums ir darbība GET /api/queries/{name}: pēc noklusējuma JSON rindas, CSV ar "
        "galotni .csv vai Accept: text/csv, SPARQL rezultāti pēc to mediju tipiem. "
        "OpenAPI 3.1 dokuments apraksta tās visas.",
    },
    "api_document": {"en": "OpenAPI document", "lv": "OpenAPI dokuments"},
    "api_operations": {"en": "Operations", "lv": "Darbības"},
    "api_parameters": {"en": "Parameters", "lv": "Parametri"},
    "api_no_parameters": {"en": "No parameters.", "lv": "Bez parametriem."},
    "api_required": {"en": "required", "lv": "obligāts"},
    "api_any": {"en": "(any)", "lv": "(jebkurš)"},
    "api_format": {"en": "Format", "lv": "Formāts"},
    "api_run": {"en": "Run", "lv": "Izpildīt"},
    "api_in_editor": {"en": "Open in the SPARQL editor", "lv": "Atvērt SPARQL redaktorā"},
    "api_kind_iri": {"en": "an IRI", "lv": "IRI"},
    "api_kind_iri_of": {"en": "an IRI of {cls}", "lv": "klases {cls} IRI"},
    "api_kind_string": {"en": "a text", "lv": "teksts"},
    "api_kind_language": {"en": "a language tag (lv, en-GB)", "lv": "valodas kods (lv, en-GB)"},
    "api_kind_integer": {"en": "an integer", "lv": "vesels skaitlis"},
    "api_kind_date": {"en": "a date: 2012, 2012-09 or 2012-09-17", "lv": "datums: 2012, 2012-09 vai 2012-09-17"},
    "api_kind_other": {"en": "an xsd:{kind} value", "lv": "xsd:{kind} vērtība"},
}


def word(key: str, lang: str) -> str:
    """An interface word in ``lang``."""
    entry = WORDS[key]
    return entry.get(lang) or entry["en"]


def term_word(prefixed: str, lang: str) -> str | None:
    """What the words table calls an external vocabulary's term (``schema:Country``) in ``lang``, if it knows it."""
    entry = WORDS.get(prefixed) if ":" in prefixed else None
    return None if entry is None else entry.get(lang) or entry["en"]


def pick(values: Mapping[str, str], lang: str) -> str | None:
    """The value for ``lang`` from a language → text mapping, falling back to English, then any."""
    return values.get(lang) or values.get("en") or next(iter(values.values()), None)
