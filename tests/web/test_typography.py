"""French typography on every portal page: a narrow no-break space, never an ordinary space
that could wrap, before ? ! ; and : (what the template says and what the code builds)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

LOOSE_MARK = re.compile(r"\S[ \u00a0][?!;:](?=\s|$)")


class _Text(HTMLParser):
    """The text a reader sees (not scripts nor styles), with the attributes read aloud."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def loose_marks(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return [m.group(0) for part in parser.parts for m in LOOSE_MARK.finditer(part)]


def test_the_checker_finds_a_loose_mark():
    assert loose_marks("<p>Continuer ?</p>") == ["r ?"]
    assert loose_marks("<p title='Attention : x'>Continuer\u202f?</p>") == ["n :"]
    assert loose_marks("<script>a ? b : c</script><p>20:15 https://x</p>") == []


def test_the_login_and_forgotten_password_pages(client):
    for path in ("/connexion", "/mot-de-passe-oublie"):
        response = client.get(path)
        assert response.status_code == 200
        assert loose_marks(response.get_data(as_text=True)) == [], path


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/documents",
        "/mon-compte",
        "/releve",
        "/demandes",
        "/mes-enfants",
        "/mes-enfants/{child}",
        "/mes-enfants/{child}/planning?mois=2015-04",
        "/messages",
        "/messages/{message}",
        "/messages?dossier=envoyes",
        "/messages/ecrire",
        "/mot-de-passe",
    ],
)
def test_every_page_of_the_family(logged_in, world, path):
    url = path.format(child=world.child_id, message=world.message_id)
    response = logged_in.get(url)
    assert response.status_code == 200, url
    assert loose_marks(response.get_data(as_text=True)) == [], url
