"""The Prefect server the suite runs on keeps its state in PostgreSQL (infra/postgres), not SQLite."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from tests.conftest import require


def test_the_prefect_server_keeps_its_runs_in_postgresql(prefect_api: str) -> None:
    import asyncpg
    from prefect import flow

    home, port = os.environ.get("HIPPOGRAPH_POSTGRES_HOME", ""), os.environ.get("HIPPOGRAPH_POSTGRES_PORT", "")
    password = Path(home, "password") if home else None
    require(bool(port) and password is not None and password.is_file(),
            "the PostgreSQL cluster behind the Prefect server (HIPPOGRAPH_POSTGRES_HOME/PORT)", "HIPPOGRAPH_REQUIRE_PREFECT")
    assert password is not None

    @flow(name="hippograph-postgres-probe")
    def probe() -> int:
        return 7

    state = probe(return_state=True)
    assert state.is_completed()
    run_id = str(state.state_details.flow_run_id)

    async def stored() -> tuple[int, str]:
        conn = await asyncpg.connect(host="127.0.0.1", port=int(port), user="hippograph",
                                     password=password.read_text().strip(), database="prefect")
        try:
            n = await conn.fetchval("SELECT count(*) FROM flow_run WHERE id = $1::uuid", run_id)
            st = await conn.fetchval("SELECT state_type FROM flow_run WHERE id = $1::uuid", run_id)
            return int(n), str(st)
        finally:
            await conn.close()

    n, st = asyncio.run(stored())
    assert n == 1 and st == "COMPLETED"
