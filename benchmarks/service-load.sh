#!/bin/sh
# A service's load on this machine: 64 requests at once, each a real 12-20 MP photo from the
# corpus, through ProfileImageProcessor with its defaults (bounded), and, for comparison, with
# every request decoding at once (unbounded). Each mode runs in a fresh process, RUNS times;
# writes benchmarks/results/service-load.md and splices it into RESULTS.md.
#   benchmarks/service-load.sh            (REQUESTS=64 RUNS=3)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
requests=${REQUESTS:-64}
runs=${RUNS:-3}
[ -f "$here/corpus/MANIFEST.tsv" ] || "$here/corpus.sh"
swift build -c release --package-path "$here" --product service-load >/dev/null
bin="$here/.build/release/service-load"
mkdir -p "$here/out" "$here/results"
: > "$here/out/service-load.ndjson"
for run in $(seq "$runs"); do
    for mode in bounded unbounded; do
        "$bin" "$here/corpus" --requests "$requests" --mode "$mode" >> "$here/out/service-load.ndjson"
    done
done
python3 "$here/tools/service_load_report.py" "$here/out/service-load.ndjson" > "$here/results/service-load.md"
python3 "$here/tools/splice_results.py" "$here/RESULTS.md" "$here/results"
cat "$here/results/service-load.md"
