#!/usr/bin/env python3
"""compare.py: `basis compare`: runs basis-bench's verified rows on every backend and device found here and on the peers, sweeping sizes, and writes a table, report.json, report.csv and one PNG plot per op."""
import argparse
import csv
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bench_gemm as bg  # noqa: E402  (the peers' child settings are defined once, there)

# The ops, in table order: (name, what the plot's x axis is, rows come from the peers too).
OPS = [
    ("gemm", "n (n x n x n)", True),
    ("getrf", "n (n x n)", True),
    ("gesv", "n (n x n, 1 right-hand side)", True),
    ("gemv", "n (n x n)", True),
    ("dot", "n (vector length)", True),
    ("axpy", "n (vector length)", True),
    ("power", "n (n x n symmetric)", False),
    ("pagerank", "edges of the graph", False),
]
OP_NAMES = [o[0] for o in OPS]
DEFAULT_OPS = ["gemm", "getrf", "gesv", "gemv", "dot", "axpy", "power", "pagerank"]
QUICK_OPS = ["gemm", "getrf", "gemv", "dot", "axpy", "power", "pagerank"]

# Sizes per op: (quick, full); the ref backend (the scalar oracle, slow by design) gets the
# sizes up to REF_CAP only.
SIZES = {
    "gemm": ([64, 256, 1024], [64, 128, 256, 512, 1024, 2048, 4096]),
    "getrf": ([256, 1024], [256, 512, 1024, 2048, 4096]),
    "gesv": ([256, 1024], [256, 512, 1024, 2048, 4096]),
    "gemv": ([256, 2048], [128, 256, 512, 1024, 2048, 4096]),
    "dot": ([4096, 1048576], [1024, 16384, 262144, 1048576, 4194304, 16777216]),
    "axpy": ([4096, 1048576], [1024, 16384, 262144, 1048576, 4194304, 16777216]),
    "power": ([256, 1024], [128, 256, 512, 1024, 2048, 4096]),
}
REF_CAP = {"gemm": (256, 512), "getrf": (256, 512), "gesv": (256, 512),
           "power": (1024, 2048)}
GRAPHS = (["karate", "polblogs"], ["karate", "polblogs", "pgp-strong-2009", "cnr-2000"])
# Directed edges as basis loads them (karate: both directions of its 78 edges).
GRAPH_EDGES = {"karate": 156, "polblogs": 19090, "pgp-strong-2009": 301498,
               "cnr-2000": 3216152}
# Flops per byte of the memory-bound ops by their traffic model (bench/op_*.c), per element
# size: the roofline, triad GB/s times this, is drawn as their peak line.
INTENSITY = {"gemv": 2.0, "dot": 1.0, "axpy": 2.0 / 3.0, "power": 2.0}

# The peers, as tools/bench_gemm.py runs them: OpenBLAS as installed, OpenBLAS with
# OPENBLAS_CORETYPE=SkylakeX and BLIS with BLIS_ARCH_TYPE=0 (both AVX-512 settings, only
# where AVX-512 is usable), each in its own child, the settings in the child's environment.
PEER_KEYS = ["openblas", "openblas-skx", "blis"]
# CLBlast (libclblast-dev) is the OpenCL peer: basis-bench-opencl, built beside basis-bench
# when CLBlast is found, times its default-parameter GEMM on each OpenCL device with the
# matrices resident there (basis's rows include the transfers). Its default parameters are
# slow on a CPU device (a few GFLOP/s in double on PoCL), so its sizes stop at CLBLAST_CAP.
CLBLAST_CAP = (256, 1024)


def is_peer(key):
    return key in PEER_KEYS or key.startswith("clblast-")
PEER_OPS = {"openblas": ["gemm", "getrf", "gesv", "gemv", "dot", "axpy"],
            "openblas-skx": ["gemm", "getrf", "gesv", "gemv", "dot", "axpy"],
            "blis": ["gemm", "gemv", "dot", "axpy"]}


