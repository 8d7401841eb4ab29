"""Swedish alphabetical order in every list a person reads, the same on SQLite and PostgreSQL (issue 18)."""

from __future__ import annotations

from consultation.collation import sort_key, swedish_sorted
from consultation.people import Role
from consultation.remiss import Invitation

from .factories import OrganisationFactory, ProcessFactory, add_draft, add_round

SWEDISH_ORDER = ["aa", "Ab", "Zeta", "Åhamn", "Älvstrand", "Örebro"]


def test_a_aa_z_then_a_ring_a_umlaut_o_umlaut():
    assert swedish_sorted(["Örebro", "Älvstrand", "Zeta", "Åhamn", "aa", "Ab"]) == SWEDISH_ORDER


def test_case_and_accents_come_second_as_a_swede_expects():
    assert swedish_sorted(["Lund", "LUND", "lund"]) == ["lund", "Lund", "LUND"]
    assert swedish_sorted(["Éva", "Eva", "Evald"]) == ["Eva", "Éva", "Evald"]
    # æ sorts as ä and ø as ö (after them when the rest is equal); ü as y; w is its own letter.
    assert swedish_sorted(["Ærø", "Ärla", "Öster", "Øster", "Ödeshög"]) == ["Ärla", "Ærø", "Ödeshög", "Öster", "Øster"]
    assert swedish_sorted(["Myr", "Müller", "Mylla"]) == ["Mylla", "Müller", "Myr"]
    assert swedish_sorted(["Wera", "Vilma", "Vera"]) == ["Vera", "Vilma", "Wera"]
    assert sort_key("zzz") < sort_key("å") < sort_key("ä") < sort_key("ö")


def test_the_register_and_the_user_list_sort_in_swedish(client, auth, make_user, db_session):
    for name in ("Örebro kommun", "Älvstrands kommun", "Zeta AB", "Åhamns kommun", "aa-föreningen"):
        OrganisationFactory(name=name)
    for name in ("Örjan", "Åsa", "Ärla", "Zelda"):
        make_user(Role.STAKEHOLDER, name=name)
    auth.login_as(make_user(Role.ADMIN, name="Adam"))
    html = client.get("/admin/organisationer").get_data(as_text=True)
    names = ["aa-föreningen", "Zeta AB", "Åhamns kommun", "Älvstrands kommun", "Örebro kommun"]
    assert [html.index(n) for n in names] == sorted(html.index(n) for n in names)
    html = client.get("/admin/anvandare").get_data(as_text=True)
    people = ["Adam", "Zelda", "Åsa", "Ärla", "Örjan"]
    assert [html.index(f">{n}<") for n in people] == sorted(html.index(f">{n}<") for n in people)


def test_the_process_list_sorts_in_swedish(client, db_session):
    for title in ("Örebrostrategin", "Ålandsstrategin", "Zetastrategin", "Älvstrategin"):
        ProcessFactory(title=title)
    html = client.get("/").get_data(as_text=True)
    titles = ["Zetastrategin", "Ålandsstrategin", "Älvstrategin", "Örebrostrategin"]
    assert [html.index(t) for t in titles] == sorted(html.index(t) for t in titles)


def test_the_rounds_remissinstanser_sort_in_swedish(client, auth, make_user, db_session):
    process = ProcessFactory()
    round_ = add_round(process, add_draft(process))
    names = ["Örebro kommun", "Älvstrands kommun", "Zeta AB", "Åhamns kommun", "aa-föreningen"]
    for name in names:  # invited in this order; the list is read alphabetically
        db_session.add(Invitation(round=round_, organisation=OrganisationFactory(name=name)))
    db_session.commit()
    auth.login_as(make_user(Role.ADMIN))
    html = client.get(f"/admin/rundor/{round_.id}").get_data(as_text=True)
    expected = ["aa-föreningen", "Zeta AB", "Åhamns kommun", "Älvstrands kommun", "Örebro kommun"]
    assert [html.index(n) for n in expected] == sorted(html.index(n) for n in expected)
