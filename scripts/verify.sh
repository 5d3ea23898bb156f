#!/usr/bin/env bash
# npm run verify: for every synthesized stack, on the Terraform JSON and separately on the HCL
# rendering: init (offline, filesystem provider mirror), validate, plan against a local AWS
# emulator (moto server), plans/<stack>.txt + plans/<stack>.json, JSON/HCL plan equality,
# API Gateway templates == packages/vtl-templates/templates/*.vtl, checkov over the plan JSON.
# See docs/verify.md.
#
# Env knobs:
#   VERIFY_SKIP_BOOTSTRAP=1   don't run scripts/toolchain/bootstrap.sh (tools come from PATH / env)
#   VERIFY_PROVIDERS=registry let tofu/terraform install providers itself (GitHub Actions)
#   VERIFY_TF_BIN=/path/tofu  engine to use
#   VERIFY_SKIP_SYNTH=1       use the existing apps/*/cdktf.out (must be emulator-mode output)
#   VERIFY_STACKS=a,b         only these stacks
#   VERIFY_RESYNTH=0          leave the emulator-mode synth output in cdktf.out afterwards
#   TOOLCHAIN_CACHE           cache dir (default ~/.cache/aws-log-mcp-platform)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1
CACHE="${TOOLCHAIN_CACHE:-$HOME/.cache/aws-log-mcp-platform}"
WORK="$ROOT/.verify-work"
PLANS="$ROOT/plans"
TOOLS="python3 $ROOT/scripts/verify/verify_tools.py"
SUPPRESSIONS="$ROOT/scripts/verify/checkov-suppressions.json"
TEMPLATES="${VERIFY_VTL_DIR:-$ROOT/packages/vtl-templates/templates}"
RESULTS="$WORK/results.jsonl"
T0=$(date +%s)

