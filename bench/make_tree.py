#!/usr/bin/env python3
"""Builds a twin with N file resources (via `source`) and a sandbox root that
matches it, for timing `twin plan` against `git status` on the same files.
Usage: make_tree.py DIR [N]  ->  DIR/twin, DIR/root"""
import os
import sys

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
twin, root = os.path.join(out, "twin"), os.path.join(out, "root")
os.makedirs(os.path.join(twin, "state"), exist_ok=True)
blocks = []
for i in range(n):
    rel = f"etc/bench/d{i // 100:03d}/f{i:05d}.conf"
    text = "".join(f"key{j} = value {i} {j}\n" for j in range(20))
    for base in (os.path.join(twin, "filesystem"), root):
        path = os.path.join(base, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, 0o644)
    blocks.append(f'file "/{rel}" {{\n  source = "filesystem/{rel}"\n  mode = "0644"\n}}\n')
with open(os.path.join(twin, "state", "bench.twin"), "w") as f:
    f.write("\n".join(blocks))
os.makedirs(os.path.join(root, "etc"), exist_ok=True)
with open(os.path.join(root, "etc", "passwd"), "w") as f:
    f.write("root:x:0:0:root:/root:/bin/bash\n")
with open(os.path.join(root, "etc", "group"), "w") as f:
    f.write("root:x:0:\n")
