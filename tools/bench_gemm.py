#!/usr/bin/env python3
"""bench_gemm.py: runs basis-bench for basis and each peer in child processes, one run, and prints GFLOP/s tables with ratios."""
import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FULL_SIZES = [64, 128, 256, 512, 1024, 2048, 4096]
FULL_SHAPES = ["4096x64x4096", "64x4096x64", "4096x4096x64"]
QUICK_SIZES = [64, 256, 1024]
QUICK_SHAPES = ["64x4096x64"]
BETA1_SIZE = 1024

# The columns: (key, what it is, basis-bench options, environment changes for that child only).
# OpenBLAS fixes its kernels when it loads (OPENBLAS_CORETYPE), so each setting is its own
# process; the parent's environment (this machine sets OPENBLAS_CORETYPE=Haswell) is never
# changed, only the child's copy.
CONFIGS = [
    ("basis", "basis, auto backend (the best CPU backend)", ["--peer=basis"], {}),
    ("basis-avx2", "basis forced to avx2", ["--peer=basis", "--backend=avx2"], {}),
    ("openblas", "OpenBLAS as installed (environment as given)", ["--peer=openblas"], {}),
    ("openblas-skx", "OpenBLAS with OPENBLAS_CORETYPE=SkylakeX (its AVX-512 kernels)",
     ["--peer=openblas"], {"OPENBLAS_CORETYPE": "SkylakeX"}),
    ("blis", "BLIS with BLIS_ARCH_TYPE=0 (its skx kernels)", ["--peer=blis"],
     {"BLIS_ARCH_TYPE": "0"}),
]
# Ratio columns: (title, numerator key, denominator key).
RATIOS = [
    ("basis / OpenBLAS-SkylakeX", "basis", "openblas-skx"),
    ("basis / BLIS", "basis", "blis"),
    ("basis-avx2 / OpenBLAS as installed", "basis-avx2", "openblas"),
]


def parse_args():
    p = argparse.ArgumentParser(
        description="GEMM GFLOP/s of basis and its peers (OpenBLAS, BLIS), measured side by "
        "side in one run; prints markdown tables (progress goes to stderr).")
    p.add_argument("--quick", action="store_true",
                   help="a few sizes, one repetition, short timings (CI smoke, ~30 s)")
    p.add_argument("--bench", default=os.path.join(ROOT, "build", "bench", "basis-bench"),
                   help="the basis-bench program (default build/bench/basis-bench)")
    p.add_argument("--threads", default="1,2", help="thread counts (default 1,2)")
    p.add_argument("--precisions", default="s,d", help="s, d or s,d (default)")
    p.add_argument("--sizes", help="square sizes (default 64..4096, quick: 64,256,1024)")
    p.add_argument("--shapes", help="MxNxK list or none (default the three skinny shapes)")
    p.add_argument("--only", help="comma list of columns to run: " +
                   ",".join(c[0] for c in CONFIGS))
    p.add_argument("--rounds", type=int,
                   help="times the whole set of child processes runs, one after the other "
                   "(default 3, quick 1): the tables show the best (or median) over rounds, "
                   "so a burst of load on this shared machine hits one sample, not a column")
    p.add_argument("--repetitions", type=int, default=1,
                   help="Google Benchmark repetitions inside each child (default 1)")
    p.add_argument("--min-time", type=float, help="seconds per sample (default 0.1, quick 0.05)")
    p.add_argument("--stat", choices=["best", "median"], default="best",
                   help="which sample the tables show (default best)")
    p.add_argument("--max-call-seconds", type=float, default=10,
                   help="skip a row predicted to take longer per call (default 10)")
    p.add_argument("--json-dir", help="keep each child's Google Benchmark JSON here")
    return p.parse_args()


def run_child(bench, config, precision, threads, args, json_dir, result):
    """Runs one GEMM child and adds its samples to result (a fresh one when None)."""
    opts = [
        "--ops=gemm", f"--precisions={precision}", f"--threads={threads}",
        "--sizes=" + ",".join(str(s) for s in args.sizes),
        "--shapes=" + (",".join(args.shapes) if args.shapes else "none"),
        f"--beta1={0 if args.quick else BETA1_SIZE}",
        f"--max-call-seconds={args.max_call_seconds}",
        f"--benchmark_repetitions={args.repetitions}",
        f"--benchmark_min_time={args.min_time}",
    ]
    # gemm/<p>/<impl>/t<T>/<size>[/beta1]: the row is what follows the threads.
    return run_bench(bench, config, opts, f"gemm-{config[0]}-{precision}-t{threads}-",
                     json_dir, result, lambda parts: "/".join(parts[4:]))


