#!/usr/bin/env bash
# npm run verify: the pipeline is one Python program, scripts/verify/verify.py (docs/verify.md).
command -v python3 >/dev/null 2>&1 || { echo "verify: python3 (3.10+) is required" >&2; exit 2; }
exec python3 "$(dirname "${BASH_SOURCE[0]}")/verify/verify.py" "$@"
