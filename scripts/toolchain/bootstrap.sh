#!/usr/bin/env bash
# Idempotent toolchain bootstrap for `npm run verify`; see docs/verify.md.
#   bash scripts/toolchain/bootstrap.sh            # engine + providers (filesystem mirror) + .venv
#   bash scripts/toolchain/bootstrap.sh --venv-only
#   bash scripts/toolchain/bootstrap.sh --test-engines   # what the tests drive (`npm run setup`)
# Env: TOOLCHAIN_CACHE (default ~/.cache/aws-log-mcp-platform), VERIFY_TF_BIN,
#      VERIFY_BUILD_TOFU=1, VERIFY_PROVIDERS=registry|mirror, VERIFY_SRC_<NAME>=<git dir>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v python3 >/dev/null || { echo "bootstrap: python3 is required" >&2; exit 1; }
if [ "${1:-}" != --test-engines ] && { [ "${VERIFY_PROVIDERS:-mirror}" = mirror ] || [ -z "${VERIFY_TF_BIN:-}" ]; }; then
  command -v go >/dev/null || [ -n "${VERIFY_TF_BIN:-}" ] || echo "bootstrap: note: no go on PATH; builds will fail if anything is missing from the cache" >&2
fi
exec python3 "$here/bootstrap.py" "$@"
