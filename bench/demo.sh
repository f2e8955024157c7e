#!/usr/bin/env bash
# Times the demo cluster's lifecycle through ./spotplay: first apply, no-op apply, a replaced
# node's apply, and destroy, each repeated RUNS times (default 3) in a fresh folder; prints
# the median and the range of each, in seconds, wall clock including JVM start; plan is timed on
# the cluster just applied (nothing to do). With BENCH_STATE set (e.g. postgresql://127.0.0.1:5432/db,
# login from the libpq environment), every command is given --state BENCH_STATE.
# Usage: [BENCH_STATE=URL] bench/demo.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${1:-3}"
SP="$ROOT/spotplay"
STATE=()
[[ -n ${BENCH_STATE:-} ]] && STATE=(--state "$BENCH_STATE")
"$SP" --version >/dev/null   # build first, outside the timings

work="$(mktemp -d)"
trap '"$SP" destroy "$work/demo.yml" --yes "${STATE[@]}" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
cp -r "$ROOT/playbooks/." "$work/"
rm -rf "$work/.spotplay"

now() { date +%s.%N; }
declare -A times
for i in $(seq 1 "$RUNS"); do
  t0=$(now); "$SP" apply "$work/demo.yml" --yes "${STATE[@]}" >/dev/null; t1=$(now)
  "$SP" apply "$work/demo.yml" --yes "${STATE[@]}" >/dev/null; t2=$(now)
  "$SP" plan "$work/demo.yml" "${STATE[@]}" >/dev/null; t6=$(now)
  kill -9 "$(cat "$work/.spotplay/demo/nodes/worker002/pid")"
  t3=$(now); "$SP" apply "$work/demo.yml" --yes "${STATE[@]}" >/dev/null; t4=$(now)
  "$SP" destroy "$work/demo.yml" --yes "${STATE[@]}" >/dev/null; t5=$(now)
  times[apply]+="$(echo "$t1 - $t0" | bc) "
  times[noop]+="$(echo "$t2 - $t1" | bc) "
  times[plan]+="$(echo "$t6 - $t2" | bc) "
  times[replace]+="$(echo "$t4 - $t3" | bc) "
  times[destroy]+="$(echo "$t5 - $t4" | bc) "
done

stats() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {printf "%6.2f  %6.2f  %6.2f", a[int((NR+1)/2)], a[1], a[NR]}'; }
printf 'demo cluster (4 nodes, 5 steps), %s runs, seconds\n' "$RUNS"
printf '%-34s %6s  %6s  %6s\n' "" median min max
printf '%-34s %s\n' "apply (launch 4, 18 step runs)" "$(echo "${times[apply]}" | stats)"
printf '%-34s %s\n' "no-op apply" "$(echo "${times[noop]}" | stats)"
printf '%-34s %s\n' "plan (nothing to do)" "$(echo "${times[plan]}" | stats)"
printf '%-34s %s\n' "apply after a node was killed" "$(echo "${times[replace]}" | stats)"
printf '%-34s %s\n' "destroy" "$(echo "${times[destroy]}" | stats)"
