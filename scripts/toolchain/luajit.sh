#!/usr/bin/env bash
# Builds the LuaJIT the Fluent Bit Lua filter tests run on, once, into the toolchain cache:
#   bash scripts/toolchain/luajit.sh          # prints the path of the binary
# Source: the Rust registry crate luajit-src, pinned with its checksum in
# scripts/toolchain/luajit/Cargo.lock (LuaJIT 2.1 commit 7152e15, relver 1765228720: the
# LuaJIT that Fluent Bit 4.2.2 to 5.1 bundle, so numbers print as in the router image).
# Debian's luajit (2.1.0-beta3) formats some doubles differently and is not used.
# Env: TOOLCHAIN_CACHE (default ~/.cache/aws-log-mcp-platform). Needs cargo, make and a C compiler.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
manifest="$here/luajit/Cargo.toml"
relver=1765228720
version="2.1.$relver"
cache="${TOOLCHAIN_CACHE:-$HOME/.cache/aws-log-mcp-platform}/luajit/$version"
bin="$cache/bin/luajit"

if [ -x "$bin" ] && "$bin" -v 2>/dev/null | grep -qF "LuaJIT $version"; then
  echo "$bin"
  exit 0
fi
for tool in cargo make cc; do
  command -v "$tool" >/dev/null || { echo "luajit.sh: $tool is required (rustup / apt-get install build-essential)" >&2; exit 1; }
done

echo "luajit.sh: building LuaJIT $version into $cache (about a minute on 2 cores)" >&2
cargo fetch --locked --manifest-path "$manifest" >&2
src="$(cargo metadata --format-version 1 --locked --manifest-path "$manifest" |
  python3 -c 'import json,os,sys; m=json.load(sys.stdin); print(next(os.path.dirname(p["manifest_path"]) for p in m["packages"] if p["name"]=="luajit-src"))')"
[ "$(cat "$src/luajit_relver.txt")" = "$relver" ] || { echo "luajit.sh: $src is not relver $relver" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R "$src/luajit2" "$work/luajit"
# The crate's tree comes from a git archive: .relver holds a placeholder, the number is beside it.
printf '%s\n' "$relver" >"$work/luajit/.relver"
# Default build flags, as Fluent Bit's bundled build (no LUAJIT_* options) uses them.
make -C "$work/luajit" -j"$(nproc)" BUILDMODE=static >"$work/build.log" 2>&1 || { tail -20 "$work/build.log" >&2; exit 1; }
mkdir -p "$cache/bin"
install -m 0755 "$work/luajit/src/luajit" "$bin.tmp"
mv "$bin.tmp" "$bin"
"$bin" -v | grep -qF "LuaJIT $version" || { echo "luajit.sh: built binary reports $("$bin" -v)" >&2; exit 1; }
echo "$bin"
