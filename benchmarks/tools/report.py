#!/usr/bin/env python3
"""Turns benchmarks/out/results.tsv into RESULTS.md: medians, throughput, ratios, RSS, bytes, PSNR.

    report.py BENCH_DIR WORK_DIR RUNS
"""
import csv
import datetime
import os
import platform
import statistics
import subprocess
import sys

from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))
import psnr  # noqa: E402

here, work, runs = sys.argv[1], sys.argv[2], sys.argv[3]
TOOLS = ["profile-image", "floor-tight", "floor", "pillow", "vipsthumbnail", "imagemagick"]
SET_NAMES = ["jpeg", "png", "large", "small"]
JPEG_SETS = {"jpeg", "small"}


def command(args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except Exception:
        return "unknown"


def mean_psnr(inputs, outputs, kind):
    """Mean PSNR of one output kind (`cropped_image` or `image`) over the inputs found."""
    import numpy
    values = []
    for name in sorted(os.listdir(inputs)):
        path = os.path.join(inputs, name)
        stem = os.path.splitext(name)[0]
        found = [f for f in os.listdir(outputs) if f".{kind}." in f and (f.startswith(name + ".") or f.startswith(stem + "." + kind))]
        if not found:
            continue
        actual = Image.open(os.path.join(outputs, found[0])).convert("RGB")
        reference = psnr.reference(path, actual.size[0]) if kind == "cropped_image" else psnr.reference_image(path, actual.size)
        if reference.size == actual.size:
            a = numpy.asarray(actual, dtype=float)
            b = numpy.asarray(reference, dtype=float)
            mse = ((a - b) ** 2).mean()
            values.append(99.0 if mse == 0 else 10 * numpy.log10(255 * 255 / mse))
    return sum(values) / len(values) if values else None


rows = list(csv.DictReader(open(os.path.join(work, "results.tsv")), delimiter="\t"))
times, rss = {}, {}
for row in rows:
    key = (row["mode"], row["set"], row["tool"])
    times.setdefault(key, []).append(float(row["seconds"]))
    rss.setdefault(key, []).append(int(row["rss_kb"]))

sets = {}
for name in SET_NAMES:
    folder = os.path.join(here, "corpus", name)
    if not os.path.isdir(folder) or not any(key[1] == name for key in times):
        continue
    files = sorted(os.listdir(folder))
    megapixels = sum(Image.open(os.path.join(folder, f)).size[0] * Image.open(os.path.join(folder, f)).size[1] for f in files) / 1e6
    sets[name] = (len(files), megapixels)

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print("# Benchmark results\n")
print(f"Made by `benchmarks/run.sh` on {datetime.date.today().isoformat()}: {cpu}, {os.cpu_count()} cores, "
      f"{platform.platform()}. Medians of {runs} runs per cell; tools alternated in order between runs.\n")
print("Versions: " + "; ".join([
    "profile-image " + command(["git", "-C", os.path.dirname(here), "describe", "--always", "--dirty"]),
    command(["swift", "--version"]),
    "libjpeg-turbo " + command(["sh", "-c", "dpkg-query -W -f='${Version}' libjpeg62-turbo"]),
    command(["vipsthumbnail", "--vips-version"]),
    command(["convert", "-version"]).replace("Version: ", ""),
    "Pillow " + __import__("PIL").__version__,
]) + ".\n")
print("The job, per input: `image` (EXIF-oriented, metadata stripped, long side at most 2048) and "
      "`cropped_image` (centre square, 512x512); JPEG quality 85 for the JPEG set, PNG level 6 for the PNG set. "
      "The floor is a C program that only DCT-scale decodes and encodes the two outputs with libjpeg-turbo "
      "(nearest-neighbour pick, no orientation): what any tool must pay libjpeg for. It decodes at the smallest scale "
      "that keeps twice the output's pixels, with optimised Huffman tables; `floor-tight` at the smallest scale that "
      "still covers the outputs, with standard tables. "
      "PSNR: each tool's `cropped_image` (and `image`) against a Lanczos-3 of the full-size decode, oriented "
      "(Pillow's LANCZOS), mean over the set; JPEG q85 itself costs a few dB, the floors' nearest neighbour more.\n")
print("![time and peak memory per tool and input class](chart.svg)\n")
for name, (count, megapixels) in sets.items():
    print(f"- {name.upper()} set: {count} files, {megapixels:.1f} megapixels")
print()
for mode, label in [("single", "One core (taskset -c 0, one thread per tool)"), ("all", f"All {os.cpu_count()} cores (files in parallel)")]:
    print(f"## {label}\n")
    print("| set | tool | seconds | images/s | MP/s | vs profile-image | vs tight floor | peak RSS MB | output MB | PSNR crop dB | PSNR image dB |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, (count, megapixels) in sets.items():
        ours = statistics.median(times.get((mode, name, "profile-image"), [float("nan")]))
        floor = statistics.median(times.get((mode, name, "floor-tight"), [float("nan")]))
        for tool in TOOLS:
            key = (mode, name, tool)
            if key not in times:
                continue
            seconds = statistics.median(times[key])
            out = os.path.join(work, mode, tool, name)
            size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out)) / 1e6 if os.path.isdir(out) else 0
            inputs = os.path.join(here, "corpus", name)
            measure = mode == "single" and os.path.isdir(out)
            quality = mean_psnr(inputs, out, "cropped_image") if measure else None
            whole = mean_psnr(inputs, out, "image") if measure else None
            ratio_floor = f"{seconds / floor:.2f}x" if name in JPEG_SETS and floor == floor else "-"
            print(f"| {name} | {tool} | {seconds:.2f} | {count / seconds:.1f} | {megapixels / seconds:.0f} | "
                  f"{seconds / ours:.2f}x | {ratio_floor} | {max(rss[key]) / 1024:.0f} | {size:.1f} | "
                  f"{'%.2f' % quality if quality else '-'} | {'%.2f' % whole if whole else '-'} |")
    print()

per_image = os.path.join(work, "per_image.tsv")
if os.path.exists(per_image):
    print("## Per image, one core: profile-image against the floor\n")
    print("Each JPEG alone, a fresh process per run (start-up included, for both), pinned to one core; "
          f"medians of {runs} runs.\n")
    print("| file | MP | profile-image ms | floor ms | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    total_ours = total_floor = 0.0
    for row in csv.DictReader(open(per_image), delimiter="\t"):
        with Image.open(os.path.join(here, "corpus", "jpeg", row["file"])) as image:
            megapixels = image.size[0] * image.size[1] / 1e6
        ours, floor = float(row["profile_image_s"]), float(row["floor_s"])
        total_ours += ours
        total_floor += floor
        print(f"| {row['file']} | {megapixels:.1f} | {ours * 1000:.0f} | {floor * 1000:.0f} | {ours / floor:.2f}x |")
    print(f"| **sum** | | {total_ours * 1000:.0f} | {total_floor * 1000:.0f} | {total_ours / total_floor:.2f}x |")
    print()
