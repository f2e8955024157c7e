#!/bin/sh
# A stand-in for a real build: it takes a moment and leaves an artefact.
set -e
echo "building on $(hostname) in $(pwd)"
sleep 0.2
echo "built" > app/BUILT
echo "done"
