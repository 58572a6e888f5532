#!/usr/bin/env bash
# Jekyll parity on real, public Jekyll sites that nobody on this project wrote: each site is
# built by real Jekyll and by coldstart (bare layouts, ../shared/bench/parity.py; with the
# site's own layouts, ../shared/bench/siteparity.py with --own-layouts) and every post is
# compared on URL, heading ids, link targets and text.
#
#   benches/real_sites.sh CHECKOUTS [--own-layouts]
#
# CHECKOUTS is a folder holding one checkout per site, named OWNER+NAME, at the commit listed
# below (git clone, then git checkout COMMIT). The sites themselves are never copied into this
# repository. Each is prepared as a user without Ruby's bundler would: Gemfiles removed (Debian's
# Jekyll), and plugins Debian does not package dropped from _config.yml (listed per site).
# Needs: jekyll and the ruby-jekyll-* plugins the sites load (scripts/test.sh installs most;
# also ruby-jekyll-avatar, ruby-jekyll-mentions, and jekyll-theme-minima for the gem-theme sites).
set -euo pipefail
cd "$(dirname "$0")/.."
checkouts="$(cd "$1" && pwd)"
script=../shared/bench/parity.py
[ "${2:-}" = --own-layouts ] && script=../shared/bench/siteparity.py
cargo build --release --quiet
bin="$PWD/target/release/coldstart"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Edits a user of Debian's Jekyll 4.3.1 (Psych 4, libsass) must make before Jekyll builds the
# site; coldstart builds it as it is either way.
prepare_Homebrew+brew.sh() {
    # Psych 4 refuses the symbol `:title` in an unquoted permalink.
    sed -i -E 's/^(\s*permalink: )(:.*)$/\1"\2"/' "$1/_config.yml"
    # libsass has no `@use "sass:meta"`.
    sed -i -e 's|^@use "sass:meta";|// sass:meta dropped for libsass|' \
        -e 's|@include meta.load-css("pygments");|@import "pygments";|' "$1/assets/css/style.scss"
}

prepare_llogiq+llogiq.github.io() {
    # Jekyll 4 no longer reads `gems:`; its successor is `plugins:`.
    sed -i 's/^gems:/plugins:/' "$1/_config.yml"
}

prepare_jalammar+jalammar.github.io() {
    # Jekyll 4 reads `plugins:`, not `gems:`; Psych 4 refuses the symbol `:expanded`.
    sed -i -e 's/^gems:/plugins:/' -e 's/style: :expanded/style: expanded/' "$1/_config.yml"
}

prepare_jekyll+minima() {
    # The theme's own repository lists the plugins its layouts need only in a comment.
    printf '\nplugins:\n  - jekyll-feed\n  - jekyll-seo-tag\n' >>"$1/_config.yml"
}

prepare_openfaas+openfaas.github.io() {
    # No remote themes offline; GitHub Pages loads jekyll-gist, plain Jekyll only when listed.
    sed -i -e 's/^remote_theme:/#remote_theme:/' -e '/^\s*- jekyll-remote-theme\s*$/d' \
        -e 's/^  - jekyll-redirect-from$/  - jekyll-redirect-from\n  - jekyll-gist/' "$1/_config.yml"
}

prepare_github+choosealicense.com() {
    # Debian has no jekyll-coffeescript; Psych 4 refuses `:compressed`; github-metadata
    # offline needs the repository named.
    sed -i -e '/jekyll-coffeescript/d' -e 's/style: :compressed/style: compressed/' "$1/_config.yml"
    echo 'repository: github/choosealicense.com' >>"$1/_config.yml"
}

# The GitHub Pages themes' own repositories name themselves as a gem theme (not installed)
# and get their plugins from GitHub Pages.
prepare_pages_theme() {
    sed -i '/^theme:/d' "$1/_config.yml"
    printf 'plugins:\n  - jekyll-seo-tag\n  - jekyll-github-metadata\nrepository: pages-themes/%s\n' "$2" \
        >>"$1/_config.yml"
}
prepare_s-tikhomirov+s-tikhomirov.github.io() {
    # The jekyll-theme-minimal gem is not installed (the site has its own layouts); Psych 4
    # refuses symbols such as `:expanded`.
    sed -i -e '/^theme:/d' -E -e 's/: :([a-z]+)/: \1/' "$1/_config.yml"
}

prepare_pages-themes+cayman() { prepare_pages_theme "$1" cayman; }
prepare_pages-themes+minimal() { prepare_pages_theme "$1" minimal; }

# Jekyll 4 reads `plugins:`, not `gems:`; Psych 4 refuses symbols such as `:expanded`.
prepare_psych4() { sed -i -e 's/^gems:/plugins:/' -E -e 's/: :([a-z]+)/: \1/' "$1/_config.yml"; }
prepare_ajcr+ajcr.github.io() { prepare_psych4 "$1"; }
prepare_amitmerchant1990+reverie() { prepare_psych4 "$1"; }
prepare_TaylanTatli+Moon() { prepare_psych4 "$1"; }

