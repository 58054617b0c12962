#!/usr/bin/env python3
"""Times profile-image and the libjpeg-turbo floor on each JPEG of the corpus alone, pinned to one
core, each run a fresh process (so start-up counts, as it does for a user). Medians of RUNS.

    per_image.py PROFILE_IMAGE FLOOR CORPUS_JPEG_DIR WORK_DIR RUNS  -> WORK_DIR/per_image.tsv
"""
import os
import shutil
import statistics
import subprocess
import sys
import time

pik, floor, corpus, work, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])


def timed(args, out):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    start = time.perf_counter()
    subprocess.run(["taskset", "-c", "0"] + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


with open(os.path.join(work, "per_image.tsv"), "w") as table:
    table.write("file\tprofile_image_s\tfloor_s\n")
    for name in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, name)
        ours, theirs = [], []
        for run in range(runs):
            # Alternate which goes first so neither always meets a cold page cache.
            pair = [("ours", [pik, "process", path, "--out", os.path.join(work, "per", "ours"), "--jobs", "1", "--quiet"]),
                    ("floor", [floor, os.path.join(work, "per", "floor"), path])]
            for tool, args in (pair if run % 2 == 0 else pair[::-1]):
                (ours if tool == "ours" else theirs).append(timed(args, os.path.join(work, "per", tool)))
        table.write(f"{name}\t{statistics.median(ours):.4f}\t{statistics.median(theirs):.4f}\n")
        print(f"per image: {name}: {statistics.median(ours) * 1000:.0f} ms vs floor {statistics.median(theirs) * 1000:.0f} ms",
              file=sys.stderr)