def ensure_matplotlib():
    """Debian's python3-matplotlib lives in /usr/bin/python3's path; another python3 first
    on PATH (pyenv, a venv) may lack it: re-run under the system one when that has it."""
    try:
        import matplotlib  # noqa: F401
        return True
    except ImportError:
        pass
    system = "/usr/bin/python3"
    if (os.path.realpath(sys.executable) != os.path.realpath(system) and os.access(system, os.X_OK)
            and not os.environ.get("BASIS_COMPARE_REEXEC")):
        probe = subprocess.run([system, "-c", "import matplotlib"], capture_output=True)
        if probe.returncode == 0:
            os.environ["BASIS_COMPARE_REEXEC"] = "1"
            os.execv(system, [system, os.path.abspath(__file__)] + sys.argv[1:])
    return False


class OneLineParser(argparse.ArgumentParser):
    """Bad command lines get the project's one line on stderr and exit status 2."""

    def error(self, message):
        sys.stderr.write(f"basis compare: {message} (basis compare --help)\n")
        sys.exit(2)


def int_list(p, what, text):
    """A comma list of positive whole numbers, or a one-line usage error naming it."""
    try:
        values = [int(t) for t in text.split(",")]
    except ValueError:
        values = []
    if not values or any(v < 1 for v in values):
        p.error(f"{what} needs a comma list of positive whole numbers, not '{text}'")
    return values


def parse_args():
    p = OneLineParser(
        prog="basis compare",
        description="Runs the same verified work on every backend and device found here and "
        "on the peers (OpenBLAS, BLIS), sweeping sizes; prints a table (GFLOP/s, %% of peak, "
        "speed-up vs the ref backend and vs the best peer) and writes report.json, "
        "report.csv and one PNG plot per op.")
    p.add_argument("--quick", action="store_true",
                   help="few sizes, all cores only (about a minute on 2 cores)")
    p.add_argument("--ops", help="comma list of " + ",".join(OP_NAMES) +
                   " (default all; quick: all but gesv)")
    p.add_argument("--out", default="basis-compare",
                   help="directory for report.json, report.csv and the plots (default "
                   "./basis-compare)")
    p.add_argument("--backends", help="comma list of basis backends to run (default every "
                   "usable one and every OpenCL device)")
    p.add_argument("--no-peers", action="store_true", help="basis's backends only")
    p.add_argument("--threads", help="thread counts (default 1 and all CPUs; quick: all CPUs)")
    p.add_argument("--precisions", help="s, d or s,d (default s,d)")
    p.add_argument("--min-time", type=float,
                   help="seconds per row's timed loop (default 0.1; quick 0.02)")
    p.add_argument("--graph-dir", help="the graphs and their oracle/ (default "
                   "$BASIS_SHARED_DIR/data/graphs, else shared/ beside the source tree)")
    p.add_argument("--sizes", help="override every op's sizes with this list (a smoke)")
    p.add_argument("--basis", default=os.path.join(os.path.dirname(HERE), "build", "tools",
                                                   "basis"), help=argparse.SUPPRESS)
    p.add_argument("--bench", default=os.path.join(os.path.dirname(HERE), "build", "bench",
                                                   "basis-bench"), help=argparse.SUPPRESS)
    a = p.parse_args()
    a.ops = a.ops.split(",") if a.ops else (QUICK_OPS if a.quick else DEFAULT_OPS)
    bad = [o for o in a.ops if o not in OP_NAMES]
    if bad:
        p.error(f"unknown op(s) {','.join(bad)}; known: {','.join(OP_NAMES)}")
    cpus = os.cpu_count() or 1
    a.threads = (int_list(p, "--threads", a.threads) if a.threads
                 else [cpus] if a.quick or cpus == 1 else [1, cpus])
    a.precisions = a.precisions or "s,d"
    if not a.precisions or any(q not in ("s", "d") for q in a.precisions.split(",")):
        p.error(f"--precisions needs s, d or s,d, not '{a.precisions}'")
    if a.min_time is None:
        a.min_time = 0.02 if a.quick else 0.1
    if not a.min_time > 0:
        p.error(f"--min-time needs a positive number of seconds, not '{a.min_time}'")
    if a.sizes:
        a.sizes = int_list(p, "--sizes", a.sizes)
    a.parser = p  # for the checks that need the machine (--backends)
    return a


