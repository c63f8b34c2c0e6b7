#!/usr/bin/env bash
# `picket config` writes a scenario's effective configuration; `picket run` on it flies the same
# run as on the original: every output file the same to the byte, but for what names the scenario
# file (summary.json's provenance: scenario_file, scenario_sha256 and config_sha256, the header of
# config.yaml naming its source) and the manifest that hashes them. The configuration written from
# the written file is the written file again, and summary.json's config_sha256 is config.yaml's.
# Usage: config_roundtrip_check.sh PICKET SCENARIO DIR
set -u
picket=$1; scenario=$2; dir=$3
rm -rf "$dir"; mkdir -p "$dir"
"$picket" config "$scenario" --out "$dir/effective.yaml" || exit 1
"$picket" config "$dir/effective.yaml" > "$dir/again.yaml" || exit 1
# The header names the file each was written from; the rest must be the same.
diff <(sed '1,/^$/d' "$dir/effective.yaml") <(sed '1,/^$/d' "$dir/again.yaml") || { echo "written twice, not the same"; exit 1; }
"$picket" run "$scenario" --out "$dir/original" --no-report > "$dir/original.txt" || exit 1
"$picket" run "$dir/effective.yaml" --out "$dir/effective" --no-report > "$dir/effective.txt" || exit 1
# The timeline, up to the line that names the output folder.
diff <(sed '/^Wrote /d' "$dir/original.txt") <(sed '/^Wrote /d' "$dir/effective.txt") || { echo "the timelines differ"; exit 1; }
files=0
for f in "$dir/original"/*; do
  name=$(basename "$f")
  case "$name" in
    manifest.json) continue ;;
    config.yaml) diff <(sed '1,/^$/d' "$f") <(sed '1,/^$/d' "$dir/effective/$name") || { echo "config.yaml differs"; exit 1; } ;;
    summary.json)
      python3 - "$f" "$dir/effective/$name" "$dir/original/config.yaml" <<'PY' || exit 1
import hashlib, json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["provenance"]["config_file"] == "config.yaml", a["provenance"]
assert a["provenance"]["config_sha256"] == hashlib.sha256(open(sys.argv[3], "rb").read()).hexdigest(), "config_sha256 is not config.yaml's"
for k in ("scenario_file", "scenario_sha256", "config_sha256"):
    a["provenance"].pop(k); b["provenance"].pop(k)
if a != b:
    sys.exit("summary.json differs beyond the scenario file's name and hashes")
PY
      ;;
    *) cmp "$f" "$dir/effective/$name" || { echo "$name differs"; exit 1; } ;;
  esac
  files=$((files + 1))
done
[ "$(ls "$dir/original" | wc -l)" = "$(ls "$dir/effective" | wc -l)" ] || { echo "not the same files"; exit 1; }
# A Monte Carlo batch's folder holds the configuration it ran, before any trial's draws
# (montecarlo.json and trial 0's summary.json name its hash), and that file replays a trial: the
# same summary.json as the scenario's own --trial 1.
"$picket" run "$scenario" --trials 2 --threads 1 --out "$dir/batch" --no-report > /dev/null || exit 1
"$picket" run "$scenario" --trial 1 --out "$dir/trial" --no-report > /dev/null || exit 1
"$picket" run "$dir/batch/config.yaml" --trial 1 --out "$dir/trial-again" --no-report > /dev/null || exit 1
python3 - "$dir" <<'PY' || exit 1
import hashlib, json, sys
d = sys.argv[1]
h = hashlib.sha256(open(d + "/batch/config.yaml", "rb").read()).hexdigest()
for f in ("batch/montecarlo.json", "batch/summary.json", "trial/summary.json"):
    p = json.load(open(d + "/" + f))["provenance"]
    assert p["config_file"] == "config.yaml" and p["config_sha256"] == h, (f, p)
a, b = (json.load(open(d + f)) for f in ("/trial/summary.json", "/trial-again/summary.json"))
assert a["provenance"]["trial"] == 1
has_uncertainty = "\nuncertainty:\n" in open(d + "/batch/config.yaml").read()
assert bool(a.get("draws")) == has_uncertainty, "draws without uncertainty, or none with it"
for k in ("scenario_file", "scenario_sha256", "config_sha256"):
    a["provenance"].pop(k); b["provenance"].pop(k)
if a != b:
    sys.exit("trial 1 from config.yaml is not trial 1 of the scenario")
PY
echo "config: $(basename "$scenario") written and run again: the same $files files"
