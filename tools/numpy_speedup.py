#!/usr/bin/env python3
"""numpy_speedup.py: numpy's matmul and solve with and without basis (LD_PRELOAD of libbasis.so) side by side, on this machine.

usage: tools/numpy_speedup.py [--lib build/libbasis.so] [--threads T] [--repeat R]
                              [--matmul 256,1024,2048] [--solve 500,1000,2000] [--python PY]

Each configuration runs in a fresh process: once on numpy's own BLAS/LAPACK (Debian: the
libblas.so.3 / liblapack.so.3 alternative, usually OpenBLAS) and once with
LD_PRELOAD=<lib>, which puts basis's cblas_dgemm/cblas_sgemm (a @ b) and dgesv_
(np.linalg.solve) in front of it. The best of R runs is reported; the results of the two
runs are compared, so a speed-up is never quoted for a wrong answer. --threads sets
OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and BASIS_NUM_THREADS alike (default: unset, each
library's own default).
"""
import argparse
import json
import os
import subprocess
import sys

WORKER = r"""
import json, sys, time
import numpy as np
cfg = json.loads(sys.argv[1])
rng = np.random.default_rng(1)
out = []
def best(f, repeat):
    f()  # warm-up: first-call set-up, page faults, thread start
    t = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter(); r = f(); t = min(t, time.perf_counter() - t0)
    return t, r
for dt in ("float64", "float32"):
    for n in cfg["matmul"]:
        a = rng.standard_normal((n, n)).astype(dt); b = rng.standard_normal((n, n)).astype(dt)
        t, c = best(lambda: a @ b, cfg["repeat"])
        out.append({"op": "matmul", "dtype": dt, "n": n, "s": t, "gflops": 2.0 * n**3 / t / 1e9,
                    "check": float(np.sum(c[:, :8], dtype=np.float64))})
for n in cfg["solve"]:
    a = rng.standard_normal((n, n)) + n ** 0.5 * np.eye(n); b = rng.standard_normal((n, 1))
    t, x = best(lambda: np.linalg.solve(a, b), cfg["repeat"])
    out.append({"op": "solve", "dtype": "float64", "n": n, "s": t,
                "gflops": (2.0 / 3.0 * n**3 + 2.0 * n**2) / t / 1e9,
                "check": float(np.linalg.norm(a @ x - b) / (np.linalg.norm(a) * np.linalg.norm(x)))})
print(json.dumps(out))
"""


def find_lib():
    here = os.path.dirname(os.path.abspath(__file__))
    for cand in ("build/libbasis.so", "build-release/libbasis.so"):
        path = os.path.join(here, "..", cand)
        if os.path.exists(path):
            return os.path.abspath(path)
    return None


def find_python(given):
    for py in ([given] if given else []) + [sys.executable, "python3", "/usr/bin/python3"]:
        try:
            subprocess.run([py, "-c", "import numpy"], check=True, capture_output=True)
            return py
        except (OSError, subprocess.CalledProcessError):
            continue
    return None


def run(py, cfg, preload, threads):
    env = dict(os.environ)
    env.pop("LD_PRELOAD", None)
    env.pop("BASIS_VERBOSE", None)
    if preload:
        env["LD_PRELOAD"] = preload
    if threads:
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "BASIS_NUM_THREADS"):
            env[var] = str(threads)
    p = subprocess.run([py, "-c", WORKER, json.dumps(cfg)], env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"numpy_speedup: the {'basis' if preload else 'numpy'} run failed:\n{p.stderr}")
    return json.loads(p.stdout)


def sizes(text):
    return [int(v) for v in text.split(",") if v]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lib", default=find_lib(), help="libbasis.so or libbasis_blas.so")
    ap.add_argument("--threads", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--matmul", type=sizes, default=sizes("256,1024,2048"))
    ap.add_argument("--solve", type=sizes, default=sizes("500,1000,2000"))
    ap.add_argument("--python", default=None, help="a python3 that has numpy")
    args = ap.parse_args()
    if not args.lib or not os.path.exists(args.lib):
        sys.exit("numpy_speedup: no libbasis.so found; build first (tools/setup.sh) or pass --lib")
    py = find_python(args.python)
    if not py:
        sys.exit("numpy_speedup: no python3 with numpy (Debian: apt-get install python3-numpy)")
    cfg = {"matmul": args.matmul, "solve": args.solve, "repeat": args.repeat}
    own = run(py, cfg, None, args.threads)
    with_basis = run(py, cfg, os.path.abspath(args.lib), args.threads)
    np_version = subprocess.run([py, "-c", "import numpy; print(numpy.__version__)"],
                                capture_output=True, text=True).stdout.strip()
    print(f"numpy {np_version} ({py}); basis: LD_PRELOAD={args.lib}; "
          f"threads: {args.threads or 'library defaults'}; best of {args.repeat}")
    print(f"{'op':<8}{'dtype':<9}{'n':>6}  {'numpy own s':>12}{'GFLOP/s':>9}  "
          f"{'with basis s':>13}{'GFLOP/s':>9}  {'speed-up':>8}  agree")
    bad = 0
    for o, b in zip(own, with_basis):
        if o["op"] == "matmul":
            # The sums of the first 8 columns: equal to ~n eps relative.
            tol = (1e-4 if o["dtype"] == "float32" else 1e-10) * max(1.0, abs(o["check"]))
            agree = abs(o["check"] - b["check"]) <= tol * o["n"] ** 0.5
        else:
            agree = b["check"] < 1e-12  # basis's own relative residual
        bad += not agree
        print(f"{o['op']:<8}{o['dtype']:<9}{o['n']:>6}  {o['s']:>12.4f}{o['gflops']:>9.1f}  "
              f"{b['s']:>13.4f}{b['gflops']:>9.1f}  {o['s'] / b['s']:>7.2f}x  "
              f"{'yes' if agree else 'NO'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
