#!/usr/bin/env python3
"""Makes every image the project ships: the sample photos in TestImages/ and the test fixtures in
Tests/ProfileImageTests/Fixtures/ (valid/, invalid/ and manifest.json).

Deterministic: fixed seeds, no clocks. PNGs are written byte by byte by the small encoder below
(every colour type, bit depth, filter and Adam7), JPEGs by tools/jpegfix.c over libjpeg-turbo, and
the other formats by Pillow. Damaged files are made from intact ones by exact byte surgery at
located markers and chunks. The outputs are committed, so the tests need neither Python nor Pillow.

Needs: python3, Pillow, gcc and libjpeg-turbo's headers (libjpeg62-turbo-dev).
Run from anywhere:  python3 Tests/FixtureGenerator/make_test_images.py
"""

import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

from PIL import Image, ImageCms, ImageDraw, ImageFilter, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLES = os.path.join(ROOT, "TestImages")
FIXTURES = os.path.join(ROOT, "Tests", "ProfileImageTests", "Fixtures")
VALID = os.path.join(FIXTURES, "valid")
INVALID = os.path.join(FIXTURES, "invalid")
WORK = tempfile.mkdtemp(prefix="pik-fixtures-")
JPEGFIX = os.path.join(WORK, "jpegfix")

manifest = {"valid": {}, "invalid": {}}

# The four quadrant colours of most fixtures: red top-left, green top-right, blue bottom-left,
# white bottom-right. Any rotation or mirror of such an image is distinguishable.
RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
W, H = 70, 46  # not multiples of 8 or 16: partial MCUs and odd chroma edges are exercised


def build_jpegfix():
    source = os.path.join(HERE, "jpegfix.c")
    subprocess.run(["gcc", "-O2", "-Wall", "-o", JPEGFIX, source, "-ljpeg"], check=True)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def quadrant_pixels(w, h, colours, channels):
    """Row-major bytes of a w x h image with one flat colour per quadrant."""
    out = bytearray()
    for y in range(h):
        for x in range(w):
            q = (0 if x < w // 2 else 1) + (0 if y < h // 2 else 2)
            out += bytes(colours[q][:channels])
    return bytes(out)


def quadrant_centres(w, h):
    return [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]


def expect_valid(name, fmt, w, h, layout, samples, tolerance, **extra):
    manifest["valid"][name] = dict(format=fmt, width=w, height=h, layout=layout,
                                   samples=[dict(x=x, y=y, value=list(v)) for (x, y, v) in samples],
                                   tolerance=tolerance, **extra)


def jpeg(raw, w, h, components, out, *options):
    raw_path = os.path.join(WORK, "in.raw")
    write(raw_path, raw)
    subprocess.run([JPEGFIX, "-w", str(w), "-h", str(h), "-c", str(components), *options, raw_path, out],
                   check=True)
    return read(out)


def exif_bytes(orientation=None, gps=False):
    exif = Image.Exif()
    exif[0x010F] = "ProfileImageKit"  # Make
    exif[0x0110] = "Fixture Phone"  # Model
    if orientation is not None:
        exif[0x0112] = orientation
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = (52.0, 31.0, 12.0)
        gps_ifd[3] = "E"
        gps_ifd[4] = (13.0, 24.0, 36.0)
    data = exif.tobytes()
    assert data.startswith(b"Exif\x00\x00")
    return data[6:]


def srgb_icc():
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    # lcms stamps the creation time (bytes 24-35) and an MD5 of it all (84-99): pin both.
    profile[24:36] = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)
    profile[84:100] = bytes(16)
    return bytes(profile)


# MARK: - JPEG fixtures

