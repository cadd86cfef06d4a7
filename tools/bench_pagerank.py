#!/usr/bin/env python3
"""bench_pagerank.py: PageRank on a real graph side by side in one run: basis-bench-pagerank (a plain scalar pull kernel, basis, igraph's PRPACK, GraphBLAS) and scipy.sparse in this process; prints the table, the ratios and the floor."""
import argparse
import gzip
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRAPHS = os.path.join(os.path.dirname(ROOT), "shared", "data", "graphs")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split(": ", 1)[1])
    p.add_argument("--bench", default=os.path.join(ROOT, "build", "bench", "basis-bench-pagerank"))
    p.add_argument("--graph", default=os.path.join(GRAPHS, "cnr-2000.edges.tsv.gz"))
    p.add_argument("--oracle", default=os.path.join(GRAPHS, "oracle", "cnr-2000.pagerank_d085.txt.gz"))
    p.add_argument("--tol", type=float, default=1e-10, help="L1 tolerance (default 1e-10)")
    p.add_argument("--reps", type=int, default=3, help="runs per row; the best is kept (default 3)")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--no-scipy", action="store_true", help="leave the scipy row out")
    return p.parse_args()


def read_text(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        return f.read()


def scipy_row(args, reps):
    """The same iteration with scipy.sparse (CSR of A^T, so the product pulls), 1 thread."""
    try:
        import numpy as np
        import scipy.sparse as sp
    except ImportError as e:
        return {"row": "scipy", "ok": False, "error": "not installed (%s)" % e}
    tokens = np.array(read_text(args.graph).split("\n"), dtype=object)
    lines = [ln for ln in tokens if ln and not ln.startswith("#")]
    e = np.array(" ".join(lines).split(), dtype=np.int64).reshape(-1, 2)
    src, dst = e[:, 0], e[:, 1]
    n = int(max(src.max(), dst.max())) + 1
    at = sp.csr_matrix((np.ones(len(src)), (dst, src)), shape=(n, n))  # duplicates add up
    outdeg = np.bincount(src, minlength=n).astype(np.float64)
    dangling = outdeg == 0
    inv = np.where(dangling, 0.0, 1.0 / np.where(dangling, 1.0, outdeg))
    d = 0.85
    best, iters, x = None, 0, None
    for _ in range(reps):
        t0 = time.perf_counter()
        x = np.full(n, 1.0 / n)
        it, res = 0, float("inf")
        while it < 1000 and not res < args.tol:
            xn = d * (at @ (x * inv)) + (d * x[dangling].sum() + 1.0 - d) / n
            res = float(np.abs(xn - x).sum())
            x = xn
            it += 1
        x = x / x.sum()
        sec = time.perf_counter() - t0
        if best is None or sec < best:
            best, iters = sec, it
    ref = np.array([float(v) for v in read_text(args.oracle).split("\n")
                    if v and not v.startswith("#")])
    l1 = float(np.abs(x - ref).sum())
    ok = l1 <= 1e-8
    return {"row": "scipy", "precision": "d", "threads": 1, "ok": ok, "iterations": iters,
            "seconds": best, "ms_per_iter": 1e3 * best / iters, "l1_to_oracle": l1,
            "error": "" if ok else "wrong result: L1 distance %.3g to the oracle" % l1}


def main():
    args = parse_args()
    if not os.path.exists(args.bench):
        sys.exit("bench_pagerank: %s not found (build first: cmake --build build)" % args.bench)
    load0 = os.getloadavg()[0]
    t0 = time.time()
    cmd = [args.bench, "--graph", args.graph, "--oracle", args.oracle, "--tol", str(args.tol),
           "--reps", str(args.reps), "--threads", args.threads, "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit("bench_pagerank: %s failed: %s" % (" ".join(cmd), out.stderr.strip()))
    rows = [json.loads(ln) for ln in out.stdout.splitlines() if ln.startswith("{")]
    if not args.no_scipy:
        rows.append(scipy_row(args, args.reps))
    load1 = os.getloadavg()[0]

    def find(name, prec="d", threads=None):
        for r in rows:
            if r["row"].startswith(name) and r.get("precision") == prec and r.get("ok") and \
                    (threads is None or r["threads"] == threads):
                return r
        return None

    print("PageRank on %s, damping 0.85, tol %g (L1), best of %d run(s); wall %.0f s; load "
          "average %.2f before, %.2f after, on %d CPUs\n" %
          (os.path.basename(args.graph), args.tol, args.reps, time.time() - t0, load0, load1,
           os.cpu_count()))
    print("Command: `python3 tools/bench_pagerank.py %s`\n" % " ".join(sys.argv[1:]))
    print("| row | precision | threads | iterations | ms to converge | ms per iteration | "
          "L1 to oracle |\n|---|---|---|---|---|---|---|")
    failed = False
    for r in rows:
        if not r.get("ok"):
            failed = failed or "not installed" not in r.get("error", "")
            print("| %s | %s | %s | %s | | | |" % (r["row"], r.get("precision", ""),
                                                 r.get("threads", ""), "FAILED: " + r["error"]
                                                 if "not installed" not in r["error"] else
                                                 r["error"]))
            continue
        its = r["iterations"] if r["iterations"] else "(own solver)"
        mpi = "%.3f" % r["ms_per_iter"] if r["iterations"] else "-"
        print("| %s | %s | %d | %s | %.1f | %s | %.2e |" % (r["row"], r["precision"],
              r["threads"], its, 1e3 * r["seconds"], mpi, r["l1_to_oracle"]))
    plain = find("plain")
    print("\n| floor item | measured | least | holds |\n|---|---|---|---|")
    for t in [int(v) for v in args.threads.split(",")]:
        b = find("basis-", "d", t)
        if plain and b:
            ratio = plain["ms_per_iter"] / b["ms_per_iter"]
            need = 3.0 if t == 2 else None
            print("| double, %d thread(s): per-iteration speed-up over the plain scalar kernel "
                  "| %.2fx | %s | %s |" % (t, ratio, "3x" if need else "-",
                                         ("yes" if ratio >= need else "**no**") if need else "-"))
        bs = find("basis-", "s", t)
        if b and bs:
            print("| float vs double per iteration, %d thread(s) | %.2fx | close to 2x | - |" %
                  (t, b["ms_per_iter"] / bs["ms_per_iter"]))
    best_basis = min((r for r in rows if r["row"].startswith("basis-") and r.get("ok") and
                      r["precision"] == "d"), key=lambda r: r["seconds"], default=None)
    for peer in ["igraph-prpack", "graphblas", "scipy"]:
        p = min((r for r in rows if r["row"] == peer and r.get("ok")),
                key=lambda r: r["seconds"], default=None)
        if p and best_basis:
            print("| time to converge: basis (%d thread(s)) below %s (%d thread(s)) | %.1f vs "
                  "%.1f ms | below | %s |" % (best_basis["threads"], peer, p["threads"],
                                              1e3 * best_basis["seconds"], 1e3 * p["seconds"],
                                              "yes" if best_basis["seconds"] < p["seconds"]
                                              else "**no**"))
    if load1 > 0.5 * os.cpu_count():
        print("\n**Warning: load average %.2f on %d CPUs: other processes competed for the "
              "cores.**" % (load1, os.cpu_count()))
    sys.exit(1 if failed or out.returncode == 1 else 0)


if __name__ == "__main__":
    main()
