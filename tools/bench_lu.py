#!/usr/bin/env python3
"""bench_lu.py: runs basis-bench's LU rows (getrf, gesv) for basis and OpenBLAS's LAPACK in child processes, one run, and prints GFLOP/s tables with ratios and the floor."""
import argparse
import os
import shlex
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_gemm as bg  # noqa: E402  (the child runner, tables and report lines are shared)

FULL_SIZES = [256, 512, 1024, 2048, 4096]
QUICK_SIZES = [256, 1024]
OPS = ["getrf", "gesv"]

# The columns, as in bench_gemm.py: (key, what it is, basis-bench options, environment changes
# for that child only). OpenBLAS fixes its kernels when it loads (OPENBLAS_CORETYPE), so each
# setting is its own process; the parent's environment is never changed. BLIS has no LAPACK.
CONFIGS = [
    ("basis", "basis, auto backend (the best CPU backend)", ["--peer=basis"], {}),
    ("basis-avx2", "basis forced to avx2", ["--peer=basis", "--backend=avx2"], {}),
    ("openblas", "OpenBLAS's LAPACK (sgetrf_, dgetrf_, sgesv_, dgesv_) as installed "
     "(environment as given)", ["--peer=openblas"], {}),
    ("openblas-skx", "OpenBLAS's LAPACK with OPENBLAS_CORETYPE=SkylakeX (its AVX-512 kernels)",
     ["--peer=openblas"], {"OPENBLAS_CORETYPE": "SkylakeX"}),
]
RATIOS = [
    ("basis / OpenBLAS-SkylakeX", "basis", "openblas-skx"),
    ("basis / OpenBLAS as installed", "basis", "openblas"),
    ("basis-avx2 / OpenBLAS as installed", "basis-avx2", "openblas"),
]
# The floor basis must hold against OpenBLAS-SkylakeX: (op, precisions, sizes, least ratio).
FLOORS = [
    ("getrf", "sd", [2048, 4096], 1.0),
    ("getrf", "sd", [512], 0.9),
    ("gesv", "d", [2048], 1.0),
]
FLOOR_NUM, FLOOR_DEN = "basis", "openblas-skx"


def parse_args():
    p = argparse.ArgumentParser(
        description="LU GFLOP/s (getrf and gesv with one right-hand side) of basis and "
        "OpenBLAS's LAPACK, measured side by side in one run; prints markdown tables and the "
        "floor (progress goes to stderr).")
    p.add_argument("--quick", action="store_true",
                   help="n = 256 and 1024, one round, short timings (a smoke, ~20 s)")
    p.add_argument("--bench", default=os.path.join(bg.ROOT, "build", "bench", "basis-bench"),
                   help="the basis-bench program (default build/bench/basis-bench)")
    p.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    p.add_argument("--precisions", default="s,d", help="s, d or s,d (default)")
    p.add_argument("--sizes", help="sizes n (default 256,512,1024,2048,4096; quick: 256,1024)")
    p.add_argument("--ops", default="getrf,gesv", help="getrf, gesv or both (default)")
    p.add_argument("--only", help="comma list of columns to run: " +
                   ",".join(c[0] for c in CONFIGS))
    p.add_argument("--rounds", type=int,
                   help="times the whole set of child processes runs (default 3, quick 1); "
                   "the tables show the best (or median) over rounds")
    p.add_argument("--repetitions", type=int, default=1,
                   help="Google Benchmark repetitions inside each child (default 1)")
    p.add_argument("--min-time", type=float, help="seconds per sample (default 0.1, quick 0.05)")
    p.add_argument("--stat", choices=["best", "median"], default="best",
                   help="which sample the tables show (default best)")
    p.add_argument("--max-call-seconds", type=float, default=10,
                   help="skip a row predicted to take longer per call (default 10): caps the "
                   "slow rows (the ref backend, a starved thread)")
    p.add_argument("--json-dir", help="keep each child's Google Benchmark JSON here")
    return p.parse_args()


def run_child(bench, config, precision, threads, args, json_dir, result):
    """Runs one LU child; rows are "<op>/<n>"."""
    opts = [
        "--ops=" + ",".join(args.ops), f"--precisions={precision}", f"--threads={threads}",
        "--sizes=" + ",".join(str(s) for s in args.sizes),
        f"--max-call-seconds={args.max_call_seconds}",
        f"--benchmark_repetitions={args.repetitions}",
        f"--benchmark_min_time={args.min_time}",
    ]

    def row_of(parts):  # <op>/<p>/<impl>/t<T>/<n>
        return f"{parts[0]}/{parts[4]}" if parts[0] in OPS and len(parts) == 5 else None

    return bg.run_bench(bench, config, opts, f"lu-{config[0]}-{precision}-t{threads}-",
                        json_dir, result, row_of)


