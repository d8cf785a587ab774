"""Neo4j Browser, served by the started server, driven in headless Chromium with what `browse` prints."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from hippograph.graph.guide import guide_queries, post_connect_line, style_text
from tests.conftest import doc, ingestor, require

ROOT = Path(__file__).resolve().parents[2]


def test_guide_has_the_documented_queries() -> None:
    q = guide_queries()
    assert set(q) == {1, 2, 3, 4, 5, 6}
    assert all("$" in q[i] for i in (2, 3, 4, 6))
    assert "node.Entity" in style_text()


def test_post_connect_style_is_the_grass_file() -> None:
    import json

    line = post_connect_line(style_text())
    assert line.startswith("browser.post_connect_cmd=style {") and ";" not in line  # the Browser splits on ;
    rules = json.loads(line.split("style ", 1)[1])
    assert rules["relationship.RELATION"]["caption"] == "{predicate}" and rules["node.Entity"]["caption"] == "{display}"
    assert rules["node.Document"]["caption"] != rules["node.Passage"]["caption"]
    assert {"node.Question", "relationship.SEED", "relationship.CITES", "relationship.ANSWER"} <= set(rules)


def test_browser_draws_what_browse_prints(neo4j_available, embedder, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Ingest, run `hippograph browse`, connect Neo4j Browser (the style applies itself), type
    the printed lines as they are, run them, and read the drawing: the question, the answer
    path's predicate, entity surface forms and the evidence marks."""
    require(shutil.which("chromedriver") is not None, "chromedriver (Debian chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait
    from typer.testing import CliRunner

    from hippograph.cli.main import app
    from hippograph.graph.neo4j_store import Neo4jStore

    with Neo4jStore(neo4j_available) as store:
        store.clear()
        ingestor(store, embedder, {
            "Brand": [("Brand", "written by", "Henrik Ibsen")],
            "Ibsen": [("Henrik Ibsen", "citizen of", "Norway"), ("Henrik Ibsen", "born in", "Skien")],
        }).ingest([doc("brand", "Brand is a play written by Henrik Ibsen in 1865.", title="Brand (play)"),
                   doc("ibsen", "Henrik Ibsen was a citizen of Norway, born in Skien.", title="Henrik Ibsen")])
    http_port = os.environ.get("HIPPOGRAPH_NEO4J_HTTP_PORT", "7474")
    monkeypatch.setenv("HIPPOGRAPH_NEO4J__BROWSER_URL", f"http://127.0.0.1:{http_port}/browser/")
    printed = CliRunner().invoke(app, ["--store", "neo4j", "browse", "What country was the author of Brand a citizen of?"])
    assert printed.exit_code == 0, printed.output
    url = next(line for line in printed.output.splitlines() if line.startswith("// Open ")).split()[2]
    bolt = neo4j_available.uri.removeprefix("bolt://")

    opts = Options()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path / 'chromium'}"):
        opts.add_argument(arg)
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    shot = ROOT / "results" / "neo4j-browser.png"
    shot.parent.mkdir(exist_ok=True)
    shot.unlink(missing_ok=True)
    try:
        wait = WebDriverWait(driver, 60)
        driver.get(url)  # the printed URL, with the Bolt address pre-filled
        address = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=boltaddress]")))
        assert bolt in (address.get_attribute("value") or "")
        Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=bolt-scheme-select]")).select_by_visible_text("bolt://")
        driver.find_element(By.CSS_SELECTOR, "[data-testid=username]").send_keys("neo4j")
        assert neo4j_available.password is not None
        driver.find_element(By.CSS_SELECTOR, "[data-testid=password]").send_keys(neo4j_available.password.get_secret_value())
        driver.find_element(By.CSS_SELECTOR, "[data-testid=connect]").click()
        wait.until(ec.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=disconnectedBanner]")))
        time.sleep(3)  # the post-connect :style command runs

        frames = len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=frame]"))
        editor = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=activeEditor]")))
        editor.click()
        time.sleep(0.5)
        active = driver.switch_to.active_element
        for line in printed.output.rstrip("\n").splitlines():  # typed as printed, one line after another
            active.send_keys(line)
            active.send_keys(Keys.SHIFT, Keys.ENTER)
        time.sleep(0.5)
        driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=frame]")) > frames)
        nodes = WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "svg g.node") or False)
        time.sleep(3)
        driver.save_screenshot(str(shot))
        node_text = " ".join(" ".join(n.text.split()) for n in driver.find_elements(By.CSS_SELECTOR, "svg g.node"))
        edge_text = " ".join(" ".join(r.text.split()) for r in driver.find_elements(By.CSS_SELECTOR, "svg g.relationship"))
        assert len(nodes) <= 25
        assert "Henrik Ibsen" in node_text  # the entity's surface form, not its normalised name
        assert "Q: " in node_text  # the question node
        assert "passage" in node_text  # a cited passage, captioned as one
        assert "citizen of" in edge_text or "written by" in edge_text, edge_text  # a fact edge shows its predicate
        assert "seed" in edge_text and "cites" in edge_text
    finally:
        if not shot.exists():
            driver.save_screenshot(str(shot))
        driver.quit()
