#!/usr/bin/env python3
"""PSNR of each tool's cropped_image against one reference, the same for every tool: the
full-size decode, EXIF-oriented, centre square, Lanczos-3 (Pillow's LANCZOS) to the output size.

    psnr.py INPUT_DIR TOOL_OUTPUT_DIR   -> prints the mean PSNR in dB over the inputs it finds
"""
import glob
import math
import os
import sys

import numpy
from PIL import Image, ImageOps


def reference(path, size):
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    side = min(im.size)
    left, top = (im.size[0] - side) // 2, (im.size[1] - side) // 2
    return im.resize((size, size), Image.LANCZOS, box=(left, top, left + side, top + side), reducing_gap=None)


def reference_image(path, size):
    """The `image` reference: the whole picture, oriented, Lanczos-3 to the output's size."""
    im = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
    return im.resize(size, Image.LANCZOS, reducing_gap=None)


def main():
    inputs, outputs = sys.argv[1], sys.argv[2]
    values = []
    for path in sorted(glob.glob(os.path.join(inputs, "*"))):
        name = os.path.basename(path)
        stem = os.path.splitext(name)[0]
        found = [p for p in glob.glob(os.path.join(outputs, "*cropped_image*"))
                 if os.path.basename(p).startswith(name + ".") or os.path.basename(p).startswith(stem + ".cropped")]
        if not found:
            continue
        actual = Image.open(found[0]).convert("RGB")
        ref = reference(path, actual.size[0])
        if ref.size != actual.size:
            continue
        a = numpy.asarray(actual, dtype=numpy.float64)
        b = numpy.asarray(ref, dtype=numpy.float64)
        mse = numpy.mean((a - b) ** 2)
        values.append(99.0 if mse == 0 else 10 * math.log10(255 * 255 / mse))
    print(f"{sum(values) / len(values):.2f}" if values else "n/a")


if __name__ == "__main__":
    main()
