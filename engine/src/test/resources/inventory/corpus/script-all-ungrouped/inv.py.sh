#!/bin/sh
# all's vars and ungrouped hosts from a script; a group in the shorthand form (a host of its name).
[ "$1" = "--list" ] || { echo '{}'; exit 0; }
cat <<'JSON'
{"all": {"vars": {"ansible_user": "scripted"}, "hosts": ["solo"]},
 "ungrouped": {"hosts": ["loose"]},
 "web": {"hosts": ["solo", "w2"], "vars": {"ansible_port": 2222}},
 "lonely": {"ansible_host": "127.0.0.9", "shorthand": true},
 "_meta": {"hostvars": {"solo": {"ansible_host": "127.0.0.1"}, "w2": {"ansible_host": "127.0.0.2"}, "loose": {"ansible_host": "127.0.0.3"}}}}
JSON
