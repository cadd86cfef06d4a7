#!/usr/bin/env python3
"""gpu_summary.py: turns the log of tools/gpu_run.sh into docs/gpu.md's tables and AUTO's thresholds.

    python3 tools/gpu_summary.py GPU_LOG [--peak-s GFLOPS] [--peak-d GFLOPS] [--graph-dir DIR]

Prints, in Markdown:
- GEMM: every basis-bench-opencl row (the table's entry, then the tuned one), with the
  kernels' share of the device's peak (FP32 and FP64 peaks default to the H200's 67 and 34
  TFLOP/s from ANCHORS.md) and the ratio to CLBlast; the tuner's winners;
- LU, power iteration and PageRank: the device's time against the CPU's, per size or graph,
  end to end, and where the device starts to win for good: the smallest size from which it
  wins at every larger size measured, with the work AUTO compares against that threshold
  (host/opencl/auto.c's measured_ops: 2mnk - (m+n)k^2 + 2k^3/3 for an n x n LU, 2n^2 per
  power iteration, 2 per edge per PageRank iteration);
- the steps that failed, were cut or were skipped.
Every row in the log was verified by its own program; a row that was not is listed as such.
"""
import argparse
import gzip
import os
import re
import sys

STEP = re.compile(r"^== (\S+): (.*)$")
GEMM_ROW = re.compile(r"^\s*(\d+)\s+([\d.]+) GF/s\s+([\d.]+) GF/s\s+([\d.]+) GF/s\s+([\d.]+)x\s+"
                      r"([\d.]+)x\s+(\S+)")
GB_ROW = re.compile(r"^(getrf|gesv|power|pagerank)/([sd])/(\w+)/t(\d+)/(\S+)\s+([\d.]+) (ns|us|ms|s)\s")
UNIT = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}


def steps(lines):
    """{step name: (its lines, how it ended)}, in the log's order."""
    out, cur = {}, None
    for line in lines:
        m = STEP.match(line)
        if m:
            name, rest = m.groups()
            if rest.startswith("exit ") or rest.startswith("skipped"):
                if name in out:
                    out[name] = (out[name][0], rest)
                else:
                    out[name] = ([], rest)
                cur = None
            else:
                out[name] = ([], "did not end (the run was cut)")
                cur = name
        elif cur:
            out[cur][0].append(line)
    return out


def gemm_rows(body):
    prec = "d" if any("dgemm" in l for l in body) else "s"
    rows = []
    for line in body:
        m = GEMM_ROW.match(line)
        if m:
            n, e2e, kern, clb, _, kc, ver = m.groups()
            rows.append((prec, int(n), float(e2e), float(kern), float(clb), float(kc), ver))
    return rows


def gb_rows(body):
    """(op, precision, backend, size) -> (seconds per call, verified)."""
    rows = {}
    for line in body:
        m = GB_ROW.match(line)
        if m:
            op, prec, backend, _, size, t, unit = m.groups()
            rows[(op, prec, backend, size)] = (float(t) * UNIT[unit], "verified=1" in line)
    return rows


def edge_count(graph_dir, name):
    for suffix, opener in ((".edges.tsv", open), (".edges.tsv.gz", gzip.open)):
        path = os.path.join(graph_dir, name + suffix)
        if os.path.exists(path):
            with opener(path, "rt") as f:
                return sum(1 for l in f if l.strip() and not l.startswith(("#", "%")))
    return None


def work(op, size, graph_dir):
    if op in ("getrf", "gesv"):
        return 2.0 * int(size) ** 3 / 3.0
    if op == "power":
        return 2.0 * int(size) ** 2
    m = edge_count(graph_dir, size)
    return None if m is None else 2.0 * m


