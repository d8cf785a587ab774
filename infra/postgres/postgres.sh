#!/usr/bin/env bash
# A private PostgreSQL cluster for the Prefect server: its own data directory and port, loopback
# only, one role with a generated password (kept in $HIPPOGRAPH_POSTGRES_HOME/password, mode 600,
# never printed or logged), and a database named "prefect".
#
#   infra/postgres/postgres.sh start | stop | status
#
# Environment: HIPPOGRAPH_POSTGRES_HOME (default infra/postgres/home), HIPPOGRAPH_POSTGRES_PORT
# (default 15433, so a system PostgreSQL on 5432 is left alone). Uses Debian's postgresql package
# (/usr/lib/postgresql/<version>/bin), installed here when missing and allowed (root + apt-get).
# PostgreSQL refuses to run as root: when started by root, the cluster runs as the unprivileged
# "postgres" system user (created by the package), which then owns the data directory.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
home="${HIPPOGRAPH_POSTGRES_HOME:-$here/home}"
port="${HIPPOGRAPH_POSTGRES_PORT:-15433}"
data="$home/data"
role="hippograph"
db="prefect"

log() { echo "postgres.sh: $*" >&2; }

bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -z "$d" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    log "installing Debian's postgresql package"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null || { apt-get update -q >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
    d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  fi
  [ -n "$d" ] || { log "PostgreSQL is not installed (Debian: apt-get install postgresql)"; exit 1; }
  echo "$d"
}

# run a PostgreSQL binary as the cluster's owner (runuser lives in /usr/sbin, often not on a CI's PATH)
runuser_bin() { command -v runuser 2>/dev/null || { for d in /usr/sbin /sbin; do [ -x "$d/runuser" ] && { echo "$d/runuser"; return; }; done; echo runuser; }; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then "$(runuser_bin)" -u postgres -- "$@"; else "$@"; fi
}

ready() { as_owner "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres >/dev/null 2>&1; }
running() { [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

init() {
  mkdir -p "$home"
  chmod 755 "$home"
  if [ ! -s "$home/password" ]; then
    (umask 077; od -An -N18 -tx1 /dev/urandom | tr -d ' \n' >"$home/password")
  fi
  if [ "$(id -u)" = 0 ]; then
    if ! "$(runuser_bin)" -u postgres -- test -x "$home"; then
      log "the postgres user cannot reach $home (a parent folder is private): set HIPPOGRAPH_POSTGRES_HOME under a folder others may traverse"
      exit 1
    fi
    chown postgres "$home/password"
    [ -d "$data" ] || { mkdir -p "$data"; chown postgres "$data"; }
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising a cluster in $data"
    as_owner "$bin/initdb" -D "$data" -U "$role" --pwfile="$home/password" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C >"$home/initdb.log" 2>&1 || { log "initdb failed:"; tail -20 "$home/initdb.log" >&2; exit 1; }
    {
      echo "listen_addresses = '127.0.0.1'"
      echo "port = $port"
      echo "unix_socket_directories = '$data'"
      echo "max_connections = 200"
      echo "shared_buffers = 128MB"
      echo "fsync = on"
      echo "log_min_messages = warning"
    } >>"$data/postgresql.conf"
  fi
}

start() {
  bin="$(bindir)"
  init
  if running && ready; then log "already running on 127.0.0.1:$port"; return 0; fi
  log "starting PostgreSQL on 127.0.0.1:$port (data $data)"
  as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -o "-p $port" -w -t 60 start >/dev/null \
    || { log "pg_ctl start failed; last lines of $data/server.log:"; tail -20 "$data/server.log" >&2; exit 1; }
  # the database, once (psql reads the password from the environment, not the command line)
  if ! PGPASSWORD="$(cat "$home/password")" "$bin/psql" -h 127.0.0.1 -p "$port" -U "$role" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    PGPASSWORD="$(cat "$home/password")" "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$role" "$db"
  fi
  echo "PostgreSQL is up on 127.0.0.1:$port (database $db, role $role, password in $home/password)"
}

stop() {
  bin="$(bindir)"
  if [ ! -f "$data/postmaster.pid" ]; then log "not running"; return 0; fi
  as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null 2>&1 || {
    log "fast stop failed; stopping immediately"; as_owner "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true; }
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) bin="$(bindir)"; if running && ready; then echo "running on 127.0.0.1:$port"; else echo "stopped"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac
