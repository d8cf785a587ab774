"""The README's commands work as written (a README-commands check).

Every command line of the README's bash blocks must be listed below, either run here as
written (``RUN_HERE``: against the real Neo4j and Prefect servers ``make test`` starts) or
mapped to the test or script that runs it (``COVERED_BY``). A new or changed command that
is in neither fails, every ``hippograph`` line is parsed by the CLI itself (an option or
command that drifted fails), and the README's Python example runs with llama-index's MockLLM.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import start_serving
from tests.ingest.files import make_docx, make_pdf

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
MUSIQUE = "../shared/data/musique-100"

# set-up lines that infra/test.sh performs for the whole suite, with the suite's own ports
ENVIRONMENT = {
    "export HIPPOGRAPH_NEO4J__PASSWORD='choose-one'": "infra/test.sh (its own generated password)",
    "infra/neo4j/neo4j.sh start": "infra/test.sh",
    "infra/neo4j/neo4j.sh stop": "infra/test.sh (on exit)",
    "infra/prefect/prefect.sh start": "infra/test.sh",
    "infra/neo4j/neo4j.sh start && infra/prefect/prefect.sh start": "infra/test.sh (one machine stands for machine A)",
    "export PREFECT_API_URL=http://127.0.0.1:4200/api PREFECT_RUNNER_POLL_FREQUENCY=2": "infra/test.sh (its own port)",
    f"D={MUSIQUE}": "this file (expanded in the commands below)",
}
COVERED_BY = {
    "make demo": "tests/test_packaging.py::test_the_installed_wheel_runs_the_demo_from_an_empty_directory",
    "make test": ".ci/run",
    "hippograph ingest corpus.json --extractor hipporag-json --openie openie.json":
        "tests/ingest/test_chunking_extractors.py",
    "hippograph eval questions.json --corpus corpus.json --extractor hipporag-json --openie openie.json "
    "--out-dir results/musique": "tests/cli/test_cli.py::test_eval_command_prints_recall_and_writes_json",
    "hippograph eval questions.json --corpus corpus.json --no-synonyms --no-specificity --no-passage-nodes "
    "--damping 0.6 --passage-node-weight 0.1 --clue-depth 1": "tests/cli/test_cli.py::test_eval_command_prints_recall_and_writes_json",
    "hippograph serve --source docs/": "tests/flows/test_deployments.py",
    "hippograph --store neo4j serve --source /shared/corpus":
        "tests/reliability/test_serving.py::test_two_serving_processes_share_32_questions_and_answer_like_one",
    "HIPPOGRAPH_FLOWS__TASK_RUNNER=dask HIPPOGRAPH_FLOWS__DASK_ADDRESS=tcp://A:8786 hippograph --store neo4j serve "
    "--source /shared/corpus":
        "tests/reliability/test_scale_out.py::test_dask_ingest_with_two_worker_processes_equals_a_single_process_ingest",
    "hippograph --store-path .hippograph/musique eval $D/questions.json --corpus $D/corpus.json --extractor "
    "hipporag-json --openie $D/openie-gpt-3.5-turbo-1106.json --out-dir results/musique-hipporag":
        "the README's Results (a 100-question eval, minutes long; parsed here)",
    "hippograph --store-path .hippograph/musique-spacy eval $D/questions.json --corpus $D/corpus.json "
    "--out-dir results/musique-spacy": "the README's Results (parsed here)",
}
# run here, in this order, from a folder holding docs/ (PDF, HTML, Markdown, Word) and data/
RUN_HERE = [
    "hippograph ingest docs/",
    "hippograph stats",
    'hippograph ask "Who was the first president of the association which published Journal of Psychotherapy '
    'Integration?" --explain',
    'hippograph ask "..." --retriever dense -k 10',
    "hippograph --store neo4j ingest docs/",
    'hippograph --store neo4j browse "..."',
    "hippograph --store neo4j ingest data/demo/corpus.json",
    'hippograph --store neo4j ask "What country was the author of Brand a citizen of?"',
    'hippograph --store neo4j serve --source data/demo/corpus.json --cron "0 2 * * *"',
    'hippograph --store neo4j ask --via-prefect "What country was the author of Brand a citizen of?"',
    'hippograph --store neo4j ask --via-prefect --fast "What country was the author of Brand a citizen of?"',
]
# the README's "..." stands for a question of the reader's
PLACEHOLDER_QUESTION = "Who wrote the play Brand?"


def readme_commands() -> list[str]:
    """The command lines of the README's bash blocks (continuations joined, comments dropped)."""
    out: list[str] = []
    lang: str | None = None
    pending = ""
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            lang = None if lang is not None else line[3:].strip()
            continue
        if lang not in ("bash", "sh"):
            continue
        text = re.sub(r"\s+#\s.*$", "", line).strip()
        if not text or text.startswith("#"):
            continue
        if text.endswith("\\"):
            pending += text[:-1].strip() + " "
            continue
        out.append(pending + text)
        pending = ""
    return out


def python_examples() -> list[str]:
    blocks, lang, cur = [], None, []
    for line in README.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if lang == "python":
                blocks.append("\n".join(cur))
            lang, cur = (None, []) if lang is not None else (line[3:].strip(), [])
            continue
        if lang == "python":
            cur.append(line)
    return blocks


