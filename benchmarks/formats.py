#!/usr/bin/env python3
"""Decode + process time of one 12 MP photo (4000x3000) in every accepted input format, with the
release build of profile-image: `validate` (full decode) and `process` (both outputs, defaults),
median of 5 runs each, after one warm-up run. Prints a Markdown table for benchmarks/RESULTS.md.

Needs: python3, Pillow (WebP, GIF, TIFF, BMP, AVIF), pillow-heif (HEIC), and
  swift build -c release --product profile-image
Run from the repository:  python3 benchmarks/formats.py [path/to/profile-image]
"""

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

from PIL import Image, ImageDraw, ImageFilter
import pillow_heif

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "profile-image")
W, H = 4000, 3000
RUNS = 5


def photo():
    """A drawn photo-like scene (sky, sun, hills, a figure, grain): no licence question."""
    rng = random.Random(12)
    sky = Image.linear_gradient("L").resize((W, H)).convert("RGB")
    sky = Image.merge("RGB", [sky.getchannel(0).point(lambda v: 90 + v * 0.5),
                              sky.getchannel(1).point(lambda v: 150 + v * 0.35),
                              sky.getchannel(2).point(lambda v: 235 - v * 0.2)])
    draw = ImageDraw.Draw(sky)
    draw.ellipse([W * 0.68, H * 0.1, W * 0.84, H * 0.1 + W * 0.16], fill=(255, 226, 140))
    for layer in range(3):
        base = H * (0.55 + 0.12 * layer)
        points = [(0, H)] + [(x, base + rng.uniform(-0.08, 0.08) * H) for x in range(0, W + 80, 80)] + [(W, H)]
        shade = 60 + 45 * layer
        draw.polygon(points, fill=(shade // 2, shade, shade // 3))
    cx, cy = W * 0.45, H * 0.55
    draw.ellipse([cx - H * 0.08, cy - H * 0.3, cx + H * 0.08, cy - H * 0.14], fill=(224, 172, 140))
    draw.rounded_rectangle([cx - H * 0.14, cy - H * 0.14, cx + H * 0.14, cy + H * 0.3], radius=H * 0.05,
                           fill=(180, 40, 60))
    picture = sky.filter(ImageFilter.GaussianBlur(1.2))
    return Image.blend(picture, Image.effect_noise((W, H), 18).convert("RGB"), 0.06)


def median_seconds(arguments):
    subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(arguments, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    pillow_heif.register_heif_opener()
    picture = photo()
    work = tempfile.mkdtemp(prefix="pik-formats-bench-")
    inputs = [
        ("JPEG", "photo.jpg", dict(format="JPEG", quality=88)),
        ("PNG", "photo.png", dict(format="PNG", compress_level=6)),
        ("WebP", "photo.webp", dict(format="WEBP", quality=85)),
        ("HEIC", "photo.heic", dict(format="HEIF", quality=85)),
        ("AVIF", "photo.avif", dict(format="AVIF", quality=85)),
        ("GIF", "photo.gif", dict(format="GIF")),
        ("TIFF (LZW)", "photo.tiff", dict(format="TIFF", compression="tiff_lzw")),
        ("BMP", "photo.bmp", dict(format="BMP")),
    ]
    print(f"{W}x{H} ({W * H / 1e6:.0f} MP), median of {RUNS} runs, {BINARY}")
    print()
    print("| input | file MB | validate s | process s | process vs JPEG |")
    print("| --- | ---: | ---: | ---: | ---: |")
    jpeg = None
    for label, name, options in inputs:
        path = os.path.join(work, name)
        source = picture.quantize(256) if options["format"] == "GIF" else picture
        source.save(path, **options)
        out = os.path.join(work, "out")
        validate = median_seconds([BINARY, "validate", path])
        process = median_seconds([BINARY, "process", "--out", out, "--force", path])
        jpeg = jpeg or process
        size = os.path.getsize(path) / 1e6
        print(f"| {label} | {size:.1f} | {validate:.3f} | {process:.3f} | {process / jpeg:.2f}x |")


if __name__ == "__main__":
    main()
