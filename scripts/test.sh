#!/usr/bin/env bash
# Runs coldstart's whole test suite on a fresh Debian machine: installs what the tests
# need (Jekyll for the differential tests, Chromium and chromedriver for the live-reload
# browser test), checks formatting and lints, then runs
# `cargo test`. Tests that need a tool fail loudly when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
command -v jekyll >/dev/null 2>&1 || packages+=(jekyll)
command -v python3 >/dev/null 2>&1 || packages+=(python3)
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

cargo fmt --check
cargo clippy --all-targets --quiet -- -D warnings
cargo test "$@"