def ratio(results, row, stat):
    a, _ = bg.cell_value(results.get(FLOOR_NUM), row, stat)
    b, _ = bg.cell_value(results.get(FLOOR_DEN), row, stat)
    return a / b if a and b else None


def print_floor(all_results, threads, args):
    """The floor as one table: each item's ratio per thread count, and whether it holds."""
    items = []
    for op, precs, sizes, least in FLOORS:
        for p in precs:
            for n in sizes:
                if (p, threads[0]) in all_results and op in args.ops and n in args.sizes:
                    items.append((op, p, n, least))
    if not items:
        return
    print(f"\n### Floor: {FLOOR_NUM} / OpenBLAS-SkylakeX ({args.stat} of {args.samples})\n")
    print("| item | least | " + " | ".join(f"{t} thread{'s' if t > 1 else ''}" for t in threads)
          + " | holds |")
    print("|---" * (3 + len(threads)) + "|")
    for op, p, n, least in items:
        cells, holds = [], True
        for t in threads:
            r = ratio(all_results.get((p, t), {}), f"{op}/{n}", args.stat)
            cells.append(f"{r:.2f}" if r else "-")
            holds = holds and r is not None and r >= least
        print(f"| {p}{op} n = {n} | {least:.1f} | " + " | ".join(cells) +
              f" | {'yes' if holds else '**no**'} |")


def main():
    args = parse_args()
    if not os.access(args.bench, os.X_OK):
        sys.exit(f"bench_lu: {args.bench} not found; build it first: "
                 "cmake -S . -B build && cmake --build build")
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    args.samples = args.rounds * args.repetitions
    if args.min_time is None:
        args.min_time = 0.05 if args.quick else 0.1
    args.sizes = ([int(s) for s in args.sizes.split(",")] if args.sizes
                  else QUICK_SIZES if args.quick else FULL_SIZES)
    args.ops = [o for o in OPS if o in args.ops.split(",")]
    if not args.ops:
        sys.exit("bench_lu: --ops takes getrf, gesv or both")
    threads = [int(t) for t in args.threads.split(",")]
    precisions = [p for p in args.precisions.split(",") if p in ("s", "d")]
    configs = CONFIGS
    if args.only:
        wanted = args.only.split(",")
        configs = [c for c in CONFIGS if c[0] in wanted]
    if args.json_dir:
        os.makedirs(args.json_dir, exist_ok=True)
    rows = [f"{op}/{n}" for op in args.ops for n in args.sizes]

    def what(p, t):
        return f"{p} LU t{t}"

    start = time.time()
    load_before = os.getloadavg()
    all_results = {(p, t): {} for p in precisions for t in threads}
    failed = bg.run_rounds(
        args, all_results, configs,
        lambda config, p, t, res: run_child(args.bench, config, p, t, args, args.json_dir, res),
        what)
    wall = time.time() - start

    print(f"## LU, GFLOP/s ({'quick' if args.quick else 'full'} run)\n")
    print(f"Command: `{shlex.join(['python3', 'tools/bench_lu.py'] + sys.argv[1:])}` "
          f"on {bg.cpu_name()}, {os.cpu_count()} CPUs; {args.stat} of {args.samples} sample(s) "
          f"({args.rounds} round(s) of child processes), each at least {args.min_time} s; "
          f"wall time {wall:.0f} s; load average "
          f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after. "
          f"OPENBLAS_CORETYPE in the environment: {os.environ.get('OPENBLAS_CORETYPE', '(unset)')}.")
    bg.print_load_warning(load_before)
    print("Column major, n x n, random uniform [-1, 1), A (and b) restored from a saved copy "
          "before every call, outside the timing; gesv with one right-hand side. GFLOP/s counts "
          "2n^3/3 for getrf and 2n^3/3 + 2n^2 for gesv. Every result verified: "
          "||b - A x||_inf / (||A||_inf ||x||_inf n eps), x solved with the bench's own "
          "substitution from getrf's factors (b = A t for a random t), or gesv's solution.\n")
    bg.print_columns(configs, all_results)
    for (p, t), group in all_results.items():
        title = (f"{'sgetrf / sgesv' if p == 's' else 'dgetrf / dgesv'}, {t} thread"
                 f"{'s' if t > 1 else ''}")
        bg.print_ratio_table(title, group, rows, args, configs, RATIOS,
                             lambda row: row.replace("/", " "))
    print_floor(all_results, threads, args)
    bg.print_noise(all_results, threads)
    bg.print_notes(all_results, what)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
