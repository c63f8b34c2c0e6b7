#!/usr/bin/env bash
# A Monte Carlo batch writes bit-identical files on 1 and 2 threads, and trial K replayed alone
# (--trial K) reports the same outcome as line K of trials.csv (K: the first trial with a leaker,
# so that the comparison is not 0 against 0; else trial 4). Usage: montecarlo_threads_check.sh PICKET SCENARIO DIR
set -eu
picket=$1; scenario=$2; dir=$3
rm -rf "$dir"; mkdir -p "$dir"
"$picket" run "$scenario" --trials 6 --threads 1 --out "$dir/one" >/dev/null
"$picket" run "$scenario" --trials 6 --threads 2 --out "$dir/two" >/dev/null
cmp "$dir/one/montecarlo.json" "$dir/two/montecarlo.json"
cmp "$dir/one/trials.csv" "$dir/two/trials.csv"
k=$(awk -F, 'NR > 1 && $4 > 0 {print $1; exit}' "$dir/one/trials.csv"); k=${k:-4}
"$picket" run "$scenario" --trial "$k" --out "$dir/alone" --no-report >/dev/null
grep -q "\"trial\": $k" "$dir/alone/summary.json"
# Its leakers: missiles whose summary has no "destroyed" block, against trials.csv's column 4.
alone=$(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(sum(1 for t in d['threats'] if 'destroyed' not in t))" "$dir/alone/summary.json")
batch=$(awk -F, -v k="$k" '$1 == k {print $4}' "$dir/one/trials.csv")
[ "$alone" = "$batch" ] || { echo "trial $k alone: $alone leakers; in the batch: $batch"; exit 1; }
echo "montecarlo: identical on 1 and 2 threads; trial $k replays ($alone leakers)"
