#!/usr/bin/env bash
# An output folder holding a file picket did not write: the run must refuse (exit 2) and leave the
# folder untouched. Usage: foreign_out_check.sh PICKET DIR
set -u
picket=$1; dir=$2
rm -rf "$dir" && mkdir -p "$dir" && echo mine > "$dir/foreign.txt"
"$picket" fly --missile hwasong-12 --from 39,125 --to 40,130 --out "$dir"
status=$?
if [ "$(cat "$dir/foreign.txt")" != mine ] || [ -e "$dir/summary.json" ] || [ "$(ls -A "$(dirname "$dir")" | grep -c picket-staging)" != 0 ]; then
  echo "foreign_out_check: the folder was changed"; exit 9
fi
exit $status
