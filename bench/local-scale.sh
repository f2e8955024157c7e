#!/usr/bin/env bash
# Times N local nodes (the embedded `local` provider) brought up and set up with the demo's
# steps, a no-op apply, and destroy; prints wall times (including JVM start) and the memory of
# everything that serves the cluster (the CLI, the cluster's daemon, the nodes' processes).
# Usage: bench/local-scale.sh [N]        (default 300: 1 head, N-1 workers)
# Memory is sampled every 200 ms over every process whose command line names the bench's
# folder: RSS summed (counts shared pages once per process, so it overstates) and PSS summed
# (shared pages split between the processes sharing them: the fair total). It stays on
# loopback and destroys the cluster when done, also on failure.
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
N="${1:-300}"
[ "$N" -ge 2 ] || { echo "local-scale.sh: N must be at least 2" >&2; exit 2; }
SP="$ROOT/spotplay"
"$SP" --version >/dev/null   # build first, outside the timings

work="$(mktemp -d /tmp/spotplay-local-scale.XXXXXX)"
sampler=""
cleanup() {
  [ -z "$sampler" ] || kill "$sampler" 2>/dev/null || true
  "$SP" destroy "$work/scale.yml" --yes >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r "$ROOT/playbooks/files" "$work/"
sed -e 's/^name: demo$/name: scale/' -e "/^  worker:/,/after:/ s/count: 3/count: $((N - 1))/" \
  "$ROOT/playbooks/demo.yml" >"$work/scale.yml"
grep -q "count: $((N - 1))" "$work/scale.yml" || { echo "local-scale.sh: could not set the worker count" >&2; exit 1; }
echo 'ssh: { start_timeout: 2m }   # a node that never answers fails the bench in minutes, not 10' >>"$work/scale.yml"

# sample.py OUT: until killed, every 200 ms, the sums over processes naming $work; keeps the peaks.
cat >"$work/sample.py" <<'EOF'
import os, sys, time, signal
work, out = sys.argv[1], sys.argv[2]
peak = [0, 0, 0]
def field(pid, name):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(name):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
def done(*_):
    with open(out, "w") as f:
        f.write(f"{peak[0]} {peak[1]} {peak[2]}\n")
    sys.exit(0)
signal.signal(signal.SIGTERM, done)
me = str(os.getpid())  # the samplers themselves name the folder too: skipped
while True:
    rss = pss = n = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or pid == me:
            continue
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
                if work.encode() not in cmd or b"python" in cmd:
                    continue
        except OSError:
            continue
        rss += field(pid, "Rss:"); pss += field(pid, "Pss:"); n += 1
    if pss > peak[1]:
        peak[:] = [rss, pss, n]
    time.sleep(0.2)
EOF

now() { date +%s.%N; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
python3 "$work/sample.py" "$work" "$work/peak" & sampler=$!
l0=$(load); t0=$(now)
"$SP" apply "$work/scale.yml" --yes >"$work/apply.log" 2>&1 || {
  cp "$work/apply.log" "${TMPDIR:-/tmp}/local-scale-failed.log"; cp -r "$work/.spotplay/scale/local" "${TMPDIR:-/tmp}/local-scale-failed-daemon" 2>/dev/null || true
  tail -n 30 "$work/apply.log" >&2; echo "local-scale.sh: the whole log is in ${TMPDIR:-/tmp}/local-scale-failed.log" >&2; exit 1; }
t1=$(now)
up=$(grep -c . <(ls -d "$work"/.spotplay/scale/nodes/*/home))
built=$(ls "$work"/.spotplay/scale/nodes/worker*/home/app/BUILT 2>/dev/null | wc -l)
read -r steady_rss steady_pss steady_n < <(python3 - "$work" <<'EOF'
import os, sys
work = sys.argv[1].encode(); rss = pss = n = 0
for pid in os.listdir("/proc"):
    if not pid.isdigit(): continue
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read()
        if work not in cmd or b"python" in cmd: continue
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith("Rss:"): rss += int(line.split()[1])
            if line.startswith("Pss:"): pss += int(line.split()[1])
        n += 1
    except OSError: pass
print(rss, pss, n)
EOF
)
kill -TERM "$sampler"; wait "$sampler" || true; sampler=""
read -r peak_rss peak_pss peak_n <"$work/peak"
l1=$(load); t2=$(now)
"$SP" apply "$work/scale.yml" --yes >"$work/noop.log" 2>&1 || { tail -n 30 "$work/noop.log" >&2; exit 1; }
t3=$(now); l2=$(load)
"$SP" destroy "$work/scale.yml" --yes >"$work/destroy.log" 2>&1 || { tail -n 30 "$work/destroy.log" >&2; exit 1; }
t4=$(now); l3=$(load)
left=$(ps -eo args | grep -F "$work" | grep -v -e grep -e sample.py -c || true)

mb() { echo "scale=0; $1 / 1024" | bc; }
printf 'local provider, %s nodes (1 head, %s workers), demo steps; %s cores\n' "$N" "$((N - 1))" "$(nproc)"
printf '%-44s %8.2f s   (load before: %s)\n' "apply: launch and set up" "$(echo "$t1 - $t0" | bc)" "$l0"
printf '%-44s %8s\n' "  nodes up / workers built" "$up / $built"
printf '%-44s %8s MB PSS, %s MB RSS summed (%s processes)\n' "  peak memory during apply" "$(mb "$peak_pss")" "$(mb "$peak_rss")" "$peak_n"
printf '%-44s %8s MB PSS, %s MB RSS summed (%s processes)\n' "  cluster at rest after apply" "$(mb "$steady_pss")" "$(mb "$steady_rss")" "$steady_n"
printf '%-44s %8.2f s   (load before: %s)\n' "no-op apply" "$(echo "$t3 - $t2" | bc)" "$l1"
printf '%-44s %8.2f s   (load before: %s)\n' "destroy" "$(echo "$t4 - $t3" | bc)" "$l2"
printf '%-44s %8s\n' "  processes left naming the folder" "$left"
printf 'load average after: %s\n' "$l3"
