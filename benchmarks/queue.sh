#!/bin/sh
# The work queue on this machine: the photo corpus's 22 JPEGs (1.7 to 20 MP) done by 1, 2 and 4
# `profile-image worker` processes (--jobs 1 each) draining a PostgreSQL queue, against plain
# `process --jobs 1` and `--jobs 2`; then the queue's own cost per job, two ways: on 400 tiny
# JPEGs (where the work itself is almost nothing) the wall time of one worker against `process
# --jobs 1`, and the time the workers spent in their claims and outcomes (measured by the
# worker, printed when it stops). Wall times include starting the workers (connecting to the
# database, making the HTTP client). Medians of RUNS runs. Writes benchmarks/results/queue.md
# and splices it into RESULTS.md. Needs a PostgreSQL: run it under scripts/with-postgres (and,
# on a shared machine, under the build lock):
#   flock /tmp/pik-build.lock scripts/with-postgres benchmarks/queue.sh      (RUNS=3)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
url=${PROFILE_IMAGE_QUEUE:-${PROFILE_IMAGE_TEST_POSTGRES_URL:?run under scripts/with-postgres, or set PROFILE_IMAGE_QUEUE}}
runs=${RUNS:-3}
[ -f "$here/corpus/MANIFEST.tsv" ] || "$here/corpus.sh"
swift build -c release --static-swift-stdlib --package-path "$root" --build-path "$root/.build-static" \
    --product profile-image >/dev/null
bin="$root/.build-static/release/profile-image"
work=$(mktemp -d /tmp/pik-queue-bench-XXXXXX)
trap 'rm -rf "$work"' EXIT
photos="$here/corpus/jpeg"
mkdir -p "$work/tiny"
for i in $(seq 1 400); do cp "$root/Tests/ProfileImageTests/Fixtures/valid/baseline-420.jpg" "$work/tiny/t$i.jpg"; done
now() { date +%s.%N; }
results="$work/results.tsv"
: > "$results"

# plain SET JOBS: process SET with --jobs JOBS into a fresh folder.
plain() {
    rm -rf "$work/out"
    start=$(now)
    "$bin" process "$2" --out "$work/out" --jobs "$3" --quiet 2>/dev/null
    end=$(now)
    echo "$1	process --jobs $3	$(echo "$end - $start" | bc)	-" >> "$results"
}

# queued SET DIR WORKERS: enqueue DIR, then WORKERS workers drain it.
queued() {
    rm -rf "$work/out"
    name="bench-$$-$(date +%s%N)"
    "$bin" process "$2" --out "$work/out" --queue "$url" --queue-name "$name" >/dev/null
    start=$(now)
    pids=""
    for w in $(seq "$3"); do
        "$bin" worker --queue "$url" --queue-name "$name" --jobs 1 --exit-when-empty --quiet 2>>"$work/worker-$name.log" &
        pids="$pids $!"
    done
    for pid in $pids; do wait "$pid"; done
    end=$(now)
    # The workers' own measure: claims and outcomes, in ms per job, weighted by their jobs.
    perjob=$(sed -n 's/.*: \([0-9]*\) job(s) ended; claims and outcomes took \([0-9.]*\) ms per job/\1 \2/p' \
        "$work/worker-$name.log" | awk '{ n += $1; t += $1 * $2 } END { if (n) printf "%.2f", t / n; else print "-" }')
    echo "$1	$3 worker(s)	$(echo "$end - $start" | bc)	$perjob" >> "$results"
    "$bin" queue purge --queue "$url" --queue-name "$name" >/dev/null
}

for run in $(seq "$runs"); do
    plain photos "$photos" 1
    plain photos "$photos" 2
    for workers in 1 2 4; do queued photos "$photos" "$workers"; done
    plain tiny "$work/tiny" 1
    queued tiny "$work/tiny" 1
done

mkdir -p "$here/results" "$work/splice"
python3 - "$results" "$runs" > "$work/splice/queue.md" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    corpus, mode, seconds, perjob = line.rstrip("\n").split("\t")
    rows.setdefault((corpus, mode), []).append((float(seconds), None if perjob == "-" else float(perjob)))
count = {"photos": 22, "tiny": 400}
def median(values): return statistics.median(values) if values else None
print("<!-- queue -->")
print("## Work queue: workers draining PostgreSQL against plain `process`")
print()
print("`benchmarks/queue.sh`: the corpus's 22 JPEGs (1.7 to 20 MP, both outputs made) on this 2-core")
print("machine, each worker `--jobs 1`, PostgreSQL on the same machine; wall time from the first worker's")
print("start to the last one's exit (connecting included). Medians of %s runs." % sys.argv[2])
print()
print("| set | run by | wall time | photos/s | queue calls per job |")
print("| --- | --- | ---: | ---: | ---: |")
for (corpus, mode), values in rows.items():
    seconds = median([v[0] for v in values])
    perjob = median([v[1] for v in values if v[1] is not None])
    print("| %s (%d) | %s | %.2f s | %.1f | %s |" % (
        corpus, count[corpus], mode, seconds, count[corpus] / seconds, "-" if perjob is None else "%.2f ms" % perjob))
plain = median([v[0] for v in rows[("tiny", "process --jobs 1")]])
queued = median([v[0] for v in rows[("tiny", "1 worker(s)")]])
perjob = median([v[1] for v in rows[("tiny", "1 worker(s)")] if v[1] is not None])
print()
print("The queue's own cost per job: %.2f ms in claims and outcomes (one `UPDATE ... FOR UPDATE SKIP" % perjob)
print("LOCKED` and one ending statement, measured by the worker on the 400 tiny JPEGs, where the CPU is")
print("free); %.2f ms by wall time, one worker against `process --jobs 1` on the same 400, which also" % ((queued - plain) * 1000 / 400))
print("counts what a queued job does that `process` does not (each output made durable before the job's")
print("commit, where `process` groups its fsyncs; a pipeline made per job; the worker's start). Target:")
p1 = median([v[0] for v in rows[("photos", "process --jobs 2")]])
over = {w: (median([v[0] for v in rows[("photos", "%d worker(s)" % w)]]) - p1) * 1000 / 22 for w in (2, 4)}
print("under 5 ms: %s there, one worker on tiny files. With the photos on 2 cores the calls take" % ("met" if perjob < 5 else "not met"))
print("longer (the column above), and by wall time 2 workers cost %.0f ms a photo more than `process" % over[2])
print("--jobs 2`, 4 workers %.0f ms: PostgreSQL and the worker processes share the 2 cores with the" % over[4])
print("image work, where `process` is one process.")
print("<!-- /queue -->")
PY
cp "$work/splice/queue.md" "$here/results/queue.md"
python3 "$here/tools/splice_results.py" "$here/RESULTS.md" "$work/splice"
cat "$here/results/queue.md"
