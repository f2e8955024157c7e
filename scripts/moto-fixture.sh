#!/usr/bin/env bash
# moto (the AWS emulator) in server mode on loopback, for tests and for playbooks/aws-moto.yml.
#
#   scripts/moto-fixture.sh start DIR   # prints and writes DIR/moto.env (MOTO_URL=http://127.0.0.1:PORT)
#   scripts/moto-fixture.sh stop DIR
#   scripts/moto-fixture.sh network DIR # in that moto: VPC 127.0.0.0/16, subnets 127.0.1.0/24 (us-east-1a)
#                                       # and 127.0.2.0/24 (us-east-1b), whose instances get loopback addresses;
#                                       # MOTO_SUBNETS="CIDR:ZONE ..." makes those subnets instead (inside
#                                       # 127.0.0.0/16, e.g. "127.0.8.0/21:us-east-1a" for 2,000 instances)
#
# moto 5.2.3 comes from PyPI into a virtualenv of its own (SPOTPLAY_MOTO_VENV, by default
# ~/.cache/spotplay/moto-venv), made on first use. MOTO_PORT picks the port (default: a free one).
# It listens on 127.0.0.1 only; one port serves EC2 and EFS; POST /moto-api/reset clears it.
set -euo pipefail
# shellcheck source=lib/pidfile.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/pidfile.sh"
# shellcheck source=lib/venv.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/lib/venv.sh"

MOTO_VERSION=5.2.3
VENV=${SPOTPLAY_MOTO_VENV:-$HOME/.cache/spotplay/moto-venv}

usage() {
    echo "usage: $0 start|stop|network DIR" >&2
    exit 2
}

[[ $# -eq 2 ]] || usage
cmd=$1
dir=$2

install_moto() {
    ensure_venv moto-fixture "$VENV" \
        "import moto, sys, os; sys.exit(moto.__version__ != '$MOTO_VERSION' or not os.access('$VENV/bin/moto_server', os.X_OK))" \
        "moto[server]==$MOTO_VERSION"
}

running() {
    [[ -f $dir/moto.pid ]] && kill -0 "$(cat "$dir/moto.pid")" 2>/dev/null
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

answers() {
    python3 - "$1" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen("http://127.0.0.1:%s/moto-api/" % sys.argv[1], timeout=2)
except Exception:
    sys.exit(1)
PY
}

start() {
    install_moto
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    if running && [[ -f $dir/moto.env ]]; then
        cat "$dir/moto.env"
        return 0
    fi
    local port=${MOTO_PORT:-$(free_port)}
    nohup "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 </dev/null &
    echo $! >"$dir/moto.pid"
    local i
    for i in $(seq 1 300); do
        if answers "$port"; then
            echo "MOTO_URL=http://127.0.0.1:$port" >"$dir/moto.env"
            cat "$dir/moto.env"
            return 0
        fi
        running || break
        sleep 0.1
    done
    echo "moto-fixture: moto did not answer on 127.0.0.1:$port; see $dir/moto.log" >&2
    stop
    exit 1
}

stop() {
    stop_pid_file "$dir/moto.pid"
    rm -f "$dir/moto.env"
}

network() {
    local url
    url=$(sed -n 's/^MOTO_URL=//p' "$dir/moto.env")
    "$VENV/bin/python" - "$url" ${MOTO_SUBNETS:-127.0.1.0/24:us-east-1a 127.0.2.0/24:us-east-1b} <<'PY'
import ipaddress, sys, boto3
ec2 = boto3.client("ec2", endpoint_url=sys.argv[1], region_name="us-east-1",
                   aws_access_key_id="testing", aws_secret_access_key="testing")
wanted = [a.rsplit(":", 1) for a in sys.argv[2:]]
for cidr, _ in wanted:
    if not ipaddress.ip_network(cidr).subnet_of(ipaddress.ip_network("127.0.0.0/16")):
        sys.exit("moto-fixture: subnet %s is not inside the loopback VPC 127.0.0.0/16" % cidr)
vpcs = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"] if v["CidrBlock"] == "127.0.0.0/16"]
vpc = vpcs[0] if vpcs else ec2.create_vpc(CidrBlock="127.0.0.0/16")["Vpc"]["VpcId"]
have = {s["CidrBlock"] for s in ec2.describe_subnets()["Subnets"]}
for cidr, zone in wanted:
    if cidr not in have:
        ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone)
print("subnets %s are ready" % ", ".join("%s (%s)" % (c, z) for c, z in wanted))
PY
}

case $cmd in
    start) start ;;
    stop) stop ;;
    network) network ;;
    *) usage ;;
esac
