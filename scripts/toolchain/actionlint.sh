#!/usr/bin/env bash
# Lint .github/workflows with actionlint built from its Go module (cached).
# usage: bash scripts/toolchain/actionlint.sh [files...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["actionlint"]["version"])' "$ROOT/scripts/toolchain/recipe.json")"
BIN_DIR="${TOOLCHAIN_CACHE:-$HOME/.cache/aws-log-mcp-platform}/bin/actionlint-$VERSION"
if [ ! -x "$BIN_DIR/actionlint" ]; then
  echo "building actionlint $VERSION from its Go module (about 30 s)" >&2
  GOBIN="$BIN_DIR" CGO_ENABLED=0 go install -trimpath -ldflags='-s -w' "github.com/rhysd/actionlint/cmd/actionlint@$VERSION"
fi
command -v shellcheck >/dev/null || echo "note: shellcheck not on PATH, actionlint skips its shell checks (apt-get install shellcheck)" >&2
cd "$ROOT"
exec "$BIN_DIR/actionlint" "$@"
