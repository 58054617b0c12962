#!/bin/sh
# Builds the benchmark corpus from photographs in Debian's wallpaper packages, offline apart from
# apt: 22 JPEGs of 1.7 to 20 MP (baseline and progressive; 4:2:0, 4:2:2 and 4:4:4; two stored
# sideways with an EXIF orientation, made by lossless jpegtran rotation), 6 PNGs (RGB, RGBA,
# grey+alpha), 2 large PNGs made from those photos (a 12000x8000 grey one and a 40 MP RGBA one
# with a soft alpha edge) and 500 small JPEGs of 0.3 to 0.9 MP (crops of the photos scaled down
# and saved at qualities 75 to 95, as phone apps and website resizes do: `small/`). Deterministic: a
# fixed file list, a seeded generator; writes corpus/MANIFEST.tsv with each file's size and SHA-256.
# Nothing here is committed but this script. Needs Pillow (benchmarks/run.sh installs it).
#
#   benchmarks/corpus.sh [DIR]     (default: benchmarks/corpus)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/corpus}

packages="mate-backgrounds lomiri-wallpapers plasma-workspace-wallpapers libjpeg-turbo-progs python3"
missing=""
for p in $packages; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

rm -rf "$out"
mkdir -p "$out/jpeg" "$out/png"
B=/usr/share/backgrounds
W=/usr/share/wallpapers
copy() { cp "$1" "$out/$2"; }

# JPEG: name <- source
copy $B/mate/nature/Dune.jpg                          jpeg/01-dune-1.8mp-base-422.jpg
copy $B/mate/nature/LadyBird.jpg                      jpeg/02-ladybird-4.1mp-base-420.jpg
copy $W/Autumn/contents/images/2560x1600.jpg          jpeg/03-autumn-4.1mp-prog-444.jpg
copy $B/Picture_0B_by_freespace.jpg                   jpeg/04-freespace-4.5mp-prog-420.jpg
copy $W/SafeLanding/contents/images/1622x2880.jpg     jpeg/05-safelanding-4.7mp-base-420-portrait.jpg
copy $B/free_by_Peter_Nerlich.jpg                     jpeg/06-free-6.2mp-base-444.jpg
copy $B/life_by_Aitzol_Berasategi.jpg                 jpeg/07-life-6.3mp-prog-422.jpg
copy $B/picosdeeuropa_by_Aitzol_Berasategi.jpg        jpeg/08-picos-8.0mp-prog-420.jpg
copy $B/umang_by_Abhishek_Mudgal.jpg                  jpeg/09-umang-8.3mp-base-444.jpg
copy $B/Bridge_by_Sander_Klootwijk.jpg                jpeg/10-bridge-10.7mp-prog-422.jpg
copy $B/sunset_by_Aitzol_Berasategi.jpg               jpeg/11-sunset-12.2mp-prog-422.jpg
copy $B/Dragonfly_by_Bolly.jpg                        jpeg/12-dragonfly-13.4mp-prog-422.jpg
copy $W/SafeLanding/contents/images/5120x2880.jpg     jpeg/13-safelanding-14.7mp-base-420.jpg
copy $W/Volna/contents/images/5120x2880.jpg           jpeg/14-volna-14.7mp-prog-444.jpg
copy $B/seeding_by_Clements_Engelhardt.jpg            jpeg/15-seeding-15.9mp-prog-420.jpg
copy $B/Infinite-Sea_by_Aury88.jpg                    jpeg/16-infinitesea-16.8mp-prog-444.jpg
copy $B/mate/abstract/Elephants_5640x3172.jpg         jpeg/17-elephants-17.9mp-prog-422.jpg
copy $B/Kleiber_by_Lukas_Baubkus.jpg                  jpeg/18-kleiber-20.4mp-base-422.jpg
copy $W/Flow/contents/images/5120x2880.jpg            jpeg/19-flow-14.7mp-prog-420.jpg
copy $W/Honeywave/contents/images/5120x2880.jpg       jpeg/20-honeywave-14.7mp-base-420.jpg

