#!/usr/bin/env bash
# Build one Go main package from a module version served by the Go module proxy,
# building the module as the MAIN module (so its own go.mod `replace` directives
# apply; `go install pkg@version` refuses modules that carry replaces).
#
# usage: build-go-module.sh <module> <version> <package-rel-path|.> <output-binary> [extra ldflags]
#
# Env:
#   TOOLCHAIN_CACHE  cache root (default ~/.cache/aws-log-mcp-platform)
#   GO_BUILD_P       value for `go build -p` (default: nproc)
#   SRC_DIR          build this source tree instead of downloading <module>@<version>
#                    (e.g. a `git archive` of a release tag); <version> is then only a label
#
# Writes <output-binary> and <output-binary>.build.json (module, version, resolved
# origin, go version, flags, wall-clock seconds, peak RSS KiB).
set -euo pipefail

module="$1"
version="$2"
pkg="$3"
out="$4"
extra_ldflags="${5:-}"

cache="${TOOLCHAIN_CACHE:-$HOME/.cache/aws-log-mcp-platform}"
src_root="$cache/src"
mkdir -p "$src_root" "$(dirname "$out")"

log() { printf '[toolchain %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

if [ -n "${SRC_DIR:-}" ]; then
  info_json="$(python3 -c 'import json,sys; print(json.dumps({"Dir": sys.argv[1], "Version": sys.argv[2], "Origin": {"SourceDir": sys.argv[1]}}))' "$SRC_DIR" "$version")"
else
log "resolving $module@$version through the Go module proxy"
info_json="$(go mod download -json "$module@$version")" || {
  log "FAILED: go mod download -json $module@$version"
  printf '%s\n' "$info_json" >&2
  exit 1
}
fi
dir="$(printf '%s' "$info_json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Dir",""))')"
resolved="$(printf '%s' "$info_json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d.get("Version",""))')"
origin="$(printf '%s' "$info_json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps(d.get("Origin",{})))')"
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
  log "FAILED: module directory missing for $module@$version"
  printf '%s\n' "$info_json" >&2
  exit 1
fi

# The module cache is read-only; copy the tree out and build there.
safe="$(printf '%s@%s' "$module" "$resolved" | tr '/' '+')"
work="$src_root/$safe"
if [ ! -f "$work/.copied" ]; then
  log "copying module source to $work"
  rm -rf "$work"
  mkdir -p "$work"
  cp -a "$dir/." "$work/"
  chmod -R u+w "$work"
  touch "$work/.copied"
fi

goversion="$(go env GOVERSION)"
ldflags="-s -w${extra_ldflags:+ $extra_ldflags}"
p="${GO_BUILD_P:-$(nproc)}"
log "building $module@$resolved ($pkg) with $goversion, -p $p, -trimpath -ldflags='$ldflags'"
log "build log: $out.build.log"

total="$(cd "$work" && GOFLAGS=-buildvcs=false go list -deps "./$pkg" 2>/dev/null | wc -l || true)"
start=$(date +%s)
# Progress: `go build -v` logs each package it compiles; report the count every minute.
(
  while sleep 60; do
    n="$(grep -cv '^go: ' "$out.build.log" 2>/dev/null || true)"
    log "  ... $(( ($(date +%s) - start) / 60 )) min: ${n:-0} of ${total:-?} packages compiled (the rest come from the Go build cache or are still to do)"
  done
) &
ticker=$!
trap 'kill "$ticker" 2>/dev/null || true' EXIT
rc=0
rm -f "$out.time"
(
  cd "$work"
  export GOFLAGS="-buildvcs=false"
  export CGO_ENABLED=0
  timecmd=()
  [ -x /usr/bin/time ] && timecmd=(/usr/bin/time -v -o "$out.time")
  "${timecmd[@]}" go build -v -p "$p" -trimpath -ldflags="$ldflags" -o "$out.tmp" "./$pkg"
) >"$out.build.log" 2>&1 || rc=$?
kill "$ticker" 2>/dev/null || true
if [ "$rc" -ne 0 ]; then
  log "FAILED: go build of $module@$resolved (exit $rc); last lines of $out.build.log:"
  tail -n 30 "$out.build.log" >&2
  exit 1
fi
end=$(date +%s)
mv "$out.tmp" "$out"
chmod 0755 "$out"

peak_kib="$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out.time" 2>/dev/null || true)"
wall=$((end - start))
python3 - "$out.build.json" <<PY
import json, sys
json.dump({
  "module": "$module",
  "requested": "$version",
  "resolved": "$resolved",
  "origin": json.loads('''$origin'''),
  "package": "$pkg",
  "go": "$goversion",
  "env": {"CGO_ENABLED": "0", "GOFLAGS": "-buildvcs=false"},
  "flags": ["-p", "$p", "-trimpath", "-ldflags=$ldflags"],
  "wall_seconds": $wall,
  "peak_rss_kib": int("${peak_kib:-0}" or 0),
}, open(sys.argv[1], "w"), indent=2)
PY
log "built $out in ${wall}s (peak RSS ${peak_kib:-?} KiB)"
