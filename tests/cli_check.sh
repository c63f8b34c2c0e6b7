#!/usr/bin/env bash
# Runs the real picket binary and checks its exit status, its output, and (for failures) that it
# wrote nothing. Usage:
#   cli_check.sh EXPECTED_STATUS REGEX [--absent PATH] [--present PATH]... -- COMMAND...
set -u
want_status=$1; regex=$2; shift 2
absent=(); present=()
while [ "$1" != "--" ]; do
  case "$1" in
    --absent) absent+=("$2"); shift 2 ;;
    --present) present+=("$2"); shift 2 ;;
    *) echo "cli_check: bad option $1"; exit 99 ;;
  esac
done
shift
for p in "${absent[@]}" "${present[@]}"; do rm -rf "$p"; done
out=$("$@" 2>&1); status=$?
printf '%s\n' "$out"
fail=0
if [ "$status" -ne "$want_status" ]; then echo "cli_check: exit status $status, expected $want_status"; fail=1; fi
if ! printf '%s\n' "$out" | grep -Eq -- "$regex"; then echo "cli_check: output does not match: $regex"; fail=1; fi
for p in "${absent[@]}"; do [ -e "$p" ] && { echo "cli_check: $p was written"; fail=1; }; done
for p in "${present[@]}"; do [ -s "$p" ] || { echo "cli_check: $p is missing or empty"; fail=1; }; done
exit $fail