def graph_dir(args):
    if args.graph_dir:
        return args.graph_dir
    shared = os.environ.get("BASIS_SHARED_DIR")
    if shared:
        return os.path.join(shared, "data", "graphs")
    return os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared", "data", "graphs")


def machine_facts(basis):
    proc = subprocess.run([basis, "info", "--json"], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"basis compare: `{basis} info --json` failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def make_configs(args, info):
    """The children: (key, what, bench options, environment changes, ops it runs)."""
    configs = []
    usable = [t["name"] for t in info["targets"] if t["usable"]]
    wanted = args.backends.split(",") if args.backends else None
    if wanted is not None:
        known = [t["name"] for t in info["targets"]] + ["opencl"] + [
            f"opencl-{d['platform']}.{d['device']}"
            for d in info.get("opencl", {}).get("devices", [])]
        bad = [w for w in wanted if w not in known]
        if bad:
            args.parser.error(f"unknown backend(s) {','.join(bad)}; known here: "
                              f"{','.join(known)}")
        runs = [w for w in wanted if w in usable or w.startswith("opencl")]
        if not runs:
            args.parser.error(f"none of --backends {args.backends} is usable here (usable: "
                              f"{','.join(usable)})")
    for name in usable:
        if wanted is None or name in wanted:
            configs.append((name, f"basis, backend {name}", ["--peer=basis", f"--backend={name}"],
                            {}, list(args.ops)))
    cl = info.get("opencl", {})
    for d in cl.get("devices", []):
        key = f"opencl-{d['platform']}.{d['device']}"
        if wanted is None or "opencl" in wanted or key in wanted:
            configs.append((key, f"basis, backend opencl on {d['name']} ({d['platform_name']})",
                            ["--peer=basis", "--backend=opencl"],
                            {"BASIS_OPENCL_DEVICE": f"{d['platform']}:{d['device']}"},
                            list(args.ops)))
    if not args.no_peers:
        avx512 = info["cpu"]["features"].get("avx512f") and info["cpu"].get("os_saves_zmm")
        for key, what, opts, env in bg.CONFIGS:
            if key not in PEER_KEYS:
                continue
            if env and not avx512:
                continue  # SkylakeX / skx kernels need AVX-512
            ops = [o for o in args.ops if o in PEER_OPS[key]]
            if ops:
                configs.append((key, what, opts, env, ops))
        if "gemm" in args.ops and os.access(clblast_bench(args), os.X_OK):
            for c in [c for c in configs if c[0].startswith("opencl-")]:
                configs.append(("clblast-" + c[0][len("opencl-"):],
                                "CLBlast, default parameters, on the same OpenCL device "
                                "(matrices resident there)", None, c[3], ["gemm"]))
    return configs


def clblast_bench(args):
    return os.path.join(os.path.dirname(args.bench), "basis-bench-opencl")


def run_clblast(config, args, step, steps, rows):
    """CLBlast's GEMM rows from basis-bench-opencl (one run per precision): GFLOP/s at each
    size, every result checked there (a residual against a random vector); the rows are
    repeated for each thread count of the tables (a device's speed does not depend on them).
    Returns (exit status, stderr text, seconds)."""
    key, _, _, env_changes, _ = config
    env = dict(os.environ)
    env.update(env_changes)
    cap = CLBLAST_CAP[0 if args.quick else 1]
    sizes = [n for n in (args.sizes or SIZES["gemm"][0 if args.quick else 1]) if n <= cap]
    t0, rc, errs = time.time(), 0, []
    for prec in args.precisions.split(","):
        proc = subprocess.run([clblast_bench(args), "--sizes=" + ",".join(map(str, sizes)),
                               "--precision=" + prec, "--reps=3"], env=env,
                              capture_output=True, text=True)
        if proc.returncode != 0:
            errs.append(proc.stderr.strip())
            # a device without fp64 refuses d: not a failure of the run
            rc = rc or (0 if "no fp64" in proc.stderr else proc.returncode)
        for line in proc.stdout.splitlines():
            m = re.match(r"\s*(\d+)\s+[\d.]+ GF/s\s+[\d.]+ GF/s\s+([\d.]+) GF/s\s+\S+\s+\S+\s+(\w+)",
                         line)
            if not m:
                continue
            n, gf, verified = int(m.group(1)), float(m.group(2)), m.group(3) == "yes"
            for t in args.threads:
                row = {"op": "gemm", "precision": prec, "config": key, "impl": "clblast",
                       "threads": t, "size": str(n), "x": n,
                       "name": f"gemm/{prec}/clblast/t{t}/{n}"}
                if verified:
                    row.update(status="ok", gflops=gf, verified=1)
                else:
                    row.update(status="FAIL", message="FAILED: wrong result (CLBlast)")
                rows.append(row)
    secs = time.time() - t0
    print(f"[{step}/{steps}] {key}: {len(sizes)} sizes in {secs:.1f} s", end="",
          file=sys.stderr, flush=True)
    return rc, "\n".join(errs), secs


def sizes_for(op, key, args):
    if args.sizes:
        sizes = args.sizes
    else:
        sizes = SIZES[op][0 if args.quick else 1]
    if key == "ref" and op in REF_CAP:
        sizes = [s for s in sizes if s <= REF_CAP[op][0 if args.quick else 1]] or sizes[:1]
    return sizes


def child_options(op_list, key, args):
    """basis-bench options for one child: the ops and their sizes (the bench takes one
    list per kind of size: --sizes for GEMM and LU, --mv-sizes, --vec-sizes, ...)."""
    opts = ["--ops=" + ",".join(op_list), "--precisions=" + args.precisions,
            "--threads=" + ",".join(str(t) for t in args.threads), "--shapes=none", "--beta1=0",
            f"--benchmark_min_time={args.min_time}", "--max-call-seconds=5"]
    lu = sorted({s for op in op_list if op in ("gemm", "getrf", "gesv")
                 for s in sizes_for(op, key, args)})
    if lu:
        opts.append("--sizes=" + ",".join(map(str, lu)))
    for op, flag in (("gemv", "--mv-sizes"), ("power", "--power-sizes")):
        if op in op_list:
            opts.append(f"{flag}=" + ",".join(map(str, sizes_for(op, key, args))))
    vec = sorted({s for op in op_list if op in ("dot", "axpy") for s in sizes_for(op, key, args)})
    if vec:
        opts.append("--vec-sizes=" + ",".join(map(str, vec)))
    if "gemv" in op_list:
        opts.append("--gemv-trans=N" if args.quick else "--gemv-trans=N,T")
    if "pagerank" in op_list:
        opts.append("--graphs=" + ",".join(GRAPHS[0 if args.quick else 1]))
        opts.append("--graph-dir=" + graph_dir(args))
    return opts


def run_child(bench, config, args, step, steps, tmpdir):
    """Runs one child with live progress on stderr; returns (exit status, JSON or None,
    stderr text, seconds)."""
    key, _, config_opts, env_changes, op_list = config
    env = dict(os.environ)
    env.update(env_changes)
    opts = config_opts + child_options(op_list, key, args)
    listed = subprocess.run([bench] + opts + ["--benchmark_list_tests"], env=env,
                            capture_output=True, text=True)
    total = len([ln for ln in listed.stdout.splitlines() if "/" in ln]) if listed.returncode == 0 else 0
    out = os.path.join(tmpdir, f"{key}.json")
    cmd = [bench] + opts + [f"--benchmark_out={out}", "--benchmark_out_format=json",
                            "--benchmark_format=console", "--benchmark_color=false"]
    tty = sys.stderr.isatty()
    t0 = time.time()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    done, last = 0, 0.0
    for line in proc.stdout:
        name = line.split(" ", 1)[0]
        if "/" in name and name.split("/", 1)[0] in OP_NAMES:
            done += 1
            now = time.time()
            # A line per row on a terminal (rewritten in place), else one every 10 s.
            if tty or now - last >= 10:
                text = (f"[{step}/{steps}] {key}: {done}/{total or '?'} rows, "
                        f"{now - t0:.0f} s, {name}")
                print(("\r\033[K" if tty else "") + text, end="" if tty else "\n",
                      file=sys.stderr, flush=True)
                last = now
    err = proc.stderr.read()
    proc.wait()
    secs = time.time() - t0
    if tty:
        print("\r\033[K", end="", file=sys.stderr)
    print(f"[{step}/{steps}] {key}: {done} rows in {secs:.1f} s", end="", file=sys.stderr,
          flush=True)
    try:
        with open(out) as f:
            data = json.load(f)
    except (OSError, ValueError):
        data = None
    return proc.returncode, data, err.strip(), secs


def size_of(op, rest):
    """The plot's x value of a row from the name's tail ("1024", "1024/N", "cnr-2000")."""
    if op == "pagerank":
        return GRAPH_EDGES.get(rest)
    head = rest.split("/", 1)[0]
    return int(head) if head.isdigit() else None


def collect(config, data, rows):
    key = config[0]
    for b in (data or {}).get("benchmarks", []):
        if b.get("run_type") != "iteration":
            continue
        parts = b["run_name"].split("/")
        if len(parts) < 5 or parts[0] not in OP_NAMES:
            continue
        op, prec, impl, threads, rest = parts[0], parts[1], parts[2], parts[3], "/".join(parts[4:])
        row = {"op": op, "precision": prec, "config": key, "impl": impl,
               "threads": int(threads[1:]) if threads[1:].isdigit() else None,
               "size": rest, "x": size_of(op, rest), "name": b["run_name"]}
        if b.get("error_occurred"):
            msg = b.get("error_message", "error")
            # A backend that refuses an op (BASIS_ERR_BACKEND: an OpenCL device without that
            # kernel) is not a wrong result, whichever way the row reported it.
            refused = "BASIS_ERR_BACKEND" in msg
            row["status"] = "FAIL" if msg.startswith("FAILED") and not refused else "skip"
            row["message"] = msg
        else:
            row["status"] = "ok"
            for k, field in (("GFLOPS", "gflops"), ("GB/s", "gbs"), ("edges/s", "edges_per_s"),
                             ("pct_peak", "pct_peak"), ("verified", "verified"),
                             ("residual", "residual")):
                if k in b:
                    row[field] = b[k]
            row["ms_per_call"] = b.get("real_time")
        rows.append(row)


def fmt(v):
    if v is None:
        return "-"
    return f"{v:.1f}" if v >= 10 else f"{v:.3g}"


def print_tables(rows, configs, peak_keys):
    """Per op, precision and threads: GFLOP/s (% of peak) of every child, then the speed-up
    of basis's best backend over ref and over the best peer."""
    by = {}
    for r in rows:
        by.setdefault((r["op"], r["precision"], r["threads"]), []).append(r)
    keys = [c[0] for c in configs]
    for op in OP_NAMES:
        for (o, p, t), group in sorted(((k, v) for k, v in by.items() if k[0] == op),
                                       key=lambda kv: (kv[0][1], kv[0][2])):
            cols = [k for k in keys if any(r["config"] == k for r in group)]
            peers = [k for k in cols if is_peer(k)]
            basis_cols = [k for k in cols if not is_peer(k)]
            sizes = sorted({r["size"] for r in group},
                           key=lambda s: (size_of(op, s) or 0, s))
            print(f"\n### {op}, {'double' if p == 'd' else 'single'}, {t} thread"
                  f"{'s' if t != 1 else ''}: GFLOP/s (% of peak)\n")
            head = ["size"] + cols + ["best basis", "vs ref", "vs best peer"]
            print("| " + " | ".join(head) + " |")
            print("|---" * len(head) + "|")
            for s in sizes:
                cells, val = [], {}
                for k in cols:
                    r = next((r for r in group if r["config"] == k and r["size"] == s), None)
                    if r is None:
                        cells.append("-")
                    elif r["status"] == "FAIL":
                        cells.append("**FAIL**")
                    elif r["status"] == "skip":
                        cells.append("skip")
                    else:
                        val[k] = r.get("gflops")
                        pct = r.get("pct_peak")
                        cells.append(fmt(val[k]) + (f" ({pct:.0f}%)" if pct is not None else ""))
                best = max(((val[k], k) for k in basis_cols if val.get(k)), default=None)
                peer = max(((val[k], k) for k in peers if val.get(k)), default=None)
                ref = val.get("ref")
                cells.append(f"{best[1]} {fmt(best[0])}" if best else "-")
                cells.append(f"{best[0] / ref:.1f}x" if best and ref else "-")
                cells.append(f"{best[0] / peer[0]:.2f}x ({peer[1]})" if best and peer else "-")
                print(f"| {s} | " + " | ".join(cells) + " |")


def write_csv(path, rows):
    fields = ["op", "precision", "threads", "size", "x", "config", "impl", "status", "gflops",
              "gbs", "edges_per_s", "pct_peak", "ms_per_call", "verified", "residual", "name",
              "message"]
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow(r)


def peak_lines(op, prec, threads, peak, configs_in_plot):
    """(label, GFLOP/s, backend or None) of the limits known for this plot: the FMA peak of each CPU backend
    drawn (compute-bound ops), or the memory roof (triad GB/s x the op's flops per byte)."""
    if not peak:
        return []
    lines = []
    t = max(threads)
    dbl = prec == "d"
    es = 8.0 if dbl else 4.0
    if op in INTENSITY:
        bw = peak["triad"]["gbs_all" if t > 1 else "gbs_1thread"]
        lines.append((f"memory roof: STREAM triad {bw:.0f} GB/s x {INTENSITY[op] / es:.3g} "
                      "flop/byte", bw * INTENSITY[op] / es, None))
    elif op in ("gemm", "getrf", "gesv"):
        for tg in peak["targets"]:
            if tg["name"] in configs_in_plot:
                v = tg[("d" if dbl else "s") + ("_gflops_all" if t > 1 else "_gflops_1core")]
                lines.append((f"{tg['name']} FMA peak, {t} thread{'s' if t > 1 else ''}", v,
                              tg["name"]))
    return lines


def human(x, _pos=None):
    """Tick labels: 256, 4K, 16M."""
    x = int(round(x))
    if x >= 1 << 20 and x % (1 << 20) == 0:
        return f"{x >> 20}M"
    if x >= 1 << 10 and x % (1 << 10) == 0:
        return f"{x >> 10}K"
    return f"{x:,}" if x >= 10000 else f"{x}"


def plot(out_dir, rows, peak, configs, machine):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    keys = [c[0] for c in configs]
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    color_of = {k: colors[i % len(colors)] for i, k in enumerate(keys)}
    written = []
    for op, xlabel, _ in OPS:
        ok = [r for r in rows if r["op"] == op and r["status"] == "ok" and r.get("x")]
        if not ok:
            continue
        precs = sorted({r["precision"] for r in ok}, key=lambda p: p != "s")
        fig, axes = plt.subplots(1, len(precs), figsize=(8.2 * len(precs), 4.8), squeeze=False)
        for ax, p in zip(axes[0], precs):
            sub = [r for r in ok if r["precision"] == p]
            threads = sorted({r["threads"] for r in sub})
            for k in keys:
                for t in threads:
                    pts = sorted((r["x"], r["gflops"], r["size"]) for r in sub
                                 if r["config"] == k and r["threads"] == t and r.get("gflops"))
                    if not pts:
                        continue
                    # One size, two variants (gemv N and T): the best of them per x.
                    best = {}
                    for x, y, _ in pts:
                        best[x] = max(best.get(x, 0), y)
                    xs = sorted(best)
                    # All threads: solid, filled markers; fewer: dashed, hollow markers.
                    full = t == max(threads)
                    ax.plot(xs, [best[x] for x in xs], marker="o", markersize=4,
                            color=color_of[k], linestyle="-" if full else "--",
                            markerfacecolor=color_of[k] if full else "white",
                            label=f"{k}, {t} thread{'s' if t != 1 else ''}")
                    if op == "pagerank" and t == max(threads) and k == keys[0]:
                        for x, y, name in pts:
                            ax.annotate(name, (x, y), textcoords="offset points",
                                        xytext=(0, 6), fontsize=7, ha="center")
            for label, v, key in peak_lines(op, p, threads, peak, {r["config"] for r in sub}):
                ax.axhline(v, color=color_of.get(key, "0.35"), linestyle=":", linewidth=1.2,
                           label=label)
            ax.set_xscale("log", base=2 if op != "pagerank" else 10)
            ax.set_yscale("log")
            # Ticks at the sizes measured (labelled 4K, 1M, ...), and 1-2-5 steps up the
            # GFLOP/s axis so that a range under a decade still has labels.
            xs_all = sorted({r["x"] for r in sub})
            if len(xs_all) <= 12:
                ax.set_xticks(xs_all)
                ax.xaxis.set_minor_locator(NullLocator())
            ax.xaxis.set_major_formatter(FuncFormatter(human))
            lo, hi = ax.get_ylim()
            decades = (hi / lo) if lo > 0 else 1e9
            ax.yaxis.set_major_locator(LogLocator(
                base=10, subs=(1.0, 2.0, 5.0) if decades < 300 else (1.0,)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: f"{y:g}"))
            ax.yaxis.set_minor_formatter(FuncFormatter(lambda y, _p: ""))
            ax.set_xlabel(xlabel)
            ax.set_ylabel("GFLOP/s (10^9 flop/s)" if op != "pagerank"
                          else "GFLOP/s (2 flops per edge and iteration)")
            ax.set_title(f"{op}, {'double' if p == 'd' else 'single'} precision")
            ax.grid(True, which="major", alpha=0.3)
            ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), handlelength=3.5)
        fig.suptitle(f"basis compare: {op} on {machine}; every point a verified result",
                     fontsize=10)
        fig.tight_layout()
        path = os.path.join(out_dir, f"{op}.png")
        fig.savefig(path, dpi=110)
        plt.close(fig)
        written.append(path)
    return written


