"""A project's period: both dates, an open start, no dates at all."""

from __future__ import annotations

import pyoxigraph as ox

from coopgraph.web.pictures.periods import project_period_svg
from tests.web.pictures.svg_reading import (
    PROJECT,
    all_text,
    find_all,
    hygiene,
    parse,
)


def test_a_project_period_with_both_dates(store: ox.Store) -> None:
    markup = project_period_svg(store, PROJECT + "our-cities-pairing-on-environment-issues", "en")
    assert markup is not None
    root = parse(str(markup))
    hygiene(root)
    period = find_all(root, "g", "period")[0]
    assert (period.get("data-start"), period.get("data-end")) == ("2019-01-15", "2020-01-15")
    assert period.get("data-open") is None
    bar = find_all(period, "rect", "period-bar")[0]
    width = float(root.get("viewBox").split()[2])
    assert 0 < float(bar.get("x")) < float(bar.get("x")) + float(bar.get("width")) < width
    assert "15 January 2019" in all_text(root) and "15 January 2020" in all_text(root)


def test_a_project_with_only_an_end_has_an_open_start(store: ox.Store) -> None:
    root = parse(str(project_period_svg(store, PROJECT + "cities-of-change", "en")))
    period = find_all(root, "g", "period")[0]
    assert period.get("data-open") == "start" and period.get("data-end") == "2015-05-31"
    assert period.get("data-start") is None
    assert "start not stated" in all_text(root)
    latvian = parse(str(project_period_svg(store, PROJECT + "cities-of-change", "lv")))
    assert "sākums nav norādīts" in all_text(latvian)


def test_a_project_without_dates_has_no_period(store: ox.Store) -> None:
    assert project_period_svg(store, PROJECT + "green-energy-for-smart-cities", "en") is None
    assert project_period_svg(store, PROJECT + "no-such-project", "en") is None
    assert project_period_svg(store, "not an iri> } DROP ALL {", "en") is None
