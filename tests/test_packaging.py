"""The wheel works alone: one top-level package, every subpackage, demo data and Browser files
inside; installed into a fresh virtual environment with no checkout and no editable finder
importable, `hippograph demo -n 1` runs from an empty directory."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python < 3.11
    tomllib = None  # type: ignore[assignment]


def _declared_packages() -> set[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(data["tool"]["setuptools"]["packages"])


def test_every_folder_with_an_init_is_a_declared_package() -> None:
    found = {"hippograph"}
    for init in ROOT.glob("**/__init__.py"):
        rel = init.parent.relative_to(ROOT)
        if rel.parts and rel.parts[0] in {"tests", "build", ".git", "infra"}:
            continue
        if rel.parts:
            found.add("hippograph." + ".".join(rel.parts))
    assert found == _declared_packages()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "warning" not in proc.stderr.lower(), proc.stderr[-2000:]
    [whl] = list(out.glob("hippograph-*.whl"))
    return whl


def test_the_wheel_holds_hippograph_and_nothing_else(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"hippograph"}
    for pkg in _declared_packages():
        assert "/".join(pkg.split(".")) + "/__init__.py" in names, pkg
    for data in ("hippograph/data/demo/corpus.json", "hippograph/data/demo/questions.json",
                 "hippograph/graph/browser/guide.cypher", "hippograph/graph/browser/hippograph.grass",
                 "hippograph/retrieval/reader_model.json", "hippograph/retrieval/reader_model_llm.json",
                 "hippograph/retrieval/entity_types.json", "hippograph/evaluation/reader_rows.npz"):
        assert data in names, data
    assert not any(n.startswith("hippograph/tests/") for n in names)


def test_the_installed_wheel_runs_the_demo_from_an_empty_directory(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # the heavy dependencies come from this environment, as a folder of links to its packages
    # without hippograph itself (installed or editable); a plain path entry, so no .pth file
    # (an editable finder) of this environment is processed and no checkout is importable
    deps = tmp_path / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.lower().startswith(("hippograph", "__editable__")) and entry.suffix != ".pth":
            (deps / entry.name).symlink_to(entry)
    (site / "deps.pth").write_text(str(deps) + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "HIPPOGRAPH_"))}
    where = subprocess.run([str(py), "-c", "import hippograph.cli.main as m; print(m.__file__)"], cwd=empty, env=env,
                           capture_output=True, text=True, check=True).stdout.strip()
    assert where.startswith(str(site)), where
    proc = subprocess.run([str(venv / "bin" / "hippograph"), "demo", "-n", "1"], cwd=empty, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "295 documents" in proc.stdout and "Answer" in proc.stdout