def argv(command: str) -> list[str]:
    words = shlex.split(command.replace("$D", MUSIQUE))
    assert words[0] == "hippograph", command
    return [PLACEHOLDER_QUESTION if w == "..." and i > 1 and words[i - 1] in {"ask", "browse"} else w
            for i, w in enumerate(words)][1:]


def test_every_readme_command_is_run_or_covered() -> None:
    commands = readme_commands()
    known = set(ENVIRONMENT) | set(COVERED_BY) | set(RUN_HERE)
    assert [c for c in commands if c not in known] == [], "README commands with no test: add them to tests/test_readme.py"
    assert [c for c in known if c not in commands] == [], "commands listed here that the README no longer has"
    for where in COVERED_BY.values():
        path, _, name = where.partition("::")
        if path.startswith("tests/"):
            text = (ROOT / path).read_text()
            assert not name or f"def {name}(" in text, where


def test_every_hippograph_command_parses() -> None:
    """Each `hippograph ...` line resolves to a command whose options all exist."""
    import typer.main

    from hippograph.cli.main import app

    group = typer.main.get_command(app)
    assert hasattr(group, "resolve_command")
    for command in readme_commands():
        if not command.startswith("hippograph"):
            continue
        args = argv(command)
        with group.make_context("hippograph", list(args)) as ctx:
            rest = [*ctx._protected_args, *ctx.args]
            name, sub, sub_args = group.resolve_command(ctx, rest)
            assert sub is not None, command
            sub.make_context(name or "", sub_args, parent=ctx).close()


def test_the_python_example_runs(demo_app) -> None:  # type: ignore[no-untyped-def]
    from llama_index.core.llms import MockLLM

    [example] = [b for b in python_examples() if "HippographRetriever" in b]
    code = example.replace("Hippograph(load_settings())", "demo_app")
    scope = {"my_llama_index_llm": MockLLM(), "demo_app": demo_app}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - the README's own example
    assert scope["response"].source_nodes


def brand_passages() -> list[dict[str, str]]:
    """The demo corpus's passages of its question about Brand, in corpus order."""
    questions = json.loads((ROOT / "data" / "demo" / "questions.json").read_text(encoding="utf-8"))
    [brand] = [q for q in questions if q["question"] == "What country was the author of Brand a citizen of?"]
    titles = {p["title"] for p in brand["paragraphs"]}
    corpus = json.loads((ROOT / "data" / "demo" / "corpus.json").read_text(encoding="utf-8"))
    return [p for p in corpus if p["title"] in titles]


def test_readme_commands_run_as_written(neo4j_available, prefect_api, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hippograph.graph.neo4j_store import Neo4jStore

    with Neo4jStore(neo4j_available) as store:
        store.clear()
    docs = tmp_path / "docs"
    docs.mkdir()
    make_pdf(docs / "brand.pdf", [["Brand is a play by Henrik Ibsen."], ["It was written in 1865 in Rome."]],
             title="Brand (play)")
    (docs / "ibsen.html").write_text("<html><head><title>Henrik Ibsen</title></head><body><h1>Henrik Ibsen</h1>"
                                     "<p>Henrik Ibsen was a Norwegian playwright, a citizen of Norway.</p></body></html>")
    (docs / "notes.md").write_text("# Peer Gynt\n\nPeer Gynt is a play written by Henrik Ibsen in 1867.\n")
    make_docx(docs / "grieg.docx", ["Edvard Grieg wrote music for Peer Gynt."])
    # data/demo/corpus.json as the README names it: the demo question about Brand's 20 passages (supporting and
    # distracting). The whole demo corpus is ingested by `make demo`'s test (tests/test_packaging.py); here the
    # commands are what is checked, and all 295 documents would add 90 s of spaCy to every run
    (tmp_path / "data" / "demo").mkdir(parents=True)
    (tmp_path / "data" / "demo" / "corpus.json").write_text(json.dumps(brand_passages()), encoding="utf-8")
    env = {**os.environ, "HIPPOGRAPH_STORE__PATH": str(tmp_path / "store"), "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    serving = None
    try:
        for command in RUN_HERE:
            args = argv(command)
            if "serve" in args:
                serving = start_serving(args, env, tmp_path / "serve.log")
                continue
            done = subprocess.run([sys.executable, "-m", "hippograph.cli.main", *args], cwd=tmp_path, env=env,
                                  capture_output=True, text=True, timeout=600)
            assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
            if "ingest" in args:
                assert re.search(r"documents \d+: .* 0 failed", done.stdout), done.stdout
            if "ask" in args:
                assert "Answer" in done.stdout, done.stdout
            if "author of Brand" in command:  # the README's own claim for its example (its Neo4j Browser section)
                assert "Norway" in done.stdout, done.stdout
            if "browse" in args:
                assert "MATCH (q:Question" in done.stdout
    finally:
        if serving is not None:
            serving.terminate()
            serving.wait(30)


def test_argv_substitutes_only_question_placeholders() -> None:
    assert argv('hippograph ask "..." -k 3') == ["ask", PLACEHOLDER_QUESTION, "-k", "3"]
    assert argv("hippograph eval ... --damping 0.6")[1] == "..."