# libsass has no `max()` of mixed units, nor `sass:math`; coldstart's Sass has both.
prepare_niklasbuschmann+contrast() {
    sed -i 's/max(1.5em, 22% - 6rem)/unquote("max(1.5em, 22% - 6rem)")/' "$1/assets/css/frame.sass"
    sed -i 's/max(1.5em, calc(42% - 16rem))/unquote("max(1.5em, calc(42% - 16rem))")/' \
        "$1/assets/css/index.sass"
}
prepare_yat_sass() {
    python3 - "$1" <<'PY'
import re, sys
s = open(sys.argv[1]).read().replace("@use 'sass:math';", "").replace("@use 'sass:meta';", "")
s = re.sub(r"@if meta\.function-exists\('div', 'math'\) \{\s*@return math\.div\(\$dividend, \$divisor\);"
           r"\s*\} @else \{\s*(@return \(\$dividend / \$divisor\);)\s*\}", r"\1", s)
open(sys.argv[1], "w").write(s)
PY
}
prepare_jeffreytse+jekyll-theme-yat() { prepare_yat_sass "$1/_sass/yat.scss"; }
prepare_qingchen177+qingchen177.github.io() {
    # Debian has no jekyll-target-blank either.
    sed -i '/^\s*- jekyll-target-blank/d' "$1/_config.yml"
    prepare_yat_sass "$1/_sass/qc.scss"
}

# Chirpy in the site's own folders: the gem theme is not installed, its plugins are listed
# in its gemspec only; Psych 4 refuses `meta: :PLATFORM …` in the locales; libsass cannot
# build its Sass (the stylesheets are emptied for both builds). A second `plugins:` wins.
prepare_chirpy() {
    sed -i -e '/^theme:/d' -e '/^\s*- jekyll-last-modified-at$/d' "$1/_config.yml"
    printf '\nplugins:\n  - jekyll-paginate\n  - jekyll-redirect-from\n  - jekyll-seo-tag\n  - jekyll-archives\n  - jekyll-sitemap\n  - jekyll-include-cache\n' \
        >>"$1/_config.yml"
    grep -rlE '^\s*[a-z_]+: :' "$1/_data" | xargs -r sed -i -E 's/^(\s*[a-z_]+: )(:.*)$/\1"\2"/'
    find "$1/assets" -name '*.scss' | while read -r f; do
        head -c3 "$f" | grep -q -- '---' && printf -- '---\n---\n/* libsass cannot build this */\n' >"$f"
    done
}
prepare_Vz0n+blog() { prepare_chirpy "$1"; }
prepare_K-Diger+k-diger.github.io() { prepare_chirpy "$1"; }

prepare_ajitsing+ajitsing.github.io() {
    # A post_write hook concatenates CSS files; coldstart runs no Ruby plugins.
    rm -rf "$1/_plugins"
}

# Writes every file of REPO at COMMIT under SUB into DEST, one by one: a partial mirror may
# lack large binary blobs, and `git archive` would stop at the first one.
extract() {
    git -C "$1" ls-tree -r -z --name-only "$2" -- "$3" | while IFS= read -r -d '' path; do
        mkdir -p "$4/$(dirname "$path")"
        git -C "$1" cat-file blob "$2:$path" >"$4/$path" 2>/dev/null || rm -f "$4/$path"
    done
}

# OWNER+NAME  COMMIT  SUBFOLDER  PLUGINS-TO-DROP

