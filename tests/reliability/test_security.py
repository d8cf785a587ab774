"""Security: parameterised Cypher only, secrets kept out of every output, services on loopback."""

from __future__ import annotations

import ast
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from hippograph.core.errors import ConfigError, LLMError, StoreAuthError
from hippograph.core.settings import Neo4jSettings, load_settings
from tests.conftest import ROOT


def test_all_cypher_is_constant_and_parameterised() -> None:
    """No query text is built at run time: cypher.py holds plain string constants (no f-string,
    format or concatenation with values) and every ``run`` in the Neo4j store takes one of them."""
    cypher_src = (ROOT / "graph" / "cypher.py").read_text()
    tree = ast.parse(cypher_src)
    # the one formatted statement: schema DDL, whose only input is a validated int (index
    # options cannot be parameters); everything else is a constant
    allowed = {"vector_index_statements"}
    for top in tree.body:
        if isinstance(top, ast.FunctionDef) and top.name in allowed:
            continue
        assert not [n for n in ast.walk(top) if isinstance(n, ast.JoinedStr)], f"f-string in graph/cypher.py:{top.lineno}"
    assert ".format(" not in cypher_src and "%" not in cypher_src.replace("%%", "")
    for py in sorted(ROOT.glob("*/**/*.py")):
        if any(part in {"tests", ".venv", "run", "build"} for part in py.parts) or py.name == "cypher.py":
            continue
        for node, forwarded in _calls(ast.parse(py.read_text()), frozenset()):
            position = QUERY_ARG.get(node.func.attr)  # type: ignore[attr-defined]
            receiver = node.func.value  # type: ignore[attr-defined]
            if position is None or len(node.args) <= position or (isinstance(receiver, ast.Name) and receiver.id == "subprocess"):
                continue
            query = node.args[position]
            where = f"{py.relative_to(ROOT)}:{node.lineno}"
            assert _from_cypher_module(query) or (isinstance(query, ast.Name) and query.id in forwarded), (
                f"{node.func.attr}() in {where} takes a query that is not a graph/cypher.py constant "  # type: ignore[attr-defined]
                f"(nor the forwarded parameter of a helper)")


def _calls(node: ast.AST, forwarded: frozenset[str]) -> list[tuple[ast.Call, frozenset[str]]]:
    """Every method call under ``node`` with the names that forward a caller's query there: the
    parameters of the enclosing functions and loop variables over them."""
    out: list[tuple[ast.Call, frozenset[str]]] = []
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        forwarded = forwarded | {a.arg for a in node.args.args}
    if isinstance(node, ast.For) and isinstance(node.iter, ast.Name) and node.iter.id in forwarded and isinstance(node.target, ast.Name):
        forwarded = forwarded | {node.target.id}
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        out.append((node, forwarded))
    for child in ast.iter_child_nodes(node):
        out += _calls(child, forwarded)
    return out


# every driver entry point that takes a query, and the position of the query argument:
# session.run / tx.run, driver.execute_query, and the store's Result-returning helpers
QUERY_ARG = {"run": 0, "execute_query": 0, "_read": 0, "_run_schema": 0, "_unwind": 1}


def _from_cypher_module(node: ast.expr) -> bool:
    """``cypher.NAME``, ``cypher.NAME[...]`` or ``cypher.name(...)`` (graph/cypher.py; its one
    function, the vector-index DDL, is audited above)."""
    if isinstance(node, ast.Subscript):
        node = node.value
    elif isinstance(node, ast.Call):
        node = node.func
    return isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "cypher"


def test_the_cypher_check_sees_every_entry_point() -> None:
    """The check above would catch an inline query through each entry point (it is not vacuous)."""
    for code in ('tx.run("MATCH (n) RETURN n")', 'self._read("MATCH (n) RETURN n")', 'driver.execute_query(q + "x")',
                 'self._unwind(tx, "UNWIND $rows AS r RETURN r", rows)', 'self._run_schema(["CREATE INDEX x"])'):
        call = ast.parse(code).body[0].value  # type: ignore[attr-defined]
        assert not _from_cypher_module(call.args[QUERY_ARG[call.func.attr]])
    assert _from_cypher_module(ast.parse("cypher.VECTORS[kind]").body[0].value)  # type: ignore[attr-defined]


