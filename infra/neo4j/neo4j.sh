#!/usr/bin/env bash
# Neo4j Community 5.26 LTS for hippograph, assembled from Maven Central and run on Java 17.
#
#   infra/neo4j/neo4j.sh start    assemble (once, cached), start, wait for Bolt, print the URLs
#   infra/neo4j/neo4j.sh stop     stop it
#   infra/neo4j/neo4j.sh status   running or not
#
# Environment:
#   HIPPOGRAPH_NEO4J__PASSWORD   password of user neo4j (required on first start; never defaulted)
#   HIPPOGRAPH_NEO4J_HOME        run directory for data, logs, conf (default: infra/neo4j/run)
#   HIPPOGRAPH_NEO4J_LIB         where the server jars are kept (default: ~/.cache/hippograph/neo4j-<version>)
#   HIPPOGRAPH_NEO4J_BOLT_PORT / HIPPOGRAPH_NEO4J_HTTP_PORT   (default 7687 / 7474, bound to 127.0.0.1)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$here/pom.xml")"
run="${HIPPOGRAPH_NEO4J_HOME:-$here/run}"
lib="${HIPPOGRAPH_NEO4J_LIB:-$HOME/.cache/hippograph/neo4j-$version}"
bolt_port="${HIPPOGRAPH_NEO4J_BOLT_PORT:-7687}"
http_port="${HIPPOGRAPH_NEO4J_HTTP_PORT:-7474}"
pidfile="$run/neo4j.pid"
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"

log() { echo "neo4j.sh: $*" >&2; }

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

assemble() {
  if [ -f "$lib/.complete" ]; then return; fi
  log "assembling Neo4j $version from Maven Central into $lib (once per machine)"
  mkdir -p "$lib"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies -DoutputDirectory="$lib" -Dmdep.overWriteIfNewer=true
  touch "$lib/.complete"
}

start() {
  if running; then
    log "already running (pid $(cat "$pidfile")): bolt://127.0.0.1:$bolt_port  http://127.0.0.1:$http_port/browser/"
    return 0
  fi
  if listening "$bolt_port"; then
    log "port $bolt_port is already taken by another process; set HIPPOGRAPH_NEO4J_BOLT_PORT"
    exit 1
  fi
  assemble
  mkdir -p "$run/conf" "$run/data" "$run/logs" "$run/import" "$run/plugins"
  cp "$here/conf/neo4j.conf" "$run/conf/neo4j.conf"
  cat >> "$run/conf/neo4j.conf" <<CONF
server.directories.data=$run/data
server.directories.logs=$run/logs
server.directories.import=$run/import
server.directories.plugins=$run/plugins
server.bolt.listen_address=127.0.0.1:$bolt_port
server.bolt.advertised_address=127.0.0.1:$bolt_port
server.http.listen_address=127.0.0.1:$http_port
server.http.advertised_address=127.0.0.1:$http_port
CONF
  # the project's Browser style applies itself on connect (the GRASS file as inline JSON)
  python3 "$here/../../graph/guide.py" post-connect "$here/../../graph/browser/hippograph.grass" >> "$run/conf/neo4j.conf"
  if [ ! -f "$run/data/dbms/auth.ini" ]; then
    if [ -z "${HIPPOGRAPH_NEO4J__PASSWORD:-}" ]; then
      log "HIPPOGRAPH_NEO4J__PASSWORD is not set: choose the password of user neo4j (8+ characters)"
      exit 2
    fi
    NEO4J_HOME="$run" NEO4J_CONF="$run/conf" "$java_bin" -cp "$lib/*" org.neo4j.cli.AdminTool \
      dbms set-initial-password "$HIPPOGRAPH_NEO4J__PASSWORD" >/dev/null
  fi
  log "starting Neo4j $version (logs: $run/logs/console.log)"
  NEO4J_HOME="$run" NEO4J_CONF="$run/conf" nohup "$java_bin" -cp "$lib/*" \
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true \
    org.neo4j.server.CommunityEntryPoint --home-dir="$run" --config-dir="$run/conf" \
    >"$run/logs/console.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 180); do
    if ! running; then
      log "Neo4j exited during start-up; last lines of $run/logs/console.log:"
      tail -20 "$run/logs/console.log" >&2
      exit 1
    fi
    if listening "$bolt_port" && listening "$http_port"; then
      echo "Neo4j $version is up: bolt://127.0.0.1:$bolt_port  Browser: http://127.0.0.1:$http_port/browser/"
      return 0
    fi
    sleep 1
  done
  log "Bolt did not answer on port $bolt_port within 180 s"
  exit 1
}

stop() {
  if ! running; then log "not running"; rm -f "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then rm -f "$pidfile"; log "stopped"; return 0; fi
    sleep 1
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  log "killed after 60 s"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) if running; then echo "running (pid $(cat "$pidfile"))"; else echo "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|restart|status" >&2; exit 64 ;;
esac
