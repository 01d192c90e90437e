"""coopgraph.sources.sheet_known: what the Turtle already describes, so that a row reuses it."""

from __future__ import annotations

from coopgraph.namespaces import ID
from coopgraph.sources.project import Sources
from coopgraph.sources.sheet_known import known_from, label_key


def test_the_curated_countries_fields_and_resources_are_found(sources: Sources) -> None:
    known = known_from(sources.data_files())
    assert known.countries["POL"] == str(ID["country/poland"])
    assert known.countries["RUS"] == str(ID["country/russia"])  # not pycountry's "Russian Federation"
    assert known.fields[label_key("Health  Care")] == str(ID["field/health-care"])
    assert known.fields[label_key("pupil exchange program")] == str(ID["field/pupil-exchange"])  # an altLabel
    assert str(ID["municipality/daugavpils"]) in known.typed


def test_only_labels_of_fields_count_as_fields(sources: Sources) -> None:
    known = known_from(sources.data_files())
    assert label_key("Harkova") not in known.fields  # an altLabel of a municipality
