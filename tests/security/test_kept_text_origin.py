"""The "your text is kept" box on an error page shows only text posted from this site's own pages, so
another site cannot auto-post a form to put words of its choosing on Samråd's 400 page."""

from __future__ import annotations

import pytest

PLANTED = "Ring 08-123 45 67 och uppge ditt lösenord"
KEPT = "Din text finns kvar"


def refused(client, headers: dict) -> str:
    response = client.post("/svar/1", data={"comment-1": PLANTED}, headers=headers)
    assert response.status_code == 400  # no CSRF token
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Origin": "http://localhost.evil.example"},
        {"Origin": "http://localhost", "Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_text_posted_from_another_site_is_not_shown(client, headers):
    html = refused(client, headers)
    assert PLANTED not in html and KEPT not in html


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"},
        {"Sec-Fetch-Site": "same-origin"},
        {"Origin": "http://localhost"},
        {},  # neither header: not another site's page in a browser
    ],
)
def test_text_posted_from_this_site_is_given_back(client, headers):
    html = refused(client, headers)
    assert PLANTED in html and KEPT in html
