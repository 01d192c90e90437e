"""The words table: every interface word in English and Latvian, and the other vocabularies' terms."""

from __future__ import annotations

from coopgraph.i18n import WORDS, term_word, word


def test_every_word_has_an_english_and_a_latvian_form() -> None:
    missing = [key for key, forms in WORDS.items() if not forms.get("en") or not forms.get("lv")]
    assert not missing


def test_an_external_term_is_found_by_its_prefixed_name_and_an_interface_word_is_not_a_term() -> None:
    assert term_word("schema:AdministrativeArea", "lv") == "Administratīva teritorija"
    assert term_word("schema:AdministrativeArea", "de") == "Administrative Area"
    assert term_word("schema:Nothing", "lv") is None
    assert term_word("home", "lv") is None and word("home", "lv") == "Sākums"
