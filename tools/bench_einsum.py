#!/usr/bin/env python3
"""bench_einsum.py: basis einsum (basis-bench-einsum) and numpy.einsum(optimize=True) on the same contractions, one run, side by side with ratios and the floor (basis at least as fast)."""
import argparse
import os
import subprocess
import sys
import time

# name, subscripts, operand shapes, under the floor: the same cases as bench/bench_einsum.c.
# tensor3-t is shown, not held to the floor: basis writes its output contiguous in lji order,
# while numpy returns a transposed view of an ijl result and never writes that order.
CASES = [
    ("matmul", "ij,jk->ik", [(1024, 1024), (1024, 1024)], True),
    ("batched", "bij,bjk->bik", [(64, 128, 128), (64, 128, 128)], True),
    ("tensor3", "ijk,jkl->il", [(256, 64, 64), (64, 64, 256)], True),
    ("tensor3-t", "ijk,kl->lji", [(128, 96, 256), (256, 192)], False),
]
FLOOR = 1.0  # numpy time / basis time, on every case under the floor


def numpy_child(reps):
    """Runs in a child so that OPENBLAS_NUM_THREADS is set before numpy loads OpenBLAS."""
    import numpy as np
    rng = np.random.default_rng(1)
    for name, sub, shapes, _ in CASES:
        ops = [rng.random(s) - 0.5 for s in shapes]
        np.einsum(sub, *ops, optimize=True)  # warm-up
        best = float("inf")
        for _ in range(reps):
            t0 = time.perf_counter()
            np.einsum(sub, *ops, optimize=True)
            best = min(best, time.perf_counter() - t0)
        print(f"einsum {name} {sub} {best:.6e} numpy")


def run(cmd, env):
    out = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"bench_einsum: {' '.join(cmd)} failed ({out.returncode}): {out.stderr.strip()}")
    rows = {}
    for line in out.stdout.splitlines():
        f = line.split()
        if len(f) == 5 and f[0] == "einsum":
            if f[4] == "WRONG":
                sys.exit(f"bench_einsum: basis gave a wrong result on {f[1]}")
            rows[f[1]] = float(f[3])
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bin", default=os.path.join(here, "..", "build", "bench", "basis-bench-einsum"))
    ap.add_argument("--threads", type=int, default=os.cpu_count(),
                    help="threads for both (BASIS_NUM_THREADS, OPENBLAS_NUM_THREADS); default all")
    ap.add_argument("--reps", type=int, default=5, help="timed repetitions, best kept")
    ap.add_argument("--numpy-child", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.numpy_child:
        numpy_child(a.reps)
        return 0
    env = dict(os.environ)
    env.update({"BASIS_NUM_THREADS": str(a.threads), "OPENBLAS_NUM_THREADS": str(a.threads),
                "OMP_NUM_THREADS": str(a.threads)})
    basis = run([a.bin, f"--reps={a.reps}"], env)
    numpy = run([sys.executable, os.path.abspath(__file__), "--numpy-child", f"--reps={a.reps}"], env)
    print(f"einsum, double, {a.threads} thread(s), best of {a.reps}; ratio = numpy time / basis time")
    print(f"{'case':<10} {'subscripts':<14} {'shapes':<28} {'basis ms':>9} {'numpy ms':>9} {'ratio':>6}")
    worst = float("inf")
    for name, sub, shapes, floor in CASES:
        b, n = basis[name], numpy[name]
        if floor:
            worst = min(worst, n / b)
        shp = " ".join("x".join(map(str, s)) for s in shapes)
        print(f"{name:<10} {sub:<14} {shp:<28} {b * 1e3:9.2f} {n * 1e3:9.2f} {n / b:5.2f}x"
              f"{'' if floor else '  (not under the floor: numpy returns a view)'}")
    verdict = "holds" if worst >= FLOOR else "MISSED"
    print(f"floor: basis >= {FLOOR:.1f}x numpy.einsum(optimize=True) on matmul, batched, tensor3: "
          f"{verdict} (worst {worst:.2f}x)")
    return 0 if worst >= FLOOR else 1


if __name__ == "__main__":
    sys.exit(main())
