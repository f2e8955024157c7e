# Sourced by the fixtures: stop the daemon a pid file names, politely then firmly.
# stop_pid_file FILE: SIGTERM, wait up to 5 s, SIGKILL if still there, remove FILE.
stop_pid_file() {
    local file=$1 pid i
    [[ -f $file ]] || return 0
    pid=$(cat "$file")
    if kill "$pid" 2>/dev/null; then
        for i in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}