def test_injection_through_titles_text_and_questions_is_inert(store, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hippograph.runtime.app import Hippograph
    from tests.conftest import doc, ingestor

    ing = ingestor(store, embedder, {"Ada": [("Ada", "founded", "Ada Corp")]})
    ing.ingest([doc("a", "Ada founded Ada Corp in London.")])
    baseline = store.stats()
    attacks = [
        "x'}) MATCH (n) DETACH DELETE n RETURN 1 //",
        "\" OR 1=1; DROP TABLE documents; --",
        "') CALL dbms.security.createUser('evil', 'pw', false) //",
        "$id} MERGE (e:Evil) //",
    ]
    ing.ingest([doc(f"attack{i}", f"Ada founded Ada Corp. {a}", title=a) for i, a in enumerate(attacks)])
    app = Hippograph(load_settings(store={"path": tmp_path / "unused"}), embedder=embedder, store=store)
    for a in attacks:
        assert app.engine.retrieve(a, method="ppr", k=3).passages
    after = store.stats()
    assert after.documents == baseline.documents + len(attacks)  # nothing deleted, the titles stored as data
    stored_titles = {p.title for p in store.iter_passages()}
    assert set(attacks) <= stored_titles


def _marker(kind: str) -> str:
    return f"{kind}-SECRET-{secrets.token_hex(6)}"


def test_neo4j_password_never_in_errors_logs_or_settings_dumps(neo4j_available: Neo4jSettings,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    from hippograph.graph.neo4j_store import Neo4jStore

    wrong = _marker("pw")
    caplog.set_level(logging.DEBUG)
    store = Neo4jStore(neo4j_available.model_copy(update={"password": SecretStr(wrong)}))
    with pytest.raises(StoreAuthError) as err:
        store.open()
    assert wrong not in str(err.value) and wrong not in repr(err.value)
    assert wrong not in caplog.text
    settings = load_settings(neo4j={"password": wrong}, llm={"api_key": _marker("key")})
    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert wrong not in text and "SECRET" not in text


def test_secrets_never_in_cli_output_with_explain(neo4j_available: Neo4jSettings, tmp_path: Path) -> None:
    """`hippograph ask --explain` on Neo4j with an LLM configured (down: the offline fallback answers)."""
    assert neo4j_available.password is not None
    password = neo4j_available.password.get_secret_value()
    key = _marker("key")
    env = {**os.environ, "HIPPOGRAPH_STORE__BACKEND": "neo4j", "HIPPOGRAPH_NEO4J__URI": neo4j_available.uri,
           "HIPPOGRAPH_NEO4J__PASSWORD": password, "HIPPOGRAPH_LLM__PROVIDER": "openai-like",
           "HIPPOGRAPH_LLM__MODEL": "m", "HIPPOGRAPH_LLM__API_BASE": "http://127.0.0.1:9/v1",
           "HIPPOGRAPH_LLM__API_KEY": key, "HIPPOGRAPH_LLM__TIMEOUT_S": "2", "HIPPOGRAPH_LLM__ON_INVALID": "fallback",
           "HIPPOGRAPH_CLUES__GENERATOR": "llm"}
    cli = [sys.executable, "-m", "hippograph.cli.main", "--verbose"]
    small = tmp_path / "small.txt"
    small.write_text("Ada Lovelace was born in London. London is the capital of England.")
    outputs = [subprocess.run([*cli, "ingest", str(small)], env=env, capture_output=True, text=True, timeout=300)]
    outputs.append(subprocess.run([*cli, "ask", "--explain", "Where was Ada Lovelace born?"], env=env,
                                  capture_output=True, text=True, timeout=300))
    strict = {**env, "HIPPOGRAPH_LLM__ON_INVALID": "raise"}
    outputs.append(subprocess.run([*cli, "ask", "Where was Ada Lovelace born?"], env=strict,
                                  capture_output=True, text=True, timeout=300))
    outputs.append(subprocess.run([*cli, "stats"], env={**env, "HIPPOGRAPH_NEO4J__PASSWORD": key},
                                  capture_output=True, text=True, timeout=300))
    assert outputs[1].returncode == 0 and "London" in outputs[1].stdout, outputs[1].stderr
    assert outputs[2].returncode == 1 and "127.0.0.1:9" in outputs[2].stderr  # the LLM error names the endpoint
    assert outputs[3].returncode == 1 and "refused the credentials" in outputs[3].stderr
    for out in outputs:
        for secret in (password, key):
            assert secret not in out.stdout and secret not in out.stderr


def test_llm_key_never_in_llm_errors(caplog: pytest.LogCaptureFixture) -> None:
    from hippograph.core.settings import LLMSettings
    from hippograph.llm.port import make_llm

    key = _marker("key")
    caplog.set_level(logging.DEBUG)
    llm = make_llm(LLMSettings(provider="openai-like", model="m", api_base="http://user:pw-in-url@127.0.0.1:9/v1",
                               api_key=SecretStr(key), timeout_s=2))
    assert llm is not None
    with pytest.raises(LLMError) as err:
        llm.complete("hello")
    assert "127.0.0.1:9" in str(err.value)
    for text in (str(err.value), repr(err.value), caplog.text, llm.name):
        assert key not in text and "pw-in-url" not in text


def test_secrets_are_refused_as_flow_parameters_and_absent_from_runs(prefect_api: str, tmp_path: Path,
                                                                      neo4j_available: Neo4jSettings,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from hippograph.flows.ingest_flow import ingest_corpus
    from hippograph.flows.registry import close_all, settings_from_params

    with pytest.raises(ConfigError, match="must not carry secrets.*neo4j.password"):
        settings_from_params(None, {"neo4j": {"password": "x"}})
    assert neo4j_available.password is not None
    password = neo4j_available.password.get_secret_value()
    monkeypatch.setenv("HIPPOGRAPH_STORE__BACKEND", "neo4j")
    monkeypatch.setenv("HIPPOGRAPH_NEO4J__URI", neo4j_available.uri)
    monkeypatch.setenv("HIPPOGRAPH_NEO4J__PASSWORD", password)
    close_all()
    src = tmp_path / "docs"
    src.mkdir()
    (src / "a.txt").write_text("Ada Lovelace was born in London.")
    (src / "bad.txt").write_text("")
    state = ingest_corpus(str(src), return_state=True)
    close_all()
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        run = client.read_flow_run(run_id)
        logs = client.read_logs()
        arts = client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))
    texts = [str(run.parameters), str(state.message), *(str(log.message) for log in logs), *(str(a.data) for a in arts)]
    assert arts and logs
    assert not [t for t in texts if password in t]


def _listening(port: int) -> list[str]:
    """Local addresses with a socket in LISTEN state on ``port`` (from /proc/net/tcp and tcp6)."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            addr, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:
                found.append(addr)
    return found


def test_services_listen_on_loopback_only(neo4j_available: Neo4jSettings, prefect_api: str) -> None:
    # 127.0.0.1, ::1 and ::ffff:127.0.0.1 (how the JVM lists an IPv4 loopback bind)
    loopback = {"0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F"}
    ports = [int(neo4j_available.uri.rsplit(":", 1)[1]), int(os.environ.get("HIPPOGRAPH_NEO4J_HTTP_PORT", "7474")),
             int(prefect_api.rsplit(":", 1)[1].split("/")[0])]
    if os.environ.get("HIPPOGRAPH_PREFECT_DB", "postgres") == "postgres" and os.environ.get("HIPPOGRAPH_POSTGRES_PORT"):
        ports.append(int(os.environ["HIPPOGRAPH_POSTGRES_PORT"]))  # the Prefect server's PostgreSQL
    elif os.environ.get("HIPPOGRAPH_REQUIRE_ALL") == "1":
        raise AssertionError("infra/test.sh runs Prefect on PostgreSQL: HIPPOGRAPH_POSTGRES_PORT should be set")
    for port in ports:
        addrs = _listening(port)
        assert addrs, f"nothing listens on {port}"
        assert set(addrs) <= loopback, (port, addrs)
    assert Neo4jSettings().uri.startswith("bolt://127.0.0.1:")
    conf = (ROOT / "infra" / "neo4j" / "conf" / "neo4j.conf").read_text()
    assert "0.0.0.0" not in conf
    assert "--host 127.0.0.1" in (ROOT / "infra" / "prefect" / "prefect.sh").read_text()
    assert "listen_addresses = '127.0.0.1'" in (ROOT / "infra" / "postgres" / "postgres.sh").read_text()


def test_a_qa_run_with_a_secret_override_fails_before_it_submits_its_task(prefect_api: str,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The QA flow builds its settings before it hands the question to a task worker: a refused
    override fails the run and leaves no background task run behind."""
    import hippograph.flows.qa_flow as qa_flow

    submitted: list[Any] = []
    monkeypatch.setattr(qa_flow.answer_question, "delay", lambda *a, **k: submitted.append(a))
    state = qa_flow.qa("Where was Ada born?", overrides={"neo4j": {"password": "x"}}, return_state=True)
    assert state.is_failed()
    assert "must not carry secrets" in (state.message or "")
    assert submitted == []
