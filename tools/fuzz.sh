#!/usr/bin/env bash
# Builds picket's libFuzzer targets (fuzz/, the `fuzz` preset: clang, ASan, UBSan) and runs each
# for SECONDS (default 60), seeded with the shipped scenarios and tests/data/bad (the loader) and
# fuzz/corpus/cli (the command line); the seeds stay read-only, new inputs go to a temporary folder. Fails on any crash, sanitizer report, hang (an input over 60 s) or exit-3
# path, leaving the input that did it in build/fuzz/findings/. Usage: tools/fuzz.sh [SECONDS]
# libFuzzer's seed is PICKET_FUZZ_SEED (default 1), so that CI explores the same way each time;
# set another to explore elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash tools/setup.sh --fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"
findings=build/fuzz/findings
rm -rf "$findings" && mkdir -p "$findings"
status=0
for target in scenario_fuzz cli_fuzz; do
  if [ "$target" = scenario_fuzz ]; then seeds=(scenarios tests/data/bad); else seeds=(fuzz/corpus/cli); fi
  work=$(mktemp -d)
  echo "fuzz: $target for ${seconds} s (seeds: ${seeds[*]})"
  # -timeout: one input over 60 s is a hang; -rss_limit_mb: over 4 GB is a leak or a blow-up.
  # The outer timeout only guards against libFuzzer itself not stopping.
  if ! timeout $((seconds + 300)) "build/fuzz/fuzz/$target" "$work" "${seeds[@]}" \
      -dict="fuzz/${target%_fuzz}.dict" -max_total_time="$seconds" -max_len=16384 -timeout=60 \
      -rss_limit_mb=4096 -seed="${PICKET_FUZZ_SEED:-1}" -artifact_prefix="$findings/$target-" -print_final_stats=1 \
      2>"$findings/$target.log"; then
    echo "fuzz: $target FAILED; the input is in $findings, the log in $findings/$target.log"
    tail -40 "$findings/$target.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$findings/$target.log" | sed "s/^/fuzz: $target /"
  fi
  rm -rf "$work"
done
exit $status
