#!/usr/bin/env bash
# Ctrl-C stops a batch cleanly (exit 130, the trials done written), and --resume carries it on to
# the files of a batch that never stopped, to the bit. The interrupt comes after 2 s (5 or 12 s where
# it stopped the run before its first trial) (a Ctrl-C
# while the finished batch is written is caught too, and the batch kept): a machine
# fast enough to finish first still checks that --resume of a finished batch changes nothing.
# Usage: montecarlo_resume_check.sh PICKET SCENARIO DIR
set -u
picket=$1; scenario=$2; dir=$3
rm -rf "$dir"; mkdir -p "$dir"
"$picket" run "$scenario" --trials 320 --threads 2 --out "$dir/straight" --no-report >/dev/null || exit 1
# An interrupt that lands before the first trial (the models are still being built: seconds on a
# loaded machine) stops the run with nothing to resume; try again, waiting longer.
for wait_s in 2 5 12; do
  rm -rf "$dir/stopped"
  timeout --preserve-status -s INT $wait_s "$picket" run "$scenario" --trials 320 --threads 2 --out "$dir/stopped" --no-report >"$dir/stopped.log"
  status=$?
  [ "$status" = 130 ] && [ ! -f "$dir/stopped/montecarlo.json" ] || break
done
case $status in
  130) grep -q "Stopped after [0-9]* of 320 trials" "$dir/stopped.log" || { cat "$dir/stopped.log"; exit 1; }
       grep -q '"complete": false' "$dir/stopped/montecarlo.json" || exit 1 ;;
  0) ;;
  *) echo "the stopped run exited $status"; cat "$dir/stopped.log"; exit 1 ;;
esac
"$picket" run "$scenario" --threads 1 --out "$dir/stopped" --no-report --resume >/dev/null || exit 1
cmp "$dir/straight/montecarlo.json" "$dir/stopped/montecarlo.json" || exit 1
cmp "$dir/straight/trials.csv" "$dir/stopped/trials.csv" || exit 1
echo "montecarlo: stopped (exit $status) and resumed, the same as a batch that never stopped"