def crossover(points):
    """points: [(work, device s, cpu s)] sorted by work: the least work from which the
    device wins at every larger point, or None."""
    best = None
    for w, dev, cpu in reversed(points):
        if dev < cpu:
            best = w
        else:
            break
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("log")
    ap.add_argument("--peak-s", type=float, default=67000.0, help="FP32 peak, GFLOP/s")
    ap.add_argument("--peak-d", type=float, default=34000.0, help="FP64 peak, GFLOP/s")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--graph-dir", default=os.path.join(here, "..", "..", "shared", "data",
                                                        "graphs"))
    args = ap.parse_args()
    try:
        with open(args.log, errors="replace") as f:
            log = steps(f.read().splitlines())
    except OSError as e:
        print(f"gpu_summary.py: cannot read {args.log}: {e.strerror}", file=sys.stderr)
        return 1

    print("## GEMM (column major NN, best of 3; kernels: basis's pack and GEMM kernels; CLBlast "
          "with its matrices on the device)\n")
    print("| step | op | n | basis kernels | % of peak | basis end to end | CLBlast | kernels / CLBlast | verified |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in ("gemm_s", "gemm_s_tuned", "gemm_d"):
        for prec, n, e2e, kern, clb, kc, ver in gemm_rows(log.get(name, ([], ""))[0]):
            peak = args.peak_s if prec == "s" else args.peak_d
            print(f"| {name} | {prec}gemm | {n} | {kern / 1000:.1f} TFLOP/s | {100 * kern / peak:.0f} % "
                  f"| {e2e / 1000:.1f} | {clb / 1000:.1f} | {kc:.2f}x | {ver} |")
    for name in ("tune_s", "tune_d"):
        for line in log.get(name, ([], ""))[0]:
            if line.startswith("winner:"):
                print(f"\n{name}: {line}")

    print("\n## LU, power iteration, PageRank: device against CPU, end to end (seconds per call)\n")
    rows = {}
    for name in ("lu_device", "lu_cpu", "power_pagerank_opencl", "power_pagerank_cpu"):
        rows.update(gb_rows(log.get(name, ([], ""))[0]))
    print("| op | precision | size | work (flop) | device | CPU | CPU / device | verified |")
    print("|---|---|---|---|---|---|---|---|")
    series = {}
    for (op, prec, backend, size), (t, ok) in sorted(rows.items()):
        if backend != "opencl":
            continue
        cpu = [(v, k) for k, v in rows.items()
               if k[0] == op and k[1] == prec and k[3] == size and k[2] != "opencl"]
        if not cpu:
            continue
        (tc, okc), key = cpu[0]
        w = work(op, size, args.graph_dir)
        shown = f"{w:.3g}" if w else "?"
        print(f"| {op} | {prec} | {size} | {shown} | {t:.4g} | {tc:.4g} ({key[2]}) | {tc / t:.2f}x "
              f"| {'yes' if ok and okc else 'NO'} |")
        if w and ok and okc:
            series.setdefault((op, prec), []).append((w, t, tc))

    print("\n## Where the device starts to win for good (AUTO's measured_ops)\n")
    kinds = {"getrf": "BASIS_CL_AUTO_LU", "gesv": "BASIS_CL_AUTO_LU",
             "power": "BASIS_CL_AUTO_POWER", "pagerank": "BASIS_CL_AUTO_PAGERANK"}
    for (op, prec), pts in sorted(series.items()):
        pts.sort()
        w = crossover(pts)
        if w is None:
            print(f"- {op} ({prec}): the CPU won at the largest size measured: no threshold")
        elif w == pts[0][0]:
            print(f"- {op} ({prec}): the device won at every size measured, the smallest "
                  f"{w:.3g} flop: the threshold is at or below it ({kinds[op]})")
        else:
            print(f"- {op} ({prec}): the device wins from {w:.3g} flop of work ({kinds[op]})")

    print("\n## Steps\n")
    bad = 0
    for name, (_, end) in log.items():
        fine = end.startswith("exit 0")
        bad += not fine
        print(f"- {name}: {end}{'' if fine else '  <--'}")
    return 0 if bad == 0 else 2


if __name__ == "__main__":
    sys.exit(main())
