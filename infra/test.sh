#!/usr/bin/env bash
# Runs the whole test suite against real services started here: a Neo4j server (its own
# data directory, ports and password, so a developer's own server is left alone) and,
# once the Prefect issue lands, a Prefect server. Services are stopped on exit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

export HIPPOGRAPH_NEO4J_HOME="${HIPPOGRAPH_TEST_NEO4J_HOME:-$(mktemp -d /tmp/hippograph-test-neo4j.XXXXXX)}"
export HIPPOGRAPH_NEO4J_BOLT_PORT="${HIPPOGRAPH_TEST_BOLT_PORT:-17687}"
export HIPPOGRAPH_NEO4J_HTTP_PORT="${HIPPOGRAPH_TEST_HTTP_PORT:-17474}"
export HIPPOGRAPH_NEO4J__URI="bolt://127.0.0.1:${HIPPOGRAPH_NEO4J_BOLT_PORT}"
export HIPPOGRAPH_NEO4J__PASSWORD="${HIPPOGRAPH_TEST_NEO4J_PASSWORD:-test-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')}"
export HIPPOGRAPH_REQUIRE_NEO4J=1

cleanup() {
  infra/neo4j/neo4j.sh stop || true
  rm -rf "$HIPPOGRAPH_NEO4J_HOME"
}
trap cleanup EXIT

infra/neo4j/neo4j.sh start
python -m pytest "$@"