def make_valid_jpegs():
    rgb = quadrant_pixels(W, H, [RED, GREEN, BLUE, WHITE], 3)
    centres = quadrant_centres(W, H)
    quadrants = [(x, y, c) for (x, y), c in zip(centres, [RED, GREEN, BLUE, WHITE])]
    for sampling in ["420", "422", "444"]:
        name = f"baseline-{sampling}.jpg"
        jpeg(rgb, W, H, 3, os.path.join(VALID, name), "-q", "90", "-sample", sampling)
        expect_valid(name, "jpeg", W, H, "rgb", quadrants, 8,
                     subsampling={"420": "4:2:0", "422": "4:2:2", "444": "4:4:4"}[sampling])
    jpeg(rgb, W, H, 3, os.path.join(VALID, "progressive.jpg"), "-q", "90", "-progressive")
    expect_valid("progressive.jpg", "jpeg", W, H, "rgb", quadrants, 8, progressive=True)
    jpeg(rgb, W, H, 3, os.path.join(VALID, "optimized-huffman.jpg"), "-q", "90", "-optimize")
    expect_valid("optimized-huffman.jpg", "jpeg", W, H, "rgb", quadrants, 8)
    jpeg(rgb, W, H, 3, os.path.join(VALID, "restart-markers.jpg"), "-q", "90", "-restart", "1")
    expect_valid("restart-markers.jpg", "jpeg", W, H, "rgb", quadrants, 8)
    jpeg(rgb, W, H, 3, os.path.join(VALID, "arithmetic.jpg"), "-q", "90", "-arith")
    expect_valid("arithmetic.jpg", "jpeg", W, H, "rgb", quadrants, 8, arithmetic=True)
    jpeg(rgb, W, H, 3, os.path.join(VALID, "rgb-colorspace.jpg"), "-q", "90", "-jpeg-cs", "rgb")
    expect_valid("rgb-colorspace.jpg", "jpeg", W, H, "rgb", quadrants, 8, colorModel="rgb")

    greys = [(20,), (100,), (180,), (250,)]
    grey = quadrant_pixels(W, H, greys, 1)
    jpeg(grey, W, H, 1, os.path.join(VALID, "grayscale.jpg"), "-q", "90")
    expect_valid("grayscale.jpg", "jpeg", W, H, "gray",
                 [(x, y, g) for (x, y), g in zip(centres, greys)], 4, colorModel="gray")

    # CMYK ink values of the four quadrant colours (white is no ink).
    inks = [(0, 255, 255, 0), (255, 0, 255, 0), (255, 255, 0, 0), (0, 0, 0, 0)]
    inverted = [tuple(255 - v for v in ink) for ink in inks]
    # Photoshop writes inverted values with an Adobe marker; libjpeg writes the marker for CMYK/YCCK.
    jpeg(quadrant_pixels(W, H, inverted, 4), W, H, 4, os.path.join(VALID, "cmyk-adobe.jpg"),
         "-q", "95", "-sample", "444", "-jpeg-cs", "cmyk")
    jpeg(quadrant_pixels(W, H, inverted, 4), W, H, 4, os.path.join(VALID, "ycck-adobe.jpg"),
         "-q", "95", "-sample", "444", "-jpeg-cs", "ycck")
    jpeg(quadrant_pixels(W, H, inks, 4), W, H, 4, os.path.join(VALID, "cmyk-plain.jpg"),
         "-q", "95", "-sample", "444", "-jpeg-cs", "cmyk", "-no-adobe")
    for name, model in [("cmyk-adobe.jpg", "cmyk"), ("ycck-adobe.jpg", "ycck"), ("cmyk-plain.jpg", "cmyk")]:
        expect_valid(name, "jpeg", W, H, "rgb", quadrants, 8, colorModel=model)

    jpeg(rgb, W, H, 3, os.path.join(VALID, "exif-gps-icc.jpg"), "-q", "90",
         "-exif", write_temp(exif_bytes(orientation=1, gps=True)), "-icc", write_temp(srgb_icc()))
    expect_valid("exif-gps-icc.jpg", "jpeg", W, H, "rgb", quadrants, 8, orientation=1,
                 iccLength=len(srgb_icc()), iccCRC32=zlib.crc32(srgb_icc()), hasExif=True)
    # A profile too big for one APP2 marker is split over several and must be reassembled.
    big_icc = random_bytes(7, 150_000)
    jpeg(rgb, W, H, 3, os.path.join(VALID, "icc-multi-marker.jpg"), "-q", "90", "-icc", write_temp(big_icc))
    expect_valid("icc-multi-marker.jpg", "jpeg", W, H, "rgb", quadrants, 8, iccLength=len(big_icc),
                 iccCRC32=zlib.crc32(big_icc))

    base = read(os.path.join(VALID, "baseline-420.jpg"))
    write(os.path.join(VALID, "trailing-data-after-eoi.jpg"), base + b"\x00" * 16 + b"SAMSUNG-TRAILER")
    expect_valid("trailing-data-after-eoi.jpg", "jpeg", W, H, "rgb", quadrants, 8)
    write(os.path.join(VALID, "jpeg-named-as.png"), base)
    expect_valid("jpeg-named-as.png", "jpeg", W, H, "rgb", quadrants, 8)
    jpeg(bytes([200, 30, 60]), 1, 1, 3, os.path.join(VALID, "one-pixel.jpg"), "-q", "95", "-sample", "444")
    expect_valid("one-pixel.jpg", "jpeg", 1, 1, "rgb", [(0, 0, (200, 30, 60))], 8)
    make_orientation_jpegs()


def make_orientation_jpegs():
    """orientation-N.jpg: stored so that applying EXIF orientation N shows the upright quadrants
    (red top-left). Checked against Pillow's exif_transpose, an independent implementation."""
    upright = Image.frombytes("RGB", (64, 48), quadrant_pixels(64, 48, [RED, GREEN, BLUE, WHITE], 3))
    # The stored image is the upright one under the inverse of the display transform.
    stored_from_upright = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
                           4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
                           6: Image.Transpose.ROTATE_90, 7: Image.Transpose.TRANSVERSE,
                           8: Image.Transpose.ROTATE_270}
    for orientation, transform in stored_from_upright.items():
        stored = upright if transform is None else upright.transpose(transform)
        name = f"orientation-{orientation}.jpg"
        path = os.path.join(VALID, name)
        jpeg(stored.tobytes(), stored.width, stored.height, 3, path, "-q", "95", "-sample", "444",
             "-exif", write_temp(exif_bytes(orientation=orientation, gps=True)))
        shown = ImageOps.exif_transpose(Image.open(path)).convert("RGB")
        assert shown.size == (64, 48), (name, shown.size)
        assert all(abs(a - b) < 10 for a, b in zip(shown.getpixel((16, 12)), RED)), name
        centres = quadrant_centres(stored.width, stored.height)
        expect_valid(name, "jpeg", stored.width, stored.height, "rgb",
                     [(x, y, stored.getpixel((x, y))) for (x, y) in centres], 8, orientation=orientation)


