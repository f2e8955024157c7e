#!/usr/bin/env bash
# The floor of the benchmark: one SSH connection per host, all at once, each running that
# host's whole setup as one script (written by bench/run.sh into DIR/floor/HOST.sh).
#   bench/floor.sh DIR [ssh options...]     e.g. -o KexAlgorithms=curve25519-sha256
set -euo pipefail
dir=$1; shift
port="${BENCH_PORT:-2022}"
pids=()
while read -r host addr; do
    ssh -q -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
        -o ControlMaster=no -o ControlPath=none "$@" -i "$dir/id_ed25519" -p "$port" "$addr" sh -s \
        <"$dir/floor/$host.sh" &
    pids+=($!)
done <"$dir/floor/hosts"
rc=0
for p in "${pids[@]}"; do wait "$p" || rc=1; done
exit $rc
