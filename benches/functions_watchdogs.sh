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
# release binary (or the one COLDSTART_BIN names, to compare builds). ROUNDS=N runs
# each server N times per concurrency, interleaved, and the ratios compare medians:
# on a busy machine one 5 s run of each is noise.
#
# Every server allows `max_inflight` = the highest concurrency run, no more: a
# limiter that still counts a finished call when the client sends its next one
# shows up as 429s. A run is valid only if every answer is 2xx and each server
# echoes the body: the script prints each run's non-2xx and socket-error counts
# and exits 1 when any is not zero.
#
# of-watchdog streams the request body upstream chunked unless
# `http_buffer_req_body=true` (its README: "Use if your upstream HTTP server does
# not accept Transfer-Encoding: chunked"); Python's http.server does not, so it is
# set, and both proxies send the upstream the same Content-Length request.
set -euo pipefail
cd "$(dirname "$0")/.."
watchdogs="$(cd "$1" && pwd)"
seconds="${2:-5}"
shift $(( $# >= 2 ? 2 : $# ))
concurrencies=("${@:-1 4 16}")
read -r -a concurrencies <<<"${concurrencies[*]}"
rounds="${ROUNDS:-1}"
max_inflight=$(printf '%s\n' "${concurrencies[@]}" | sort -n | tail -1)
if [[ -z "${COLDSTART_BIN:-}" ]]; then cargo build --release --quiet; fi
bin="${COLDSTART_BIN:-$PWD/target/release/coldstart}"
work="$(mktemp -d "${TMPDIR:-/tmp}/functions-bench.XXXXXX")"
groups=()
# Each server runs in a process group of its own (`setsid`), ended whole: the
# watchdogs' and coldstart's function processes with them.
start() { # LOG COMMAND... (in $work)
    local log="$work/$1.log"; shift
    (cd "$work" && exec setsid "$@" >"$log" 2>&1) &
    groups+=($!)
    disown $! # killed by `stop`, without the shell's "Killed" notice
}
stop() { kill -KILL -- "-$1" 2>/dev/null || true; }
cleanup() { for group in "${groups[@]}"; do stop "$group"; done; rm -rf "$work"; }
trap cleanup EXIT
keep_log() { tail -n 20 "$work"/*.log >&2 2>/dev/null || true; }

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
        if "chunked" in self.headers.get("Transfer-Encoding", ""):
            # Not decoded: answered loudly rather than echoing an empty body.
            self.wfile.write(b"HTTP/1.1 411 Length Required\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            self.close_connection = True
            return
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
    environment: {mode: http, upstream_url: "http://127.0.0.1:$up_cs", max_inflight: $max_inflight}
  cat:
    lang: dockerfile
    handler: ./echo
    fprocess: cat
    environment: {max_inflight: $max_inflight}
YML
printf 'title: bench\n' >"$work/site/_config.yml"
cs=$(free_port); ofp=$(free_port); cl=$(free_port)
start serve "$bin" serve --port "$cs" -s "$work/site" --theme default
start bare env upstream_url="http://127.0.0.1:$up_bare" python3 upstream.py
for port in $cs $up_bare; do wait_port "$port"; done

declare -A rps_of p50_of
failures=0
run() { # NAME URL CONCURRENCY
    local out rps p50 non2xx socket
    out=$(wrk -t"$(( $3 < 2 ? 1 : 2 ))" -c"$3" -d"${seconds}s" --latency -s "$work/post.lua" "$2")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $5}' <<<"$out")
    # "Socket errors: connect A, read B, write C, timeout D"
    socket=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' <<<"$out")
    rps_of["$1 $3"]+="$rps "
    p50_of["$1 $3"]+="$(awk '/us$/ { print $1 + 0 } /[0-9]ms$/ { print $1 * 1000 } /[0-9]s$/ && !/[mu]s$/ { print $1 * 1e6 }' <<<"$p50") "
    printf '| %-28s | %3s | %10s | %9s | %7s | %6s |\n' "$1" "$3" "$rps" "$p50" "${non2xx:-0}" "${socket:-0}"
    if (( ${non2xx:-0} + ${socket:-0} > 0 )); then failures=$(( failures + 1 )); fi
}
check_echo() { # NAME URL: the body comes back whole before the server is measured
    local body answer
    body=$(head -c 1024 /dev/zero | tr '\0' x)
    # of-watchdog proxies before its upstream listens (500): retry, as a readiness probe would.
    for _ in $(seq 100); do
        answer=$(curl -s --fail-with-body -d "$body" "$2") && break
        sleep 0.05
    done || { echo "$1 answered an error: $answer" >&2; keep_log; exit 1; }
    if [[ "$answer" != "$body" ]]; then echo "$1 did not echo the body (${#answer} bytes back)" >&2; keep_log; exit 1; fi
}
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ratio() { # NUMERATOR DENOMINATOR C: of the median req/s over the rounds
    awk -v a="$(median <<<"${rps_of["$1 $3"]}")" -v b="$(median <<<"${rps_of["$2 $3"]}")" \
        'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}
echo "max_inflight $max_inflight everywhere, ${seconds}s per run, $rounds round(s), $(nproc) cores"
echo "| target | c | req/s | p50 | non-2xx | socket errors |"
echo "|---|---|---|---|---|---|"

# Both watchdogs serve metrics on port 8081: one at a time.
# Warm: of-watchdog in http mode (the first call of each is the cold one).
start of env mode=http upstream_url="http://127.0.0.1:$up_of" fprocess="python3 upstream.py" \
    http_buffer_req_body=true port=$ofp max_inflight="$max_inflight" exec_timeout=10s \
    healthcheck_interval=1s suppress_lock=true "$watchdogs/of-watchdog"
wait_port "$ofp"
check_echo "bare upstream" "http://127.0.0.1:$up_bare/"
check_echo "coldstart http mode" "http://127.0.0.1:$cs/function/warm"
check_echo "of-watchdog mode=http" "http://127.0.0.1:$ofp/"
for c in "${concurrencies[@]}"; do
    for _ in $(seq "$rounds"); do
        run "bare upstream (no proxy)" "http://127.0.0.1:$up_bare/" "$c"
        run "coldstart http mode" "http://127.0.0.1:$cs/function/warm" "$c"
        run "of-watchdog mode=http" "http://127.0.0.1:$ofp/" "$c"
    done
done
stop "${groups[-1]}"
while (echo >/dev/tcp/127.0.0.1/8081) 2>/dev/null; do sleep 0.1; done

# Classic: a process per call.
start classic env fprocess=cat port=$cl max_inflight="$max_inflight" exec_timeout=10s \
    suppress_lock=true "$watchdogs/fwatchdog"
wait_port "$cl"
check_echo "coldstart classic" "http://127.0.0.1:$cs/function/cat"
check_echo "classic watchdog" "http://127.0.0.1:$cl/"
for c in "${concurrencies[@]}"; do
    for _ in $(seq "$rounds"); do
        run "coldstart classic (cat)" "http://127.0.0.1:$cs/function/cat" "$c"
        run "classic watchdog (cat)" "http://127.0.0.1:$cl/" "$c"
    done
done

echo
echo "Median req/s ratios, and what proxying adds to the bare upstream's median p50:"
echo "| c | http: coldstart / of-watchdog | classic: coldstart / watchdog | coldstart http p50 − bare | of-watchdog p50 − bare |"
echo "|---|---|---|---|---|"
added() { # PROXY C: median p50 over the bare upstream's, in µs
    echo $(( $(median <<<"${p50_of["$1 $2"]}" | cut -d. -f1) - $(median <<<"${p50_of["bare upstream (no proxy) $2"]}" | cut -d. -f1) ))
}
for c in "${concurrencies[@]}"; do
    echo "| $c | $(ratio "coldstart http mode" "of-watchdog mode=http" "$c")× |" \
        "$(ratio "coldstart classic (cat)" "classic watchdog (cat)" "$c")× |" \
        "$(added "coldstart http mode" "$c") µs | $(added "of-watchdog mode=http" "$c") µs |"
done
if (( failures > 0 )); then
    echo "INVALID: $failures run(s) had non-2xx answers or socket errors (table above)" >&2
    keep_log
    exit 1
fi
