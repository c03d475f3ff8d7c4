#!/bin/sh
# Times `twin snapshot` (collect, write the twin, commit) on a sandbox
# machine of 2,000 files, 1,500 packages and 300 units: a first snapshot
# into an empty twin, then a second one with nothing changed.
# Usage: bench/snapshot.sh TWIN_BINARY [FILES PACKAGES UNITS]
# (build with -DCMAKE_BUILD_TYPE=Release)
set -eu
twin=$1
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/twin-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$here/make_machine.py" "$work/root" "${2:-2000}" "${3:-1500}" "${4:-300}"
# A real machine's unit files were not written in the last second; files that
# young are "racy" (engine/observation_cache.h) and would not be cached.
sleep 2
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config"
mkdir -p "$HOME"
# A new twin directory each time, deleted only at the end: ext4 is slow to
# hand out inodes right after thousands were freed, which would time the
# file system's recovery instead of twin.
for i in 1 2 3; do
  "$twin" init "$work/twin$i" --root "$work/root" --no-snapshot >/dev/null
  /usr/bin/time -f "first snapshot:     %e s, %M KB" \
    "$twin" snapshot --twin "$work/twin$i" --root "$work/root" --no-push >/dev/null
  /usr/bin/time -f "unchanged snapshot: %e s, %M KB" \
    "$twin" snapshot --twin "$work/twin$i" --root "$work/root" --no-push >/dev/null
done
git -C "$work/twin1" log --format='  %s' | head -3
