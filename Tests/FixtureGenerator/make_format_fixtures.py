#!/usr/bin/env python3
"""Makes the fixtures of the formats beyond JPEG and PNG (WebP, HEIC, AVIF, GIF, TIFF, BMP) in
Tests/ProfileImageTests/Fixtures/formats/: valid files, damaged variants of each, and formats.json,
which says what each valid file holds and which code each damaged one must get.

Samples in formats.json are of the upright picture (orientation applied), at quadrant centres.

Deterministic for a given Pillow and pillow-heif (fixed pictures, no clocks); lossy encoders may
change bytes between versions, which is why the tests sample colours with a tolerance. The outputs
are committed, so the tests need neither Python nor these packages.

Needs: python3, Pillow >= 11.3 (writes WebP, GIF, TIFF, BMP and AVIF), pillow-heif >= 0.16 (writes
HEIC, with irot/imir from the EXIF orientation: `pip install pillow-heif`).
Run from anywhere:  python3 Tests/FixtureGenerator/make_format_fixtures.py
"""

import json
import os
import struct

from PIL import Image
import pillow_heif

from format_fixture_helpers import (BLUE, GREEN, H, OUT, QUADRANTS, RED, W, WHITE, centres, display_p3, encoded,
                                    exif_with_orientation, flip, invalid, manifest, quadrants, sideways, valid)
from tiff_fixtures import make_more_tiff, make_tiff


# MARK: - WebP

