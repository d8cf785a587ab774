from __future__ import annotations

from pathlib import Path

import pytest

from hippograph.core.errors import ConfigError, HippographError, InputError
from hippograph.core.ids import bare_title, entity_id, normalize_entity, passage_id, sha256_id, triple_id
from hippograph.core.settings import load_settings


def test_ids_are_content_hashes_stable_across_processes() -> None:
    assert sha256_id("a", "b") == sha256_id("a", "b") and len(sha256_id("a", "b")) == 64
    assert sha256_id("a", "b") != sha256_id("ab")  # parts are separated
    assert passage_id("Some  text\n") == passage_id("Some text")
    assert passage_id("Some text").startswith("psg-")


def test_entity_normalisation_keeps_one_node_for_surface_variants() -> None:
    assert normalize_entity("  The  Göttingen-University! ") == "the gottingen university"
    assert entity_id("Göttingen University") == entity_id("gottingen  university")
    assert triple_id("Paris", "Capital of", "France") == triple_id("paris", "capital  of", "FRANCE")


def test_letters_without_a_decomposition_fold_to_a_letter_not_to_nothing() -> None:
    """NFKD leaves ł, ø, đ, æ, ß whole; dropping them made "Michał" "micha" and the question that
    spells the name could not find it (the reader's folded text kept the letter)."""
    from hippograph.retrieval.paths import _fold, surface_in

    assert normalize_entity("Michał Waszyński") == "michal waszynski"
    assert normalize_entity("Bjørn Ødegård") == "bjorn odegard" and normalize_entity("Đorđe") == "dorde"
    question = "Who directed Pod banderą miłości?"
    assert len(_fold(question)) == len(question)  # spans found in the folded text index the original
    assert surface_in(question, normalize_entity("Pod banderą miłości")) == "Pod banderą miłości"


def test_a_bare_title_drops_only_the_disambiguator() -> None:
    assert bare_title("Street Smart (film)") == "Street Smart" and bare_title(" Kassel ") == "Kassel"
    assert bare_title("Pi (mathematics) and me") == "Pi (mathematics) and me"  # only at the end
    assert bare_title("(film)") == "(film)"  # nothing left: the title stays


def test_settings_from_env_toml_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    toml = tmp_path / "h.toml"
    toml.write_text('[retrieval]\ndamping = 0.7\ntop_k = 9\n[store]\npath = "from-toml"\n')
    monkeypatch.setenv("HIPPOGRAPH_RETRIEVAL__TOP_K", "3")
    monkeypatch.setenv("HIPPOGRAPH_NEO4J__PASSWORD", "s3cret-value")
    s = load_settings(toml, store={"path": tmp_path / "override"})
    assert s.retrieval.damping == 0.7  # TOML
    assert s.retrieval.top_k == 3  # env beats TOML
    assert s.store.path == tmp_path / "override"  # explicit beats env
    assert s.neo4j.password is not None and s.neo4j.password.get_secret_value() == "s3cret-value"
    assert "s3cret-value" not in repr(s) and "s3cret-value" not in s.model_dump_json()


def test_bad_settings_raise_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml")
    monkeypatch.setenv("HIPPOGRAPH_RETRIEVAL__DAMPING", "1.5")
    with pytest.raises(ConfigError, match="damping"):
        load_settings()


def test_errors_share_one_root_and_name_the_input() -> None:
    err = InputError("corpus.jsonl", "malformed JSON", line=3)
    assert isinstance(err, HippographError)
    assert str(err) == "corpus.jsonl:3: malformed JSON"


def test_embed_dtype_auto_follows_the_cpu_flags(tmp_path: Path) -> None:
    from hippograph.core import embedding

    with_bf16 = tmp_path / "cpuinfo-bf16"
    with_bf16.write_text("flags\t: fpu avx2 avx512f avx512_bf16 avx512_vnni\n")
    without = tmp_path / "cpuinfo-plain"
    without.write_text("flags\t: fpu avx2\n")
    assert embedding.cpu_has_native_bf16(with_bf16)
    assert not embedding.cpu_has_native_bf16(without)
    assert not embedding.cpu_has_native_bf16(tmp_path / "missing")
    assert embedding.resolve_dtype("float32", "cpu") == "float32"
    assert embedding.resolve_dtype("bfloat16", "cuda") == "bfloat16"
    assert embedding.resolve_dtype("auto", "cuda") == "float32"
