"""What the format fixture scripts share: where the fixtures go, the quadrant pictures, and
formats.json's valid and invalid entries as they are made."""

import io
import os

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(ROOT, "Tests", "ProfileImageTests", "Fixtures")
OUT = os.path.join(FIXTURES, "formats")

RED, GREEN, BLUE, WHITE = (255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255)
QUADRANTS = [RED, GREEN, BLUE, WHITE]
W, H = 70, 46

manifest = {"valid": {}, "invalid": {}}


def quadrants(w, h, colours=QUADRANTS, mode="RGB"):
    picture = Image.new(mode, (w, h))
    for y in range(h):
        for x in range(w):
            picture.putpixel((x, y), colours[(0 if x < w // 2 else 1) + (0 if y < h // 2 else 2)])
    return picture


def centres(w, h, colours=QUADRANTS):
    points = [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]
    return [dict(x=x, y=y, value=list(c)) for (x, y), c in zip(points, colours)]


def save(name, data):
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    return data


def encoded(picture, fmt, **options):
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def valid(name, data, fmt, w, h, layout, samples, tolerance, **extra):
    save(name, data)
    if layout == "rgba":
        samples = [dict(s, value=s["value"] + [255] * (4 - len(s["value"]))) for s in samples]
    manifest["valid"][name] = dict(format=fmt, width=w, height=h, layout=layout, samples=samples,
                                   tolerance=tolerance, **extra)
    return data


def invalid(name, data, code, fmt):
    save(name, data)
    manifest["invalid"][name] = {"code": code, "format": fmt}


def exif_with_orientation(orientation):
    exif = Image.Exif()
    exif[0x010F] = "ProfileImageKit"
    exif[0x0110] = "Fixture Phone"
    exif[0x0112] = orientation
    return exif


def sideways(upright):
    """The picture as a phone sensor stores a portrait: EXIF orientation 6 turns it back."""
    return upright.transpose(Image.Transpose.ROTATE_90)


def display_p3():
    """The pixels and the profile of the colour fixture display-p3.png."""
    with Image.open(os.path.join(FIXTURES, "colour", "display-p3.png")) as source:
        return source.convert("RGB"), source.info["icc_profile"]


def flip(data, offset, xor=0xFF):
    damaged = bytearray(data)
    damaged[offset] ^= xor
    return bytes(damaged)
