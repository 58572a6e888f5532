#!/usr/bin/env bash
# coldstart's function runtime against the real OpenFaaS watchdogs, same function,
# same run, with wrk at several concurrencies (a benchmark, not a test):
#
# - warm: coldstart's http mode vs of-watchdog `mode=http`, both proxying to the
#   same upstream (`upstream.py`, a stdlib HTTP server echoing the body), and that
#   upstream alone (the bare handler: what the proxying adds is the difference);
# - classic: coldstart's classic mode vs the classic watchdog, both forking `cat`.
#
#   benches/functions_watchdogs.sh WATCHDOGS [SECONDS] [CONCURRENCIES...]
#
# WATCHDOGS holds `of-watchdog` and `fwatchdog`, built outside this repository from
# their public sources (see the FaaS reference: of-watchdog 77e0a2e, classic-watchdog
# d2e0504, `GOFLAGS=-mod=vendor CGO_ENABLED=0 go build`). Needs wrk, python3 and the
# release binary (or the one COLDSTART_BIN names, to compare builds). Every function
# allows max_inflight 64, above the concurrencies run.
set -euo pipefail
cd "$(dirname "$0")/.."
watchdogs="$(cd "$1" && pwd)"
seconds="${2:-5}"
shift $(( $# >= 2 ? 2 : $# ))
concurrencies=("${@:-1 4 16}")
read -r -a concurrencies <<<"${concurrencies[*]}"
if [[ -z "${COLDSTART_BIN:-}" ]]; then cargo build --release --quiet; fi
bin="${COLDSTART_BIN:-$PWD/target/release/coldstart}"
work="$(mktemp -d)"
groups=()
# Each server runs in a process group of its own (`setsid`), ended whole: the
# watchdogs' and coldstart's function processes with them.
start() { # LOG COMMAND... (in $work)
    local log="$work/$1.log"; shift
    (cd "$work" && exec setsid "$@" >"$log" 2>&1) &
    groups+=($!)
}
stop() { kill -KILL -- "-$1" 2>/dev/null || true; }
cleanup() { for group in "${groups[@]}"; do stop "$group"; done; rm -rf "$work"; }
trap cleanup EXIT
keep_log() { cat "$work"/*.log >&2 2>/dev/null || true; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 500); do (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.02; done; echo "port $1 never opened" >&2; keep_log; exit 1; }

cat >"$work/upstream.py" <<'PY'
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit
class Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # TCP_NODELAY: no delayed-ACK stall on small answers
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        # Status, headers and body in one write, as a tuned handler would.
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
    def log_message(self, *args):
        pass
class Server(ThreadingHTTPServer):
    request_queue_size = 128  # not 5: a proxy opening 16 connections at once is not refused
    daemon_threads = True
Server(("127.0.0.1", urlsplit(os.environ["upstream_url"]).port), Echo).serve_forever()
PY
printf 'wrk.method = "POST"\nwrk.body = string.rep("x", 1024)\nwrk.headers["Content-Type"] = "text/plain"\n' >"$work/post.lua"

up_cs=$(free_port); up_of=$(free_port); up_bare=$(free_port)
mkdir -p "$work/site/_functions/echo"
cp "$work/upstream.py" "$work/site/_functions/echo/"
cat >"$work/site/_functions/stack.yml" <<YML
version: 1.0
provider: {name: openfaas}
functions:
  warm:
    lang: dockerfile
    handler: ./echo
    fprocess: python3 upstream.py
    environment: {mode: http, upstream_url: "http://127.0.0.1:$up_cs", max_inflight: 64}
  cat:
    lang: dockerfile
    handler: ./echo
    fprocess: cat
    environment: {max_inflight: 64}
YML
printf 'title: bench\n' >"$work/site/_config.yml"
cs=$(free_port); ofp=$(free_port); cl=$(free_port)
start serve "$bin" serve --port "$cs" -s "$work/site" --theme default
start bare env upstream_url="http://127.0.0.1:$up_bare" python3 upstream.py
for port in $cs $up_bare; do wait_port "$port"; done

run() { # NAME URL CONCURRENCY
    local out
    out=$(wrk -t"$(( $3 < 2 ? 1 : 2 ))" -c"$3" -d"${seconds}s" --latency -s "$work/post.lua" "$2")
    local rps p50 non2xx
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    printf '| %-28s | %3s | %10s | %9s | %s |\n' "$1" "$3" "$rps" "$p50" "${non2xx:-0}"
}
echo "| target | c | req/s | p50 | non-2xx |"
echo "|---|---|---|---|---|"

# Both watchdogs serve metrics on port 8081: one at a time.
# Warm: of-watchdog in http mode (the first call of each is the cold one).
start of env mode=http upstream_url="http://127.0.0.1:$up_of" fprocess="python3 upstream.py" \
    port=$ofp max_inflight=64 exec_timeout=10s healthcheck_interval=1s "$watchdogs/of-watchdog"
wait_port "$ofp"
curl -s -o /dev/null -d x "http://127.0.0.1:$cs/function/warm"
curl -s -o /dev/null -d x "http://127.0.0.1:$ofp/"
for c in "${concurrencies[@]}"; do
    run "bare upstream (no proxy)" "http://127.0.0.1:$up_bare/" "$c"
    run "coldstart http mode" "http://127.0.0.1:$cs/function/warm" "$c"
    run "of-watchdog mode=http" "http://127.0.0.1:$ofp/" "$c"
done
stop "${groups[-1]}"
while (echo >/dev/tcp/127.0.0.1/8081) 2>/dev/null; do sleep 0.1; done

# Classic: a process per call.
start classic env fprocess=cat port=$cl max_inflight=64 exec_timeout=10s suppress_lock=true "$watchdogs/fwatchdog"
wait_port "$cl"
for c in "${concurrencies[@]}"; do
    run "coldstart classic (cat)" "http://127.0.0.1:$cs/function/cat" "$c"
    run "classic watchdog (cat)" "http://127.0.0.1:$cl/" "$c"
done
