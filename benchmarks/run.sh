#!/bin/sh
# The benchmark: the same job on the whole corpus with profile-image, vipsthumbnail, Pillow,
# ImageMagick and two libjpeg-turbo floors. Per input: `image` (oriented, stripped, long side
# <= 2048) and `cropped_image` (centre square, 512x512); JPEG q85 with standard Huffman tables
# (every tool's default but ImageMagick's, which is told so) for the JPEG sets (photos, 500 small
# files), PNG level 6 for the PNG sets (PNGs, large PNGs). Single core (pinned with
# taskset, every tool at one thread) and all cores; tools
# alternate in order from run to run; medians of RUNS runs. Writes benchmarks/RESULTS.md.
#
#   benchmarks/run.sh            (RUNS=3 by default; RUNS=5 benchmarks/run.sh for more)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
runs=${RUNS:-3}
cores=$(nproc)
work=${BENCH_WORK:-$here/out}

need=""
for p in libvips-tools imagemagick libjpeg-turbo-progs time gcc python3-pip util-linux; do
    dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null
fi
python3 -c "import PIL, numpy" 2>/dev/null || python3 -m pip install -q Pillow numpy
[ -d "$here/corpus/small" ] || "$here/corpus.sh"
"$root/.ci/install-deps"
# Built as a deployment would be (Vapor's Dockerfile does the same): the Swift runtime and
# Foundation linked in statically, which saves a few milliseconds of dynamic linking per process.
swift build -c release --static-swift-stdlib --package-path "$root" --build-path "$root/.build-static" \
    --product profile-image >/dev/null
pik="$root/.build-static/release/profile-image"
mkdir -p "$work"
gcc -O2 -o "$work/floor" "$here/floor/floor.c" -ljpeg

results="$work/results.tsv"
printf 'mode\tset\ttool\trun\tseconds\trss_kb\n' > "$results"

# tool_command TOOL SET JOBS OUTDIR -> prints the shell command for the whole set
tool_command() {
    tool=$1 set=$2 jobs=$3 out=$4
    dir="$here/corpus/$set"
    case $set in jpeg|small) kind=jpeg ;; *) kind=png ;; esac
    if [ "$kind" = jpeg ]; then ext=jpg; save_v="[Q=85,strip]"; im_save="-quality 85 -define jpeg:optimize-coding=false"
    else ext=png; save_v="[compression=6,strip]"; im_save="-define png:compression-level=6"; fi
    case $tool in
    profile-image)
        fmt=""; [ "$kind" = png ] && fmt="--format png"
        echo "'$pik' process '$dir' --out '$out' --jobs $jobs --quiet $fmt" ;;
    vipsthumbnail)
        echo "ls '$dir'/* | VIPS_CONCURRENCY=1 xargs -P $jobs -I{} sh -c \"vipsthumbnail {} --size '2048x2048>' -o '$out/%s.image.$ext$save_v' && vipsthumbnail {} --size 512x512 --smartcrop centre -o '$out/%s.cropped_image.$ext$save_v'\"" ;;
    pillow)
        echo "python3 '$here/tools/pillow_job.py' '$out' $kind '$dir'/* --jobs $jobs" ;;
    imagemagick)
        echo "ls '$dir'/* | MAGICK_THREAD_LIMIT=1 OMP_NUM_THREADS=1 xargs -P $jobs -I{} sh -c 'n=\$(basename {}); convert -define jpeg:size=4096x4096 {} -auto-orient -strip -filter Lanczos \\( +clone -resize \"2048x2048>\" $im_save -write \"$out/\$n.image.$ext\" +delete \\) -resize 512x512^ -gravity center -extent 512x512 $im_save \"$out/\$n.cropped_image.$ext\"'" ;;
    floor)
        [ "$kind" = jpeg ] || return 1
        echo "ls '$dir'/* | xargs -P $jobs -n 4 '$work/floor' '$out'" ;;
    floor-tight)
        [ "$kind" = jpeg ] || return 1
        echo "ls '$dir'/* | xargs -P $jobs -n 4 '$work/floor' --tight '$out'" ;;
    esac
}

tools=${TOOLS:-"profile-image vipsthumbnail pillow imagemagick floor floor-tight"}
sets=${SETS:-"jpeg png large small"}
for mode in single all; do
    if [ $mode = single ]; then jobs=1; pin="taskset -c 0"; else jobs=$cores; pin=""; fi
    run=1
    while [ $run -le "$runs" ]; do
        # Rotate the order every run so no tool always goes first (cold caches) or last.
        order=$(echo $tools | tr ' ' '\n' | awk -v r=$run '{a[NR]=$0} END {for (i=0;i<NR;i++) print a[(i+r-1)%NR+1]}')
        for tool in $order; do
            for set in $sets; do
                out="$work/$mode/$tool/$set"
                cmd=$(tool_command $tool $set $jobs "$out") || continue
                rm -rf "$out"; mkdir -p "$out"
                /usr/bin/time -o "$work/time.txt" -f "%e %M" $pin sh -c "$cmd" >/dev/null 2>"$work/last.err" || true
                measured=$(tail -1 "$work/time.txt")
                printf '%s\t%s\t%s\t%s\t%s\t%s\n' $mode $set $tool $run $measured >> "$results"
                echo "$mode run $run: $tool $set: $measured" >&2
            done
        done
        run=$((run + 1))
    done
done

python3 "$here/tools/per_image.py" "$pik" "$work/floor" "$here/corpus/jpeg" "$work" "$runs"

python3 "$here/tools/chart.py" "$work" "$here/chart.svg"
python3 "$here/tools/report.py" "$here" "$work" "$runs" > "$here/RESULTS.md"
# Sections other benchmark scripts wrote (service load, ...) stay in it.
[ -d "$here/results" ] && python3 "$here/tools/splice_results.py" "$here/RESULTS.md" "$here/results"
echo "wrote $here/RESULTS.md" >&2
