from __future__ import annotations

import os
import urllib.request

import pytest


@pytest.fixture(scope="session")
def prefect_api() -> str:
    """The real Prefect server started by infra/test.sh (PREFECT_API_URL)."""
    url = os.environ.get("PREFECT_API_URL", "")
    try:
        if not url:
            raise OSError("PREFECT_API_URL is not set")
        urllib.request.urlopen(url.rstrip("/") + "/health", timeout=5).read()
    except OSError as exc:
        if os.environ.get("HIPPOGRAPH_REQUIRE_PREFECT") == "1":
            pytest.fail(f"a Prefect server is required but not reachable: {exc}")
        pytest.skip(f"no Prefect server: {exc}")
    return url
