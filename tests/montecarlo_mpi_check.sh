#!/usr/bin/env bash
# `mpirun -np 2 picket run SCENARIO --trials N` writes what one process writes, to the bit
# (montecarlo/mpi.h). As root, Open MPI needs --allow-run-as-root; --oversubscribe lets two ranks
# share a machine with fewer free slots. Usage: montecarlo_mpi_check.sh PICKET SCENARIO DIR
set -eu
picket=$1; scenario=$2; dir=$3
rm -rf "$dir"; mkdir -p "$dir"
"$picket" run "$scenario" --trials 8 --threads 1 --out "$dir/one" --no-report >/dev/null
mpirun --allow-run-as-root --oversubscribe -np 2 "$picket" run "$scenario" --trials 8 --threads 1 --out "$dir/two" \
  --no-report >"$dir/two.log" 2>&1 || { cat "$dir/two.log"; exit 1; }
cmp "$dir/one/montecarlo.json" "$dir/two/montecarlo.json"
cmp "$dir/one/trials.csv" "$dir/two/trials.csv"
echo "montecarlo: 2 MPI processes write what 1 writes"
