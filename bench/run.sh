#!/usr/bin/env bash
# spotplay against Ansible on the same N hosts: bench/run.sh [N...]   (default: 10 50)
#
# For each N it starts N loopback hosts (OpenSSH sshd on 127.0.1.1..N, bench/hosts.sh), writes
# ONE inventory that both tools use, and runs the same 10-step setup -- 5 shell steps with
# `creates`, a 100 KB copy, a template, a directory, a line in a file, and a command that always
# runs -- with spotplay, with Ansible (forks=N; without and with pipelining), and the floor: one
# SSH connection per host running every command in one script (OpenSSH's default key exchange,
# and curve25519). pyinfra (3.10.0 from PyPI, in a virtualenv of its own, ~/.cache/spotplay/
# pyinfra-venv, made on first use; --parallel N) runs the same 10 steps as a deploy file, each
# `creates` step guarded by pyinfra's File fact as its docs do it.
# Each tool: a first run on clean hosts, then a no-op re-run; RUNS times each
# (default 3). Ansible runs with gather_facts off (spotplay gathers none) and its default
# ControlPersist, so its no-op re-run reuses the first run's connections. Prints a table of
# medians (seconds, wall clock, JVM and Python start included),
# the ratios, and peak memory (MB, PSS summed over the tool's processes). Everything runs on
# this machine; traffic stays on 127.0.0.0/8. It stops its sshd on exit, also on Ctrl-C.
#
# Environment: RUNS (3), BENCH_DIR (/tmp/spotplay-bench), ANSIBLE_MAX_N (50: larger N run
# spotplay, pyinfra and the floor only), PYINFRA_MAX_N (200), BENCH_PORT (2022),
# SPOTPLAY_JAVA_OPTS (passed to ./spotplay), PYINFRA_VENV.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
BENCH="$ROOT/bench"
RUNS="${RUNS:-3}"
DIR="${BENCH_DIR:-/tmp/spotplay-bench}"
ANSIBLE_MAX_N="${ANSIBLE_MAX_N:-50}"
PYINFRA_MAX_N="${PYINFRA_MAX_N:-200}"
PYINFRA_VERSION=3.10.0
PYINFRA_VENV="${PYINFRA_VENV:-$HOME/.cache/spotplay/pyinfra-venv}"
SIZES=("$@")
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(10 50)
LIMIT=900   # seconds any one run may take before it is killed

need() {
    command -v "$1" >/dev/null && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "bench: installing $2" >&2
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$2"; } >&2
    else
        echo "bench: $1 is missing; install the $2 package" >&2
        exit 1
    fi
}
need ssh openssh-client
[[ -x /usr/sbin/sshd ]] || need sshd openssh-server
need python3 python3
need ansible-playbook ansible-core
# shellcheck source=../scripts/lib/venv.sh
source "$ROOT/scripts/lib/venv.sh"
ensure_venv bench "$PYINFRA_VENV" \
    "import sys; from importlib.metadata import version; sys.exit(version('pyinfra') != '$PYINFRA_VERSION')" \
    "pyinfra==$PYINFRA_VERSION"
PYINFRA="$PYINFRA_VENV/bin/pyinfra"

"$ROOT/spotplay" --version >/dev/null   # build (and train the class-data archive) first, outside the timings

load() { cut -d' ' -f1 /proc/loadavg; }
busy() { awk -v l="$(load)" -v c="$(nproc)" 'BEGIN { exit !(l > 0.5 * c) }'; }
if busy; then
    echo "bench: load average $(load) on $(nproc) CPUs: other work is running, and the figures will show it." >&2
fi

rm -rf "$DIR"
mkdir -p "$DIR/files" "$DIR/results"
head -c 102400 /dev/urandom >"$DIR/files/blob.bin"
cat >"$DIR/files/app.conf.tmpl" <<'T'
# written by spotplay for {{ node.name }}
name = {{ node.name }}
port = {{ app_port }}
peers = {{ groups.bench | join(",") }}
T
cat >"$DIR/files/app.conf.pyinfra.j2" <<'T'
# written by pyinfra for {{ host.name }}
name = {{ host.name }}
port = {{ app_port }}
peers = {{ peers }}
T
cat >"$DIR/files/app.conf.j2" <<'T'
# written by ansible for {{ inventory_hostname }}
name = {{ inventory_hostname }}
port = {{ app_port }}
peers = {{ groups.bench | join(",") }}
T

