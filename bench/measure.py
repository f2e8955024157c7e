#!/usr/bin/env python3
"""Runs one command and reports its wall time and peak memory, for bench/run.sh.

    measure.py OUT_FILE -- COMMAND...

Appends one line "SECONDS PEAK_MB CPU_SECONDS" to OUT_FILE, where PEAK_MB is the highest sum, over
the command and every process it started, of their proportional set size (PSS: shared pages split
between the processes sharing them), sampled every 100 ms, and CPU_SECONDS is the user+sys CPU
time of the command and the processes it waited for (on a shared machine the wall time follows
the load; the CPU time much less). PSS is the fair sum for a tool that
forks many workers (Ansible); for one process (spotplay's JVM) it is its RSS. Exits with the
command's exit code; the command's output goes to the inherited stdout/stderr.
"""
import os
import resource
import subprocess
import sys
import threading
import time


def children_map():
    kids = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(")") + 2:].split()[1])
            kids.setdefault(ppid, []).append(int(pid))
        except (OSError, ValueError):
            pass
    return kids


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_pss_kb(root):
    kids = children_map()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += pss_kb(pid)
        todo.extend(kids.get(pid, []))
    return total


def main():
    out_file = sys.argv[1]
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit("usage: measure.py OUT_FILE -- COMMAND...")
    start = time.monotonic()
    proc = subprocess.Popen(sys.argv[3:])
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.wait(0.1):
            peak[0] = max(peak[0], tree_pss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.monotonic() - start
    done.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command is this script's only child
    with open(out_file, "a") as f:
        f.write(f"{elapsed:.3f} {peak[0] / 1024:.0f} {usage.ru_utime + usage.ru_stime:.2f}\n")
    sys.exit(code)


if __name__ == "__main__":
    main()
