"""This installation's identity: id, readable name and Ed25519 key pair.

The id and name are made by storage when the database is created (meta
``installation_id``, ``installation_name``). The key pair is made on first need (the
first package written) with ``cryptography`` and kept in meta as base64 of the raw
32-byte keys. Packages are signed with it; peers remember the public key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from ntm_desktop import text
from ntm_desktop.errors import InputRejected
from ntm_desktop.store.database import Store

PUBLIC = "sync_public_key"
PRIVATE = "sync_private_key"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def ensure_keys(store: Store) -> str:
    """The public key (base64), making the key pair first if this database has none."""
    public = store.meta(PUBLIC)
    if public and store.meta(PRIVATE):
        return public
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    private_raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    public_raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    with store.transaction():
        store.set_meta(PRIVATE, _b64(private_raw))
        store.set_meta(PUBLIC, _b64(public_raw))
    return _b64(public_raw)


def public_key(store: Store) -> str | None:
    return store.meta(PUBLIC)


def sign(store: Store, data: bytes) -> str:
    """Base64 Ed25519 signature of ``data`` with this installation's key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    ensure_keys(store)
    private = base64.b64decode(store.meta(PRIVATE) or "")
    return _b64(Ed25519PrivateKey.from_private_bytes(private).sign(data))


def decode_key(key: str) -> bytes:
    """Raw bytes of a base64 public key; InputRejected when it is not a 32-byte key."""
    try:
        raw = base64.b64decode(key.strip(), validate=True)
    except (binascii.Error, ValueError, AttributeError):
        raise InputRejected("peer.bad_key", value=str(key)[:60]) from None
    if len(raw) != 32:
        raise InputRejected("peer.bad_key", value=str(key)[:60])
    return raw


def verify(public: str, data: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64) is a valid signature of ``data`` by ``public``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = Ed25519PublicKey.from_public_bytes(decode_key(public))
        key.verify(base64.b64decode(signature.strip(), validate=True), data)
    except (InvalidSignature, InputRejected, binascii.Error, ValueError):
        return False
    return True


def fingerprint(public: str) -> str:
    """A short form of a public key for people to compare by phone: ``3F2A 9C01 77B4 E2D0``."""
    digest = hashlib.sha256(decode_key(public)).hexdigest().upper()[:16]
    return " ".join(digest[i : i + 4] for i in range(0, 16, 4))


def name(store: Store) -> str:
    return store.meta("installation_name") or store.installation_id


def rename(store: Store, new_name: str) -> str:
    """Give this installation a name people can read (e.g. "Phòng NN huyện Đăk Hà – laptop 2")."""
    cleaned = text.clean(new_name)
    if not cleaned:
        raise InputRejected("peer.bad_name")
    with store.transaction():
        store.set_meta("installation_name", cleaned)
    return cleaned
