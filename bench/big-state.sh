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
#
# PROVIDER=aws bench/big-state.sh [N] does the same for an aws cluster on moto (see fabricate_aws):
# two groups of N/2 instances (at most 2,000 in all) launched by a real `spotplay apply` with the
# AWS SDK against moto in server mode, each reached over SSH (sshd on the instances' loopback
# addresses) and set up with the same 9 steps, in a folder of its own; then the sshd stop and
# the four commands are measured, each answered from state plus the EC2 calls the provider
# makes (the number of EC2 calls of one plan is printed too). moto keeps its instances in
# memory only, so this cluster is made again on every run (minutes for 2,000), and moto goes
# when the script ends (also on Ctrl-C).
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
N="${1:-2000}"
RUNS="${RUNS:-3}"
PROVIDER="${PROVIDER:-static}"
case $PROVIDER in
    static) DIR="${BIG_DIR:-/tmp/spotplay-big-state}/n$N" ;;
    aws) DIR="${BIG_DIR:-/tmp/spotplay-big-state}/aws-n$N" ;;
    *) echo "big-state: PROVIDER is static or aws, not '$PROVIDER'" >&2; exit 2 ;;
esac
SP="$ROOT/spotplay"
"$SP" --version >/dev/null   # build first, outside the timings
load() { cut -d' ' -f1-3 /proc/loadavg; }

# The 9 steps of both playbooks, in folder $1 (relative: each host's home; no spaces once rendered).
write_steps() {
    local w=$1 i
    echo "  - name: work folder"
    echo "    file: { path: \"$w\", state: directory }"
    for i in 1 2 3 4 5; do
        printf '  - name: step %s\n    shell: mkdir -p %s/s%s && echo %s > %s/s%s/done\n    creates: %s/s%s/done\n' \
            "$i" "$w" "$i" "$i" "$w" "$i" "$w" "$i"
    done
    cat <<Y
  - name: blob
    copy: { src: files/blob.bin, dest: "$w/blob.bin" }
  - name: config
    template: { src: files/app.conf.tmpl, dest: "$w/app.conf" }
  - name: setting
    line: { path: "$w/settings.conf", line: "max_connections=100" }
Y
}

write_files() {
    mkdir -p "$DIR/files"
    head -c 102400 /dev/urandom >"$DIR/files/blob.bin"
    printf '# written by spotplay for {{ node.name }}\nname = {{ node.name }}\npeers = {{ groups.a | join(",") }}\n' \
        >"$DIR/files/app.conf.tmpl"
}

