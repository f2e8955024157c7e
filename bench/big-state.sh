#!/usr/bin/env bash
# plan, no-op apply, status and inventory of a large static cluster, answered from state:
#   bench/big-state.sh [N]          (default 2000 hosts; RUNS=3 runs of each, medians printed)
#
# The state is made once through the real code path, then kept in $BIG_DIR/nN (default
# /tmp/spotplay-big-state) for later runs: N local nodes (the `local` provider, no steps) are
# brought up, `spotplay inventory` lists them as a static inventory, a static playbook with
# 9 steps (5 shell steps with `creates`, a 100 KB copy, a template, a directory, a line in a
# file: bench/run.sh's setup without its `always` step) is applied to them for real, and the
# local nodes are destroyed. The hosts (127.0.0.1 on ports nobody listens on any more) are
# never contacted again: every command measured answers from state (`plan
# --detailed-exitcode` must say "nothing to do", else the bench stops). Each figure is wall
# clock including JVM start, its user+sys CPU seconds (median; on a shared machine the wall
# time follows the load, the CPU time much less), and peak memory (MB, PSS of the CLI's
# processes, bench/measure.py).
# FRESH=1 makes the state again.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
N="${1:-2000}"
RUNS="${RUNS:-3}"
DIR="${BIG_DIR:-/tmp/spotplay-big-state}/n$N"
SP="$ROOT/spotplay"
"$SP" --version >/dev/null   # build first, outside the timings
load() { cut -d' ' -f1-3 /proc/loadavg; }

fabricate() {
    rm -rf "$DIR"
    mkdir -p "$DIR/files"
    head -c 102400 /dev/urandom >"$DIR/files/blob.bin"
    printf '# written by spotplay for {{ node.name }}\nname = {{ node.name }}\npeers = {{ groups.a | join(",") }}\n' \
        >"$DIR/files/app.conf.tmpl"
    cat >"$DIR/fab.yml" <<Y
name: fab
provider: { type: local }
ssh: { start_timeout: 10m }
groups:             # a group holds at most 1000 nodes
  a: { count: $((N / 2)) }
  b: { count: $((N - N / 2)) }
steps: []
Y
    cat >"$DIR/big.yml" <<Y
name: big
provider: { type: static, inventory: hosts.ini }
ssh: { start_timeout: 10m, connect_timeout: 30s }   # the one real apply: thousands of connections on a small machine
groups:
  a: {}
  b: {}
steps:
  - name: work folder
    file: { path: work, state: directory }
Y
    for i in 1 2 3 4 5; do
        printf '  - name: step %s\n    shell: mkdir -p work/s%s && echo %s > work/s%s/done\n    creates: work/s%s/done\n' \
            "$i" "$i" "$i" "$i" "$i" >>"$DIR/big.yml"
    done
    cat >>"$DIR/big.yml" <<Y
  - name: blob
    copy: { src: files/blob.bin, dest: work/blob.bin }
  - name: config
    template: { src: files/app.conf.tmpl, dest: work/app.conf }
  - name: setting
    line: { path: work/settings.conf, line: "max_connections=100" }
Y
    # The local nodes go whatever happens (they are only the hosts of the first, real apply).
    trap '"$SP" destroy "$DIR/fab.yml" --yes >/dev/null 2>&1 || true' EXIT
    echo "big-state: making the state of $N hosts once (local nodes, a real apply, then the nodes go); load $(load)" >&2
    local t0 t1 t2
    t0=$(date +%s.%N)
    "$SP" apply "$DIR/fab.yml" --yes >"$DIR/fab-apply.log" 2>&1 || { tail -n 20 "$DIR/fab-apply.log" >&2; exit 1; }
    "$SP" inventory "$DIR/fab.yml" >"$DIR/local.ini"
    # The local cluster's key goes with it: the static cluster keeps a copy.
    install -m 0600 "$DIR/.spotplay/fab/id_ed25519" "$DIR/id_ed25519"
    sed -e "s#ansible_ssh_private_key_file=[^ ]*#ansible_ssh_private_key_file=$DIR/id_ed25519#" \
        "$DIR/local.ini" >"$DIR/hosts.ini"
    t1=$(date +%s.%N)
    "$SP" apply "$DIR/big.yml" --yes >"$DIR/big-apply.log" 2>&1 || { tail -n 20 "$DIR/big-apply.log" >&2; exit 1; }
    t2=$(date +%s.%N)
    "$SP" destroy "$DIR/fab.yml" --yes >"$DIR/fab-destroy.log" 2>&1 || { tail -n 20 "$DIR/fab-destroy.log" >&2; exit 1; }
    printf 'big-state: %s local nodes up in %.1f s; the static apply (%s hosts x 9 steps, for real) took %.1f s; load %s\n' \
        "$N" "$(echo "$t1 - $t0" | bc)" "$N" "$(echo "$t2 - $t1" | bc)" "$(load)" >&2
    trap - EXIT
    touch "$DIR/.made"
}

[[ -f "$DIR/.made" && -z "${FRESH:-}" ]] || fabricate

set +e
"$SP" plan "$DIR/big.yml" --detailed-exitcode >"$DIR/plan.out" 2>&1
code=$?
set -e
[[ $code -eq 0 ]] || { echo "big-state: the plan is not empty (exit $code); the state does not match:" >&2; tail -n 20 "$DIR/plan.out" >&2; exit 1; }

measure() {   # $1: label; the rest: spotplay arguments
    local label=$1; shift
    : >"$DIR/m.$label"
    for _ in $(seq 1 "$RUNS"); do
        python3 "$ROOT/bench/measure.py" "$DIR/m.$label" -- "$SP" "$@" >/dev/null 2>"$DIR/err.$label" \
            || { cat "$DIR/err.$label" >&2; exit 1; }
    done
    local cpu
    cpu=$(awk '{ print $3 }' "$DIR/m.$label" | sort -n | awk '{ c[NR] = $1 } END { printf "%.2f", c[int((NR + 1) / 2)] }')
    sort -n "$DIR/m.$label" | awk -v l="$label" -v r="$RUNS" -v cpu="$cpu" '
        { s[NR] = $1; if ($2 > m) m = $2 }
        END { printf "%-26s %6.2f s  (min %.2f, max %.2f)  CPU %s s  peak %4d MB\n", l, s[int((NR + 1) / 2)], s[1], s[NR], cpu, m }'
}
echo "static cluster of $N hosts, 9 steps each, answered from state; $RUNS runs each, $(nproc) cores, load before: $(load)"
measure "plan" plan "$DIR/big.yml"
measure "apply (no-op)" apply "$DIR/big.yml" --yes
measure "status" status "$DIR/big.yml"
measure "inventory" inventory "$DIR/big.yml"
echo "load after: $(load)"
