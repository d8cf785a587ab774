"""Neo4j connection failures: clear errors naming the URI, bounded retries, no secret in messages."""

from __future__ import annotations

import time

import pytest
from pydantic import SecretStr

from hippograph.core.errors import StoreAuthError, StoreUnavailableError
from hippograph.core.settings import Neo4jSettings
from hippograph.graph.neo4j_store import Neo4jStore



def test_unreachable_server_names_the_uri_after_bounded_retries() -> None:
    settings = Neo4jSettings(uri="bolt://127.0.0.1:1", password=SecretStr("not-the-password-123"),
                             connect_retries=2, connect_backoff_s=0.1)
    t = time.perf_counter()
    with pytest.raises(StoreUnavailableError) as info:
        Neo4jStore(settings).open()
    assert time.perf_counter() - t < 30  # bounded
    msg = str(info.value)
    assert "bolt://127.0.0.1:1" in msg and "after 3 attempts" in msg
    assert "not-the-password-123" not in msg


def test_wrong_password_is_an_auth_error(neo4j_available: Neo4jSettings) -> None:
    bad = neo4j_available.model_copy(update={"password": SecretStr("definitely-wrong-pw")})
    with pytest.raises(StoreAuthError) as info:
        Neo4jStore(bad).open()
    assert neo4j_available.uri in str(info.value) and "refused the credentials" in str(info.value)
    assert "definitely-wrong-pw" not in str(info.value)


def test_missing_password_is_refused_before_connecting() -> None:
    with pytest.raises(StoreAuthError, match="HIPPOGRAPH_NEO4J__PASSWORD"):
        Neo4jStore(Neo4jSettings(password=None)).open()