def run_bench(bench, config, opts, prefix, json_dir, result, row_of):
    """Runs basis-bench once for config with opts and adds its samples to result (a fresh
    one when None): per row (row_of(name parts), None to ignore) the GFLOPS samples and the
    error, if any. The environment changes go to the child's copy only."""
    key, _, config_opts, env_changes = config
    env = dict(os.environ)
    env.update(env_changes)
    fd, out = tempfile.mkstemp(prefix=prefix, suffix=".json", dir=json_dir)
    os.close(fd)
    cmd = [bench] + config_opts + opts + [
        f"--benchmark_out={out}", "--benchmark_out_format=json",
    ]
    t0 = time.time()
    proc = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True)
    elapsed = time.time() - t0
    if result is None:
        result = {"rc": 0, "rows": {}, "impl": None, "description": None, "stderr": ""}
    # The worst exit status of any round: 1 (a wrong result) outlives later clean rounds.
    if proc.returncode != 0 and result["rc"] in (0, 3):
        result["rc"] = proc.returncode
    result["seconds"] = elapsed
    result["last_rc"] = proc.returncode
    if proc.stderr.strip():
        result["stderr"] = proc.stderr.strip()
    try:
        with open(out) as f:
            data = json.load(f)
    except (OSError, ValueError):
        data = None
    if not json_dir:
        os.unlink(out)
    if not data:
        return result
    result["description"] = data.get("context", {}).get("gemm_impl")
    for b in data.get("benchmarks", []):
        if b.get("run_type") != "iteration":
            continue
        parts = b["run_name"].split("/")  # <op>/<p>/<impl>/t<T>/...
        row = row_of(parts)
        if row is None:
            continue
        result["impl"] = parts[2]
        r = result["rows"].setdefault(row, {"gflops": [], "error": None})
        if b.get("error_occurred"):
            msg = b.get("error_message", "error")
            if not (r["error"] or "").startswith("FAILED"):
                r["error"] = msg
        elif "GFLOPS" in b:
            r["gflops"].append(b["GFLOPS"])
    return result


def cell_value(res, row, stat):
    if res is None or res["rc"] == 3:
        return None, "n/a"
    r = res["rows"].get(row)
    if r is None:
        return None, "-"
    if r["error"] and r["error"].startswith("FAILED"):
        return None, "FAIL"
    if not r["gflops"]:
        return None, "skip" if r["error"] else "-"
    v = max(r["gflops"]) if stat == "best" else statistics.median(r["gflops"])
    return v, f"{v:.1f}" if v >= 10 else f"{v:.2g}"


def row_label(row):
    return row.replace("/beta1", " (beta=1)")


def print_table(precision, threads, results, rows, args):
    print_ratio_table(f"{'sgemm' if precision == 's' else 'dgemm'}, {threads} thread"
                      f"{'s' if threads > 1 else ''}", results, rows, args, CONFIGS, RATIOS,
                      row_label)


def print_ratio_table(title, results, rows, args, configs, ratios, label):
    """One markdown table: a row per entry of rows, a column per config that ran, then the
    ratios (title, numerator key, denominator key) whose two columns ran."""
    keys = [c[0] for c in configs if c[0] in results]
    ratios = [r for r in ratios if r[1] in results and r[2] in results]
    heads = []
    for k in keys:
        impl = results[k]["impl"]
        heads.append(f"{k} ({impl})" if impl and impl != k else k)
    print(f"\n### {title}: GFLOP/s ({args.stat} of {args.samples})\n")
    print("| size | " + " | ".join(heads + [r[0] for r in ratios]) + " |")
    print("|---" * (1 + len(heads) + len(ratios)) + "|")
    for row in rows:
        cells, values = [], {}
        for k in keys:
            v, text = cell_value(results[k], row, args.stat)
            values[k] = v
            cells.append(text)
        for _, num, den in ratios:
            a, b = values.get(num), values.get(den)
            cells.append(f"{a / b:.2f}" if a and b else "-")
        print(f"| {label(row)} | " + " | ".join(cells) + " |")


def run_rounds(args, all_results, configs, run_one, what):
    """Runs every (table, column) child args.rounds times; all_results maps (precision,
    threads) to {column key: result}. run_one(config, precision, threads, result) runs one
    child; what(precision, threads) names a table in the progress lines (stderr). Returns
    True if any child reported a wrong result or an error."""
    steps = args.rounds * len(all_results) * len(configs)
    step = 0
    # Rounds outermost, then each table's columns one after the other: the samples of a cell
    # are spread over the whole run and the columns of a table are measured close together,
    # so load drifting on a shared machine biases the ratios less.
    for rnd in range(args.rounds):
        for (p, t), group in all_results.items():
            for config in configs:
                step += 1
                if group.get(config[0], {}).get("rc") == 3:
                    continue  # not installed: no point asking again
                print(f"[{step}/{steps}] round {rnd + 1}: {what(p, t)} {config[0]} ...", end="",
                      file=sys.stderr, flush=True)
                res = run_one(config, p, t, group.get(config[0]))
                rc = res["last_rc"]
                status = {0: "ok", 1: "FAILED", 3: "not available"}.get(rc, f"exit {rc}")
                print(f" {res['seconds']:.1f} s, {status}", file=sys.stderr, flush=True)
                if rc not in (0, 3) and res["stderr"]:
                    print(res["stderr"], file=sys.stderr)
                group[config[0]] = res
    return any(res["rc"] not in (0, 3) for g in all_results.values() for res in g.values())


