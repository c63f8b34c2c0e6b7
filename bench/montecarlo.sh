#!/usr/bin/env bash
# Monte Carlo throughput: a scenario's batch on 1 and on T threads (default 2), through the real
# binary, one line each in the format of bench/README.md:
#   montecarlo trials=<N> wall_s=<s> threads=<T> per_trial_ms=<ms> efficiency=<e>
# efficiency = wall(1 thread) / (T x wall(T threads)). Usage: bench/montecarlo.sh [SCENARIO] [N] [T]
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-scenarios/hokkaido-2017-09-15.yaml}
trials=${2:-200}
threads=${3:-2}
picket=build/release/src/cli/picket
wall() {  # the batch's own wall time, as picket prints it (models built once, not counted)
  "$picket" run "$scenario" --trials "$trials" --threads "$1" --yes | sed -n 's/.*Monte Carlo, [0-9]* trials (seed [0-9]*), \([0-9.]*\) s$/\1/p'
}
one=$(wall 1)
many=$(wall "$threads")
echo "# $scenario"
awk -v n="$trials" -v w="$one" 'BEGIN { printf "montecarlo trials=%d wall_s=%.2f threads=1 per_trial_ms=%.1f efficiency=1.00\n", n, w, 1000 * w / n }'
awk -v n="$trials" -v w="$many" -v t="$threads" -v w1="$one" \
  'BEGIN { printf "montecarlo trials=%d wall_s=%.2f threads=%d per_trial_ms=%.1f efficiency=%.2f\n", n, w, t, 1000 * w / n, w1 / (t * w) }'
