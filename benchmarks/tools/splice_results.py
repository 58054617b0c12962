"""Puts each benchmarks/results/NAME.md (a section between <!-- NAME --> and <!-- /NAME -->) into
RESULTS.md, replacing the section of that name if it is there, else appending it."""
import os
import re
import sys

results, folder = sys.argv[1], sys.argv[2]
text = open(results).read() if os.path.exists(results) else ""
for name in sorted(os.listdir(folder)):
    if not name.endswith(".md"):
        continue
    section = open(os.path.join(folder, name)).read().strip() + "\n"
    tag = name[:-3]
    pattern = re.compile(r"<!-- %s -->.*?<!-- /%s -->\n?" % (re.escape(tag), re.escape(tag)), re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section
open(results, "w").write(text)