def cpu_name():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return cpu


def print_load_warning(load_before):
    busy = max(load_before[0], os.getloadavg()[0])
    if busy > 0.5:
        print(f"**Warning: load average {busy:.2f} on {os.cpu_count()} CPUs: other processes "
              "competed for the cores; multi-threaded rows are the least reliable.**\n")


def print_columns(configs, all_results):
    print("| column | what it is |")
    print("|---|---|")
    first = next(iter(all_results.values()), {})
    for key, what, _, _ in configs:
        res = first.get(key)
        if res and res["rc"] == 3:
            detail = "not available: " + res["stderr"].replace("basis-bench: ", "")
        else:
            detail = (res or {}).get("description") or ""
        print(f"| {key} | {what}; {detail} |")


def print_noise(all_results, threads):
    # How far the best sample stands above the next best: small when the best-of is a stable
    # figure, large when one sample was lucky (or the others were hit by load).
    for t in threads:
        gaps = sorted(sorted(r["gflops"])[-1] / sorted(r["gflops"])[-2]
                      for (_, tt), group in all_results.items() if tt == t
                      for res in group.values() for r in res["rows"].values()
                      if len(r["gflops"]) > 1 and min(r["gflops"]) > 0)
        if gaps:
            print(f"\nNoise, {t} thread{'s' if t > 1 else ''}: best / second-best sample of a cell "
                  f"{gaps[len(gaps) // 2]:.2f}x (median cell), "
                  f"{gaps[min(len(gaps) - 1, int(len(gaps) * 0.9))]:.2f}x (90th percentile).")


def print_notes(all_results, what):
    notes = []
    for (p, t), group in all_results.items():
        for key, res in group.items():
            for row, r in res["rows"].items():
                if r["error"]:
                    notes.append(f"{what(p, t)} {key} ({res['impl']}) {row}: {r['error']}")
    if notes:
        print("\nSkipped or failed rows:\n")
        for n in notes:
            print(f"- {n}")


def main():
    args = parse_args()
    if not os.access(args.bench, os.X_OK):
        sys.exit(f"bench_gemm: {args.bench} not found; build it first: "
                 "cmake -S . -B build && cmake --build build")
    if args.rounds is None:
        args.rounds = 1 if args.quick else 3
    args.samples = args.rounds * args.repetitions
    if args.min_time is None:
        args.min_time = 0.05 if args.quick else 0.1
    args.sizes = ([int(s) for s in args.sizes.split(",")] if args.sizes
                  else QUICK_SIZES if args.quick else FULL_SIZES)
    if args.shapes == "none":
        args.shapes = []
    elif args.shapes:
        args.shapes = args.shapes.split(",")
    else:
        args.shapes = QUICK_SHAPES if args.quick else FULL_SHAPES
    threads = [int(t) for t in args.threads.split(",")]
    precisions = [p for p in args.precisions.split(",") if p in ("s", "d")]
    configs = CONFIGS
    if args.only:
        wanted = args.only.split(",")
        configs = [c for c in CONFIGS if c[0] in wanted]
    if args.json_dir:
        os.makedirs(args.json_dir, exist_ok=True)

    rows = [str(s) for s in args.sizes] + list(args.shapes)
    if not args.quick:
        rows.append(f"{BETA1_SIZE}/beta1")

    start = time.time()
    load_before = os.getloadavg()
    all_results = {(p, t): {} for p in precisions for t in threads}
    failed = run_rounds(
        args, all_results, configs,
        lambda config, p, t, res: run_child(args.bench, config, p, t, args, args.json_dir, res),
        lambda p, t: f"{p}gemm t{t}")
    wall = time.time() - start

    # The header says what each column is, on what machine, under what load.
    print(f"## GEMM, GFLOP/s ({'quick' if args.quick else 'full'} run)\n")
    print(f"Command: `{shlex.join(['python3', 'tools/bench_gemm.py'] + sys.argv[1:])}` "
          f"on {cpu_name()}, {os.cpu_count()} CPUs; {args.stat} of {args.samples} sample(s) "
          f"({args.rounds} round(s) of child processes), each at least {args.min_time} s; "
          f"wall time {wall:.0f} s; load average "
          f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after. "
          f"OPENBLAS_CORETYPE in the environment: {os.environ.get('OPENBLAS_CORETYPE', '(unset)')}.")
    print_load_warning(load_before)
    print("Column major, no transposes, alpha = 1, beta = 0 (beta=1 row: beta = 1); m x n x k "
          "for shapes; every result verified (scaled residual against a random vector).\n")
    print_columns(configs, all_results)
    for (p, t), group in all_results.items():
        print_table(p, t, group, rows, args)
    print_noise(all_results, threads)
    print_notes(all_results, lambda p, t: f"{p}gemm t{t}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
