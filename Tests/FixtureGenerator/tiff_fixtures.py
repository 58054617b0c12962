"""The TIFF fixtures of make_format_fixtures.py: strips (Pillow) and tiles (written here, as
Pillow writes none), and their damaged variants."""

import os
import struct

from PIL import Image, TiffImagePlugin

from format_fixture_helpers import (BLUE, FIXTURES, GREEN, H, QUADRANTS, RED, W, WHITE, centres, display_p3, encoded,
                                    invalid, quadrants, sideways, valid)


def tiff(picture, **options):
    return encoded(picture, "TIFF", **options)


def make_tiff():
    picture = quadrants(W, H)
    plain = valid("tiff-rgb.tiff", tiff(picture), "tiff", W, H, "rgb", centres(W, H), 0)
    valid("tiff-lzw.tiff", tiff(picture, compression="tiff_lzw"), "tiff", W, H, "rgb", centres(W, H), 0)
    valid("tiff-deflate.tiff", tiff(picture, compression="tiff_adobe_deflate"), "tiff", W, H, "rgb",
          centres(W, H), 0)
    valid("tiff-jpeg.tiff", tiff(picture, compression="jpeg", quality=95), "tiff", W, H, "rgb", centres(W, H), 24)
    greys = [(20,), (100,), (180,), (250,)]
    valid("tiff-gray.tiff", tiff(quadrants(W, H, [g[0] for g in greys], "L")), "tiff", W, H, "gray",
          centres(W, H, greys), 0)
    rgba = picture.convert("RGBA")
    for y in range(H // 2, H):
        for x in range(W // 2, W):
            rgba.putpixel((x, y), (0, 0, 0, 0))
    valid("tiff-rgba.tiff", tiff(rgba), "tiff", W, H, "rgba", centres(W, H, QUADRANTS[:3] + [(0, 0, 0, 0)]), 0,
          hasAlpha=True)
    second = quadrants(W, H, [WHITE, BLUE, GREEN, RED])
    valid("tiff-multipage.tiff", tiff(picture, save_all=True, append_images=[second]), "tiff", W, H, "rgb",
          centres(W, H), 0, frames=2)
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[274] = 6  # Orientation: the stored rows are the upright picture turned left.
    valid("tiff-orientation-6.tiff", tiff(sideways(picture), tiffinfo=info), "tiff", H, W, "rgb", centres(W, H), 0,
          orientation=6)
    inks = [(0, 255, 255, 0), (255, 0, 255, 0), (255, 255, 0, 0), (0, 0, 0, 0)]
    valid("tiff-cmyk.tiff", tiff(quadrants(W, H, inks, "CMYK")), "tiff", W, H, "rgb", centres(W, H), 0,
          colorModel="cmyk")
    p3, profile = display_p3()
    valid("tiff-display-p3.tiff", tiff(p3, icc_profile=profile, compression="tiff_lzw"), "tiff", p3.width,
          p3.height, "rgb", [], 0, iccLength=len(profile))

    invalid("tiff-truncated.tiff", plain[: len(plain) // 2], "truncated", "tiff")
    invalid("tiff-header-only.tiff", plain[:8], "truncated", "tiff")
    # The first IFD offset pointing past the end of the file: the directory (Pillow writes it
    # last) was cut off.
    damaged = bytearray(plain)
    damaged[4:8] = struct.pack("<I", 0x7FFFFFF0)
    invalid("tiff-ifd-past-end.tiff", bytes(damaged), "truncated", "tiff")
    # LZW strip data overwritten with codes that are not in the table yet.
    lzw = tiff(picture, compression="tiff_lzw")
    damaged = bytearray(lzw)
    damaged[12:40] = b"\xff" * 28
    invalid("tiff-corrupt-lzw.tiff", bytes(damaged), "corruptData", "tiff")
    # An uncompressed page whose Compression tag (259) says LZW: the rows are no LZW stream.
    ifd = struct.unpack("<I", plain[4:8])[0]
    count = struct.unpack("<H", plain[ifd:ifd + 2])[0]
    damaged = bytearray(plain)
    for i in range(count):
        entry = ifd + 2 + 12 * i
        if struct.unpack("<H", plain[entry:entry + 2])[0] == 259:
            damaged[entry:entry + 12] = struct.pack("<HHIHH", 259, 3, 1, 5, 0)
    invalid("tiff-wrong-compression-tag.tiff", bytes(damaged), "corruptData", "tiff")
    # Width 100000: the IFD's ImageWidth entry (tag 256), rewritten in place as a LONG.
    ifd = struct.unpack("<I", plain[4:8])[0]
    count = struct.unpack("<H", plain[ifd:ifd + 2])[0]
    damaged = bytearray(plain)
    for i in range(count):
        entry = ifd + 2 + 12 * i
        if struct.unpack("<H", plain[entry:entry + 2])[0] == 256:
            damaged[entry:entry + 12] = struct.pack("<HHII", 256, 4, 1, 100000)
    invalid("tiff-bomb-100000-wide.tiff", bytes(damaged), "dimensionsTooLarge", "tiff")


def tiled_tiff(picture, tile_width, tile_height):
    """An uncompressed RGB TIFF in tiles (Pillow writes strips only), the tiles padded past the
    picture's right and bottom edges as the format has them."""
    w, h = picture.size
    across, down = -(-w // tile_width), -(-h // tile_height)
    tiles = []
    for ty in range(down):
        for tx in range(across):
            tile = Image.new("RGB", (tile_width, tile_height))
            tile.paste(picture.crop((tx * tile_width, ty * tile_height, (tx + 1) * tile_width, (ty + 1) * tile_height)))
            tiles.append(tile.tobytes())
    count = len(tiles)
    entries = 11
    ifd = 8
    extra = ifd + 2 + 12 * entries + 4
    bits_at, offsets_at = extra, extra + 6
    counts_at = offsets_at + 4 * count
    data_at = counts_at + 4 * count
    offsets = [data_at + sum(len(t) for t in tiles[:i]) for i in range(count)]
    def entry(tag, kind, n, value):
        return struct.pack("<HHI", tag, kind, n) + (struct.pack("<I", value) if kind == 4 or n > 2 else struct.pack("<HH", value, 0))
    directory = [
        entry(256, 4, 1, w), entry(257, 4, 1, h), entry(258, 3, 3, bits_at), entry(259, 3, 1, 1),
        entry(262, 3, 1, 2), entry(277, 3, 1, 3), entry(284, 3, 1, 1), entry(322, 4, 1, tile_width),
        entry(323, 4, 1, tile_height), entry(324, 4, count, offsets_at), entry(325, 4, count, counts_at),
    ]
    out = b"II*\0" + struct.pack("<I", ifd) + struct.pack("<H", entries) + b"".join(directory) + struct.pack("<I", 0)
    out += struct.pack("<HHH", 8, 8, 8) + struct.pack(f"<{count}I", *offsets)
    out += struct.pack(f"<{count}I", *[len(t) for t in tiles]) + b"".join(tiles)
    return out


def with_tag(data, tag, packed_entry):
    """`data` (a little-endian TIFF) with the first IFD's entry for `tag` replaced."""
    ifd = struct.unpack("<I", data[4:8])[0]
    count = struct.unpack("<H", data[ifd:ifd + 2])[0]
    damaged = bytearray(data)
    for i in range(count):
        entry = ifd + 2 + 12 * i
        if struct.unpack("<H", data[entry:entry + 2])[0] == tag:
            damaged[entry:entry + 12] = packed_entry
            return bytes(damaged)
    raise ValueError(f"no tag {tag}")


def make_more_tiff():
    picture = quadrants(W, H)
    tiled = valid("tiff-tiled.tiff", tiled_tiff(picture, 32, 32), "tiff", W, H, "rgb", centres(W, H), 0)
    # Tiles of 65536x65536 for a 70x46 page: 12 GB of RGBA for one tile.
    bomb = with_tag(with_tag(tiled, 322, struct.pack("<HHII", 322, 4, 1, 65536)), 323, struct.pack("<HHII", 323, 4, 1, 65536))
    invalid("tiff-tile-bomb.tiff", bomb, "corruptData", "tiff")
    # LZMA (34925) is a codec libtiff has and photos do not use: refused before it runs.
    plain = tiff(picture)
    invalid("tiff-lzma-refused.tiff", with_tag(plain, 259, struct.pack("<HHIHH", 259, 3, 1, 34925, 0)),
            "unsupportedFormat", "tiff")
    # Two pages, the second's directory offset past the end: the first page is the picture, the
    # second's damage a warning.
    pages = bytearray(tiff(picture, save_all=True, append_images=[quadrants(W, H, [WHITE, BLUE, GREEN, RED])]))
    first = struct.unpack("<I", pages[4:8])[0]
    count = struct.unpack("<H", pages[first:first + 2])[0]
    link = first + 2 + 12 * count
    second = struct.unpack("<I", pages[link:link + 4])[0]
    # The second directory's entry count made huge: its entries run past the end of the file.
    pages[second:second + 2] = struct.pack("<H", 0xFFF0)
    valid("tiff-bad-second-page.tiff", bytes(pages), "tiff", W, H, "rgb", centres(W, H), 0, warnings=1)
    # A CMYK page with its press profile (SWOP, taken from the colour fixture cmyk-swop.jpg):
    # libtiff's naive conversion cannot apply it, and the verdict says so.
    with Image.open(os.path.join(FIXTURES, "colour", "cmyk-swop.jpg")) as swop:
        profile = swop.info["icc_profile"]
    inks = [(0, 255, 255, 0), (255, 0, 255, 0), (255, 255, 0, 0), (0, 0, 0, 0)]
    valid("tiff-cmyk-profiled.tiff", tiff(quadrants(W, H, inks, "CMYK"), icc_profile=profile), "tiff", W, H, "rgb",
          centres(W, H), 0, colorModel="cmyk", warnings=1)
