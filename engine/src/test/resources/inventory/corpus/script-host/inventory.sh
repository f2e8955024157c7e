#!/bin/sh
# An old-style script: no _meta, so each host's vars come from --host HOST.
case "$1" in
  --list) echo '{"web": ["web1", "web2"], "all": {"vars": {"ansible_user": "old"}}}' ;;
  --host)
    case "$2" in
      web1) echo '{"ansible_host": "127.0.0.1", "ansible_port": 2222}' ;;
      *) echo '{"ansible_host": "127.0.0.2"}' ;;
    esac ;;
  *) echo "usage: $0 --list | --host HOST" >&2; exit 2 ;;
esac
