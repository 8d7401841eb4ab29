"""The structural checker used on every page finds what it claims to find."""

from __future__ import annotations

import pytest

from .htmlcheck import problems

GOOD = """<!doctype html><html lang="sv"><head><title>T</title></head><body>
<a href="#main">Hoppa</a><header><nav><a href="/">Start</a></nav></header>
<main id="main"><h1>Rubrik</h1><h2>Del</h2>
<form><label for="a">Namn</label><input id="a" name="a" aria-describedby="a-hint"><p id="a-hint">Tips</p>
<button type="submit">Spara</button></form>
<table><caption>C</caption><thead><tr><th scope="col">X</th></tr></thead></table></main></body></html>"""


def test_a_good_page_has_no_problems():
    assert problems(GOOD) == []


@pytest.mark.parametrize(
    "change, expected",
    [
        (('lang="sv"', ""), "no lang"),
        (("<h2>Del</h2>", "<h3>Del</h3>"), "heading jumps from h1 to h3"),
        (("<h2>Del</h2>", "<h1>Två</h1>"), "2 h1 elements"),
        (('<label for="a">Namn</label>', ""), "unlabelled <input name='a'>"),
        (('aria-describedby="a-hint"', 'aria-describedby="saknas"'), "points to missing id 'saknas'"),
        (('<p id="a-hint">', '<p id="a">'), "duplicate ids"),
        (('<button type="submit">Spara</button>', '<button onclick="x()">Spara</button>'), "inline event handler"),
        (("</main>", "<script>alert(1)</script></main>"), "inline script content"),
        (("</head>", '<script src="https://cdn.example/x.js"></script></head>'), "asset from another host"),
        (('<th scope="col">', "<th>"), "without scope"),
        (("<caption>C</caption>", ""), "tables without caption"),
        (('<a href="#main">Hoppa</a>', ""), "skip link"),
        (("<h2>Del</h2>", "<h2></h2>"), "empty h2"),
        (("<h2>Del</h2>", '<h2 style="color:red">Del</h2>'), "inline style"),
    ],
)
def test_each_kind_of_mistake_is_found(change, expected):
    broken = GOOD.replace(*change)
    assert broken != GOOD
    assert any(expected in problem for problem in problems(broken)), problems(broken)