log() { printf '[verify %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# One verify at a time per checkout: runs share .verify-work/, plans/ and apps/*/cdktf.out.
mkdir -p "$WORK"
exec 9>"$WORK/.lock"
if ! flock -n 9; then
  log "another npm run verify is running in this checkout; waiting for it (up to 30 min)"
  flock -w 1800 9 || { log "FAIL gave up waiting for the other verify run"; exit 1; }
fi
FAILURES=()
fail() { FAILURES+=("$1"); log "FAIL $1"; }

# ---------------------------------------------------------------- toolchain
if [ "${VERIFY_SKIP_BOOTSTRAP:-0}" != 1 ]; then
  log "toolchain: bash scripts/toolchain/bootstrap.sh (cached under $CACHE)"
  if ! bash "$ROOT/scripts/toolchain/bootstrap.sh"; then
    log "FAIL toolchain bootstrap failed (see above)"
    exit 1
  fi
  # shellcheck disable=SC1091
  . "$CACHE/toolchain.env"
fi
TF="${VERIFY_TF_BIN:-$(command -v tofu || command -v terraform || true)}"
[ -n "$TF" ] || { log "FAIL no tofu/terraform: run scripts/toolchain/bootstrap.sh or put one on PATH"; exit 1; }
VERIFY_PROVIDERS="${VERIFY_PROVIDERS:-mirror}"
export VERIFY_PROVIDER_OVERRIDES="${VERIFY_PROVIDER_OVERRIDES:-{\}}"
pick() { # first executable of: venv tool, PATH tool
  if [ -x "$ROOT/.venv/bin/$1" ]; then echo "$ROOT/.venv/bin/$1"; else command -v "$1" || true; fi
}
CHECKOV="$(pick checkov)"
MOTO="$(pick moto_server)"
[ -n "$CHECKOV" ] || { log "FAIL checkov not found (.venv or PATH); run scripts/toolchain/bootstrap.sh"; exit 1; }
[ -n "$MOTO" ] || { log "FAIL moto_server not found (.venv or PATH); run scripts/toolchain/bootstrap.sh"; exit 1; }
if [ "$VERIFY_PROVIDER_OVERRIDES" != "{}" ]; then
  log "WARNING provider substitution in effect (exact release not buildable here): $VERIFY_PROVIDER_OVERRIDES"
fi

tf() { # tf <timeout-seconds> <args...>: engine with the offline CLI config; never touches ~/.terraformrc
  local secs="$1"
  shift
  if [ "$VERIFY_PROVIDERS" = mirror ]; then
    timeout "$secs" env TF_CLI_CONFIG_FILE="${VERIFY_TF_CLI_CONFIG:-$CACHE/tofurc}" "$TF" "$@"
  else
    timeout "$secs" "$TF" "$@"
  fi
}
ENGINE_VERSION="$(tf 60 version 2>/dev/null | grep -m1 -E '^(OpenTofu|Terraform) v')"
log "engine: ${ENGINE_VERSION:-unknown} ($TF); providers: $VERIFY_PROVIDERS"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
if [ "$VERIFY_PROVIDERS" != mirror ]; then
  export TF_PLUGIN_CACHE_DIR="${TF_PLUGIN_CACHE_DIR:-$CACHE/plugin-cache}"
  mkdir -p "$TF_PLUGIN_CACHE_DIR"
fi

if [ -z "${VERIFY_STACKS:-}" ]; then rm -rf "$PLANS"; fi # a full run rewrites plans/ from scratch
mkdir -p "$WORK" "$PLANS/hcl"
: >"$RESULTS"

# ---------------------------------------------------------------- emulator
MOTO_PID=""
SYNTHED=0
JOBS=()
kill_tree() { # TERM a process started by this script and everything below it (by pid)
  local child
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill_tree "$child"; done
  kill "$1" 2>/dev/null
}
cleanup() {
  local rc=$? j
  for j in "${JOBS[@]}"; do kill_tree "$j"; done
  JOBS=()
  if [ -n "$MOTO_PID" ] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null
    wait "$MOTO_PID" 2>/dev/null
    log "moto server (pid $MOTO_PID) stopped"
  fi
  MOTO_PID=""
  if [ "$SYNTHED" = 1 ] && [ "${VERIFY_RESYNTH:-1}" = 1 ]; then
    log "restoring the normal (non-emulator) synth output in apps/*/cdktf.out"
    (unset AWS_ENDPOINT_URL; npm run --silent synth >"$WORK/resynth.log" 2>&1) ||
      log "WARNING re-synth without AWS_ENDPOINT_URL failed; see $WORK/resynth.log"
    SYNTHED=0
  fi
  return $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$MOTO" -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
for _ in $(seq 1 100); do
  if python3 -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:$PORT/moto-api/', timeout=1)" 2>/dev/null; then
    break
  fi
  kill -0 "$MOTO_PID" 2>/dev/null || { log "FAIL moto server exited; $(tail -n 5 "$WORK/moto.log")"; exit 1; }
  sleep 0.3
done
log "moto server pid $MOTO_PID on 127.0.0.1:$PORT"

export AWS_ENDPOINT_URL="http://127.0.0.1:$PORT"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_SESSION_TOKEN=test
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE

# ---------------------------------------------------------------- synth (emulator mode)
if [ "${VERIFY_SKIP_SYNTH:-0}" != 1 ]; then
  log "synth: npm run synth with AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL"
  SYNTHED=1
  if ! npm run --silent synth >"$WORK/synth.log" 2>&1; then
    tail -n 40 "$WORK/synth.log"
    log "FAIL synth failed; full log: $WORK/synth.log"
    exit 1
  fi
fi

mapfile -t STACK_LINES < <($TOOLS stacks "$ROOT")
if [ "${#STACK_LINES[@]}" -eq 0 ]; then
  log "FAIL no synthesized stacks found under apps/*/cdktf.out"
  exit 1
fi
log "stacks: ${#STACK_LINES[@]}"

# ---------------------------------------------------------------- one variant (json|hcl)
# Writes $dir/status ("ok" or the failing step) and $dir/{plan.out,plan.json,plan.txt}.
run_variant() {
  local stack="$1" variant="$2" src="$3" base="$WORK/$1" dir="$WORK/$1/$2" t step
  $TOOLS prepare "$src" "$dir" "$base/$variant.tfstate" >"$base/$variant.log" 2>&1 || { echo "prepare" >"$base/$variant.status"; return; }
  rm -f "$base/$variant.tfstate"
  for step in init validate plan show; do
    t=$(date +%s)
    case $step in
      init) # the shared plugin cache (registry mode) is not safe for concurrent installs
        (cd "$dir" && exec 8>"$WORK/.init.lock" && flock 8 && tf 900 init -input=false -no-color) ;;
      validate) (cd "$dir" && tf 600 validate -no-color) ;;
      plan) (cd "$dir" && tf 1800 plan -input=false -no-color -lock=false -out=plan.out) ;;
      show) (cd "$dir" && { tf 600 show -no-color plan.out >plan.txt & a=$!; tf 600 show -json plan.out >plan.json & b=$!
              wait $a && wait $b; }) ;;
    esac >>"$base/$variant.log" 2>&1
    local rc=$?
    if [ $rc -ne 0 ]; then
      log "$stack $variant: $step FAILED ($(($(date +%s) - t))s)"
      echo "$step" >"$base/$variant.status"
      return
    fi
    log "$stack $variant: $step ok ($(($(date +%s) - t))s)"
  done
  echo ok >"$base/$variant.status"
}

