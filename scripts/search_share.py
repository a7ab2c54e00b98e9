#!/usr/bin/env python3
"""The search index's share of a build: cold builds of a site, each into a
new output folder, with WARRAQ_TIMINGS on; per run the build's wall time,
the `search index` stage's wall and CPU time, and the process's CPU time.

    scripts/search_share.py WARRAQ SITE OUTDIR [RUNS]

WARRAQ is the binary (target/dist/warraq for benchmarks), SITE a site folder
with its articles in content/ (built with --no-ingest), OUTDIR a folder whose
run-N subfolders are created for the outputs (on tmpfs, /dev/shm/x, to time
the build rather than the disk; each output is deleted after its run, outside
the timed part). Prints one line per run and the medians; the goal is a
share of at most 15 %.
"""

import os
import re
import shutil
import statistics
import subprocess
import sys
import time


def run(warraq, site, out):
    env = dict(os.environ, WARRAQ_TIMINGS="1")
    before = os.times()
    start = time.monotonic()
    done = subprocess.run(
        [warraq, "build", "--site", site, "--no-ingest", "--output", out],
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - start
    after = os.times()
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    m = re.search(r"search index ([0-9.]+) \(cpu ([0-9]+)\)", done.stderr)
    if not m:
        sys.exit("no `search index` timing in the output: is this a warraq build with WARRAQ_TIMINGS?")
    return wall, float(m.group(1)) / 1000, float(m.group(2)) / 1000, cpu


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    warraq, site, outdir = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) == 5 else 3
    os.makedirs(outdir, exist_ok=True)
    rows = []
    for i in range(runs):
        out = os.path.join(outdir, f"run-{i}")
        shutil.rmtree(out, ignore_errors=True)
        wall, index_wall, index_cpu, cpu = run(warraq, site, out)
        shutil.rmtree(out, ignore_errors=True)
        rows.append((wall, index_wall, index_cpu, cpu))
        print(
            f"run {i + 1}: build {wall:.2f} s wall, {cpu:.2f} s CPU; index {index_wall:.2f} s wall "
            f"({100 * index_wall / wall:.1f} %), {index_cpu:.2f} s CPU ({100 * index_cpu / cpu:.1f} %)",
            flush=True,
        )
        time.sleep(2)
    med = lambda k: statistics.median(r[k] for r in rows)
    shares = [r[1] / r[0] for r in rows]
    cpu_shares = [r[2] / r[3] for r in rows]
    print(
        f"median: build {med(0):.2f} s, index {med(1):.2f} s; share of wall {100 * statistics.median(shares):.1f} % "
        f"(runs {100 * min(shares):.1f}–{100 * max(shares):.1f} %), of CPU {100 * statistics.median(cpu_shares):.1f} %"
    )


if __name__ == "__main__":
    main()
