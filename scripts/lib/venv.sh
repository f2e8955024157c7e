# Sourced by the fixtures that need a Python tool from PyPI in a virtualenv of its own.
# ensure_venv NAME VENV CHECK SPEC: unless VENV's python runs CHECK (a Python snippet that exits 0
# when the right version is there), make VENV afresh and pip install SPEC into it.
ensure_venv() {
    local name=$1 venv=$2 check=$3 spec=$4
    if [[ -x $venv/bin/python ]] && "$venv/bin/python" -c "$check" 2>/dev/null; then
        return 0
    fi
    echo "$name: installing $spec into $venv" >&2
    # A broken or half-made venv (or a link to one that is gone) is made again from scratch.
    rm -rf "$venv"
    mkdir -p "$(dirname "$venv")"
    if ! python3 -m venv "$venv" >&2 2>/dev/null; then
        # Debian's python3 lacks ensurepip until python3-venv is installed.
        { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv; } >&2
        python3 -m venv "$venv" >&2
    fi
    "$venv/bin/pip" install -q "$spec" >&2
}
