"""Turns benchmarks/out/service-load.ndjson into the service-load section of RESULTS.md."""
import json
import statistics
import sys

runs = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
modes = {}
for run in runs:
    modes.setdefault(run["mode"], []).append(run)
first = runs[0]
print("<!-- service-load -->")
print("## Service load: many requests at once through the async, bounded API\n")
print(
    f"`benchmarks/service-load.sh`: {first['requests']} requests at once, each one of {first['photos']} real JPEGs "
    f"of {first['megapixels_min']:.1f} to {first['megapixels_max']:.1f} MP from the corpus, through "
    f"`ProfileImageProcessor.process` on {first['cores']} cores (both outputs made: 2048 px and the 512 px crop). "
    f"`bounded` is the processor's defaults (one job per core, 100 MP in flight, 30 s admission timeout); "
    f"`unbounded` lets every request decode at once, as a handler calling the pipeline from its own task would. "
    f"Each mode in a fresh process, medians of {len(modes.get('bounded', []))} runs.\n"
)
print("| mode | wall time | requests/s | p50 latency | p99 latency | refused (busy) | peak RSS |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for mode in ["bounded", "unbounded"]:
    rows = modes.get(mode, [])
    if not rows:
        continue
    median = lambda key: statistics.median(r[key] for r in rows)
    print(
        f"| {mode} | {median('wall_s'):.2f} s | {first['requests'] / median('wall_s'):.1f} | {median('p50_s'):.2f} s "
        f"| {median('p99_s'):.2f} s | {int(median('refused'))} | {median('peak_rss_mb'):.0f} MB |"
    )
print("<!-- /service-load -->")