sites=(
    "jekyll+jekyll 202df571314ba1d18e9fccd81d12aaad4a703c38 docs jemoji"
    "elixir-lang+elixir-lang.github.com 24ad416f14095588832d5fdf415ec665a11ab5ca . jemoji"
    "nim-lang+website d9d89c1d47616ab7599c020aa2ee52801bfb672f jekyll -"
    "Homebrew+brew.sh 3f895e1c01953701499fdcca5b816268c3eecddf . -"
    "llogiq+llogiq.github.io 405afa1159e0c10ed06028fb5ab203f179edaa69 . -"
    "just-the-docs+just-the-docs b28a6550bb5e913ad7c5180559f4a29c35f44087 . -"
    "rustwasm+rustwasm.github.io d149149143f0dfb1a683608f604b1c52cb2d80da . -"
    "karpathy+karpathy.github.io 0c39d94ec1a22ec0e650adc2b530a347f09899e9 . -"
    "mojombo+mojombo.github.io 2fa394c8ab9976c61631ba73abafe9ada6d3f1c4 . -"
    "BlackrockDigital+startbootstrap-clean-blog-jekyll 2b27cc8aa52234f701af0847d7969fdc019ae4fd . -"
    "jalammar+jalammar.github.io 7e6b2a2d69cf927f1a00f60d445fcae838777602 . -"
    "kitian616+jekyll-TeXt-theme 9f199804b57cf4974c8fd27c224b4256f5ad42d8 . jemoji"
    "jekyll+minima b3385fe64e9d79e75260668cad1852a3913b1829 . -"
    "openfaas+openfaas.github.io 9156cf2e2523bd0da3dd5d8a963499efc414beef . -"
    "github+choosealicense.com aed28f9933c9e8435c0f1d07aa563c0a830859bc . -"
    "Freifunk-Dresden+freifunk-dresden.github.io 16c798574af99955e84f245c3e105f74ff48e8a9 . -"
    "pages-themes+cayman 56aa6db3b5088a555aa563e8bf071f3d18565d3b . -"
    "pages-themes+minimal c27a30cb27997bd3ed45ba5a77bd97bd27cbeb64 . -"
    "0b01+rickyhan.com 8fd5adce72bfbdbc08c43ac489112ef02209baf5 . -"
    "01mf02+01mf02.github.io 8be8fc7242cbd7a0efcbab3dfe87b7e722ef3fc4 . -"
    "33Vito+33Vito.github.io a9724175873e6dd7a62935309b237bf235c03159 . -"
    "dzejzipl+dzejzipl.github.io ab85482c5c214c96fec67073a1b3e313c114f580 . jemoji"
    "limegimlet+limegimlet.github.io f1038f0f531161bf79d57392acd6b71027835794 . jemoji"
    "lombardo-chcg+lombardo-chcg.github.io 08a9b9480e1c3f704e8568eb957ca6dd79adc0d3 . -"
    "BackSlasher+blog.backslasher.net 9216cac94666a0ba9a9eb92c7d8184b0b8255cf9 . -"
    "BeyondScheme+BeyondScheme.github.io 2fa23e222613f8936d2a8c534c453173c3fe76f0 . -"
    "AlexandruBurlacu+alexandruburlacu.github.io 6d1baf5629b981f033ea092356abc5297f4036b1 . -"
    "ADALabUCSD+research-blog 17d4a53327eeac5aa9724f28897ecc8c82fc4732 . -"
    "BlackPythonDevs+blackpythondevs.github.io 834210bf1db3af57248f77e3fe849c2a649f5644 . github-pages"
    "s-tikhomirov+s-tikhomirov.github.io a98d1398e499f09a79fb626335aa0dfb525ed411 . -"
    "intellexa+intellexa.github.io 9566603bdab66bf911e237f24a38650ae3c63503 . -"
    "nikolasrangel+nikolasrangel.github.io c47875284272fa45ab846b51592532e5ded55148 . jemoji"
    "poole+lanyon e637093ba6cd51830a941a112a64d58e6032e5ed . -"
    "ajcr+ajcr.github.io 496be5754fbd3abfffd37d64f8da330cc1229f06 . -"
    "yashints+beautiful-jekyll 786a751dbf497ae81b0ace4276f0b78d27b943ba . jekyll-minifier"
    "amitmerchant1990+reverie 418c330cfad5495a4208007c27f22f3be1ac9f82 . -"
    "LeNPaul+lagrange d24338433641ebe192a0381784e89e16e697f157 . -"
    "piharpi+jekyll-klise 9c0c68d52a70d1a552db90d72384f9601e435a31 . jekyll-postfiles"
    "TaylanTatli+Moon 0f894a355fb9c9cbe7642057df0e6f2fc93f41e7 . -"
    "niklasbuschmann+contrast 07fba151cc0574bc055e4ac1f86eadc3ebe98691 . -"
    "jeffreytse+jekyll-theme-yat f63b78f74dc12ad90badd484a841fd70a6453dbe . jekyll-spaceship"
    "qingchen177+qingchen177.github.io 6307538d1a7e68beac7a57b6fdf4ad34fc20195f . jekyll-spaceship"
    "Vz0n+blog b0bfbb5ca5a0a69ad94a9d947abbd5d518675cb5 . -"
    "K-Diger+k-diger.github.io e1bbce40c3343bd86b1d101c729ba2afaf27506e . -"
    "ajitsing+ajitsing.github.io e6945978d67290c52e74e22302d3d6cf76b8cdc0 . -"
    "ColinFay+colinfay.github.io baa6db54600195446d6701a8061ed72134e94e63 . -"
)
for entry in "${sites[@]}"; do
    read -r name commit sub drop <<<"$entry"
    repo="$checkouts/$name"
    [ -d "$repo" ] || { echo "$name: missing (clone it into $checkouts/$name at $commit)"; continue; }
    site="$work/$name"
    mkdir -p "$site"
    extract "$repo" "$commit" "$sub" "$site"
    site="$site/$sub"
    find "$site" -maxdepth 1 -name 'Gemfile*' -delete
    [ "$drop" = - ] || sed -i "/^\s*-\s*$drop\s*$/d" "$site/_config.yml"
    if declare -F "prepare_$name" >/dev/null; then "prepare_$name" "$site"; fi
    echo "== $name@${commit:0:12} ($sub)"
    python3 "$script" "$site" "$bin" | tail -n 1 || true
done
