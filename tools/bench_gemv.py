#!/usr/bin/env python3
"""bench_gemv.py: dense gemv against the memory bandwidth measured in the same run: each round measures the STREAM triad (basis info --peak) and then times gemv for basis and OpenBLAS, so a % of bandwidth never mixes figures from different moments of a shared machine."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# (column, basis-bench options, environment changes for that child only). The parent's
# OPENBLAS_CORETYPE is never changed; only a child's copy is.
COLUMNS = [
    ("basis", ["--peer=basis"], {}),
    ("openblas", ["--peer=openblas"], {}),
    ("openblas-skx", ["--peer=openblas"], {"OPENBLAS_CORETYPE": "SkylakeX"}),
]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split(": ", 1)[1])
    p.add_argument("--build", default=os.path.join(ROOT, "build"),
                   help="the build directory (default build)")
    p.add_argument("--sizes", default="4096,8192")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--precisions", default="d,s")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--only", help="comma list of columns: basis,openblas,openblas-skx")
    return p.parse_args()


def triad(build):
    """The triad GB/s (1 thread, all threads) measured now by basis info --peak."""
    out = subprocess.run([os.path.join(build, "tools", "basis"), "info", "--peak", "--json"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=True)
    t = json.loads(out.stdout)["peak"]["triad"]
    return t["gbs_1thread"], t["gbs_all"]


def gemv_rows(build, column, args):
    """{(precision, threads, n, trans): GB/s} of one basis-bench child; raises on a wrong result."""
    _, opts, env_changes = column
    env = dict(os.environ)
    env.update(env_changes)
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    cmd = [os.path.join(build, "bench", "basis-bench"), "--ops=gemv",
           "--mv-sizes=" + args.sizes, "--threads=" + args.threads,
           "--precisions=" + args.precisions, "--no-peak",
           "--benchmark_out=" + out, "--benchmark_out_format=json"] + opts
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    try:
        with open(out) as f:
            data = json.load(f)
    finally:
        os.unlink(out)
    if proc.returncode != 0:
        raise SystemExit("bench_gemv: %s exited %d: %s" % (" ".join(cmd), proc.returncode,
                                                           proc.stderr.strip()[-400:]))
    rows = {}
    for b in data.get("benchmarks", []):
        if b.get("run_type") != "iteration" or "GB/s" not in b:
            continue
        parts = b["run_name"].split("/")  # gemv/<p>/<impl>/t<T>/<n>/<N|T>
        rows[(parts[1], int(parts[3][1:]), int(parts[4]), parts[5])] = b["GB/s"]
    return rows


def main():
    args = parse_args()
    cols = [c for c in COLUMNS if not args.only or c[0] in args.only.split(",")]
    load0 = os.getloadavg()[0]
    t0 = time.time()
    # ratio[(column, row)] = [GB/s / triad of that round, ...]; gbs likewise in GB/s
    ratio, gbs, triads = {}, {}, []
    for r in range(args.rounds):
        bw1, bwall = triad(args.build)
        triads.append((bw1, bwall))
        for col in cols:
            for row, v in gemv_rows(args.build, col, args).items():
                bw = bw1 if row[1] == 1 else bwall
                gbs.setdefault((col[0], row), []).append(v)
                ratio.setdefault((col[0], row), []).append(v / bw)
        print("round %d: triad %.1f GB/s 1 thread, %.1f all" % (r + 1, bw1, bwall),
              file=sys.stderr)
    rows = sorted({row for _, row in gbs}, key=lambda k: (k[0], k[1], k[2], k[3]))
    print("Command: `python3 tools/bench_gemv.py %s`; %d round(s), each: `basis info --peak` "
          "(STREAM triad), then every column's gemv rows; wall time %.0f s; load average "
          "%.2f before, %.2f after." % (" ".join(sys.argv[1:]), args.rounds, time.time() - t0,
                                        load0, os.getloadavg()[0]))
    print("\nTriad per round (GB/s, 1 thread / all): " +
          ", ".join("%.1f / %.1f" % t for t in triads))
    print("\nCells: median GB/s over rounds (median of each round's GB/s / that round's "
          "triad, 1-thread triad for t1 rows, all-thread triad otherwise). Column major, "
          "n x n, y = op(A) x, every result verified.\n")
    print("| row | " + " | ".join(c[0] for c in cols) + " |")
    print("|---|" + "---|" * len(cols))
    for row in rows:
        cells = []
        for c in cols:
            k = (c[0], row)
            if k in gbs:
                cells.append("%.1f (%.0f %%)" % (statistics.median(gbs[k]),
                                                 100 * statistics.median(ratio[k])))
            else:
                cells.append("-")
        print("| %sgemv %s, %d thread%s, n = %d | %s |" % (
            row[0], row[3], row[1], "" if row[1] == 1 else "s", row[2], " | ".join(cells)))


if __name__ == "__main__":
    main()
