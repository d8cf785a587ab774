"""The embedded store takes one writing process at a time: a second one is refused clearly,
readers are never blocked, and the claim goes with the process (even when it is killed)."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hippograph.core.errors import StoreError
from hippograph.graph.embedded import EmbeddedStore
from tests.conftest import doc, ingestor

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from hippograph.graph.embedded import EmbeddedStore
    store = EmbeddedStore(Path(sys.argv[1]))
    store.open()
    store.replace_synonyms([])  # a write transaction: claims the store
    print("claimed", flush=True)
    sys.stdin.readline()  # hold it until told
    store.close()
    print("released", flush=True)
    sys.stdin.readline()
""")


def _writer(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "claimed"
    return proc


def test_a_second_writing_process_is_refused_and_readers_are_not(tmp_path: Path, embedder) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "store"
    proc = _writer(path)
    store = EmbeddedStore(path)
    store.open()
    try:
        assert store.stats().documents == 0  # reading while another process holds the write claim
        with pytest.raises(StoreError, match=rf"another process \(pid {proc.pid}\) is writing to this embedded store"):
            ingestor(store, embedder, {}).ingest([doc("a", "Alpha is a town.")])
        assert store.stats().documents == 0

        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "released"
        report = ingestor(store, embedder, {}).ingest([doc("a", "Alpha is a town.")])
        assert report.failures == [] and store.stats().documents == 1
        # two store objects of one process on one folder share the claim
        other = EmbeddedStore(path)
        other.open()
        assert other.delete_document(doc("a", "Alpha is a town.").id) is True
        other.close()
    finally:
        store.close()
        proc.kill()
        proc.wait(10)


def test_the_claim_dies_with_a_killed_writer(tmp_path: Path) -> None:
    path = tmp_path / "store"
    proc = _writer(path)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    store = EmbeddedStore(path)
    store.open()
    try:
        assert store.replace_synonyms([]) == 0  # writes at once: no stale claim
    finally:
        store.close()
