#!/usr/bin/python3
"""Checks the one-way dependencies of the pipeline (docs/architecture.md): a file in src/<stage>/
may include only headers of its own stage or of the stages below it."""
import pathlib
import re
import sys

ORDER = ["common", "scenario", "world", "flight", "sensors", "tracking", "alerts", "engagement",
         "simulation", "montecarlo", "reconstruction", "report", "serve", "cli"]
# Stages that may use only some of the stages below them: the report server knows nothing of runs.
ONLY = {"serve": {"common", "serve"}}
# Stages that sit side by side may not include each other.
PEERS = {("alerts", "engagement"), ("engagement", "alerts")}
# What the public record implies uses the flight model only, never the defence's pipeline.
ONLY["reconstruction"] = {"common", "scenario", "world", "flight", "reconstruction"}

src = pathlib.Path(sys.argv[1])
include = re.compile(r'#include\s+"([a-z_]+)/')
bad = []
checked = 0
for path in sorted(src.rglob("*")):
    if path.suffix not in (".h", ".hpp", ".cpp", ".cc"):
        continue
    stage = path.relative_to(src).parts[0]
    if stage not in ORDER:
        bad.append(f"{path}: not in a known stage folder")
        continue
    for n, line in enumerate(path.read_text().splitlines(), 1):
        m = include.match(line.strip())
        if not m or m.group(1) not in ORDER:
            continue
        checked += 1
        dep = m.group(1)
        if ORDER.index(dep) > ORDER.index(stage) or (stage, dep) in PEERS:
            bad.append(f"{path}:{n}: stage '{stage}' includes '{dep}', which is above it")
        elif stage in ONLY and dep not in ONLY[stage]:
            bad.append(f"{path}:{n}: stage '{stage}' may use only {sorted(ONLY[stage])}, not '{dep}'")
for b in bad:
    print(b)
print(f"{checked} includes checked, {len(bad)} violations")
sys.exit(1 if bad or checked == 0 else 0)
