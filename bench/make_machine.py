#!/usr/bin/env python3
"""Builds a sandbox machine for timing `twin snapshot`: FILES text files under
/etc, a dpkg status database of PACKAGES installed packages (a third of them
marked Auto-Installed), UNITS systemd unit files (half enabled), passwd, group,
os-release and a syslog.
Usage: make_machine.py ROOT [FILES] [PACKAGES] [UNITS]"""
import os
import sys

root = sys.argv[1]
files = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
packages = int(sys.argv[3]) if len(sys.argv) > 3 else 1500
units = int(sys.argv[4]) if len(sys.argv) > 4 else 300


def write(rel, text, mode=0o644):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)


write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\n")
write("etc/group", "root:x:0:\nadm:x:4:\n")
write("etc/hostname", "bench\n")
write("etc/os-release", 'ID=debian\nVERSION_ID="12"\n')
for i in range(files):
    write(f"etc/bench/d{i // 100:03d}/f{i:05d}.conf",
          "".join(f"key{j} = value {i} {j}\n" for j in range(20)))

status, auto = [], []
for i in range(packages):
    name = f"pkg{i:05d}"
    status.append(f"Package: {name}\nStatus: install ok installed\nPriority: optional\n"
                  f"Section: misc\nInstalled-Size: 10\nMaintainer: bench <b@b>\n"
                  f"Architecture: all\nVersion: 1.{i}\nDescription: bench package {i}\n")
    if i % 3 == 0:
        auto.append(f"Package: {name}\nArchitecture: all\nAuto-Installed: 1\n")
write("var/lib/dpkg/status", "\n".join(status))
for f in ("available", "diversions", "statoverride"):
    write(f"var/lib/dpkg/{f}", "")
os.makedirs(os.path.join(root, "var/lib/dpkg/info"), exist_ok=True)
os.makedirs(os.path.join(root, "var/lib/dpkg/updates"), exist_ok=True)
write("var/lib/apt/extended_states", "\n".join(auto))

write("lib/systemd/system/multi-user.target", "[Unit]\nDescription=Multi-User\n")
wants = os.path.join(root, "etc/systemd/system/multi-user.target.wants")
os.makedirs(wants, exist_ok=True)
for i in range(units):
    unit = f"svc{i:04d}.service"
    write(f"lib/systemd/system/{unit}",
          "[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n")
    if i % 2 == 0:
        os.symlink(f"/lib/systemd/system/{unit}", os.path.join(wants, unit))
write("var/log/syslog", "".join(f"line {i}: ok\n" for i in range(500)))
