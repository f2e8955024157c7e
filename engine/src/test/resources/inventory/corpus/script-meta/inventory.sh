#!/bin/sh
# A dynamic inventory: --list prints every group and _meta.hostvars.
if [ "$1" = "--list" ]; then
cat <<'JSON'
{
  "web": {"hosts": ["web1", "web2"], "vars": {"http_port": 80, "ansible_user": "www"}},
  "db": ["db1"],
  "backend": {"children": ["web", "db"], "vars": {"tier": "backend"}},
  "_meta": {"hostvars": {
    "web1": {"ansible_host": "127.0.0.1", "ansible_port": 2201},
    "web2": {"ansible_host": "127.0.0.2"},
    "db1": {"ansible_host": "127.0.1.1", "ansible_user": "pg", "tier": "db"}
  }}
}
JSON
else
  echo '{}'
fi