cleanup() {
    for d in "$DIR"/n*; do [[ -d $d ]] && "$BENCH/hosts.sh" stop "$d" || true; done
    close_ansible_masters
}
close_ansible_masters() {
    local s
    for s in "$DIR"/cp/*; do
        [[ -S $s ]] && ssh -o ControlPath="$s" -O exit dummy >/dev/null 2>&1 || true
    done
}
trap cleanup EXIT

write_playbooks() {   # $1: the N folder (holds hosts.ini)
    local nd=$1 n=$2
    cat >"$nd/spotplay.yml" <<Y
name: bench
provider: { type: static, inventory: hosts.ini }
vars: { base: $nd/hosts, app_port: 8080 }
groups:
  bench: {}
steps:
  - name: work folder
    file: { path: "{{ base }}/{{ node.name }}", state: directory }
Y
    for i in 1 2 3 4 5; do
        cat >>"$nd/spotplay.yml" <<Y
  - name: step $i
    shell: mkdir -p {{ base }}/{{ node.name }}/s$i && echo $i > {{ base }}/{{ node.name }}/s$i/done
    creates: "{{ base }}/{{ node.name }}/s$i/done"
Y
    done
    cat >>"$nd/spotplay.yml" <<Y
  - name: blob
    copy: { src: $DIR/files/blob.bin, dest: "{{ base }}/{{ node.name }}/blob.bin" }
  - name: config
    template: { src: $DIR/files/app.conf.tmpl, dest: "{{ base }}/{{ node.name }}/app.conf" }
  - name: setting
    line: { path: "{{ base }}/{{ node.name }}/settings.conf", line: "max_connections=100" }
  - name: heartbeat
    shell: date +%s > {{ base }}/{{ node.name }}/last-run
    always: true
Y
    {
        echo "- hosts: bench"
        echo "  gather_facts: false"
        echo "  vars: { base: $nd/hosts, app_port: 8080 }"
        echo "  tasks:"
        echo "    - file: { path: \"{{ base }}/{{ inventory_hostname }}\", state: directory }"
        for i in 1 2 3 4 5; do
            echo "    - shell: mkdir -p {{ base }}/{{ inventory_hostname }}/s$i && echo $i > {{ base }}/{{ inventory_hostname }}/s$i/done"
            echo "      args: { creates: \"{{ base }}/{{ inventory_hostname }}/s$i/done\" }"
        done
        echo "    - copy: { src: $DIR/files/blob.bin, dest: \"{{ base }}/{{ inventory_hostname }}/blob.bin\" }"
        echo "    - template: { src: $DIR/files/app.conf.j2, dest: \"{{ base }}/{{ inventory_hostname }}/app.conf\" }"
        echo "    - lineinfile: { path: \"{{ base }}/{{ inventory_hostname }}/settings.conf\", line: max_connections=100, create: true }"
        echo "    - shell: date +%s > {{ base }}/{{ inventory_hostname }}/last-run"
    } >"$nd/site.yml"
    for p in False True; do
        cat >"$nd/ansible-$p.cfg" <<C
[defaults]
forks = $n
host_key_checking = False
interpreter_python = /usr/bin/python3
gathering = explicit
retry_files_enabled = False
[ssh_connection]
pipelining = $p
control_path_dir = $DIR/cp
C
    done
    # pyinfra: an inventory of the same hosts, and the 10 steps as a deploy.
    awk -v key="$nd/id_ed25519" -v user="$(id -un)" -v port="${BENCH_PORT:-2022}" '
        BEGIN { print "bench = [" }
        /^h[0-9]/ { split($2, a, "="); printf "    (\"%s\", {\"ssh_hostname\": \"%s\", \"ssh_port\": %s, \"ssh_user\": \"%s\", \"ssh_key\": \"%s\",\n", $1, a[2], port, user, key
                    print "               \"ssh_strict_host_key_checking\": \"off\", \"ssh_known_hosts_file\": \"/dev/null\"}),"; }
        END { print "]" }' "$nd/hosts.ini" >"$nd/inventory.py"
    cat >"$nd/deploy.py" <<P
from pyinfra import host, inventory
from pyinfra.facts.files import File
from pyinfra.operations import files, server

d = "$nd/hosts/" + host.name
peers = ",".join(h.name for h in inventory.get_group("bench"))
files.directory(name="work folder", path=d)
for i in range(1, 6):
    if not host.get_fact(File, path=f"{d}/s{i}/done"):
        server.shell(name=f"step {i}", commands=[f"mkdir -p {d}/s{i} && echo {i} > {d}/s{i}/done"])
files.put(name="blob", src="$DIR/files/blob.bin", dest=f"{d}/blob.bin")
files.template(name="config", src="$DIR/files/app.conf.pyinfra.j2", dest=f"{d}/app.conf", app_port=8080, peers=peers)
files.line(name="setting", path=f"{d}/settings.conf", line="max_connections=100")
server.shell(name="heartbeat", commands=[f"date +%s > {d}/last-run"])
P
    # The floor: per host, the same work as one script over one connection.
    mkdir -p "$nd/floor"
    local peers
    peers=$(awk '/^h[0-9]/ {print $1}' "$nd/hosts.ini" | paste -sd, -)
    while read -r host addr; do
        local d="$nd/hosts/$host"
        {
            echo "set -e"
            echo "mkdir -p $d"
            for i in 1 2 3 4 5; do echo "[ -e $d/s$i/done ] || { mkdir -p $d/s$i && echo $i > $d/s$i/done; }"; done
            echo "base64 -d > $d/blob.bin <<'B64'"; base64 "$DIR/files/blob.bin"; echo "B64"
            printf 'cat > %s/app.conf <<%s\n# written by the floor for %s\nname = %s\nport = 8080\npeers = %s\n%s\n' \
                "$d" "'CONF'" "$host" "$host" "$peers" "CONF"
            echo "grep -qxF max_connections=100 $d/settings.conf 2>/dev/null || echo max_connections=100 >> $d/settings.conf"
            echo "date +%s > $d/last-run"
        } >"$nd/floor/$host.sh"
        echo "$host $addr" >>"$nd/floor/hosts"
    done < <(awk '/^h[0-9]/ {split($2, a, "="); print $1, a[2]}' "$nd/hosts.ini")
}

measure() {   # $1: results file; rest: command (its output goes to the log)
    local out=$1; shift
    timeout "$LIMIT" python3 "$BENCH/measure.py" "$out" -- "$@" >>"$DIR/results/log" 2>&1 \
        || { echo "bench: failed (exit $?): $* -- see $DIR/results/log" >&2; tail -n 20 "$DIR/results/log" >&2; exit 1; }
}

fresh_hosts() { rm -rf "$1/hosts" "$1/.spotplay"; mkdir -p "$1/hosts"; }

for n in "${SIZES[@]}"; do
    nd="$DIR/n$n"
    "$BENCH/hosts.sh" start "$nd" "$n" >/dev/null
    write_playbooks "$nd" "$n"
    R="$DIR/results/n$n"
    mkdir -p "$R"
    echo "bench: N=$n, $RUNS runs each" >&2
    for run in $(seq 1 "$RUNS"); do
        fresh_hosts "$nd"
        measure "$R/spotplay-first" "$ROOT/spotplay" apply "$nd/spotplay.yml" --yes --parallel "$n"
        measure "$R/spotplay-noop" "$ROOT/spotplay" apply "$nd/spotplay.yml" --yes --parallel "$n"
        if (( n <= ANSIBLE_MAX_N )); then
            for p in False True; do
                fresh_hosts "$nd"
                close_ansible_masters
                ( cd "$nd" && export ANSIBLE_CONFIG="$nd/ansible-$p.cfg"
                  measure "$R/ansible-$p-first" ansible-playbook -i hosts.ini site.yml
                  measure "$R/ansible-$p-noop" ansible-playbook -i hosts.ini site.yml )
                close_ansible_masters
            done
        fi
        if (( n <= PYINFRA_MAX_N )); then
            fresh_hosts "$nd"
            ( cd "$nd"
              measure "$R/pyinfra-first" "$PYINFRA" -y --parallel "$n" inventory.py deploy.py
              measure "$R/pyinfra-noop" "$PYINFRA" -y --parallel "$n" inventory.py deploy.py )
        fi
        fresh_hosts "$nd"
        measure "$R/floor-default" "$BENCH/floor.sh" "$nd"
        fresh_hosts "$nd"
        measure "$R/floor-curve25519" "$BENCH/floor.sh" "$nd" -o KexAlgorithms=curve25519-sha256
        echo "bench: N=$n run $run done" >&2
    done
    "$BENCH/hosts.sh" stop "$nd"
done

python3 "$BENCH/report.py" "$DIR/results" "${SIZES[@]}"
echo
echo "Machine: $(nproc) CPUs, $(sshd -V 2>&1 | head -n 1 | cut -d, -f1 || true), $(ansible-playbook --version 2>/dev/null | sed -n 1p), pyinfra $PYINFRA_VERSION," \
     "$(java -version 2>&1 | head -n 1). Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