def random_bytes(seed, count):
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(count))


def write_temp(data):
    fd, path = tempfile.mkstemp(dir=WORK)
    os.write(fd, data)
    os.close(fd)
    return path


def jpeg_segments(data):
    """(marker, offset of FF, total length including marker) for every marker segment, plus the
    entropy-coded data after each SOS as ('scan', start, length)."""
    segments, i = [], 2
    while i < len(data) - 1:
        assert data[i] == 0xFF, hex(i)
        marker = data[i + 1]
        if marker == 0xD9:
            segments.append((marker, i, 2))
            break
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        segments.append((marker, i, length + 2))
        i += length + 2
        if marker == 0xDA:
            start = i
            while not (data[i] == 0xFF and data[i + 1] not in (0x00,) and not 0xD0 <= data[i + 1] <= 0xD7):
                i += 1
            segments.append(("scan", start, i - start))
    return segments


def first(segments, marker):
    return next(s for s in segments if s[0] == marker)


def make_invalid_jpegs():
    noise = random_bytes(1, 128 * 96 * 3)
    base = jpeg(noise, 128, 96, 3, os.path.join(WORK, "noise.jpg"), "-q", "90")
    progressive = jpeg(noise, 128, 96, 3, os.path.join(WORK, "noise-p.jpg"), "-q", "90", "-progressive")
    restarts = jpeg(noise, 128, 96, 3, os.path.join(WORK, "noise-r.jpg"), "-q", "90", "-restart", "1")
    segments = jpeg_segments(base)
    _, scan_start, scan_length = first(segments, "scan")

    def bad(name, data, code):
        write(os.path.join(INVALID, name), data)
        manifest["invalid"][name] = code

    bad("truncated-in-scan.jpg", base[:scan_start + scan_length * 6 // 10], "truncated")
    p_scans = [s for s in jpeg_segments(progressive) if s[0] == "scan"]
    _, p_start, p_length = p_scans[2]
    bad("truncated-progressive.jpg", progressive[:p_start + p_length // 2], "truncated")
    bad("missing-eoi.jpg", base[:-2], "truncated")
    _, dqt, dqt_length = first(segments, 0xDB)
    bad("truncated-in-header.jpg", base[:dqt + dqt_length // 2], "truncated")
    bad("soi-only.jpg", b"\xff\xd8", "truncated")

    middle = scan_start + scan_length // 2
    bad("marker-in-scan-data.jpg", base[:middle] + b"\xff\xd9" + base[middle + 2:], "corruptData")
    garbage = bytes(b % 255 + 1 if b == 0xFF else b for b in random_bytes(3, 64))
    bad("garbage-in-scan-data.jpg", base[:middle] + garbage + base[middle + 64:], "corruptData")
    r_segments = jpeg_segments(restarts)
    rst1 = restarts.index(b"\xff\xd1", first(r_segments, "scan")[1])
    bad("restart-out-of-order.jpg", restarts[:rst1] + b"\xff\xd3" + restarts[rst1 + 2:], "corruptData")
    _, dht, _ = first(segments, 0xC4)
    bad("bad-huffman-table.jpg", base[:dht + 5] + b"\xff" * 16 + base[dht + 21:], "corruptData")
    _, sof, _ = first(segments, 0xC0)
    # SOF layout: FF C0, length(2), precision(1), height(2), width(2), ...
    bad("zero-width.jpg", base[:sof + 7] + b"\x00\x00" + base[sof + 9:], "corruptData")
    bad("garbage-after-soi.jpg", b"\xff\xd8" + b"this is not a JPEG header at all" * 4, "corruptData")
    bad("lossless-sof3.jpg", base[:sof + 1] + b"\xc3" + base[sof + 2:], "unsupportedFormat")
    bad("precision-12.jpg", base[:sof + 4] + b"\x0c" + base[sof + 5:], "unsupportedFormat")
    bad("bomb-65500x65500.jpg", base[:sof + 5] + struct.pack(">HH", 65500, 65500) + base[sof + 9:],
        "dimensionsTooLarge")
    # Extraneous bytes inside a scan, where they take the place of entropy-coded data: corrupt.
    eoi = len(base) - 2
    bad("extraneous-before-eoi.jpg", base[:eoi] + bytes(range(1, 65)) + base[eoi:], "corruptData")
    rst0 = restarts.index(b"\xff\xd0", first(r_segments, "scan")[1])
    bad("extraneous-before-rst.jpg", restarts[:rst0] + b"\x12\x34\x56" + restarts[rst0:], "corruptData")
    # Bytes inserted into a progressive scan that is not the last: libjpeg stops decoding the
    # scan early and reports them as extraneous before the next segment's marker (DHT or SOS),
    # which is no slack between header segments but damage to the pixels: corrupt.
    followed = {}
    for _, start, length in p_scans:
        after = progressive[start + length + 1]
        if after in (0xC4, 0xDA) and after not in followed:
            followed[after] = start + length // 2
    for marker, name in ((0xC4, "dht"), (0xDA, "sos")):
        at = followed[marker]
        bad(f"extraneous-in-progressive-scan-before-{name}.jpg",
            progressive[:at] + bytes([0x11, 0x22, 0x33, 0x44, 0x55]) * 10 + progressive[at:], "corruptData")
    small = random_bytes(5, 16 * 16 * 3)
    bad("progressive-569-scans.jpg",
        jpeg(small, 16, 16, 3, os.path.join(WORK, "scans.jpg"), "-q", "90", "-sample", "444", "-manyscans"),
        "resourceLimit")


def make_slack_jpegs():
    """Structural slack between segments that loses nothing: libjpeg skips the bytes, every browser
    shows the picture, and the strict policy accepts it with a warning."""
    noise = random_bytes(21, 64 * 48 * 3)
    base = jpeg(noise, 64, 48, 3, os.path.join(WORK, "slack.jpg"), "-q", "90")
    write(os.path.join(VALID, "slack-reference.jpg"), base)
    expect_valid("slack-reference.jpg", "jpeg", 64, 48, "rgb", [], 0)
    segments = jpeg_segments(base)
    _, dqt, _ = first(segments, 0xDB)
    cases = {"extraneous-before-dqt.jpg": base[:dqt] + b"\x00\x00\x00\x00" + base[dqt:]}
    app1 = b"Exif\x00\x00" + exif_bytes(orientation=1)
    cases["extraneous-before-app1.jpg"] = (
        base[:dqt] + b"\x01\x02" + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + base[dqt:])
    # An Adobe APP14 segment whose length field says one byte less than it holds: that byte is
    # left over before the next marker.
    adobe = b"Adobe" + struct.pack(">HHHB", 100, 0, 0, 1)
    app14 = b"\xff\xee" + struct.pack(">H", len(adobe) + 2 - 1) + adobe
    cases["app14-length-off-by-one.jpg"] = base[:dqt] + app14 + base[dqt:]
    for name, data in cases.items():
        write(os.path.join(VALID, name), data)
        expect_valid(name, "jpeg", 64, 48, "rgb", [], 0, warnings=1, samePixelsAs="slack-reference.jpg")


# MARK: - PNG fixtures

def chunk(kind, payload, crc=None):
    body = kind + payload
    return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body) if crc is None else crc)


SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def pack_row(samples, depth):
    if depth == 8:
        return bytes(samples)
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    out, acc, bits = bytearray(), 0, 0
    for s in samples:
        acc = (acc << depth) | s
        bits += depth
        if bits == 8:
            out.append(acc)
            acc, bits = 0, 0
    if bits:
        out.append(acc << (8 - bits))
    return bytes(out)


def filter_rows(rows, bpp, first_filter=0):
    """Applies filter types 0-4 in rotation, so every unfilter path is exercised."""
    out, previous = bytearray(), bytes(len(rows[0])) if rows else b""
    for index, row in enumerate(rows):
        kind = (index + first_filter) % 5
        filtered = bytearray()
        for i, value in enumerate(row):
            a = row[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 0:
                predictor = 0
            elif kind == 1:
                predictor = a
            elif kind == 2:
                predictor = b
            elif kind == 3:
                predictor = (a + b) // 2
            else:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
            filtered.append((value - predictor) & 0xFF)
        out.append(kind)
        out += filtered
        previous = row
    return bytes(out)


def png_image_data(pixels, w, h, colour_type, depth, interlace):
    """pixels[y][x] is a tuple of samples; returns the filtered, uncompressed image data."""
    bpp = max(1, CHANNELS[colour_type] * depth // 8)
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    data = bytearray()
    for x0, y0, dx, dy in passes:
        rows = []
        for y in range(y0, h, dy):
            samples = [s for x in range(x0, w, dx) for s in pixels[y][x]]
            if samples:
                rows.append(pack_row(samples, depth))
        data += filter_rows(rows, bpp)
    return bytes(data)


def png(pixels, w, h, colour_type, depth, interlace=False, plte=None, trns=None, before_idat=(),
        idat_pieces=1, after_idat=()):
    header = struct.pack(">IIBBBBB", w, h, depth, colour_type, 0, 0, 1 if interlace else 0)
    compressed = zlib.compress(png_image_data(pixels, w, h, colour_type, depth, interlace), 9)
    out = SIGNATURE + chunk(b"IHDR", header)
    for extra in before_idat:
        out += extra
    if plte is not None:
        out += chunk(b"PLTE", b"".join(bytes(c) for c in plte))
    if trns is not None:
        out += chunk(b"tRNS", trns)
    size = -(-len(compressed) // idat_pieces)
    for i in range(0, len(compressed), size):
        out += chunk(b"IDAT", compressed[i:i + size])
    for extra in after_idat:
        out += extra
    return out + chunk(b"IEND", b"")


def quadrant_grid(w, h, values):
    return [[values[(0 if x < w // 2 else 1) + (0 if y < h // 2 else 2)] for x in range(w)] for y in range(h)]


def make_valid_pngs():
    centres = quadrant_centres(W, H)

    def save(name, data, layout, expected, **extra):
        write(os.path.join(VALID, name), data)
        expect_valid(name, "png", W, H, layout, [(x, y, v) for (x, y), v in zip(centres, expected)], 0, **extra)

    for depth in [1, 2, 4, 8, 16]:
        top = (1 << depth) - 1
        levels = [0, top // 3, 2 * top // 3, top] if depth > 1 else [0, 1, 1, 0]
        # Opaque grey decodes to one channel, as a grey JPEG does.
        expected = [(round(v * 255 / top),) for v in levels]
        for interlace in [False, True] if depth in (1, 8) else [False]:
            name = f"gray-{depth}{'-interlaced' if interlace else ''}.png"
            save(name, png(quadrant_grid(W, H, [(v,) for v in levels]), W, H, 0, depth, interlace),
                 "gray", expected, bitDepth=depth, colorModel="gray", progressive=interlace)

    colours = [RED, GREEN, BLUE, WHITE]
    save("rgb-8.png", png(quadrant_grid(W, H, colours), W, H, 2, 8), "rgb", colours, colorModel="rgb")
    save("rgb-8-interlaced.png", png(quadrant_grid(W, H, colours), W, H, 2, 8, interlace=True), "rgb", colours,
         progressive=True)
    # 16-bit samples chosen so that scaling to 8 bits has one right answer: round(v * 255 / 65535).
    wide = [(0xFFFF, 0x0101, 0x8000), (0x1234, 0xFFFF, 0x0000), (0x0000, 0x7F7F, 0xFFFF), (0xFFFF, 0xFFFF, 0xFFFF)]
    wide_expected = [tuple(round(s * 255 / 65535) for s in c) for c in wide]
    save("rgb-16.png", png(quadrant_grid(W, H, wide), W, H, 2, 16), "rgb", wide_expected, bitDepth=16)
    palette = [RED, GREEN, BLUE, WHITE]
    for depth in [1, 2, 4, 8]:
        indices = [0, 1, 1, 0] if depth == 1 else [0, 1, 2, 3]
        expected = [palette[i] for i in indices]
        for interlace in [False, True] if depth == 4 else [False]:
            name = f"palette-{depth}{'-interlaced' if interlace else ''}.png"
            save(name, png(quadrant_grid(W, H, [(i,) for i in indices]), W, H, 3, depth, interlace,
                           plte=palette[:2 if depth == 1 else 4]),
                 "rgb", expected, bitDepth=depth, colorModel="palette", progressive=interlace)
    save("palette-trns.png",
         png(quadrant_grid(W, H, [(0,), (1,), (2,), (3,)]), W, H, 3, 8, plte=palette, trns=bytes([255, 128, 0])),
         "rgba", [RED + (255,), GREEN + (128,), BLUE + (0,), WHITE + (255,)], hasAlpha=True)
    save("gray-trns.png", png(quadrant_grid(W, H, [(0,), (85,), (170,), (255,)]), W, H, 0, 8,
                              trns=struct.pack(">H", 85)),
         "rgba", [(0, 0, 0, 255), (85, 85, 85, 0), (170, 170, 170, 255), (255, 255, 255, 255)], hasAlpha=True)
    save("rgb-trns.png", png(quadrant_grid(W, H, colours), W, H, 2, 8, trns=struct.pack(">HHH", 0, 255, 0)),
         "rgba", [RED + (255,), GREEN + (0,), BLUE + (255,), WHITE + (255,)], hasAlpha=True)
    grey_alpha = [(0, 255), (85, 170), (170, 85), (255, 0)]
    save("gray-alpha-8.png", png(quadrant_grid(W, H, grey_alpha), W, H, 4, 8), "rgba",
         [(g, g, g, a) for g, a in grey_alpha], colorModel="grayAlpha", hasAlpha=True)
    save("gray-alpha-16.png", png(quadrant_grid(W, H, [(g * 257, a * 257) for g, a in grey_alpha]), W, H, 4, 16),
         "rgba", [(g, g, g, a) for g, a in grey_alpha], bitDepth=16, hasAlpha=True)
    rgba = [RED + (255,), GREEN + (200,), BLUE + (100,), WHITE + (0,)]
    save("rgba-8.png", png(quadrant_grid(W, H, rgba), W, H, 6, 8), "rgba", rgba, colorModel="rgba", hasAlpha=True)
    save("rgba-16-interlaced.png", png(quadrant_grid(W, H, [tuple(s * 257 for s in c) for c in rgba]), W, H, 6, 16,
                                       interlace=True),
         "rgba", rgba, bitDepth=16, progressive=True, hasAlpha=True)
    text = [chunk(b"tEXt", b"Comment\x00made by make_test_images.py"),
            chunk(b"zTXt", b"Software\x00\x00" + zlib.compress(b"ProfileImageKit")),
            chunk(b"iTXt", b"Title\x00\x00\x00en\x00Title\x00Quadrants")]
    save("text-chunks.png", png(quadrant_grid(W, H, colours), W, H, 2, 8, before_idat=text, after_idat=text[:1]),
         "rgb", colours)
    icc = srgb_icc()
    iccp = chunk(b"iCCP", b"sRGB\x00\x00" + zlib.compress(icc))
    exif = chunk(b"eXIf", exif_bytes(orientation=1, gps=True))
    save("iccp-exif.png", png(quadrant_grid(W, H, colours), W, H, 2, 8, before_idat=[iccp, exif]), "rgb", colours,
         iccLength=len(icc), iccCRC32=zlib.crc32(icc), orientation=1, hasExif=True)
    save("many-idat-chunks.png", png(quadrant_grid(W, H, colours), W, H, 2, 8, idat_pieces=40), "rgb", colours)
    write(os.path.join(VALID, "png-named-as.jpg"), read(os.path.join(VALID, "rgb-8.png")))
    expect_valid("png-named-as.jpg", "png", W, H, "rgb", [(x, y, v) for (x, y), v in zip(centres, colours)], 0)


def make_invalid_pngs():
    rng = random.Random(11)
    noise = [[tuple(rng.randrange(256) for _ in range(3)) for _ in range(64)] for _ in range(48)]
    base = png(noise, 64, 48, 2, 8, after_idat=[chunk(b"tEXt", b"Comment\x00after the image")])

    def bad(name, data, code):
        write(os.path.join(INVALID, name), data)
        manifest["invalid"][name] = code

    def chunks(data):
        out, i = [], 8
        while i + 8 <= len(data):
            length = struct.unpack(">I", data[i:i + 4])[0]
            out.append((data[i + 4:i + 8], i, length))
            i += 12 + length
        return out

    def find(data, kind):
        return next(c for c in chunks(data) if c[0] == kind)

    def flip_crc(data, kind):
        _, at, length = find(data, kind)
        crc = at + 8 + length
        return data[:crc] + bytes([data[crc] ^ 0xFF]) + data[crc + 1:]

    def replace_chunk(data, kind, payload):
        _, at, length = find(data, kind)
        return data[:at] + chunk(kind, payload) + data[at + 12 + length:]

    _, idat, idat_length = find(base, b"IDAT")
    zdata = base[idat + 8:idat + 8 + idat_length]
    bad("bad-crc-ihdr.png", flip_crc(base, b"IHDR"), "badChecksum")
    bad("bad-crc-idat.png", flip_crc(base, b"IDAT"), "badChecksum")
    bad("bad-crc-text-after-idat.png", flip_crc(base, b"tEXt"), "badChecksum")
    # Block type 3 is reserved: the deflate stream is invalid from its first block header.
    bad("corrupt-deflate.png", replace_chunk(base, b"IDAT", zdata[:2] + bytes([zdata[2] | 0x06]) + zdata[3:]),
        "corruptData")
    bad("bad-adler32.png", replace_chunk(base, b"IDAT", zdata[:-4] + bytes(b ^ 0x55 for b in zdata[-4:])),
        "badChecksum")
    bad("truncated-in-idat.png", base[:idat + 8 + idat_length // 2], "truncated")
    bad("missing-iend.png", base[:-12], "truncated")
    half = zlib.compress(png_image_data(noise[:24], 64, 24, 2, 8, False), 9)
    bad("not-enough-image-data.png", replace_chunk(base, b"IDAT", half), "truncated")
    bad("signature-only.png", SIGNATURE, "truncated")
    bad("signature-text-mode-mangled.png", base.replace(b"\r\n", b"\n", 1), "corruptData")
    _, ihdr, _ = find(base, b"IHDR")
    bad("no-ihdr.png", base[:8] + base[ihdr + 25:], "corruptData")
    ihdr_payload = base[ihdr + 8:ihdr + 21]
    bad("bad-bit-depth.png", replace_chunk(base, b"IHDR", ihdr_payload[:8] + b"\x03" + ihdr_payload[9:]),
        "corruptData")
    bad("zero-width.png", replace_chunk(base, b"IHDR", b"\x00\x00\x00\x00" + ihdr_payload[4:]), "corruptData")
    bad("unknown-critical-chunk.png", base[:ihdr + 25] + chunk(b"CRIT", b"must understand") + base[ihdr + 25:],
        "corruptData")
    bad("palette-without-plte.png", png(quadrant_grid(W, H, [(0,), (1,), (2,), (3,)]), W, H, 3, 8), "corruptData")
    # A real bomb: 30000 x 30000 one-bit pixels deflate to ~110 KB and would expand to 2.7 GB of RGB.
    rows = zlib.compressobj(9)
    zero_row = b"\x00" + bytes(30000 // 8)
    body = b"".join(rows.compress(zero_row) for _ in range(30000)) + rows.flush()
    bomb = SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 30000, 30000, 1, 0, 0, 0, 0)) + chunk(b"IDAT", body)
    bad("bomb-30000x30000.png", bomb + chunk(b"IEND", b""), "dimensionsTooLarge")
    # Ancillary chunks libpng finds malformed (a benign error, which it would skip): pngcheck and,
    # for most, Pillow's verify reject them, and so does the strict policy.
    def ancillary(name, kind, payload, extra=()):
        bad(name, png(noise, 64, 48, 2, 8, before_idat=[*extra, chunk(kind, payload)]), "corruptData")
    ancillary("ancillary-bkgd-empty.png", b"bKGD", b"")
    ancillary("ancillary-chrm-empty.png", b"cHRM", b"")
    ancillary("ancillary-chrm-invalid.png", b"cHRM", b"\xff" * 32)
    ancillary("ancillary-gama-empty.png", b"gAMA", b"")
    ancillary("ancillary-gama-zero.png", b"gAMA", b"\x00" * 4)
    ancillary("ancillary-gama-duplicate.png", b"gAMA", struct.pack(">I", 45455),
              extra=[chunk(b"gAMA", struct.pack(">I", 45455))])
    ancillary("ancillary-srgb-empty.png", b"sRGB", b"")
    ancillary("ancillary-phys-short.png", b"pHYs", b"\x00\x00\x0b\x13\x00")
    ancillary("ancillary-trns-empty.png", b"tRNS", b"")
    ancillary("ancillary-iccp-empty.png", b"iCCP", b"")
    ancillary("ancillary-time-empty.png", b"tIME", b"")
    ancillary("ancillary-sbit-empty.png", b"sBIT", b"")
    ancillary("ancillary-hist-without-plte.png", b"hIST", b"")
    ancillary("ancillary-offs-empty.png", b"oFFs", b"")
    ancillary("ancillary-splt-empty.png", b"sPLT", b"")
    ancillary("ancillary-exif-empty.png", b"eXIf", b"")
    # The same damage after the image data, where libpng reads the chunks only at the end.
    def after_image(name, kind, payload):
        bad(name, png(noise, 64, 48, 2, 8, after_idat=[chunk(kind, payload)]), "corruptData")
    after_image("ancillary-time-empty-after-idat.png", b"tIME", b"")
    after_image("ancillary-exif-empty-after-idat.png", b"eXIf", b"")
    after_image("ancillary-splt-empty-after-idat.png", b"sPLT", b"")
    after_image("ancillary-bkgd-after-idat.png", b"bKGD", struct.pack(">HHH", 1, 2, 3))
    after_image("ancillary-phys-after-idat.png", b"pHYs", struct.pack(">IIB", 2835, 2835, 1))
    # Malformed contents, each a benign error libpng would skip: Pillow refuses the iCCP one.
    # Long enough that libpng reads as far as the method byte (a short chunk is "too short").
    ancillary("ancillary-iccp-bad-method.png", b"iCCP", b"profile\x00\x01" + zlib.compress(random_bytes(9, 400)))

    def icc_profile(signature=b"acsp", tag_count=0):
        """A 132-byte ICC v2 display profile header with `tag_count` tags declared (and none there)."""
        header = struct.pack(">I4sI4s4s4s12s4s4sIII8sI12s4s16s28s", 132, b"\0\0\0\0", 0x02100000, b"mntr",
                             b"RGB ", b"XYZ ", bytes(12), signature, bytes(4), 0, 0, 0, bytes(8), 0,
                             struct.pack(">III", 0xF6D6, 0x10000, 0xD32D), bytes(4), bytes(16), bytes(28))
        return header + struct.pack(">I", tag_count)
    # An ICC profile libpng finds broken and drops: damage to the colours, refused.
    ancillary("ancillary-iccp-bad-signature.png", b"iCCP", b"icc\x00\x00" + zlib.compress(icc_profile(signature=b"xxxx"), 0))
    ancillary("ancillary-iccp-tag-count.png", b"iCCP", b"icc\x00\x00" + zlib.compress(icc_profile(tag_count=1000), 0))
    ancillary("ancillary-iccp-deflate-cut.png", b"iCCP", b"icc\x00\x00" + zlib.compress(random_bytes(10, 600))[:120])
    ancillary("ancillary-srgb-twice.png", b"sRGB", b"\x00", extra=[chunk(b"sRGB", b"\x00")])
    ancillary("ancillary-splt-bad-length.png", b"sPLT", b"palette\x00\x08" + bytes(7))
    ancillary("ancillary-exif-bad-byte-order.png", b"eXIf", b"XX\x00\x2a" + bytes(12))
    ancillary("ancillary-scal-bad-width.png", b"sCAL", b"\x01abc\x00def")
    ancillary("ancillary-time-month-13.png", b"tIME", struct.pack(">HBBBBB", 2020, 13, 1, 0, 0, 0))
    grey = [[(v,) for v in random_bytes(8 + y, 64)] for y in range(48)]
    bad("ancillary-plte-in-grey.png", png(grey, 64, 48, 0, 8, before_idat=[chunk(b"PLTE", bytes(6))]), "corruptData")
    # A chunk declaring far more data than the file holds (found by fuzzing: libpng allocated and
    # zeroed the declared 1.8 GB before finding the data missing). Refused before any allocation.
    ihdr_end = find(base, b"IHDR")[1] + 25
    bad("splt-declares-1.8gb.png", base[:ihdr_end] + struct.pack(">I", 0x6D656420) + b"sPLT" + b"malformed sPLT c",
        "truncated")
    bad("iccp-declares-2gb.png", base[:ihdr_end] + struct.pack(">I", 0x7FFFFFF0) + b"iCCP" + b"sRGB\x00\x00" + b"x" * 40,
        "truncated")
    wide = SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 1, 8, 0, 0, 0, 0))
    bad("too-wide-100000x1.png", wide + chunk(b"IDAT", zlib.compress(b"\x00" * 100001)) + chunk(b"IEND", b""),
        "dimensionsTooLarge")


# MARK: - Not images, and images of other formats

def make_non_images():
    def bad(name, data, code, fmt=None):
        write(os.path.join(INVALID, name), data)
        manifest["invalid"][name] = code if fmt is None else {"code": code, "format": fmt}

    bad("empty.jpg", b"", "emptyFile")
    bad("text.txt", b"Hello, this is a plain text file.\nIt is not an image.\n", "notAnImage")
    bad("html-named-as.jpg", b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>"
                             b"<body>Not found</body></html>\n", "notAnImage")
    bad("random-bytes.bin", random_bytes(13, 4096), "notAnImage")
    bad("document.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
        "notAnImage")
    bad("drawing.svg", b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                       b'width="10" height="10"><rect width="10" height="10" fill="red"/></svg>\n',
        "unsupportedFormat", "svg")
    picture = Image.frombytes("RGB", (W, H), quadrant_pixels(W, H, [RED, GREEN, BLUE, WHITE], 3))
    # WebP, HEIC, AVIF, GIF, TIFF and BMP are decoded: make_format_fixtures.py makes theirs.
    picture.save(os.path.join(INVALID, "image.ico"), format="ICO")
    manifest["invalid"]["image.ico"] = {"code": "unsupportedFormat", "format": "ico"}
    bad("image.jxl", b"\xff\x0a" + bytes(30), "unsupportedFormat", "jxl")
    bad("image.psd", b"8BPS\x00\x01" + bytes(40), "unsupportedFormat", "psd")


# MARK: - Sample photos for the README's main job

def make_samples():
    """Photo-like pictures, drawn rather than photographed so that no licence question follows
    them into the repository: sky, sun, hills, a figure, grain."""
    def scene(w, h, seed):
        rng = random.Random(seed)
        sky = Image.linear_gradient("L").resize((w, h)).convert("RGB")
        sky = Image.merge("RGB", [sky.getchannel(0).point(lambda v: 90 + v * 0.5),
                                  sky.getchannel(1).point(lambda v: 150 + v * 0.35),
                                  sky.getchannel(2).point(lambda v: 235 - v * 0.2)])
        draw = ImageDraw.Draw(sky)
        draw.ellipse([w * 0.68, h * 0.1, w * 0.84, h * 0.1 + w * 0.16], fill=(255, 226, 140))
        for layer in range(3):
            base = h * (0.55 + 0.12 * layer)
            points = [(0, h)] + [(x, base + rng.uniform(-0.08, 0.08) * h) for x in range(0, w + 80, 80)] + [(w, h)]
            shade = 60 + 45 * layer
            draw.polygon(points, fill=(shade // 2, shade, shade // 3))
        # A person-like figure, so that a centre crop has a subject.
        cx, cy = w * 0.45, h * 0.55
        draw.ellipse([cx - h * 0.08, cy - h * 0.3, cx + h * 0.08, cy - h * 0.14], fill=(224, 172, 140))
        draw.rounded_rectangle([cx - h * 0.14, cy - h * 0.14, cx + h * 0.14, cy + h * 0.3], radius=h * 0.05,
                               fill=(180, 40, 60))
        picture = sky.filter(ImageFilter.GaussianBlur(1.2))
        grain = Image.effect_noise((w, h), 18).convert("RGB")
        return Image.blend(picture, grain, 0.06)

    landscape = scene(1600, 1067, 1)
    path = os.path.join(SAMPLES, "landscape.jpg")
    raw = landscape.tobytes()
    jpeg(raw, 1600, 1067, 3, path, "-q", "88", "-sample", "420", "-optimize")

    # A phone portrait: stored sideways with EXIF orientation 6, progressive, with GPS and an ICC profile.
    portrait = scene(1200, 1600, 2)
    stored = portrait.transpose(Image.Transpose.ROTATE_90)
    jpeg(stored.tobytes(), stored.width, stored.height, 3, os.path.join(SAMPLES, "phone-portrait.jpg"),
         "-q", "90", "-progressive", "-exif", write_temp(exif_bytes(orientation=6, gps=True)),
         "-icc", write_temp(srgb_icc()))

    # A print file: Adobe CMYK, the way Photoshop saves it.
    inverted = Image.merge("CMYK", [c.point(lambda v: 255 - v)
                                    for c in scene(1000, 750, 3).convert("CMYK").split()])
    jpeg(inverted.tobytes(), 1000, 750, 4, os.path.join(SAMPLES, "print-cmyk.jpg"), "-q", "90",
         "-jpeg-cs", "ycck")

    gray = scene(1024, 768, 4).convert("L")
    jpeg(gray.tobytes(), 1024, 768, 1, os.path.join(SAMPLES, "scan-gray.jpg"), "-q", "85")

    # A logo with real transparency, as an RGBA PNG.
    logo = Image.new("RGBA", (800, 800), (0, 0, 0, 0))
    draw = ImageDraw.Draw(logo)
    draw.ellipse([80, 80, 720, 720], fill=(30, 110, 200, 255))
    draw.ellipse([240, 200, 560, 520], fill=(255, 255, 255, 230))
    draw.rectangle([200, 540, 600, 640], fill=(250, 190, 40, 200))
    logo = logo.filter(ImageFilter.GaussianBlur(0.8))
    write(os.path.join(SAMPLES, "logo-transparent.png"),
          png([[logo.getpixel((x, y)) for x in range(800)] for y in range(800)], 800, 800, 6, 8))


def main():
    for directory in [VALID, INVALID]:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            os.remove(os.path.join(directory, name))
    build_jpegfix()
    make_valid_jpegs()
    make_invalid_jpegs()
    make_slack_jpegs()
    make_valid_pngs()
    make_invalid_pngs()
    make_non_images()
    if "--fixtures-only" not in sys.argv:
        make_samples()
    with open(os.path.join(FIXTURES, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(manifest['valid'])} valid and {len(manifest['invalid'])} invalid fixtures")


if __name__ == "__main__":
    main()
