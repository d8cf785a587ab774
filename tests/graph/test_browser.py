"""Neo4j Browser, served by the started server, driven in headless Chromium with a guide query."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from hippograph.graph.guide import STYLE, guide_queries
from tests.conftest import doc, ingestor, require

ROOT = Path(__file__).resolve().parents[2]


def test_guide_has_the_documented_queries() -> None:
    q = guide_queries()
    assert set(q) == {1, 2, 3, 4, 5, 6}
    assert all("$" in q[i] for i in (2, 3, 4, 6))
    assert "node.Entity" in STYLE.read_text()


def test_browser_draws_a_guide_query(neo4j_available, embedder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    require(shutil.which("chromedriver") is not None, "chromedriver (Debian chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from hippograph.graph.neo4j_store import Neo4jStore

    store = Neo4jStore(neo4j_available)
    store.open()
    store.clear()
    ingestor(store, embedder, {"Ada": [("Ada Lovelace", "wrote", "Notes"), ("Ada Lovelace", "born in", "London")]}).ingest(
        [doc("ada", "Ada Lovelace wrote the Notes in London.", title="Ada Lovelace")]
    )
    store.close()
    bolt = neo4j_available.uri.removeprefix("bolt://")
    http_port = os.environ.get("HIPPOGRAPH_NEO4J_HTTP_PORT", "7474")

    opts = Options()
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                "--no-first-run", "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                f"--user-data-dir={tmp_path / 'chromium'}"):
        opts.add_argument(arg)
    opts.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)
    shot = ROOT / "results" / "neo4j-browser.png"
    shot.parent.mkdir(exist_ok=True)
    try:
        wait = WebDriverWait(driver, 60)
        driver.get(f"http://127.0.0.1:{http_port}/browser/")
        address = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=boltaddress]")))
        Select(driver.find_element(By.CSS_SELECTOR, "[data-testid=bolt-scheme-select]")).select_by_visible_text("bolt://")
        address.send_keys(Keys.CONTROL, "a")
        address.send_keys(bolt)
        driver.find_element(By.CSS_SELECTOR, "[data-testid=username]").send_keys("neo4j")
        assert neo4j_available.password is not None
        driver.find_element(By.CSS_SELECTOR, "[data-testid=password]").send_keys(neo4j_available.password.get_secret_value())
        driver.find_element(By.CSS_SELECTOR, "[data-testid=connect]").click()
        wait.until(ec.invisibility_of_element_located((By.CSS_SELECTOR, "[data-testid=disconnectedBanner]")))

        def run(command: str) -> None:
            frames = len(driver.find_elements(By.CSS_SELECTOR, "[data-testid=frame]"))
            editor = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "[data-testid=activeEditor]")))
            editor.click()
            time.sleep(0.5)
            active = driver.switch_to.active_element
            active.send_keys(command)
            time.sleep(0.5)
            driver.find_element(By.CSS_SELECTOR, "[data-testid=editor-Run]").click()
            wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "[data-testid=frame]")) > frames)
            time.sleep(1)

        time.sleep(2)
        run(":param title => 'Ada Lovelace'")
        run(guide_queries()[2].replace("\n", " "))
        nodes = WebDriverWait(driver, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "svg g.node") or False)
        time.sleep(2)
        driver.save_screenshot(str(shot))
        labels = " ".join(" ".join(n.text.split()) for n in driver.find_elements(By.CSS_SELECTOR, "svg g.node")).lower()
        assert len(nodes) >= 4  # document, passage and entities drawn
        assert "ada lovelace" in labels and "london" in labels and "notes" in labels
    finally:
        if not shot.exists():
            driver.save_screenshot(str(shot))
        driver.quit()
