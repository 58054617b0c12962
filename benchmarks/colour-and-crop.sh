#!/bin/sh
# What colour management and the crop strategies cost: profile-image on the photo corpus with
# --crop centre, face and attention, and on copies of five corpus photos converted into Adobe RGB
# and into CMYK (Ghostscript's SWOP profile, as Photoshop would tag them) with --icc srgb against
# --icc drop (no conversion). One core (taskset), strategies and policies alternating from run to
# run, medians of RUNS runs (5 by default); also counts the corpus photos in which `face` sees a
# face (there are no people in them). Writes benchmarks/results/colour-and-crop.md and splices
# it into RESULTS.md.
#
#   benchmarks/colour-and-crop.sh          (after benchmarks/run.sh has built .build-static)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${RUNS:-5}
pik="$root/.build-static/release/profile-image"
work=${BENCH_WORK:-$here/out}/colour-and-crop
[ -x "$pik" ] || swift build -c release --static-swift-stdlib --package-path "$root" \
    --build-path "$root/.build-static" --product profile-image >/dev/null
[ -d "$here/corpus/jpeg" ] || "$here/corpus.sh"
if [ ! -f /usr/share/color/icc/ghostscript/a98.icc ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgs-common >/dev/null
fi
mkdir -p "$work/a98" "$work/cmyk" "$work/plain"
python3 - "$here/corpus/jpeg" "$work" <<'PY'
import glob, os, sys
from PIL import Image, ImageCms
corpus, work = sys.argv[1], sys.argv[2]
srgb = ImageCms.createProfile("sRGB")
a98 = ImageCms.getOpenProfile("/usr/share/color/icc/ghostscript/a98.icc")
cmyk = ImageCms.getOpenProfile("/usr/share/color/icc/ghostscript/default_cmyk.icc")
to_a98 = ImageCms.buildTransform(srgb, a98, "RGB", "RGB")
to_cmyk = ImageCms.buildTransform(srgb, cmyk, "RGB", "CMYK")
for path in sorted(glob.glob(os.path.join(corpus, "*.jpg")))[:20:4]:
    name = os.path.basename(path)
    if os.path.exists(os.path.join(work, "cmyk", name)):
        continue
    picture = Image.open(path).convert("RGB")
    picture.save(os.path.join(work, "plain", name), quality=90)
    ImageCms.applyTransform(picture, to_a98).save(os.path.join(work, "a98", name), quality=90, icc_profile=a98.tobytes())
    ImageCms.applyTransform(picture, to_cmyk).save(os.path.join(work, "cmyk", name), quality=90, icc_profile=cmyk.tobytes())
PY

# seconds INPUT ARGS...: wall time of one single-core run into a fresh folder.
seconds() {
    input=$1; shift
    rm -rf "$work/o"
    /usr/bin/time -f %e -o "$work/t" taskset -c 0 "$pik" process "$input" --out "$work/o" --jobs 1 --quiet "$@" >/dev/null 2>&1
    cat "$work/t"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

rm -f "$work"/*.times
i=0
while [ "$i" -lt "$runs" ]; do
    for crop in centre face attention; do
        seconds "$here/corpus/jpeg" --crop "$crop" >>"$work/crop-$crop.times"
    done
    for set in plain a98 cmyk; do
        for icc in srgb drop; do seconds "$work/$set" --icc "$icc" >>"$work/icc-$set-$icc.times"; done
    done
    i=$((i + 1))
done
rm -rf "$work/o"
"$pik" process "$here/corpus/jpeg" --out "$work/o" --jobs 1 --quiet --crop face --report "$work/face.ndjson" >/dev/null 2>&1
faces=$(grep -c '"mode":"face"' "$work/face.ndjson" || true)

# Wall times on a shared machine move by 10% from run to run; the share of CPU samples a face run
# spends placing the crop (the framing raster, the detector, the attention fallback) does not.
framing=""
if command -v perf >/dev/null 2>&1; then
    rm -rf "$work/o"
    perf record -q -e cpu-clock -F 4000 -o "$work/perf.data" taskset -c 0 "$pik" process "$here/corpus/jpeg" \
        --out "$work/o" --jobs 1 --quiet --crop face >/dev/null 2>&1
    framing=$(perf report -i "$work/perf.data" --no-children --sort symbol 2>/dev/null | awk '
        /^#/ || !/%/ { next }
        { share = $1; sub("%", "", share) }
        $3 ~ /haar|run_stages|box_shrink|attention|pik_luma|Cascade|CropFraming|framingRaster|resize_bilinear/ { total += share }
        END { printf "%.1f%% of the CPU samples of a --crop face run (+%.0f%% over the rest of the job)", total, 100 * total / (100 - total) }')
    rm -rf "$work/o" "$work/perf.data"
fi

centre=$(median <"$work/crop-centre.times")
face=$(median <"$work/crop-face.times")
attention=$(median <"$work/crop-attention.times")
share() { python3 -c "import sys; print(f'{(float(sys.argv[1]) / float(sys.argv[2]) - 1) * 100:+.0f}%')" "$1" "$2"; }
{
    echo "<!-- colour-and-crop -->"
    echo "## Colour management and crop strategies"
    echo
    echo "\`benchmarks/colour-and-crop.sh\`, $(date -u +%Y-%m-%d): one core, medians of $runs runs, same job as above."
    echo
    echo "| set | variant | s | against the plain job |"
    echo "| --- | --- | ---: | ---: |"
    echo "| photo corpus, 22 JPEGs | --crop centre | $centre | |"
    echo "| photo corpus, 22 JPEGs | --crop face | $face | $(share "$face" "$centre") |"
    echo "| photo corpus, 22 JPEGs | --crop attention | $attention | $(share "$attention" "$centre") |"
    for set in plain a98 cmyk; do
        drop=$(median <"$work/icc-$set-drop.times")
        srgb=$(median <"$work/icc-$set-srgb.times")
        echo "| 5 corpus photos, $set | --icc drop | $drop | |"
        echo "| 5 corpus photos, $set | --icc srgb | $srgb | $(share "$srgb" "$drop") |"
    done
    echo
    echo "plain: the photos as they are (no profile); a98: converted into Adobe RGB and tagged; cmyk:"
    echo "converted into CMYK through Ghostscript's SWOP profile and tagged, as a print export would be."
    echo "Corpus photos (no people) in which --crop face saw a face: $faces of 22."
    [ -z "$framing" ] || echo "Placing the crop (framing raster, detector, attention fallback, by perf): $framing."
    echo "<!-- /colour-and-crop -->"
} >"$here/results/colour-and-crop.md"
python3 "$here/tools/splice_results.py" "$here/RESULTS.md" "$here/results"
cat "$here/results/colour-and-crop.md"
