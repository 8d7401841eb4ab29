"""Security headers on every response, the client address for the audit log, the proxy setting, and
whether a form was posted from this site."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.serving import WSGIRequestHandler

from consultation import audit

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    config = current_app.config
    if config.get("SESSION_COOKIE_SECURE") and config.get("HSTS_MAX_AGE"):
        # Only where the site is served over HTTPS (production): browsers then refuse plain HTTP.
        response.headers.setdefault("Strict-Transport-Security", f"max-age={config['HSTS_MAX_AGE']}; includeSubDomains")
    if request.endpoint != "static" and current_user and current_user.is_authenticated:
        # Pages for a signed-in person carry private data: no browser or proxy may keep a copy.
        response.headers["Cache-Control"] = "no-store"
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def posted_from_this_site() -> bool:
    """Whether the browser says this request came from a page of this site: Sec-Fetch-Site, else Origin.

    Browsers send at least one of them with every POST, so a form another site auto-posts is known by
    them; a request with neither (a script, a very old browser) is no other site's page either."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    return origin.lower() in {_origin(request.host_url), _origin(current_app.config["BASE_URL"])}


def _remember_client_address() -> None:
    g.audit_address_token = audit.client_address.set((request.remote_addr or "")[:64] or None)


def _forget_client_address(_error: BaseException | None) -> None:
    token = g.pop("audit_address_token", None)
    if token is not None:
        try:
            audit.client_address.reset(token)
        except ValueError:  # set in another context (cannot happen with Flask's request flow)
            audit.client_address.set(None)


def _server_name_without_versions(_handler: WSGIRequestHandler) -> str:
    return "Samrad"


def hide_server_versions() -> None:
    """The development server (`flask run`) says "Werkzeug/3.x Python/3.x" in its Server header,
    before the app sees the response, so the name is set on its request handler; gunicorn says only
    "gunicorn". Versions tell a prober which known holes to try."""
    WSGIRequestHandler.version_string = _server_name_without_versions


def init_app(app: Flask) -> None:
    hide_server_versions()
    if app.config.get("TRUSTED_PROXIES"):
        count = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)
    app.before_request(_remember_client_address)
    app.teardown_request(_forget_client_address)
    app.after_request(add_security_headers)
