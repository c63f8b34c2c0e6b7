#!/usr/bin/python3
"""Writes a synthetic raid scenario for the report's stress figures (bench/README.md, "The HTML
report"): N Hwasong-12s from a grid of launch points in North Korea, 2 s apart, at a grid of aim
points in the Sea of Japan; no sensors or shooters. Usage: make_raid.py N OUT.yaml"""
import sys

n, out = int(sys.argv[1]), sys.argv[2]
lines = [f"name: A {n}-missile raid (report stress test)", "launch:", "  site: synthetic grid", "  lat_deg: 40.0",
         "  lon_deg: 128.0", "  time: 2017-08-15T06:00:00+09:00", "missile:", "  catalog: hwasong-12", "raid:"]
for k in range(n):
    lines += [f"  - name: M{k + 1}",
              f"    launch: {{lat_deg: {39.0 + (k % 20) * 0.1:.2f}, lon_deg: {126.0 + (k // 20) * 0.1:.2f}}}",
              f"    delay_s: {k * 2}",
              f"    aim: {{point: {{lat_deg: {35.0 + (k % 15) * 0.3:.2f}, lon_deg: {135.0 + (k // 15) * 0.3:.2f}}}}}"]
lines += ["output:", "  time_zone: JST"]
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
