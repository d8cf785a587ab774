#!/usr/bin/env bash
# A local Prefect server for hippograph (loopback only, analytics off, project-local PREFECT_HOME).
#
#   infra/prefect/prefect.sh start | stop | restart | status
#
# Environment: HIPPOGRAPH_PREFECT_HOME (default infra/prefect/home), HIPPOGRAPH_PREFECT_PORT (4200),
# HIPPOGRAPH_PREFECT_DB: "postgres" (the default: a private PostgreSQL cluster started by
# infra/postgres/postgres.sh, stopped with the server) or "sqlite" (Prefect's own file database,
# which locks under many concurrent flow runs).
# Point clients at it with PREFECT_API_URL=http://127.0.0.1:<port>/api (the start command prints it).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PREFECT_HOME="${HIPPOGRAPH_PREFECT_HOME:-$here/home}"
port="${HIPPOGRAPH_PREFECT_PORT:-4200}"
pidfile="$PREFECT_HOME/server.pid"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
export PREFECT_SERVER_UI_ENABLED="${PREFECT_SERVER_UI_ENABLED:-true}"
export PREFECT_API_URL="http://127.0.0.1:$port/api"
prefect_bin="${PREFECT_BIN:-prefect}"
db="${HIPPOGRAPH_PREFECT_DB:-postgres}"
postgres="$here/../postgres/postgres.sh"
export HIPPOGRAPH_POSTGRES_HOME="${HIPPOGRAPH_POSTGRES_HOME:-$PREFECT_HOME/postgres}"

log() { echo "prefect.sh: $*" >&2; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
healthy() { curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; }

start() {
  if running && healthy; then
    log "already running (pid $(cat "$pidfile"))"; echo "PREFECT_API_URL=$PREFECT_API_URL"; return 0
  fi
  if healthy; then
    log "port $port already serves another Prefect server; set HIPPOGRAPH_PREFECT_PORT"; exit 1
  fi
  mkdir -p "$PREFECT_HOME"
  case "$db" in
    postgres)
      "$postgres" start >&2
      # the password goes to the server's environment only (never to the command line or a log)
      PREFECT_API_DATABASE_CONNECTION_URL="postgresql+asyncpg://hippograph:$(cat "$HIPPOGRAPH_POSTGRES_HOME/password")@127.0.0.1:${HIPPOGRAPH_POSTGRES_PORT:-15433}/prefect"
      export PREFECT_API_DATABASE_CONNECTION_URL ;;
    sqlite) unset PREFECT_API_DATABASE_CONNECTION_URL ;;
    *) log "HIPPOGRAPH_PREFECT_DB must be postgres or sqlite, not '$db'"; exit 64 ;;
  esac
  log "starting Prefect server on 127.0.0.1:$port (PREFECT_HOME=$PREFECT_HOME, database: $db)"
  nohup "$prefect_bin" server start --host 127.0.0.1 --port "$port" >"$PREFECT_HOME/server.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if ! running; then log "server exited; last lines of $PREFECT_HOME/server.log:"; tail -20 "$PREFECT_HOME/server.log" >&2; exit 1; fi
    if healthy; then
      echo "Prefect server is up: UI http://127.0.0.1:$port  PREFECT_API_URL=$PREFECT_API_URL"; return 0
    fi
    sleep 1
  done
  log "the server did not answer within 120 s"; exit 1
}

stop() {
  stop_server
  if [ "$db" = postgres ]; then "$postgres" stop; fi
}

stop_server() {
  if ! running; then log "not running"; rm -f "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 30); do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$pidfile"; log "stopped"; return 0; fi
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$pidfile"; log "killed after 30 s"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop_server; start ;;  # the server only: its database keeps running
  status) if running && healthy; then echo "running (pid $(cat "$pidfile"))"; else echo "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 64 ;;
esac
