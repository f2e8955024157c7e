#!/usr/bin/env bash
# Everything playbooks/aws-moto.yml needs, on loopback: moto on 127.0.0.1:4566 with the loopback
# VPC, and sshd on port 2222 of the addresses moto gives instances (127.0.1.x, 127.0.2.x), which
# accepts the cluster keys spotplay makes under playbooks/.spotplay/. Run as root (sshd's key
# command must be root's); state lives in .test-run/playground/.
#
#   scripts/moto-playground.sh start
#   ./spotplay apply playbooks/aws-moto.yml --yes
#   scripts/moto-playground.sh stop
set -euo pipefail
ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
DIR="$ROOT/.test-run/playground"

case ${1:-} in
    start)
        MOTO_PORT=4566 "$ROOT/scripts/moto-fixture.sh" start "$DIR/moto" >/dev/null
        "$ROOT/scripts/moto-fixture.sh" network "$DIR/moto"
        INSTANCES_PORT=2222 "$ROOT/scripts/instances-fixture.sh" start "$DIR/instances" >/dev/null
        grep -qxF "$ROOT/playbooks" "$DIR/instances/key-roots" || echo "$ROOT/playbooks" >>"$DIR/instances/key-roots"
        echo "moto on http://127.0.0.1:4566, instances' sshd on port 2222. Now:"
        echo "  export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing SPOTPLAY_LOOPBACK_ONLY=1"
        echo "  ./spotplay apply playbooks/aws-moto.yml --yes"
        ;;
    stop)
        "$ROOT/scripts/instances-fixture.sh" stop "$DIR/instances"
        "$ROOT/scripts/moto-fixture.sh" stop "$DIR/moto"
        ;;
    *)
        echo "usage: $0 start|stop" >&2
        exit 2
        ;;
esac