fabricate() {
    rm -rf "$DIR"
    write_files
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
Y
    write_steps work >>"$DIR/big.yml"
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

# The aws cluster: moto, a /21 subnet for the instances' addresses, sshd on each of them.
SUBNET=127.0.8.0/21   # moto hands out 127.0.8.4, .5, ... in order; 2,043 addresses at most
aws_stop() {
    "$ROOT/scripts/instances-fixture.sh" stop "$DIR/instances" >/dev/null 2>&1 || true
    "$ROOT/scripts/moto-fixture.sh" stop "$DIR/moto" >/dev/null 2>&1 || true
}

fabricate_aws() {
    [[ $N =~ ^[0-9]+$ && $N -ge 2 && $N -le 2000 ]] || { echo "big-state: with PROVIDER=aws, N is 2 to 2000" >&2; exit 2; }
    # What a run left (Ctrl-C-proof as it is, a kill -9 of this script can leave its daemons).
    [[ -d $DIR ]] && aws_stop
    rm -rf "$DIR"
    write_files
    trap aws_stop EXIT
    trap 'exit 130' INT TERM
    export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true SPOTPLAY_LOOPBACK_ONLY=1
    echo "big-state: making an aws cluster of $N instances on moto (a real apply over SSH); load $(load)" >&2
    local t0 t1 t2 url ranges="" first last o
    t0=$(date +%s.%N)
    url=$(timeout 300 "$ROOT/scripts/moto-fixture.sh" start "$DIR/moto" | sed -n 's/^MOTO_URL=//p')
    MOTO_SUBNETS="$SUBNET:us-east-1a" timeout 120 "$ROOT/scripts/moto-fixture.sh" network "$DIR/moto" >/dev/null
    # sshd on the addresses moto will hand out (offsets 4 .. 4+N-1 in the /21, and 16 spare for
    # a relaunch), as PREFIX:FROM:TO ranges, one per third octet.
    first=4 last=$((4 + N + 15 > 2046 ? 2046 : 4 + N + 15))
    for ((o = first; o <= last; o = (o / 256 + 1) * 256)); do
        local end=$(((o / 256 + 1) * 256 - 1))
        ((end > last)) && end=$last
        ranges+="127.0.$((8 + o / 256)):$((o % 256)):$((end % 256)) "
    done
    INSTANCES_RANGES="$ranges" timeout 300 "$ROOT/scripts/instances-fixture.sh" start "$DIR/instances" >"$DIR/instances.env.out"
    echo "$DIR" >>"$DIR/instances/key-roots"   # sshd accepts the cluster key spotplay makes under $DIR/.spotplay
    local port user
    port=$(sed -n 's/^INSTANCES_PORT=//p' "$DIR/instances/instances.env")
    user=$(sed -n 's/^INSTANCES_USER=//p' "$DIR/instances/instances.env")
    t1=$(date +%s.%N)
    cat >"$DIR/big.yml" <<Y
name: big
provider: { type: aws, region: us-east-1, endpoint: "$url", subnet: [$SUBNET], address: private }
ssh: { user: $user, port: $port, start_timeout: 20m, connect_timeout: 30s }   # the one real apply: thousands of connections
groups:             # a group holds at most 1000 nodes
  a: { count: $((N / 2)), instance_type: c5.large, image: ami-785db401 }
  b: { count: $((N - N / 2)), instance_type: [m5.large, m5a.large], image: ami-785db401 }
steps:
Y
    # Every "instance" is this machine: each node's steps work in a folder of its own.
    write_steps "$DIR/nodes/{{ node.name }}/work" >>"$DIR/big.yml"
    timeout 3600 "$SP" apply "$DIR/big.yml" --yes >"$DIR/big-apply.log" 2>&1 || { tail -n 20 "$DIR/big-apply.log" >&2; exit 1; }
    t2=$(date +%s.%N)
    # The nodes' sshd go: what is measured next is answered from state and EC2 (moto) alone.
    "$ROOT/scripts/instances-fixture.sh" stop "$DIR/instances" >/dev/null
    printf 'big-state: moto and %s sshd up in %.1f s; the aws apply (%s instances launched, reached over SSH, x 9 steps) took %.1f s; load %s\n' \
        "$(ls "$DIR"/instances/sshd-*.conf | wc -l)" "$(echo "$t1 - $t0" | bc)" "$N" "$(echo "$t2 - $t1" | bc)" "$(load)" >&2
}

if [[ $PROVIDER == aws ]]; then
    fabricate_aws
else
    [[ -f "$DIR/.made" && -z "${FRESH:-}" ]] || fabricate
fi

set +e
timeout "${MEASURE_TIMEOUT:-600}" "$SP" plan "$DIR/big.yml" --detailed-exitcode >"$DIR/plan.out" 2>&1
code=$?
set -e
[[ $code -eq 0 ]] || { echo "big-state: the plan is not empty (exit $code); the state does not match:" >&2; tail -n 20 "$DIR/plan.out" >&2; exit 1; }

moto_cpu() {   # moto's user+sys CPU so far, in clock ticks (0 without moto)
    if [[ $PROVIDER == aws ]]; then
        awk '{ print $14 + $15 }' "/proc/$(cat "$DIR/moto/moto.pid")/stat"
    else
        echo 0
    fi
}

measure() {   # $1: label; the rest: spotplay arguments
    local label=$1; shift
    : >"$DIR/m.$label"
    : >"$DIR/moto.$label"
    local m0
    for _ in $(seq 1 "$RUNS"); do
        m0=$(moto_cpu)
        # A command that outlives MEASURE_TIMEOUT (default 10 minutes) stops the bench: no hang.
        python3 "$ROOT/bench/measure.py" "$DIR/m.$label" -- timeout "${MEASURE_TIMEOUT:-600}" "$SP" "$@" >/dev/null 2>"$DIR/err.$label" \
            || { cat "$DIR/err.$label" >&2; echo "big-state: $label failed or took over ${MEASURE_TIMEOUT:-600} s" >&2; exit 1; }
        echo "$(( $(moto_cpu) - m0 ))" >>"$DIR/moto.$label"
    done
    local cpu moto=""
    cpu=$(awk '{ print $3 }' "$DIR/m.$label" | sort -n | awk '{ c[NR] = $1 } END { printf "%.2f", c[int((NR + 1) / 2)] }')
    # moto's CPU while the command ran (median), beside spotplay's own: where an aws command's time goes.
    [[ $PROVIDER == aws ]] && moto=$(sort -n "$DIR/moto.$label" | awk -v hz="$(getconf CLK_TCK)" '{ c[NR] = $1 } END { printf "  moto CPU %.2f s", c[int((NR + 1) / 2)] / hz }')
    sort -n "$DIR/m.$label" | awk -v l="$label" -v r="$RUNS" -v cpu="$cpu" -v moto="$moto" '
        { s[NR] = $1; if ($2 > m) m = $2 }
        END { printf "%-26s %6.2f s  (min %.2f, max %.2f)  CPU %s s  peak %4d MB%s\n", l, s[int((NR + 1) / 2)], s[1], s[NR], cpu, m, moto }'
}
if [[ $PROVIDER == aws ]]; then
    # EC2 calls of one plan: moto logs one "POST / " line per EC2 call (EFS has paths of its own).
    before=$(grep -c '"POST / HTTP' "$DIR/moto/moto.log" || true)
    timeout "${MEASURE_TIMEOUT:-600}" "$SP" plan "$DIR/big.yml" >/dev/null 2>&1
    after=$(grep -c '"POST / HTTP' "$DIR/moto/moto.log" || true)
    echo "aws cluster of $N instances on moto (2 groups), 9 steps each, answered from state and EC2; $RUNS runs each, $(nproc) cores, load before: $(load)"
    echo "EC2 calls of one plan: $((after - before))"
else
    echo "static cluster of $N hosts, 9 steps each, answered from state; $RUNS runs each, $(nproc) cores, load before: $(load)"
fi
measure "plan" plan "$DIR/big.yml"
measure "apply (no-op)" apply "$DIR/big.yml" --yes
measure "status" status "$DIR/big.yml"
measure "inventory" inventory "$DIR/big.yml"
echo "load after: $(load)"
