#!/usr/bin/env bash
# Build speed of coldstart against Jekyll and Hugo on the same generated blog, measured
# in one run with hyperfine so the ratios are comparable on a shared, noisy machine.
#
#   benches/build_vs_peers.sh [POSTS]        (default 1000)
#
# Needs: python3, hyperfine, jekyll, hugo (Debian packages; installed when missing).
# The corpus comes from the developers' shared folder (COLDSTART_SHARED, default
# ../shared): bench/corpus.py writes the same posts for every generator, with bare
# templates (coldstart uses bench/bench-theme). A developer check, not a test: the
# test suite never reads that folder.
set -euo pipefail
cd "$(dirname "$0")/.."
posts="${1:-1000}"
shared="${COLDSTART_SHARED:-../shared}"
if [ ! -f "$shared/bench/corpus.py" ]; then
    echo "needs $shared/bench/corpus.py (the developers' shared folder; set COLDSTART_SHARED)" >&2
    exit 2
fi
missing=()
for tool in hyperfine jekyll hugo; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 "$shared/bench/corpus.py" "$posts" "$work/corpus" >/dev/null
bin="$PWD/target/release/coldstart"
hyperfine --warmup 1 --runs 5 --export-markdown "$work/results.md" \
    -n coldstart "$bin build -s $work/corpus/src -d $work/out-coldstart --theme $shared/bench/bench-theme" \
    -n jekyll "jekyll build -q -s $work/corpus/jekyll -d $work/out-jekyll" \
    -n hugo "hugo --quiet -s $work/corpus/hugo -d $work/out-hugo"
cat "$work/results.md"
