#!/usr/bin/env python3
"""Print scripts/verify/checkov-suppressions.json as a Markdown table (for docs/verify.md)."""
import json
import os
import sys

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "checkov-suppressions.json")
rows = json.load(open(path))["suppressions"]
print("| check | stack | resource | reason |")
print("| --- | --- | --- | --- |")
for s in rows:
    print(f"| {s['check']} | `{s.get('stack', '*')}` | `{s.get('resource', '*')}` | {s['reason'].replace('|', '/')} |")