def make_webp():
    picture = quadrants(W, H)
    lossless = valid("webp-lossless.webp", encoded(picture, "WEBP", lossless=True), "webp", W, H, "rgb",
                     centres(W, H), 0)
    valid("webp-lossy.webp", encoded(picture, "WEBP", quality=95), "webp", W, H, "rgb", centres(W, H), 24)
    alpha = picture.convert("RGBA")
    for y in range(H // 2, H):
        for x in range(W // 2, W):
            alpha.putpixel((x, y), (0, 0, 0, 0))
    # exact: libwebp would otherwise rewrite the colour under transparent pixels.
    valid("webp-alpha.webp", encoded(alpha, "WEBP", lossless=True, exact=True), "webp", W, H, "rgba",
          centres(W, H, QUADRANTS[:3] + [(0, 0, 0, 0)]), 0, hasAlpha=True)
    second = quadrants(W, H, [WHITE, BLUE, GREEN, RED])
    valid("webp-animated.webp", encoded(picture, "WEBP", lossless=True, save_all=True, append_images=[second],
                                        duration=100, loop=0),
          "webp", W, H, "rgb", centres(W, H), 0, frames=2)
    valid("webp-orientation-6.webp", encoded(sideways(picture), "WEBP", lossless=True,
                                             exif=exif_with_orientation(6).tobytes()),
          "webp", H, W, "rgb", centres(W, H), 0, orientation=6)
    p3, profile = display_p3()
    valid("webp-display-p3.webp", encoded(p3, "WEBP", lossless=True, icc_profile=profile), "webp", p3.width,
          p3.height, "rgb", [], 0, iccLength=len(profile))

    invalid("webp-truncated.webp", lossless[: len(lossless) // 2], "truncated", "webp")
    # The VP8L signature byte (0x2f) after the chunk header.
    index = lossless.index(b"VP8L") + 8
    invalid("webp-corrupt-signature.webp", flip(lossless, index), "corruptData", "webp")
    # A RIFF size smaller than the first chunk.
    damaged = bytearray(lossless)
    damaged[4:8] = struct.pack("<I", 12)
    invalid("webp-riff-size-too-small.webp", bytes(damaged), "corruptData", "webp")
    lossy = encoded(picture, "WEBP", quality=95)
    invalid("webp-lossy-truncated.webp", lossy[:-20], "truncated", "webp")


# MARK: - HEIC and AVIF

def pinned_times(data):
    """An image sequence with the creation and modification times of its mvhd, tkhd and mdhd
    boxes set to 0: libavif stamps the current time there."""
    data = bytearray(data)
    for box in (b"mvhd", b"tkhd", b"mdhd"):
        at = data.find(box)
        while at >= 0:
            width = 8 if data[at + 4] == 1 else 4
            data[at + 8:at + 8 + 2 * width] = bytes(2 * width)
            at = data.find(box, at + 4)
    return bytes(data)


def make_heif():
    pillow_heif.register_heif_opener()
    # Even sizes: the HEVC and AV1 encoders pad odd ones, and the test is of the container.
    w, h = 64, 48
    picture = quadrants(w, h)
    heic = valid("heic-quadrants.heic", encoded(picture, "HEIF", quality=95), "heic", w, h, "rgb", centres(w, h), 32)
    # As an iPhone writes a portrait: the sensor's landscape pixels, an irot that turns them
    # upright, and EXIF orientation 6 saying the same. Shown (and decoded) upright once, not twice.
    upright = quadrants(h, w)
    phone = valid("heic-phone-orientation-6.heic",
                  encoded(sideways(upright), "HEIF", quality=95, exif=exif_with_orientation(6).tobytes()),
                  "heic", h, w, "rgb", centres(h, w), 32, orientation=1, exifOrientation=6)
    assert b"irot" in phone, "pillow-heif wrote no irot: too old?"
    avif = valid("avif-quadrants.avif", encoded(picture, "AVIF", quality=95), "avif", w, h, "rgb", centres(w, h), 32)
    second = quadrants(w, h, [WHITE, BLUE, GREEN, RED])
    valid("avif-animated.avif", pinned_times(encoded(picture, "AVIF", quality=95, save_all=True,
                                                     append_images=[second], duration=100)),
          "avif", w, h, "rgb", centres(w, h), 32, frames=2)

    invalid("heic-truncated.heic", heic[: len(heic) * 2 // 3], "truncated", "heic")
    invalid("avif-truncated.avif", avif[: len(avif) * 2 // 3], "truncated", "avif")
    # The meta box renamed: the file says HEIC and holds no image description.
    meta = heic.index(b"meta")
    invalid("heic-no-meta.heic", heic[:meta] + b"mexa" + heic[meta + 4:], "corruptData", "heic")
    meta = avif.index(b"meta")
    invalid("avif-no-meta.avif", avif[:meta] + b"mexa" + avif[meta + 4:], "corruptData", "avif")
    # The image's extents (ispe) made 100000x100000: refused by its size before libheif
    # allocates anything.
    ispe = heic.index(b"ispe")
    invalid("heic-ispe-bomb.heic", heic[:ispe + 8] + struct.pack(">II", 100000, 100000) + heic[ispe + 16:],
            "dimensionsTooLarge", "heic")
    # An ftyp box and nothing else (what the recogniser reads, no image).
    invalid("heic-ftyp-only.heic", struct.pack(">I", 24) + b"ftypheic\x00\x00\x00\x00mif1heic" + bytes(64),
            "corruptData", "heic")


# MARK: - GIF

def make_gif():
    picture = quadrants(W, H)
    palette = picture.quantize(colors=4, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    interlaced = valid("gif-interlaced.gif", encoded(palette, "GIF", interlace=True), "gif", W, H, "rgb",
                       centres(W, H), 0)
    plain = valid("gif-plain.gif", encoded(palette, "GIF", interlace=False), "gif", W, H, "rgb", centres(W, H), 0)
    transparent = palette.copy()
    for y in range(H // 2, H):
        for x in range(W // 2, W):
            transparent.putpixel((x, y), 3)
    index = transparent.getpixel((W - 1, H - 1))
    valid("gif-transparent.gif", encoded(transparent, "GIF", transparency=index, interlace=False), "gif", W, H,
          "rgba", centres(W, H, QUADRANTS[:3] + [(0, 0, 0, 0)]), 0, hasAlpha=True)
    second = quadrants(W, H, [WHITE, BLUE, GREEN, RED]).quantize(colors=4, dither=Image.Dither.NONE)
    animated = valid("gif-animated.gif", encoded(palette, "GIF", save_all=True, append_images=[second], duration=100,
                                                 loop=0, interlace=False),
                     "gif", W, H, "rgb", centres(W, H), 0, frames=2)

    invalid("gif-truncated.gif", plain[: len(plain) // 2], "truncated", "gif")
    invalid("gif-no-trailer.gif", plain[:-1], "truncated", "gif")
    invalid("gif-animated-truncated.gif", animated[:-12], "truncated", "gif")
    invalid("gif-header-only.gif", plain[:13], "truncated", "gif")
    # The first image's LZW minimum code size set to 12: no valid stream starts so.
    damaged = bytearray(plain)
    lzw = first_image_data(plain)
    damaged[lzw] = 12
    invalid("gif-bad-lzw-code-size.gif", bytes(damaged), "corruptData", "gif")
    # A logical screen of 65535 x 65535: 4.3 billion pixels.
    damaged = bytearray(interlaced)
    damaged[6:10] = struct.pack("<HH", 65535, 65535)
    invalid("gif-bomb-65535x65535.gif", bytes(damaged), "dimensionsTooLarge", "gif")


def first_image_data(gif):
    """The offset of the first image's LZW minimum code size byte."""
    at = 13 + (3 * (2 << (gif[10] & 7)) if gif[10] & 0x80 else 0)
    while gif[at] == 0x21:  # extensions: label, then sub-blocks to a zero one
        at += 2
        while gif[at] != 0:
            at += gif[at] + 1
        at += 1
    assert gif[at] == 0x2C
    flags = gif[at + 9]
    return at + 10 + (3 * (2 << (flags & 7)) if flags & 0x80 else 0)


# MARK: - BMP

def bmp_v5(w, h, rows_bgra, top_down=False):
    """A 32-bit BMP with a BITMAPV5HEADER and alpha bit fields, as Windows writes one with alpha."""
    pixels = b"".join(rows_bgra if top_down else reversed(rows_bgra))
    header = struct.pack("<IiiHHIIiiII", 124, w, -h if top_down else h, 1, 32, 3, len(pixels), 2835, 2835, 0, 0)
    header += struct.pack("<IIII", 0x00FF0000, 0x0000FF00, 0x000000FF, 0xFF000000)
    header += b"BGRs" + bytes(36) + bytes(12) + struct.pack("<IIII", 4, 0, 0, 0)
    assert len(header) == 124
    offset = 14 + len(header)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + header + pixels


def bmp_rle8(w, h, colours):
    """An RLE8 BMP of the quadrant picture: each row two runs and an end-of-line."""
    palette = b"".join(bytes((b, g, r, 0)) for (r, g, b) in colours)
    data = bytearray()
    for y in reversed(range(h)):
        top = 0 if y < h // 2 else 2
        data += bytes((w // 2, top, w - w // 2, top + 1, 0, 0))
    data += b"\x00\x01"
    header = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 8, 1, len(data), 2835, 2835, len(colours), 0)
    offset = 14 + 40 + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset) + header + palette + bytes(data)


def bmp_4bit(w, h, colours, rle):
    """A 4-bit palette BMP of the quadrant picture, uncompressed or RLE4 (runs per half row)."""
    palette = b"".join(bytes((b, g, r, 0)) for (r, g, b) in colours)
    data = bytearray()
    for y in reversed(range(h)):
        top = 0 if y < h // 2 else 2
        if rle:
            data += bytes((w // 2, top << 4 | top, w - w // 2, (top + 1) << 4 | (top + 1), 0, 0))
        else:
            indices = [top] * (w // 2) + [top + 1] * (w - w // 2) + [0]
            row = bytes(indices[i] << 4 | indices[i + 1] for i in range(0, w, 2))
            data += row + bytes((-len(row)) % 4)
    if rle:
        data += b"\x00\x01"
    header = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 4, 2 if rle else 0, len(data), 2835, 2835, len(colours), 0)
    offset = 14 + 40 + len(palette)
    return b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset) + header + palette + bytes(data)


def make_bmp():
    picture = quadrants(W, H)
    plain = valid("bmp-24.bmp", encoded(picture, "BMP"), "bmp", W, H, "rgb", centres(W, H), 0)
    palette = picture.quantize(colors=4, dither=Image.Dither.NONE)
    valid("bmp-8-palette.bmp", encoded(palette, "BMP"), "bmp", W, H, "rgb", centres(W, H), 0)
    black_white = quadrants(W, H, [0, 255, 255, 0], "1")
    bw = [(0, 0, 0), WHITE, WHITE, (0, 0, 0)]
    valid("bmp-1.bmp", encoded(black_white, "BMP"), "bmp", W, H, "rgb", centres(W, H, bw), 0)
    valid("bmp-16-565.bmp", bmp_16(picture), "bmp", W, H, "rgb", centres(W, H), 0)
    rows = []
    for y in range(H):
        row = bytearray()
        for x in range(W):
            r, g, b = picture.getpixel((x, y))
            alpha = 0 if x >= W // 2 and y >= H // 2 else 255
            row += bytes((b, g, r, alpha)) if alpha else bytes(4)
        rows.append(bytes(row))
    valid("bmp-32-alpha-v5.bmp", bmp_v5(W, H, rows), "bmp", W, H, "rgba",
          centres(W, H, QUADRANTS[:3] + [(0, 0, 0, 0)]), 0, hasAlpha=True)
    valid("bmp-32-top-down.bmp", bmp_v5(W, H, rows, top_down=True), "bmp", W, H, "rgba",
          centres(W, H, QUADRANTS[:3] + [(0, 0, 0, 0)]), 0, hasAlpha=True)
    rle = valid("bmp-rle8.bmp", bmp_rle8(W, H, QUADRANTS), "bmp", W, H, "rgb", centres(W, H), 0)
    valid("bmp-4-palette.bmp", bmp_4bit(W, H, QUADRANTS, rle=False), "bmp", W, H, "rgb", centres(W, H), 0)
    valid("bmp-rle4.bmp", bmp_4bit(W, H, QUADRANTS, rle=True), "bmp", W, H, "rgb", centres(W, H), 0)

    invalid("bmp-truncated.bmp", plain[: len(plain) // 2], "truncated", "bmp")
    invalid("bmp-header-only.bmp", plain[:30], "truncated", "bmp")
    invalid("bmp-rle8-truncated.bmp", rle[:-10], "truncated", "bmp")
    damaged = bytearray(plain)
    damaged[28:30] = struct.pack("<H", 7)  # 7 bits per pixel
    invalid("bmp-bad-bit-depth.bmp", bytes(damaged), "corruptData", "bmp")
    damaged = bytearray(plain)
    damaged[10:14] = struct.pack("<I", 0xFFFFFF)  # pixel data beyond the end of the file
    invalid("bmp-pixel-offset-outside-file.bmp", bytes(damaged), "truncated", "bmp")
    damaged = bytearray(plain)
    damaged[18:26] = struct.pack("<ii", 70000, 70000)
    invalid("bmp-bomb-70000x70000.bmp", bytes(damaged), "dimensionsTooLarge", "bmp")


def bmp_16(picture):
    """A 16-bit 5-6-5 BMP with bit fields (Pillow writes no 16-bit BMP)."""
    w, h = picture.size
    stride = (w * 2 + 3) & ~3
    data = bytearray()
    for y in reversed(range(h)):
        row = bytearray()
        for x in range(w):
            r, g, b = picture.getpixel((x, y))
            row += struct.pack("<H", (r >> 3) << 11 | (g >> 2) << 5 | b >> 3)
        data += row + bytes(stride - len(row))
    header = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 16, 3, len(data), 2835, 2835, 0, 0)
    masks = struct.pack("<III", 0xF800, 0x07E0, 0x001F)
    offset = 14 + 40 + 12
    return b"BM" + struct.pack("<IHHI", offset + len(data), 0, 0, offset) + header + masks + bytes(data)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.remove(os.path.join(OUT, name))
    make_webp()
    make_heif()
    make_gif()
    make_tiff()
    make_more_tiff()
    make_bmp()
    with open(os.path.join(OUT, "formats.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{len(manifest['valid'])} valid and {len(manifest['invalid'])} invalid format fixtures")


if __name__ == "__main__":
    main()
