#!/bin/sh
# spotplay's autostop agent, installed by spotplay on each node of a group with "autostop" and
# run once a minute (a systemd timer, else cron). Usage: autostop.sh IDLE_SECONDS SSH_PORT [LOAD_MAX]
#
# The node is busy while anyone is connected to its SSH port (spotplay's steps, `spotplay ssh`
# and `exec` all run inside such a connection), anyone is logged in (who), or the 1-minute load
# average is at least LOAD_MAX (default 0.5). Once it has not been busy for IDLE_SECONDS it shuts
# down; the instance-initiated shutdown behaviour spotplay set at launch makes that a stop or a
# terminate. The count lives in /run (a tmpfs), so a node that boots again starts a fresh one.
#
# Seams for tests (environment): SPOTPLAY_AUTOSTOP_PROC (instead of /proc), SPOTPLAY_AUTOSTOP_STATE
# (instead of /run/spotplay-autostop), SPOTPLAY_AUTOSTOP_NOW (seconds since the epoch); who,
# shutdown and sudo are found on PATH.
set -u
idle=${1:-}
port=${2:-22}
load_max=${3:-0.5}
proc=${SPOTPLAY_AUTOSTOP_PROC:-/proc}
state=${SPOTPLAY_AUTOSTOP_STATE:-/run/spotplay-autostop}
case $idle in ''|*[!0-9]*) echo "autostop: IDLE_SECONDS must be a whole number of seconds, not '$idle'" >&2; exit 2 ;; esac
case $port in ''|*[!0-9]*) echo "autostop: SSH_PORT must be a port number, not '$port'" >&2; exit 2 ;; esac
case $load_max in ''|*[!0-9.]*) echo "autostop: LOAD_MAX must be a number, not '$load_max'" >&2; exit 2 ;; esac
now=${SPOTPLAY_AUTOSTOP_NOW:-$(date +%s)}
mkdir -p "$state" || exit 1
hex=$(printf '%04X' "$port")
# /proc/net/tcp*: field 2 is the local address (hex ip:port), field 4 the state (01: established).
sessions=$(cat "$proc/net/tcp" "$proc/net/tcp6" 2>/dev/null \
    | awk -v p=":$hex" '$4 == "01" && substr($2, length($2) - 4) == p { n++ } END { print n + 0 }')
logins=$(who 2>/dev/null | wc -l | tr -d ' ')
load=$(cut -d ' ' -f 1 "$proc/loadavg" 2>/dev/null)
load=${load:-0}
loaded=$(awk -v l="$load" -v m="$load_max" 'BEGIN { print (l + 0 >= m + 0) ? 1 : 0 }')
if [ "$sessions" -gt 0 ] || [ "${logins:-0}" -gt 0 ] || [ "$loaded" = 1 ]; then
    echo "$now" > "$state/last-busy"
    echo "busy: $sessions SSH connections, ${logins:-0} logins, load $load"
    exit 0
fi
# The first look after boot (or install) counts from now.
[ -s "$state/last-busy" ] || echo "$now" > "$state/last-busy"
since=$(cat "$state/last-busy")
quiet=$((now - since))
if [ "$quiet" -lt "$idle" ]; then
    echo "idle for ${quiet}s of ${idle}s"
    exit 0
fi
echo "idle for ${quiet}s (at least ${idle}s): shutting down"
logger -t spotplay-autostop "idle for ${quiet}s (at least ${idle}s): shutting down" 2>/dev/null || true
if [ "$(id -u)" = 0 ]; then
    shutdown -h now
else
    sudo -n shutdown -h now
fi