def main():
    have_mpl = ensure_matplotlib()
    args = parse_args()
    def need(prog):
        if not os.access(prog, os.X_OK):
            sys.exit(f"basis compare: {prog} not found; build first: "
                     "cmake -S . -B build && cmake --build build")
    need(args.basis)
    info = machine_facts(args.basis)
    configs = make_configs(args, info)  # checks --backends against this machine first
    need(args.bench)
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as e:
        sys.exit(f"basis compare: cannot create --out {args.out}: {e.strerror}")
    if "pagerank" in args.ops and not os.path.isdir(graph_dir(args)):
        print(f"basis compare: no graphs at {graph_dir(args)} (--graph-dir, BASIS_SHARED_DIR): "
              "the pagerank rows will be skipped", file=sys.stderr)

    start = time.time()
    load_before = os.getloadavg()[0]
    rows, children, peak = [], [], None
    failed = False
    with tempfile.TemporaryDirectory(prefix="basis-compare-") as tmp:
        for i, config in enumerate(configs, 1):
            if config[0].startswith("clblast-"):
                before = len(rows)
                rc, err, secs = run_clblast(config, args, i, len(configs), rows)
                bad = rc != 0 or any(r["status"] == "FAIL" for r in rows[before:])
                children.append({"config": config[0], "what": config[1],
                                 "command": "basis-bench-opencl --sizes=... --precision=s|d "
                                            "--reps=3", "environment": config[3],
                                 "exit_status": rc, "seconds": secs, "stderr": err[-2000:],
                                 "impl": "clblast"})
                print(", FAILED" if bad else ", ok", file=sys.stderr, flush=True)
                failed = failed or bad
                continue
            rc, data, err, secs = run_child(args.bench, config, args, i, len(configs), tmp)
            children.append({"config": config[0], "what": config[1],
                             "command": shlex.join([os.path.basename(args.bench)] + config[2] +
                                                   child_options(config[4], config[0], args)),
                             "environment": config[3], "exit_status": rc, "seconds": secs,
                             "stderr": err[-2000:],
                             "impl": ((data or {}).get("context") or {}).get("gemm_impl")})
            before = len(rows)
            collect(config, data, rows)
            # A child that exits 1 over refused ops only (see collect) has not failed; one
            # that produced no rows, or a wrong result, has.
            mine = rows[before:]
            bad = rc not in (0, 3) and (not mine or any(r["status"] == "FAIL" for r in mine))
            status = ("FAILED" if bad else "not available" if rc == 3 else
                      "ok, some ops refused by the backend" if rc != 0 else "ok")
            print(f", {status}", file=sys.stderr, flush=True)
            if bad:
                failed = True
                for line in err.splitlines():
                    if line.startswith("basis-bench") or not data:
                        print(f"{config[0]}: {line}", file=sys.stderr)
            if peak is None and data:
                try:
                    peak = json.loads(data["context"]["basis_info"]).get("peak")
                except (KeyError, ValueError):
                    pass
    failed = failed or any(r["status"] == "FAIL" for r in rows)
    wall = time.time() - start

    print(f"## basis compare ({'quick' if args.quick else 'full'} run)\n")
    print(f"{info['cpu']['model']}, {info['topology']['physical_cores']} cores; backends "
          f"{', '.join(c[0] for c in configs if not is_peer(c[0]))}; peers "
          f"{', '.join(c[0] for c in configs if is_peer(c[0])) or 'none'}; wall time "
          f"{wall:.0f} s; load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after."
          " Every number is a verified result (a wrong one is **FAIL**, never a time). % of peak: "
          "of the FMA peak for gemm/getrf/gesv, of the STREAM triad bandwidth (by each op's "
          "traffic model) for the others.")
    print_tables(rows, configs, PEER_KEYS)
    unavailable = [c for c in children if c["exit_status"] == 3]
    for c in unavailable:
        print(f"\n- {c['config']}: not available: {c['stderr'].replace('basis-bench: ', '')}")
    notes = [r for r in rows if r["status"] != "ok"]
    if notes:
        print("\nSkipped or failed rows:\n")
        seen = set()
        for r in notes:
            # One line per reason and child (an OpenCL device refusing an op says so once).
            msg = r["message"]
            if r["status"] == "skip" and "BASIS_ERR_BACKEND" in msg:
                msg = "refused by the backend: " + msg.split(": ", 1)[1]
            if (r["config"], r["op"], msg) in seen:
                continue
            seen.add((r["config"], r["op"], msg))
            print(f"- {r['config']} {r['name']}: {msg}")

    report = {"command": shlex.join(["basis", "compare"] + sys.argv[1:]),
              "quick": args.quick, "ops": args.ops, "threads": args.threads,
              "precisions": args.precisions, "wall_seconds": wall,
              "machine": info, "peak": peak, "children": children, "rows": rows,
              "failed": failed}
    with open(os.path.join(args.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    write_csv(os.path.join(args.out, "report.csv"), rows)
    pngs = []
    if have_mpl:
        pngs = plot(args.out, rows, peak, configs,
                    f"{info['cpu']['model']}, {info['topology']['physical_cores']} cores")
    else:
        print("\nbasis compare: no plots: matplotlib is missing (Debian: apt-get install "
              "python3-matplotlib; tools/setup.sh installs it)", file=sys.stderr)
    print(f"\nReport: {os.path.join(args.out, 'report.json')}, "
          f"{os.path.join(args.out, 'report.csv')}" +
          (f"; plots: {', '.join(pngs)}" if pngs else ""))
    if failed:
        print("basis compare: FAILED: a result was wrong or a child failed (see above)",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
