#!/usr/bin/env bash
# Runs the whole test suite against real services started here: a Neo4j server (its own
# data directory, ports and password, so a developer's own server is left alone) and a
# Prefect server (its own PREFECT_HOME and port, on a private PostgreSQL cluster), and an
# OpenAI-compatible LLM endpoint. All are stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export HIPPOGRAPH_NEO4J_HOME="${HIPPOGRAPH_TEST_NEO4J_HOME:-$(mktemp -d /tmp/hippograph-test-neo4j.XXXXXX)}"
export HIPPOGRAPH_NEO4J_BOLT_PORT="${HIPPOGRAPH_TEST_BOLT_PORT:-17687}"
export HIPPOGRAPH_NEO4J_HTTP_PORT="${HIPPOGRAPH_TEST_HTTP_PORT:-17474}"
export HIPPOGRAPH_NEO4J__URI="bolt://127.0.0.1:${HIPPOGRAPH_NEO4J_BOLT_PORT}"
export HIPPOGRAPH_NEO4J__PASSWORD="${HIPPOGRAPH_TEST_NEO4J_PASSWORD:-test-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')}"
export HIPPOGRAPH_NEO4J__BROWSER_URL="http://127.0.0.1:${HIPPOGRAPH_NEO4J_HTTP_PORT}/browser/"
export HIPPOGRAPH_REQUIRE_NEO4J=1

export HIPPOGRAPH_PREFECT_HOME="${HIPPOGRAPH_TEST_PREFECT_HOME:-$(mktemp -d /tmp/hippograph-test-prefect.XXXXXX)}"
export HIPPOGRAPH_PREFECT_PORT="${HIPPOGRAPH_TEST_PREFECT_PORT:-14200}"
export PREFECT_HOME="$HIPPOGRAPH_PREFECT_HOME"
export PREFECT_API_URL="http://127.0.0.1:${HIPPOGRAPH_PREFECT_PORT}/api"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_RUNNER_POLL_FREQUENCY=1
export HIPPOGRAPH_REQUIRE_PREFECT=1
# the Prefect server's database: a private PostgreSQL cluster (infra/postgres), stopped with the server
export HIPPOGRAPH_PREFECT_DB="${HIPPOGRAPH_TEST_PREFECT_DB:-postgres}"
export HIPPOGRAPH_POSTGRES_HOME="${HIPPOGRAPH_TEST_POSTGRES_HOME:-$(mktemp -d /tmp/hippograph-test-postgres.XXXXXX)}"
export HIPPOGRAPH_POSTGRES_PORT="${HIPPOGRAPH_TEST_POSTGRES_PORT:-15432}"
export HIPPOGRAPH_REQUIRE_ALL=1   # a missing chromedriver, shared data or server fails the run instead of skipping

export HIPPOGRAPH_LLM_PORT="${HIPPOGRAPH_TEST_LLM_PORT:-18080}"
export HIPPOGRAPH_LLM_HOME="${HIPPOGRAPH_TEST_LLM_HOME:-$(mktemp -d /tmp/hippograph-test-llm.XXXXXX)}"
export HIPPOGRAPH_TEST_LLM_API_BASE="http://127.0.0.1:${HIPPOGRAPH_LLM_PORT}/v1"

cleanup() {
  infra/llm/llm.sh stop || true
  infra/prefect/prefect.sh stop || true
  infra/neo4j/neo4j.sh stop || true
  rm -rf "$HIPPOGRAPH_NEO4J_HOME" "$HIPPOGRAPH_PREFECT_HOME" "$HIPPOGRAPH_POSTGRES_HOME" "$HIPPOGRAPH_LLM_HOME"
}
trap cleanup EXIT

# headless Chromium for the Neo4j Browser test (Debian packages; installed once per machine)
if ! command -v chromedriver >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "test.sh: installing chromium and chromium-driver (Debian packages)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null || apt-get update -q >/dev/null && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null
fi

infra/neo4j/neo4j.sh start
infra/prefect/prefect.sh start
# a real OpenAI-compatible endpoint (transformers serve + the packaged SmolLM2) for the openai-like provider
HIPPOGRAPH_TEST_LLM_MODEL="$(infra/llm/llm.sh start)"
export HIPPOGRAPH_TEST_LLM_MODEL
python -m pytest "$@"
