"""French ordering of names: accents, case and punctuation only break ties; a lowercase
particle is filed under the name it introduces."""

from portail_admin.core.collation import filing_name, name_key


def _sorted(names):
    return [f"{last} {first}" for last, first in sorted(names, key=lambda n: name_key(*n))]


def test_accents_and_case_do_not_send_a_name_to_the_end():
    names = [("Zoé", "A"), ("Émery", "C"), ("Ezra", "D"), ("éric", "B"), ("Eric", "B")]
    assert _sorted(names) == ["Émery C", "Eric B", "éric B", "Ezra D", "Zoé A"]


def test_hyphens_spaces_apostrophes_and_ligatures_are_ignored_at_first():
    names = [("Legall", "B"), ("Le Gall", "A"), ("Lefèvre", "x"), ("Oeuf", "b"), ("Œuvrard", "a")]
    assert _sorted(names) == ["Lefèvre x", "Le Gall A", "Legall B", "Oeuf b", "Œuvrard a"]


def test_lowercase_particles_are_filed_under_the_name():
    assert filing_name("de Gaulle") == "Gaulle"
    assert filing_name("d'Artagnan") == "Artagnan"
    assert filing_name("d’Estaing") == "Estaing"
    assert filing_name("de la Tour") == "Tour"
    assert filing_name("Du Bellay") == "Du Bellay"  # a capitalised particle is part of the name
    assert filing_name("de") == "de"
    names = [("de Gaulle", "Charles"), ("Gautier", "A"), ("Du Bellay", "J"), ("Artaud", "B"),
             ("d'Artagnan", "C")]
    assert _sorted(names) == ["d'Artagnan C", "Artaud B", "Du Bellay J", "de Gaulle Charles",
                              "Gautier A"]


def test_first_name_breaks_a_tie_on_the_last_name():
    names = [("Dupont", "Élodie"), ("Dupont", "Anna"), ("DUPONT", "Bruno")]
    assert _sorted(names) == ["Dupont Anna", "DUPONT Bruno", "Dupont Élodie"]
