#!/usr/bin/env python3
"""Records the current code's synthesized stacks as a state-contract baseline:

    python3 scripts/verify/record_baseline.py <name>     # e.g. the short commit id of a release

runs `npm run synth` (normal mode, no emulator), copies every apps/<app>/cdktf.out stack's
cdk.tf.json to scripts/verify/state-contract/baselines/<name>/<stack>.tf.json and prints the
cases to add to scripts/verify/state-contract/cases.json. Assets are not kept: verify gives each
asset a recorded baseline names a stand-in file. Refuses to overwrite an existing baseline."""
import json
import os
import re
import shutil
import subprocess
import sys

import state_contract as sc
from plans import CheckError, load_json
from verify import discover_stacks

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main(argv) -> int:
    if len(argv) != 2 or not re.match(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", argv[1]):
        print(__doc__.strip(), file=sys.stderr)
        print("\nname: letters, digits, '.', '_' or '-', up to 64 characters", file=sys.stderr)
        return 2
    name = argv[1]
    dest = os.path.join(sc.CONTRACT_DIR, "baselines", name)
    if os.path.exists(dest):
        print(f"record_baseline: {os.path.relpath(dest, ROOT)} already exists; choose another name", file=sys.stderr)
        return 1
    env = {k: v for k, v in os.environ.items() if k not in ("AWS_ENDPOINT_URL", "PLATFORM_CONFIG", "PLATFORM_ENVIRONMENTS")}
    if subprocess.run(["npm", "run", "--silent", "synth"], cwd=ROOT, env=env).returncode != 0:
        print("record_baseline: npm run synth failed (see above); nothing recorded", file=sys.stderr)
        return 1
    stacks = discover_stacks(ROOT)
    staged = dest + ".partial"
    shutil.rmtree(staged, ignore_errors=True)
    os.makedirs(staged)
    cases = []
    try:
        for st in stacks:
            src = os.path.join(st.json_dir, "cdk.tf.json")
            doc = load_json(src, "synthesized stack")
            if any("endpoints" in blk for blks in doc.get("provider", {}).values() for blk in blks):
                raise CheckError(f"{src} was synthesized in emulator mode (provider endpoints set)")
            shutil.copyfile(src, os.path.join(staged, f"{st.name}.tf.json"))
            cases.append({"name": re.sub(r"[^a-z0-9-]", "-", f"{st.name}-from-{name}".lower())[:63],
                          "description": f"A {st.name} deployed from {name} must upgrade with moves and in-place updates only.",
                          "stack": st.name, "before": {"recorded": f"baselines/{name}/{st.name}.tf.json"}})
        os.rename(staged, dest)
    except CheckError as exc:
        shutil.rmtree(staged, ignore_errors=True)
        print(f"record_baseline: {exc}; nothing recorded", file=sys.stderr)
        return 1
    print(f"recorded {len(stacks)} stack(s) in {os.path.relpath(dest, ROOT)}; add to "
          f"{os.path.relpath(sc.CASES_FILE, ROOT)} under \"cases\":")
    print(",\n".join(json.dumps(c, indent=2) for c in cases))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