# Phone-style files: pixels stored sideways (lossless rotation), EXIF orientation to show them upright.
with_orientation() { # in out orientation
    python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
src, dst, orientation = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
assert data[:2] == b"\xff\xd8"
tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1)
tiff += struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0) + struct.pack(">I", 0)
app1 = b"Exif\x00\x00" + tiff
open(dst, "wb").write(data[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + data[2:])
PY
}
tmp=$(mktemp)
jpegtran -copy none -rotate 270 -trim -outfile "$tmp" $B/mate/nature/LadyBird.jpg
with_orientation "$tmp" "$out/jpeg/21-ladybird-4.1mp-base-420-exif6.jpg" 6
jpegtran -copy none -rotate 90 -trim -outfile "$tmp" $B/Dragonfly_by_Bolly.jpg
with_orientation "$tmp" "$out/jpeg/22-dragonfly-13.4mp-prog-422-exif8.jpg" 8
rm -f "$tmp"

# PNG
copy $W/FlyingKonqui/contents/images/2560x1600.png    png/01-konqui-4.1mp-rgba.png
copy $B/mate/abstract/Arc-Colors-Transparent-Wallpaper.png png/02-arc-2.6mp-rgba.png
copy $B/mate/desktop/Stripes.png                      png/03-stripes-2.3mp-grayalpha.png
copy $W/Cascade/contents/images/3840x2160.png         png/04-cascade-8.3mp-rgb.png
copy $B/warty-final-ubuntu.png                        png/05-warty-9.4mp-rgb.png
copy $W/Kay/contents/images_dark/5120x2880.png        png/06-kay-14.7mp-rgba.png

python3 - "$out" <<'PY'
import os, random, sys
from PIL import Image
out = sys.argv[1]
jpegs = sorted(os.listdir(os.path.join(out, "jpeg")))
os.makedirs(os.path.join(out, "large"), exist_ok=True)
os.makedirs(os.path.join(out, "small"), exist_ok=True)

# Large PNGs: what an export from a camera raw or a scanner gives, where decoding whole costs most.
with Image.open(os.path.join(out, "jpeg", "18-kleiber-20.4mp-base-422.jpg")) as photo:
    photo.convert("L").resize((12000, 8000), Image.BICUBIC).save(
        os.path.join(out, "large", "01-kleiber-96mp-gray.png"), compress_level=6)
with Image.open(os.path.join(out, "jpeg", "16-infinitesea-16.8mp-prog-444.jpg")) as photo:
    rgba = photo.convert("RGB").resize((7744, 5184), Image.BICUBIC).convert("RGBA")
    # A vignette of alpha: opaque in the middle, fading out to the corners.
    mask = Image.radial_gradient("L").resize(rgba.size, Image.BILINEAR).point(lambda v: 255 - min(255, max(0, (v - 120) * 2)))
    rgba.putalpha(mask)
    rgba.save(os.path.join(out, "large", "02-infinitesea-40mp-rgba.png"), compress_level=6)

# Small JPEGs: 500 crops of the photos, scaled to 0.3-0.9 MP, some progressive.
generator = random.Random(20261201)
for index in range(500):
    name = jpegs[index % len(jpegs)]
    with Image.open(os.path.join(out, "jpeg", name)) as photo:
        photo.draft("RGB", (photo.size[0] // 2, photo.size[1] // 2))
        photo = photo.convert("RGB")
        megapixels = generator.uniform(0.3, 0.9)
        aspect = generator.choice([4 / 3, 3 / 2, 1.0, 3 / 4, 2 / 3, 16 / 9])
        width = int((megapixels * 1e6 * aspect) ** 0.5)
        height = int(megapixels * 1e6 / width)
        side = generator.uniform(0.6, 1.0)
        box_w = min(photo.size[0], int(photo.size[1] * aspect)) * side
        box_h = box_w / aspect
        left = generator.uniform(0, photo.size[0] - box_w)
        top = generator.uniform(0, photo.size[1] - box_h)
        small = photo.resize((width, height), Image.LANCZOS, box=(left, top, left + box_w, top + box_h))
        small.save(os.path.join(out, "small", f"{index:03d}-{width}x{height}.jpg"),
                   quality=generator.choice([75, 80, 85, 90, 95]),
                   progressive=generator.random() < 0.3, subsampling=generator.choice([0, 2, 2, 2]))
PY

cd "$out"
printf 'file\tbytes\tsha256\n' > MANIFEST.tsv
for f in jpeg/*.jpg png/*.png large/*.png small/*.jpg; do
    printf '%s\t%s\t%s\n' "$f" "$(wc -c < "$f" | tr -d ' ')" "$(sha256sum "$f" | cut -d' ' -f1)" >> MANIFEST.tsv
done
echo "corpus: $(ls jpeg | wc -l) JPEGs, $(ls png | wc -l) PNGs, $(ls large | wc -l) large PNGs, $(ls small | wc -l) small JPEGs in $out"
