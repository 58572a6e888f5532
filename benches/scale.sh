#!/usr/bin/env bash
# Build time and peak memory of coldstart at every size, against Hugo and Jekyll on the
# same content in the same run (a developer benchmark, never a test; the machine is
# shared and noisy, so compare the ratios, which are measured side by side).
#
#   benches/scale.sh [POSTS...]                (default: 1000 10000)
#
# For each POSTS: the blog from bench/corpus.py (Markdown, fenced code, tables, tags,
# series) built once by each generator; then coldstart again with every `series:` line
# removed (what a series costs); and coldstart's 10k/1k time. Then Zach Leatherman's
# Markdown benchmark (github:zachleat/bench-framework-markdown at $ZACH_COMMIT, plain
# pages) at 1,000 and 4,000 pages, with coldstart and Hugo. Skip Jekyll with NO_JEKYLL=1
# (it takes minutes at 10,000 posts).
#
# Targets (issue 14): 1k and 10k posts <= 0.35x Hugo's time, 10k <= Hugo's peak memory,
# 10k/1k time <= 11, series <= 1.10x no series, Zach's 4,000 pages <= 0.12x Hugo.
# The incremental rebuild after editing one post is examples/reload_latency.rs.
#
# Needs: python3, hugo, jekyll, git, GNU time (/usr/bin/time). The corpus generator
# comes from the developers' shared folder (COLDSTART_SHARED, default ../shared); Zach's
# corpus is read from a clone (ZACH_REPO, a git directory; cloned from GitHub into the
# scratch folder when unset), never copied into this repository.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
shared="${COLDSTART_SHARED:-../shared}"
ZACH_COMMIT=fbda1c16fdf9d06bc2a3d785207a05c5c7f3b148
for tool in python3 hugo git /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
[ -n "${NO_JEKYLL:-}" ] || command -v jekyll >/dev/null || { echo "needs jekyll (or NO_JEKYLL=1)" >&2; exit 2; }
[ -f "$shared/bench/corpus.py" ] || { echo "needs $shared/bench/corpus.py (set COLDSTART_SHARED)" >&2; exit 2; }
cargo build --release --quiet
bin="$PWD/target/release/coldstart"
theme="$(cd "$shared/bench/bench-theme" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# run NAME COMMAND...: runs COMMAND once, prints "NAME seconds peak-MB cpu-seconds",
# records them. CPU time (user + system, all threads) is printed beside the wall clock
# because on a shared machine the wall clock is mostly the others' load: back-to-back
# builds of the same 10,000 posts took 30 s and 100 s at load 13 with the same CPU time.
declare -A secs mem cpu
run() {
    local name="$1"; shift
    rm -rf "$work/out"
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" \
        || { echo "$name failed:" >&2; tail -5 "$work/stderr" >&2; exit 1; }
    read -r secs["$name"] kb user system <"$work/time"
    mem["$name"]=$((kb / 1024))
    cpu["$name"]=$(python3 -c "print(f'{$user + $system:.2f}')")
    printf '%-28s %8.2f s %7d MB %8.2f s CPU\n' "$name" "${secs[$name]}" "${mem[$name]}" "${cpu[$name]}"
}
# ratio A B: A's time over B's, two decimals.
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

for n in "${sizes[@]}"; do
    echo "== $n posts (bench/corpus.py)"
    corpus="$work/corpus-$n"
    python3 "$shared/bench/corpus.py" "$n" "$corpus" >/dev/null
    run "coldstart $n" "$bin" build -s "$corpus/src" -d "$work/out" --theme "$theme"
    run "hugo $n" hugo --quiet -s "$corpus/hugo" -d "$work/out"
    [ -n "${NO_JEKYLL:-}" ] || run "jekyll $n" jekyll build -q -s "$corpus/jekyll" -d "$work/out"
    sed -i '/^series:/d' "$corpus"/src/_posts/*
    run "coldstart $n, no series" "$bin" build -s "$corpus/src" -d "$work/out" --theme "$theme"
    echo "coldstart/hugo time $(ratio "${secs[coldstart $n]}" "${secs[hugo $n]}")," \
        "CPU $(ratio "${cpu[coldstart $n]}" "${cpu[hugo $n]}")," \
        "memory $(ratio "${mem[coldstart $n]}" "${mem[hugo $n]}");" \
        "series/no series $(ratio "${secs[coldstart $n]}" "${secs[coldstart $n, no series]}")"
    [ -n "${NO_JEKYLL:-}" ] || echo "coldstart/jekyll time $(ratio "${secs[coldstart $n]}" "${secs[jekyll $n]}")"
    rm -rf "$corpus"
done
if [ ${#sizes[@]} -ge 2 ]; then
    first="${sizes[0]}" last="${sizes[-1]}"
    echo "coldstart ${last}/${first} time $(ratio "${secs[coldstart $last]}" "${secs[coldstart $first]}")"
fi

zach="${ZACH_REPO:-}"
if [ -z "$zach" ]; then
    git clone --quiet --bare --filter=blob:none https://github.com/zachleat/bench-framework-markdown "$work/zach.git"
    zach="$work/zach.git"
fi
for pages in 1000 4000; do
    echo "== $pages pages (zachleat/bench-framework-markdown@${ZACH_COMMIT:0:7})"
    site="$work/zach-$pages"
    mkdir -p "$site/src/posts" "$site/hugo/content/posts" "$site/hugo/layouts/posts"
    git --git-dir="$zach" archive "$ZACH_COMMIT" "_markdown-samples/$pages" | tar -x -C "$site"
    cp "$site/_markdown-samples/$pages"/*.md "$site/src/posts/"
    mv "$site/_markdown-samples/$pages"/*.md "$site/hugo/content/posts/"
    printf 'title: Bench\ndefaults:\n  - scope: {path: ""}\n    values: {layout: default}\n' >"$site/src/_config.yml"
    git --git-dir="$zach" show "$ZACH_COMMIT:hugo/quickstart/config.toml" >"$site/hugo/config.toml"
    git --git-dir="$zach" show "$ZACH_COMMIT:hugo/quickstart/layouts/posts/single.html" \
        >"$site/hugo/layouts/posts/single.html"
    run "coldstart zach $pages" "$bin" build -s "$site/src" -d "$work/out" --theme "$theme"
    run "hugo zach $pages" hugo --quiet -D -s "$site/hugo" -d "$work/out"
    echo "coldstart/hugo time $(ratio "${secs[coldstart zach $pages]}" "${secs[hugo zach $pages]}")," \
        "CPU $(ratio "${cpu[coldstart zach $pages]}" "${cpu[hugo zach $pages]}")"
    rm -rf "$site"
done
