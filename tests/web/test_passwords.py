"""Passwords are hashed with argon2id; a password hashed with scrypt before the switch still logs in, once more
as scrypt and from then on as argon2id."""

from __future__ import annotations

import base64
import hashlib
import os

from app.extensions import db
from consultation.people import Role, User
from consultation.people.passwords import hash_password, needs_rehash, verify_password

from ..conftest import PASSWORD


def scrypt_hash(password: str) -> str:
    """A hash as the app stored it before argon2id (scrypt, N=2^15, r=8, p=1)."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**15, r=8, p=1, maxmem=64 * 2**20, dklen=32)
    return f"scrypt${2**15}$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def stored_hash(email: str) -> str:
    db.session.expire_all()
    return db.session.query(User).filter_by(email=email).one().password_hash


def test_new_passwords_are_argon2id_at_owasps_setting_or_above():
    stored = hash_password(PASSWORD)
    assert stored.startswith("$argon2id$v=19$")
    settings = dict(part.split("=") for part in stored.split("$")[3].split(","))
    assert int(settings["m"]) >= 19456 and int(settings["t"]) >= 2 and int(settings["p"]) == 1
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, PASSWORD + "x")
    assert not needs_rehash(stored)


def test_an_old_scrypt_password_still_verifies_and_asks_to_be_rehashed():
    stored = scrypt_hash(PASSWORD)
    assert verify_password(stored, PASSWORD)
    assert not verify_password(stored, "fel-losenord-123")
    assert needs_rehash(stored)
    assert not verify_password("scrypt$inte$en$hash", PASSWORD)
    assert not verify_password("$argon2id$trasig", PASSWORD)


def test_logging_in_with_an_old_scrypt_hash_replaces_it_with_argon2id(client, auth, make_user):
    user = make_user(Role.STAKEHOLDER, email="anna@example.se", name="Anna Ek")
    user.password_hash = scrypt_hash(PASSWORD)
    db.session.commit()

    assert auth.login("anna@example.se").status_code == 302
    assert client.get("/start").status_code == 200
    rehashed = stored_hash("anna@example.se")
    assert rehashed.startswith("$argon2id$")

    auth.logout()
    assert auth.login("anna@example.se").status_code == 302  # the same password, now against the new hash
    assert stored_hash("anna@example.se") == rehashed  # a current hash is left alone


def test_a_wrong_password_leaves_the_old_hash_as_it_was(auth, make_user):
    user = make_user(Role.STAKEHOLDER, email="anna@example.se")
    old = user.password_hash = scrypt_hash(PASSWORD)
    db.session.commit()

    assert auth.login("anna@example.se", "fel-losenord-123").status_code == 422
    assert stored_hash("anna@example.se") == old