errmsg() { # the engine's error block(s) from a variant log, else its last lines
  local m
  m=$(grep -v '^\s*$' "$1" | grep -A12 -m3 -E 'Error:|error:' | head -n 30)
  [ -n "$m" ] && printf '%s\n' "$m" || tail -n 15 "$1"
}

# ---------------------------------------------------------------- per stack
for line in "${STACK_LINES[@]}"; do
  read -r app stack json_dir hcl_dir <<<"$line"
  ts=$(date +%s)
  base="$WORK/$stack"
  rm -rf "$base"
  rm -f "$PLANS/$stack.txt" "$PLANS/$stack.json" "$PLANS/hcl/$stack.txt" "$PLANS/hcl/$stack.json" # never leave a stale plan
  mkdir -p "$base"
  log "== $stack (app $app)"
  run_variant "$stack" json "$json_dir" &
  p1=$!
  run_variant "$stack" hcl "$hcl_dir" &
  p2=$!
  JOBS=("$p1" "$p2")
  wait "$p1" "$p2"
  JOBS=()
  sj=$(cat "$base/json.status" 2>/dev/null || echo crashed)
  sh=$(cat "$base/hcl.status" 2>/dev/null || echo crashed)
  vj=$([ "$sj" = ok ] || [ "$sj" = plan ] || [ "$sj" = show ] && echo ok || echo "FAIL($sj)")
  vh=$([ "$sh" = ok ] || [ "$sh" = plan ] || [ "$sh" = show ] && echo ok || echo "FAIL($sh)")
  row_plan="-" row_cmp="-" row_vtl="-" row_ck="-" ok=1
  for v in json hcl; do
    st=$(cat "$base/$v.status" 2>/dev/null || echo crashed)
    if [ "$st" != ok ]; then
      ok=0
      fail "$stack ($v): $st failed:
$(errmsg "$base/$v.log")
(full log: $base/$v.log)"
    fi
  done
  if [ "$sj" = ok ]; then
    cp "$base/json/plan.txt" "$PLANS/$stack.txt"
    cp "$base/json/plan.json" "$PLANS/$stack.json"
    read -r add chg del < <($TOOLS plan-actions "$PLANS/$stack.json" "$base/json.actions")
    row_plan="$add/$chg/$del"
    log "$stack: plan $add to add, $chg to change, $del to destroy -> plans/$stack.txt, plans/$stack.json"
  fi
  if [ "$sh" = ok ]; then
    cp "$base/hcl/plan.txt" "$PLANS/hcl/$stack.txt"
    cp "$base/hcl/plan.json" "$PLANS/hcl/$stack.json"
    $TOOLS plan-actions "$PLANS/hcl/$stack.json" "$base/hcl.actions" >/dev/null
  fi
  if [ "$sj" = ok ] && [ "$sh" = ok ]; then
    if out=$($TOOLS compare "$base/json.actions" "$base/hcl.actions" 2>&1); then
      row_cmp=ok
      log "$stack: JSON vs HCL plan: $out"
    else
      row_cmp=FAIL ok=0
      fail "$stack: JSON and HCL plans differ:
