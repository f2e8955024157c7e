#!/usr/bin/env bash
# What one batch of steps costs a node: bench/batch-cost.sh [REV...]
#
# For each revision of engine's ScriptBatch (default: 2466719, before per-step timeouts;
# 4299a86, a sleep, setsid and sh per step; and this worktree), it assembles the batch spotplay
# sends for 50 no-op steps (`shell: true`) and for bench/run.sh's 10 steps (a directory, 5 shell
# steps with `creates`, a 100 KB copy, a template, a line, a command), from this worktree's
# modules' fragments (bench/BatchScripts.java), and runs each RUNS times (default 10) on one
# loopback OpenSSH host (bench/hosts.sh, 127.0.1.1), as spotplay does: `sh` over one SSH exec,
# the script on stdin. bench10 is timed on a clean folder (first apply) and again on the result
# (everything unchanged but the command). Prints the node's side, measured there around the
# batch's sh: wall seconds (median), CPU seconds of the sh and every process it reaped (mean:
# the kernel counts it in 10 ms ticks), and processes: the sh and every process it started,
# from the last pid /proc/loadavg shows before and after (other work on the machine takes pids
# too, so the fewest of the runs). The node is this machine, so it needs bash 5 and /proc.
# REV "worktree" is this checkout as built. Traffic stays on 127.0.0.0/8.
#
# Environment: RUNS (10), BENCH_DIR (/tmp/spotplay-batch-cost), BENCH_PORT (2022).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
RUNS="${RUNS:-10}"
DIR="${BENCH_DIR:-/tmp/spotplay-batch-cost}"
REVS=("$@")
[[ ${#REVS[@]} -gt 0 ]] || REVS=(2466719 4299a86 worktree)
(( BASH_VERSINFO[0] >= 5 )) || { echo "batch-cost: bash 5 is needed (EPOCHREALTIME)" >&2; exit 1; }

"$ROOT/spotplay" --version >/dev/null   # builds dist/target/lib if the sources changed
LIB="$ROOT/dist/target/lib/*"

rm -rf "$DIR"
mkdir -p "$DIR/files"
head -c 102400 /dev/urandom >"$DIR/files/blob.bin"
printf '# written for {{ node.name }}\nport = 8080\n' >"$DIR/files/app.conf.tmpl"
"$ROOT/bench/hosts.sh" start "$DIR/node" 1 >/dev/null
trap '"$ROOT/bench/hosts.sh" stop "$DIR/node" || true' EXIT
PORT="${BENCH_PORT:-2022}"
SSH=(ssh -q -i "$DIR/node/id_ed25519" -p "$PORT" -o BatchMode=yes -o StrictHostKeyChecking=no
     -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR "$(id -un)@127.0.1.1")
BASE="$DIR/node/work"

# The node's side of one run, in bash 5 (so the clock and the pid counter are read without a
# process of their own): the batch's sh with the script on stdin. Prints "START END PID PID" and
# then bash's `times` (the second line: the CPU of the sh and every process it reaped).
cat >"$DIR/measure.sh" <<'M'
read -r _ _ _ _ a </proc/loadavg
s=$EPOCHREALTIME
sh >/dev/null
e=$EPOCHREALTIME
read -r _ _ _ _ b </proc/loadavg
echo "$s $e $a $b"
times
M
# One run, as spotplay sends it (one SSH exec); prints "wall cpu processes".
run() {   # $1: script
    "${SSH[@]}" bash "$DIR/measure.sh" <"$1" | awk -v max="$(cat /proc/sys/kernel/pid_max)" '
        function secs(t) { split(t, p, /[ms]/); return p[1] * 60 + p[2] }
        NR == 1 { w = $2 - $1; n = $4 - $3; if (n < 0) n += max } NR == 3 { c = secs($1) + secs($2) }
        END { printf "%.4f %.3f %d\n", w, c, n }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mean() { awk '{ t += $1 } END { print t / NR }'; }
min() { sort -n | head -n 1; }
report() {   # $1: label, $2: file of "wall cpu processes" lines
    printf '  %-24s wall %6.3f s   cpu %6.3f s   processes %4d\n' "$1" \
        "$(cut -d' ' -f1 "$2" | median)" "$(cut -d' ' -f2 "$2" | mean)" "$(cut -d' ' -f3 "$2" | min)"
}

for rev in "${REVS[@]}"; do
    cp="$LIB"
    if [[ $rev != worktree ]]; then
        src="$DIR/rev-$rev/src/dev/spotplay/module"
        mkdir -p "$src" "$DIR/rev-$rev/classes"
        git -C "$ROOT" show "$rev:engine/src/main/java/dev/spotplay/module/ScriptBatch.java" >"$src/ScriptBatch.java"
        javac -nowarn -d "$DIR/rev-$rev/classes" -cp "$LIB" "$src/ScriptBatch.java"
        cp="$DIR/rev-$rev/classes:$LIB"
    fi
    out="$DIR/out-$rev"
    mkdir -p "$out"
    java -cp "$cp" "$ROOT/bench/BatchScripts.java" "$out" "$BASE" "$DIR/files"
    : >"$out/noop50"; : >"$out/first"; : >"$out/again"
    for _ in $(seq 1 "$RUNS"); do
        run "$out/noop50.sh" >>"$out/noop50"
        rm -rf "$BASE"
        run "$out/bench10.sh" >>"$out/first"
        run "$out/bench10.sh" >>"$out/again"
    done
    grep -q max_connections "$BASE/settings.conf" || { echo "batch-cost: $rev: the 10 steps did not run" >&2; exit 1; }
    echo "$rev: $(git -C "$ROOT" log -1 --format='%h %s' "${rev/worktree/HEAD}" | cut -c1-70)$([[ $rev == worktree ]] && ! git -C "$ROOT" diff --quiet HEAD -- engine && echo ' + changes')"
    report "50 no-op steps" "$out/noop50"
    report "10 bench steps, first" "$out/first"
    report "10 bench steps, again" "$out/again"
done
echo "$RUNS runs each, on the node's side; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end."
