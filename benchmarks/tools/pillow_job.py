#!/usr/bin/env python3
"""The benchmark job in Pillow, one process for the whole folder: draft() for DCT shrink-on-load
(keeping twice the pixels the outputs need, as profile-image does), exif_transpose, LANCZOS.

    pillow_job.py OUTDIR jpeg|png FILE... [--jobs N]     (the output format)
"""
import os
import sys
from multiprocessing import Pool

from PIL import Image, ImageOps

MAX_SIDE, CROP = 2048, 512


def fit(w, h, side):
    long = max(w, h)
    if long <= side:
        return w, h
    return max(1, round(w * side / long)), max(1, round(h * side / long))


def one(args):
    path, out, fmt = args
    name = os.path.basename(path)
    im = Image.open(path)
    w, h = im.size
    iw, ih = fit(w, h, MAX_SIDE)
    short = min(w, h)
    cs = min(short, CROP)
    # draft() picks the smallest DCT scale that still leaves at least the requested size.
    need = max(2 * iw, 2 * ih, 2 * cs * max(w, h) // short)
    if im.format == "JPEG":
        im.draft("RGB", (need, need))
    im = ImageOps.exif_transpose(im)
    if fmt == "jpeg":
        im = im.convert("RGB")
    elif im.mode not in ("RGB", "RGBA", "L"):
        im = im.convert("RGBA")
    # Output size from the full-resolution size, turned if the orientation turned the picture.
    swapped = (im.size[0] > im.size[1]) != (w > h) and w != h
    ow, oh = fit(h, w, MAX_SIDE) if swapped else fit(w, h, MAX_SIDE)
    image = im.resize((ow, oh), Image.LANCZOS, reducing_gap=None)
    side = min(im.size)
    left, top = (im.size[0] - side) // 2, (im.size[1] - side) // 2
    crop = im.resize((cs, cs), Image.LANCZOS, box=(left, top, left + side, top + side))
    ext = "jpg" if fmt == "jpeg" else "png"
    options = {"quality": 85} if fmt == "jpeg" else {"compress_level": 6}
    image.save(os.path.join(out, f"{name}.image.{ext}"), **options)
    crop.save(os.path.join(out, f"{name}.cropped_image.{ext}"), **options)


def main():
    args = sys.argv[1:]
    jobs = 1
    if "--jobs" in args:
        i = args.index("--jobs")
        jobs = int(args[i + 1])
        del args[i:i + 2]
    out, fmt, files = args[0], args[1], args[2:]
    work = [(f, out, fmt) for f in files]
    if jobs == 1:
        for item in work:
            one(item)
    else:
        with Pool(jobs) as pool:
            pool.map(one, work, chunksize=1)


if __name__ == "__main__":
    main()
