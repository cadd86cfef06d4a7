"""client_numpy.py: the numpy side of tests/client_numpy.sh: matmul and solve on fixed data, saved, or compared with a saved run within rounding."""
import sys

import numpy as np


def problems():
    rng = np.random.default_rng(8)
    out = {}
    for dt in (np.float64, np.float32):
        # Shapes reach basis's direct and blocked GEMM paths; odd sizes on purpose.
        for m, k, n in ((7, 5, 3), (64, 64, 64), (257, 130, 301), (600, 500, 400)):
            a = rng.standard_normal((m, k)).astype(dt)
            b = rng.standard_normal((k, n)).astype(dt)
            out[f"mm_{np.dtype(dt).name}_{m}_{k}_{n}"] = (a, b)
        for n in (1, 9, 300):
            a = rng.standard_normal((n, n)).astype(dt) + n * np.eye(n, dtype=dt)
            b = rng.standard_normal((n, 4)).astype(dt)
            out[f"solve_{np.dtype(dt).name}_{n}"] = (a, b)
    # A Fortran-ordered and a transposed operand take the other CBLAS layouts/transposes.
    a = np.asfortranarray(rng.standard_normal((90, 70)))
    b = rng.standard_normal((110, 70)).T
    out["mm_float64_layouts"] = (a, b)
    return out


def compute():
    res = {}
    for key, (a, b) in problems().items():
        res[key] = a @ b if key.startswith("mm") else np.linalg.solve(a, b)
    return res


def main():
    mode, path = sys.argv[1], sys.argv[2]
    res = compute()
    if mode == "save":
        np.savez(path, **res)
        return 0
    ref = np.load(path)
    bad = 0
    for key, (a, b) in problems().items():
        got, want = res[key], ref[key]
        eps = np.finfo(a.dtype).eps
        if key.startswith("mm"):
            # Both are sums of k products in different orders: |diff| <= 2 k eps |A||B|.
            bound = 2 * a.shape[1] * eps * (np.abs(a) @ np.abs(b)) + np.finfo(a.dtype).tiny
            ok = np.all(np.abs(got - want) <= bound)
        else:
            # Diagonally dominant, so well conditioned: solutions agree to ~n eps.
            n = a.shape[0]
            scale = np.max(np.abs(want)) + np.finfo(a.dtype).tiny
            ok = np.max(np.abs(got - want)) / scale <= 100 * n * eps
            resid = np.max(np.abs(a @ got - b)) / (np.max(np.abs(a)) * scale * n)
            ok = ok and resid <= 10 * eps
        if not ok:
            bad += 1
            print(f"client_numpy: {key}: max |basis - numpy| = {np.max(np.abs(got - want)):.3g}")
    print(f"client_numpy: {len(res) - bad} of {len(res)} results equal to numpy's own within rounding")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
