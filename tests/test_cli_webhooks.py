"""``docsvc webhooks`` as an operator runs it: a real process on an installation with one subscription."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from standardwebhooks.webhooks import Webhook

from docsvc.config import Settings
from docsvc.db import transaction
from docsvc.models import WebhookSubscription
from docsvc.runtime import open_runtime
from docsvc.webhooks.service import emit
from docsvc.webhooks.signing import generate_secret
from tests.fixtures.receiver import webhook_receiver


def test_deliver_sends_what_is_due_and_list_shows_the_counts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    runtime = open_runtime(Settings(home=home))
    secret = generate_secret()
    with webhook_receiver() as receiver:
        with transaction(runtime.sessions) as session:
            session.add(WebhookSubscription(url=receiver.url, events=["document.processed"], secret=secret,
                                            created_by="test"))
            session.flush()
            emit(session, "document.processed", customer_id=None, data={"document_id": "d1"})
        runtime.close()
        env = {**os.environ, "DOCSVC_HOME": str(home), "DOCSVC_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1"}
        sent = subprocess.run([sys.executable, "-m", "docsvc.cli", "webhooks", "deliver"], capture_output=True,
                              text=True, timeout=120, env=env)
        assert sent.returncode == 0, sent.stderr
        assert "1 delivery attempt(s) made" in sent.stdout
        [got] = receiver.requests
        assert Webhook(secret).verify(got.body, got.headers)["data"] == {"document_id": "d1"}
    listed = subprocess.run([sys.executable, "-m", "docsvc.cli", "webhooks", "list"], capture_output=True,
                            text=True, timeout=120, env=env)
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if receiver.url[:30] in line)
    assert [cell.strip() for cell in row.split("│")[-4:-1]] == ["0", "1", "0"]  # pending, succeeded, failed
