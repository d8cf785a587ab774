"""The CLI end to end, in-process (typer's runner), on the embedded store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hippograph.cli.main import app

runner = CliRunner()


def test_ingest_ask_stats_and_errors(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "curie.txt").write_text("Marie Curie was born in Warsaw. She won the Nobel Prize in Physics in 1903.")
    (docs / "warsaw.md").write_text("# Warsaw\nWarsaw is the capital of Poland. It lies on the Vistula river.")
    (docs / "broken.jsonl").write_text('{"title": "ok", "text": "Kraków is a city in Poland."}\n{oops\n')
    store = ["--store-path", str(tmp_path / "store")]

    r = runner.invoke(app, [*store, "ingest", str(docs)])
    assert r.exit_code == 1, r.output  # one bad line: reported, the rest ingested
    assert "broken.jsonl:2: malformed JSON" in r.output.replace("\n", "")
    assert "3 new" in r.output

    r = runner.invoke(app, [*store, "stats"])
    assert r.exit_code == 0 and "documents" in r.output

    r = runner.invoke(app, [*store, "ask", "Where was Marie Curie born?", "--explain"])
    assert r.exit_code == 0, r.output
    assert "Warsaw" in r.output and "Seeds" in r.output and "curie" in r.output.lower()
    assert "Selected passages (mcts:" in r.output and "/1024 tokens" in r.output

    r = runner.invoke(app, [*store, "ask", "  "])
    assert r.exit_code == 1 and "error: question: empty question" in r.output
    assert "Traceback" not in r.output

    r = runner.invoke(app, [*store, "ingest", str(tmp_path / "missing")])
    assert r.exit_code == 1 and "no such file or directory" in r.output


def test_eval_command_prints_recall_and_writes_json(tmp_path: Path) -> None:
    demo = Path(__file__).resolve().parents[2] / "data" / "demo"
    qs = tmp_path / "q.json"
    qs.write_text(json.dumps(json.loads((demo / "questions.json").read_text())[:2]))
    corpus = [
        {"title": p["title"], "text": p["paragraph_text"]} for q in json.loads(qs.read_text()) for p in q["paragraphs"]
    ]
    (tmp_path / "c.json").write_text(json.dumps(corpus))
    out = tmp_path / "res"
    r = runner.invoke(
        app, ["--store-path", str(tmp_path / "s"), "eval", str(qs), "--corpus", str(tmp_path / "c.json"),
              "--out-dir", str(out), "--no-synonyms", "--damping", "0.6"]
    )
    assert r.exit_code == 0, r.output
    assert "ppr" in r.output and "R@5" in r.output and "EM" in r.output and "dense-RAG" in r.output
    assert "1.0×" in r.output  # the p50 / dense column: dense against itself
    assert re.search(r"the whole ask p50 is \d+\.\d× dense retrieval's p50", r.output), r.output
    data = json.loads((out / "eval.json").read_text())
    assert [m["method"] for m in data["retrieval"]] == ["bm25", "dense", "ppr", "ppr+clues"]
    assert data["settings"]["retrieval"]["use_synonyms"] is False and data["settings"]["retrieval"]["damping"] == 0.6
    ans = data["answers"]
    assert {"total", "reader", "clues", "embed"} <= set(ans["stage_ms"])
    # two questions are too few to cross-fit: the shipped model's figures, pipeline and dense-RAG side by side
    assert ans["cross_fitted"] is False and ans["pipeline"] is not None and ans["dense"] is not None
    # and the shipped model was fitted on other questions than these: its figures are held out, and say so
    assert ans["shipped_held_out"] is True and "fitted on other questions" in r.output
    per = ans["per_question"]
    assert len(per) == 2 and ans["f1"] == pytest.approx(100 * sum(q["f1"] for q in per) / 2)
    assert all(q["kind"] in {"graph-path", "extractive", "abstain"} for q in per)
    assert (out / "report.md").read_text().startswith("# hippograph eval")
    assert (out / "recall_at_k.png").stat().st_size > 1000 and (out / "latency_per_stage.png").exists()
    assert [x["method"] for x in data["selection"]] == ["mcts", "greedy"]
    assert all(x["tokens"] <= 1024 for x in data["selection"])
    assert (out / "reliability.png").stat().st_size > 1000 and (out / "risk_coverage.png").stat().st_size > 1000


def test_ask_flags_mean_what_they_say(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """-k is the number of candidates selection chooses from; --budget, --selector and --clues reach
    the pipeline in-process and travel as deployment parameters with --via-prefect."""
    import hippograph.flows.client as client
    from hippograph.runtime.app import Hippograph

    seen: dict[str, object] = {}

    def fake_ask(self: Hippograph, question: str, **kw: object) -> object:
        seen.update(kw)
        raise SystemExit(0)

    monkeypatch.setattr(Hippograph, "ask", fake_ask)
    store = ["--store-path", str(tmp_path / "store")]
    r = runner.invoke(app, [*store, "ask", "Who?", "-k", "7", "--budget", "300", "--selector", "greedy", "--no-clues"])
    assert r.exit_code == 0, r.output
    assert seen == {"method": None, "k": 7, "budget": 300, "selector": "greedy", "clues": False}

    sent: dict[str, object] = {}

    def fake_run_once(params: dict[str, object], timeout_s: float) -> object:
        sent.update(params)
        raise client.DeploymentError("stop here")

    monkeypatch.setattr(client, "_run_once", fake_run_once)
    r = runner.invoke(app, [*store, "ask", "Who?", "--via-prefect", "-k", "7", "--budget", "300", "--selector", "greedy",
                            "--no-clues"])
    assert r.exit_code == 1 and "stop here" in r.output
    assert sent == {"question": "Who?", "k": 7, "budget": 300, "selector": "greedy", "clues": False}

    monkeypatch.undo()
    r = runner.invoke(app, [*store, "ask", "Who?", "--selector", "bogus"])
    assert r.exit_code == 1 and "unknown selector 'bogus'" in r.output and "mcts, greedy" in r.output


def test_help_and_stats_import_no_heavy_module(tmp_path: Path) -> None:
    import subprocess
    import sys

    probe = ("import sys; from hippograph.cli.main import app; sys.argv = ['hippograph', *sys.argv[1:]]\n"
             "try:\n    app()\nexcept SystemExit:\n    pass\n"
             "heavy = sorted(m for m in ('prefect', 'torch', 'spacy', 'sentence_transformers', 'neo4j') if m in sys.modules)\n"
             "print('HEAVY', heavy)")
    for args in (["--help"], ["--store-path", str(tmp_path / "s"), "stats"]):
        out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True, check=True).stdout
        assert "HEAVY []" in out, (args, out[-500:])


def test_browse_prints_commands_that_run_as_printed(tmp_path: Path, neo4j_available, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The printed lines are the evidence query of graph/cypher.py with the question's id in
    (one statement: Neo4j Browser draws it pasted in one go), verbatim (the terminal printer must
    not eat ``[r:RELATION]`` as markup), after the Browser URL; the question is saved."""
    from hippograph.core.ids import content_hash
    from hippograph.graph import cypher
    from hippograph.graph.neo4j_store import Neo4jStore

    monkeypatch.setenv("HIPPOGRAPH_NEO4J__BROWSER_URL", "http://127.0.0.1:17999/browser/")
    with Neo4jStore(neo4j_available) as s:
        s.clear()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "ibsen.txt").write_text("Henrik Ibsen wrote Brand. Ibsen was a citizen of Norway.")
    assert runner.invoke(app, ["--store", "neo4j", "ingest", str(docs)]).exit_code == 0
    question = "Who wrote [bold]Brand[/bold]?"
    r = runner.invoke(app, ["--store", "neo4j", "browse", question])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].startswith(f"// {question} -> ")
    url = next(line for line in lines if line.startswith("// Open "))
    assert "http://127.0.0.1:17999/browser/?dbms=" + neo4j_available.uri in url
    printed = r.output[r.output.index(url) + len(url) + 1:].strip()
    assert printed == cypher.EVIDENCE_VIEW.replace("$question_id", f'"{content_hash(question)}"')
    assert "[r:RELATION]" in printed and "$" not in printed
    with Neo4jStore(neo4j_available) as s:
        [row] = s._read("MATCH (q:Question) RETURN q.text AS text, COUNT { (q)-[:CITES]->() } AS cited")
    assert row["text"] == question and row["cited"] >= 1

    r = runner.invoke(app, ["--store", "neo4j", "browse", "--wide", question])
    assert r.exit_code == 0, r.output
    assert "WHERE p.id IN [\"" in r.output and "[m:MENTIONS]" in r.output and "$" not in r.output

    r = runner.invoke(app, ["--store-path", str(tmp_path / "store"), "browse", question])
    assert r.exit_code == 1 and "--store neo4j" in r.output
