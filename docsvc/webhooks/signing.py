"""Secrets and signatures per the Standard Webhooks spec, with its reference package (``standardwebhooks``).

A secret is ``whsec_`` and the base64 of 24 to 64 random bytes (the spec's range); ours are 32 bytes. Every
attempt is signed afresh with the current time (a receiver refuses timestamps older than five minutes), over
``{webhook-id}.{webhook-timestamp}.{body}``; the ``webhook-id`` is the delivery's and stays the same on retries.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import secrets

from standardwebhooks.webhooks import Webhook

PREFIX = "whsec_"
MIN_BYTES, MAX_BYTES = 24, 64


def generate_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_problem(secret: str) -> str | None:
    """What is wrong with a secret a subscriber chose (None: usable)."""
    if not secret.startswith(PREFIX):
        return f"a webhook secret starts with {PREFIX} followed by base64 (leave it out to have one generated)"
    try:
        raw = base64.b64decode(secret[len(PREFIX):], validate=True)
    except (binascii.Error, ValueError):
        return f"the part after {PREFIX} is not valid base64"
    if not MIN_BYTES <= len(raw) <= MAX_BYTES:
        return f"a webhook secret holds {MIN_BYTES} to {MAX_BYTES} random bytes; this one holds {len(raw)}"
    return None


def signed_headers(secret: str, message_id: str, body: str, *, now: dt.datetime | None = None) -> dict[str, str]:
    now = now or dt.datetime.now(dt.UTC)
    return {
        "content-type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, now.astimezone(dt.UTC), body),
        "user-agent": "docsvc-webhooks",
    }
