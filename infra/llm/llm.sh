#!/usr/bin/env bash
# A real OpenAI-compatible LLM endpoint on loopback: `transformers serve` with the packaged
# SmolLM2-135M-Instruct (converted once from its GGUF into ~/.cache/hippograph/smollm2-hf).
#
#   infra/llm/llm.sh start | stop | status
#
# Environment: HIPPOGRAPH_LLM_PORT (default 18080), HIPPOGRAPH_LLM_HOME (pid and log; default
# ~/.cache/hippograph/llm-server). Clients: HIPPOGRAPH_LLM__PROVIDER=openai-like
# HIPPOGRAPH_LLM__API_BASE=http://127.0.0.1:<port>/v1 HIPPOGRAPH_LLM__MODEL=<the folder>.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="${HIPPOGRAPH_LLM_PORT:-18080}"
home="${HIPPOGRAPH_LLM_HOME:-$HOME/.cache/hippograph/llm-server}"
model_dir="${HIPPOGRAPH_LLM_MODEL_DIR:-$HOME/.cache/hippograph/smollm2-hf}"
pidfile="$home/server.pid"
python_bin="${PYTHON:-python}"

log() { echo "llm.sh: $*" >&2; }
running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
healthy() { curl -fsS "http://127.0.0.1:$port/v1/models" >/dev/null 2>&1; }

start() {
  if running && healthy; then log "already running (pid $(cat "$pidfile"))"; echo "$model_dir"; return 0; fi
  mkdir -p "$home"
  "$python_bin" "$here/to_hf_folder.py" "$model_dir" >/dev/null
  log "starting transformers serve on 127.0.0.1:$port ($model_dir)"
  HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 nohup "$python_bin" -m transformers.cli.transformers serve "$model_dir" \
    --host 127.0.0.1 --port "$port" >"$home/server.log" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 180); do
    if ! running; then log "server exited; last lines of $home/server.log:"; tail -20 "$home/server.log" >&2; exit 1; fi
    if healthy; then log "up: http://127.0.0.1:$port/v1"; echo "$model_dir"; return 0; fi
    sleep 1
  done
  log "no answer within 180 s"; exit 1
}

stop() {
  if ! running; then rm -f "$pidfile"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; log "stopped"; return 0; }; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true; rm -f "$pidfile"; log "killed"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if running && healthy; then echo running; else echo stopped; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 64 ;;
esac
