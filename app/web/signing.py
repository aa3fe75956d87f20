"""HMAC signatures for values the browser carries (cookies), keyed by purpose."""

import base64
import hashlib
import hmac


def _mac(secret: bytes, purpose: str, value: str) -> str:
    digest = hmac.new(secret, f"{purpose}:{value}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(secret: bytes, purpose: str, value: str) -> str:
    return f"{value}.{_mac(secret, purpose, value)}"


def unsign(secret: bytes, purpose: str, signed: str | None) -> str | None:
    """The value if the signature is good, else None."""
    if not signed or "." not in signed:
        return None
    value, mac = signed.rsplit(".", 1)
    if hmac.compare_digest(mac, _mac(secret, purpose, value)):
        return value
    return None


def derive(secret: bytes, purpose: str, value: str) -> str:
    """A token derived from a value, for checks that need no storage (CSRF)."""
    return _mac(secret, purpose, value)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()
