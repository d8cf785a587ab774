"""Secrets and URL credentials are scrubbed from every log record once registered."""

from __future__ import annotations

import logging

import pytest

from hippograph.core.redact import register_secret, scrub


def test_registered_secrets_and_url_credentials_are_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    register_secret("s3cr3t-value-42")
    register_secret("abc")  # too short to redact safely: ignored
    caplog.set_level(logging.DEBUG)
    logging.getLogger("tests.redact.client").info("HTTP Request: POST %s %s", "https://bob:hunter2@api.example.com/v1/chat", "s3cr3t-value-42")
    logging.getLogger("tests.redact.lib").debug("options: {'api_key': 's3cr3t-value-42', 'n': 'abc'}")
    assert "hunter2" not in caplog.text and "s3cr3t-value-42" not in caplog.text
    assert "https://***@api.example.com/v1/chat" in caplog.text and "'n': 'abc'" in caplog.text
    assert scrub("bolt://neo4j:pw@127.0.0.1:7687 and s3cr3t-value-42") == "bolt://***@127.0.0.1:7687 and ***"
    assert scrub("no secrets, http://host:80/path") == "no secrets, http://host:80/path"
