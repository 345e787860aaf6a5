#!/usr/bin/env bash
# tools/setup.sh — install everything Reel needs on a fresh machine.
#
# Idempotent: each step checks first and does nothing when the thing is
# already there, so a second run takes well under a second. Safe to run as
# root (CI, dev machines here) or as a user with sudo.
#
# To add a dependency, add ONE line to the matching list below.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Debian packages, installed with apt-get only when `dpkg-query` says missing.
APT_PACKAGES=(
  rustc-web     # rustc 1.96 (/usr/bin/rustc): can build std for wasm32 with -Zbuild-std
  cargo-web     # its cargo (/usr/bin/cargo)
  rust-web-src  # std sources that -Zbuild-std compiles
  lld-19        # wasm-ld-19, the wasm linker
  python3       # tools/wasm_info.py (import/export check of engine.wasm)
  gzip          # tools/wasm-size.sh
  python3-fonttools  # tools/subset-font.sh (pyftsubset: the default font's subset)
  chromium      # headless browser for tests/browser (WebGL2 in a Worker via SwiftShader)
  ffmpeg        # tools/make-test-clip.sh (the test clip for video nodes: VP8 WebM and animated WebP); tools/make-catalog-art.mjs (the catalog's poster and hero JPEGs)
)

# npm packages installed for the tools, pinned, into target/npm-tools
# (their binaries are put on PATH by tools/lib.sh). Example for later:
#   playwright-core@1.64.1   binaryen@<version> (wasm2js)
NPM_TOOLS=(
)

# Directories with a package.json of their own: `npm ci` (or `npm install`
# when there is no lockfile) runs there when node_modules is missing or older
# than package.json / package-lock.json. Skipped while the file doesn't exist.
NPM_DIRS=(
  js-shim
)

# Cargo binaries, as "crate version binary". Not needed by the default
# build; e.g. for the `web` feature's JS glue (~2.5 min to build):
#   "wasm-bindgen-cli 0.2.130 wasm-bindgen"
CARGO_TOOLS=(
)

# ---------------------------------------------------------------------------

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    if [[ -t 0 ]]; then sudo "$@"; else sudo -n "$@"; fi
  else
    reel_die "need root to run: $* (not root and no sudo)"
  fi
}

apt_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

setup_apt() {
  local missing=() p
  for p in "${APT_PACKAGES[@]}"; do
    apt_installed "$p" || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    echo "apt: all ${#APT_PACKAGES[@]} packages present"
    return
  fi
  command -v apt-get >/dev/null 2>&1 || reel_die "missing ${missing[*]} and no apt-get on this machine"
  reel_log "apt: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"
  for p in "${missing[@]}"; do
    apt_installed "$p" || reel_die "apt-get did not install $p"
  done
}

check_rustup() {
  # Host, tests and benches build with rustup's toolchain (it has clippy).
  local cargo rustc
  cargo="$(command -v cargo || true)"
  rustc="$(command -v rustc || true)"
  if [[ -z "$cargo" || -z "$rustc" || "$cargo" == /usr/bin/cargo || "$rustc" == /usr/bin/rustc ]]; then
    reel_die "rustup's cargo and rustc were not found on PATH (found cargo='${cargo:-none}', rustc='${rustc:-none}').
  Install rustup (the machine image normally has it in ~/.cargo/bin) or set CARGO_HOME.
  /usr/bin/cargo and /usr/bin/rustc are Debian's rustc-web, used only for engine.wasm."
  fi
  echo "rust: $("$rustc" --version) ($rustc)"
}

check_wasm_toolchain() {
  [[ -x "$REEL_WASM_RUSTC" ]] || reel_die "$REEL_WASM_RUSTC missing (package rustc-web)"
  [[ -x "$REEL_WASM_CARGO" ]] || reel_die "$REEL_WASM_CARGO missing (package cargo-web)"
  command -v "$REEL_WASM_LINKER" >/dev/null 2>&1 || reel_die "$REEL_WASM_LINKER missing (package lld-19)"
  local src
  src="$("$REEL_WASM_RUSTC" --print sysroot)/lib/rustlib/src/rust/library/Cargo.lock"
  [[ -f "$src" ]] || reel_die "std sources missing at $src (package rust-web-src)"
  echo "wasm: $("$REEL_WASM_RUSTC" --version) + $REEL_WASM_LINKER"
}

setup_npm_tools() {
  ((${#NPM_TOOLS[@]} > 0)) || return 0
  command -v npm >/dev/null 2>&1 || reel_die "npm not found (Node.js 20 + npm are expected on the machine)"
  local prefix="$REEL_ROOT/target/npm-tools" missing=() spec name want have
  for spec in "${NPM_TOOLS[@]}"; do
    name="${spec%@*}"; want="${spec##*@}"
    [[ "$name" == "$spec" ]] && want=""           # no version given
    have="$(node -p "require('$prefix/node_modules/$name/package.json').version" 2>/dev/null || true)"
    if [[ -z "$have" || ( -n "$want" && "$have" != "$want" ) ]]; then missing+=("$spec"); fi
  done
  if ((${#missing[@]} == 0)); then
    echo "npm tools: all ${#NPM_TOOLS[@]} present"
    return
  fi
  reel_log "npm: installing ${missing[*]} into target/npm-tools"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund "${missing[@]}"
}

setup_npm_dirs() {
  local d dir stamp
  for d in "${NPM_DIRS[@]}"; do
    dir="$REEL_ROOT/$d"
    [[ -f "$dir/package.json" ]] || { echo "npm: $d/package.json not present, skipped"; continue; }
    command -v npm >/dev/null 2>&1 || reel_die "npm not found (Node.js 20 + npm are expected on the machine)"
    stamp="$dir/node_modules/.package-lock.json"   # written by npm on every install
    if [[ -f "$stamp" && ! "$dir/package.json" -nt "$stamp" &&
          ! ( -f "$dir/package-lock.json" && "$dir/package-lock.json" -nt "$stamp" ) ]]; then
      echo "npm: $d/node_modules up to date"
      continue
    fi
    reel_log "npm: installing $d"
    if [[ -f "$dir/package-lock.json" ]]; then
      (cd "$dir" && npm ci --no-audit --no-fund)
    else
      (cd "$dir" && npm install --no-audit --no-fund)
    fi
  done
}

setup_cargo_tools() {
  local line crate version bin have
  for line in "${CARGO_TOOLS[@]}"; do
    read -r crate version bin <<<"$line"
    have="$("$bin" --version 2>/dev/null | awk '{print $2}' || true)"
    if [[ "$have" == "$version" ]]; then
      echo "cargo tool: $bin $version present"
      continue
    fi
    reel_log "cargo: installing $crate $version"
    cargo install "$crate" --version "=$version" --locked
  done
}

main() {
  local start
  start="$(reel_now)"
  setup_apt
  check_rustup
  check_wasm_toolchain
  command -v python3 >/dev/null 2>&1 || reel_die "python3 not found"
  setup_npm_tools
  setup_npm_dirs
  setup_cargo_tools
  echo "setup: done in $(reel_elapsed "$start")s"
}

main "$@"
