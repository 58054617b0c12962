#!/usr/bin/env python3
"""Draws benchmarks/chart.svg from benchmarks/out/results.tsv: for each input class, one core,
the median seconds and the peak RSS of each tool, as horizontal bars (plain SVG, no plotting
library needed).

    chart.py WORK_DIR OUT.svg
"""
import csv
import os
import statistics
import sys
from xml.sax.saxutils import escape

work, target = sys.argv[1], sys.argv[2]
TOOLS = ["profile-image", "floor-tight", "floor", "pillow", "vipsthumbnail", "imagemagick"]
COLOURS = {"profile-image": "#d9480f", "floor-tight": "#868e96", "floor": "#adb5bd", "pillow": "#1971c2",
           "vipsthumbnail": "#2f9e44", "imagemagick": "#7048e8"}
SETS = [("jpeg", "JPEG photos"), ("png", "PNG"), ("large", "large PNGs"), ("small", "500 small JPEGs")]

rows = list(csv.DictReader(open(os.path.join(work, "results.tsv")), delimiter="\t"))
seconds, rss = {}, {}
for row in rows:
    if row["mode"] != "single":
        continue
    key = (row["set"], row["tool"])
    seconds.setdefault(key, []).append(float(row["seconds"]))
    rss.setdefault(key, []).append(int(row["rss_kb"]) / 1024)

bar, gap, label_width, panel_width = 14, 4, 110, 300
panels = [("seconds, one core (less is better)", seconds, statistics.median, "s"),
          ("peak RSS MB, one core (less is better)", rss, max, " MB")]
present = [(name, title) for name, title in SETS if any((name, tool) in seconds for tool in TOOLS)]
height = 40 + sum(28 + sum(1 for t in TOOLS if (name, t) in seconds) * (bar + gap) + 12 for name, _ in present)
width = label_width + len(panels) * (panel_width + 90) + 20
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
       f'<rect width="{width}" height="{height}" fill="white"/>']
for p, (title, _, _, _) in enumerate(panels):
    out.append(f'<text x="{label_width + p * (panel_width + 90)}" y="20" font-weight="bold">{escape(title)}</text>')
y = 40
for name, title in present:
    out.append(f'<text x="4" y="{y + 12}" font-weight="bold">{escape(title)}</text>')
    y += 20
    tools = [t for t in TOOLS if (name, t) in seconds]
    for p, (_, values, reduce, unit) in enumerate(panels):
        largest = max(reduce(values[(name, t)]) for t in tools)
        x0 = label_width + p * (panel_width + 90)
        for i, tool in enumerate(tools):
            value = reduce(values[(name, tool)])
            length = max(1, panel_width * value / largest)
            top = y + i * (bar + gap)
            if p == 0:
                out.append(f'<text x="{x0 - 6}" y="{top + bar - 3}" text-anchor="end">{escape(tool)}</text>')
            out.append(f'<rect x="{x0}" y="{top}" width="{length:.1f}" height="{bar}" fill="{COLOURS[tool]}"/>')
            out.append(f'<text x="{x0 + length + 4:.1f}" y="{top + bar - 3}">{value:.2f}{unit}</text>' if unit == "s"
                       else f'<text x="{x0 + length + 4:.1f}" y="{top + bar - 3}">{value:.0f}{unit}</text>')
    y += len(tools) * (bar + gap) + 12
out.append("</svg>")
open(target, "w").write("\n".join(out) + "\n")
print(f"wrote {target}", file=sys.stderr)
