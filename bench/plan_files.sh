#!/bin/sh
# Times `twin plan` on N file resources against `git status` on the same tree.
# Usage: bench/plan_files.sh TWIN_BINARY [N]   (build with -DCMAKE_BUILD_TYPE=Release)
set -eu
twin=$1
n=${2:-5000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/twin-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
python3 "$here/make_tree.py" "$work" "$n"
cd "$work/root"
git init -q . && git add -A && git -c user.name=b -c user.email=b@b commit -qm tree
cd "$work/twin"
# Files changed less than a second before a plan are racy: the stat cache
# does not vouch for them. Real twins are older than that.
sleep 1
"$twin" plan --root "$work/root" >/dev/null   # warm the page cache
for i in 1 2 3; do
  rm -f .twin/stat-cache   # reads every target and source, as a first plan does
  /usr/bin/time -f "twin plan, no stat cache: %e s, %M KB" "$twin" plan --root "$work/root" >/dev/null
done
for i in 1 2 3; do
  /usr/bin/time -f "twin plan:  %e s, %M KB" "$twin" plan --root "$work/root" >/dev/null
done
cd "$work/root"
for i in 1 2 3; do
  /usr/bin/time -f "git status: %e s" git status --short >/dev/null
done