$out"
    fi
  fi
  if [ "$sj" = ok ]; then
    if out=$($TOOLS vtl-check "$PLANS/$stack.json" "$TEMPLATES" 2>&1); then
      row_vtl="ok($(sed -n 's/^templates checked: \([0-9]*\).*/\1/p' <<<"$out"))"
      log "$stack: API Gateway templates vs .vtl (JSON plan): $(tail -n1 <<<"$out")"
    else
      row_vtl=FAIL ok=0
      fail "$stack: API Gateway template check failed on the JSON plan:
$out"
    fi
    # The HCL rendering is where "${" / "%{" escaping most easily goes wrong: check its plan too.
    if [ "$sh" = ok ]; then
      if out=$($TOOLS vtl-check "$PLANS/hcl/$stack.json" "$TEMPLATES" 2>&1); then
        log "$stack: API Gateway templates vs .vtl (HCL plan): $(tail -n1 <<<"$out")"
      else
        row_vtl=FAIL ok=0
        fail "$stack: API Gateway template check failed on the HCL plan:
$out"
      fi
    fi
    t=$(date +%s)
    "$CHECKOV" -f "$PLANS/$stack.json" --framework terraform_plan \
      --skip-download --quiet --compact -o json >"$base/checkov.json" 2>"$base/checkov.err"
    if counts=$($TOOLS checkov-eval "$base/checkov.json" "$SUPPRESSIONS" "$stack" 2>"$base/checkov.failed"); then
      read -r ck_p ck_f ck_s <<<"$counts"
      row_ck="$ck_p/$ck_f/$ck_s"
      log "$stack: checkov passed $ck_p, failed $ck_f, skipped/suppressed $ck_s ($(($(date +%s) - t))s)"
      if [ "$ck_f" != 0 ]; then
        ok=0
        fail "$stack: checkov: $ck_f failed check(s) not in scripts/verify/checkov-suppressions.json:
$(cat "$base/checkov.failed")"
      fi
    else
      row_ck=FAIL ok=0
      fail "$stack: checkov did not run: $(tail -n 5 "$base/checkov.err") $(cat "$base/checkov.failed")"
    fi
  fi
  secs=$(($(date +%s) - ts))
  python3 -c 'import json,sys; k=["stack","validate_json","validate_hcl","plan","compare","vtl","checkov","seconds","result"]; print(json.dumps(dict(zip(k, sys.argv[1:]))))' \
    "$stack" "$vj" "$vh" "$row_plan" "$row_cmp" "$row_vtl" "$row_ck" "${secs}s" "$([ $ok = 1 ] && echo PASS || echo FAIL)" >>"$RESULTS"
  log "== $stack done in ${secs}s: $([ $ok = 1 ] && echo PASS || echo FAIL)"
done

# ---------------------------------------------------------------- summary
cleanup
echo
echo "verify summary ($(($(date +%s) - T0))s total; engine $(basename "$TF"); plan columns: to add/change/destroy; checkov: passed/failed/skipped incl. suppressed)"
$TOOLS summary "$RESULTS" | tee "$WORK/summary.md"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### npm run verify"
    echo
    cat "$WORK/summary.md"
    if [ "$VERIFY_PROVIDER_OVERRIDES" != "{}" ]; then echo; echo "Provider substitution: \`$VERIFY_PROVIDER_OVERRIDES\`"; fi
    if [ ${#FAILURES[@]} -gt 0 ]; then echo; echo '```'; printf '%s\n' "${FAILURES[@]}"; echo '```'; fi
  } >>"$GITHUB_STEP_SUMMARY"
fi
if [ ${#FAILURES[@]} -gt 0 ]; then
  echo
  echo "verify FAILED (${#FAILURES[@]}):"
  printf -- '- %s\n' "${FAILURES[@]}"
  exit 1
fi
echo "verify OK: plans in plans/ (HCL variants in plans/hcl/)"
