#!/usr/bin/env python3
"""check_suite.py: the bench suite's tests: a deliberately wrong result becomes an error row and a non-zero exit, and a quick `basis compare` writes a report.json, report.csv and PNGs that parse."""
import csv
import json
import os
import subprocess
import sys
import tempfile

SUITE_OPS = ["gemv", "dot", "axpy", "power", "pagerank"]
SMALL = ["--threads=1", "--precisions=s,d", "--mv-sizes=7,65", "--vec-sizes=1,4099",
         "--power-sizes=7,65", "--graphs=karate", "--benchmark_min_time=0.01", "--no-peak"]


def fail(msg):
    print(f"check_suite: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def bench_rows(bench, extra, env_changes):
    env = dict(os.environ)
    env.update(env_changes)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.json")
        proc = subprocess.run([bench, "--ops=" + ",".join(SUITE_OPS)] + SMALL + extra +
                              [f"--benchmark_out={out}", "--benchmark_out_format=json"],
                              env=env, capture_output=True, text=True)
        try:
            with open(out) as f:
                data = json.load(f)
        except (OSError, ValueError) as e:
            fail(f"no JSON from basis-bench ({e}); stderr: {proc.stderr[-2000:]}")
    return proc.returncode, data


def check_corrupt(bench):
    """Every suite row made wrong on purpose (BASIS_BENCH_CORRUPT) is a FAILED error row with
    no time-derived counter, and the program exits 1; without the hook all pass."""
    rc, data = bench_rows(bench, [], {"BASIS_BENCH_CORRUPT": ",".join(SUITE_OPS)})
    rows = [b for b in data["benchmarks"] if b.get("run_type") == "iteration"]
    if rc != 1:
        fail(f"basis-bench exited {rc} with every result corrupted, not 1")
    if "test_hook" not in data.get("context", {}):
        fail("the context does not say the test hook is active")
    seen = set()
    for b in rows:
        op = b["run_name"].split("/")[0]
        seen.add(op)
        if not b.get("error_occurred") or not b.get("error_message", "").startswith(
                "FAILED: wrong result"):
            fail(f"{b['run_name']}: a corrupted result was not reported as wrong: {b}")
        for counter in ("GFLOPS", "GB/s", "edges/s", "pct_peak", "verified"):
            if counter in b:
                fail(f"{b['run_name']}: a wrong result still published {counter}")
    if seen != set(SUITE_OPS):
        fail(f"rows seen for {sorted(seen)}, want every op of {SUITE_OPS}")
    rc, data = bench_rows(bench, [], {"BASIS_BENCH_CORRUPT": ""})
    bad = [b["run_name"] for b in data["benchmarks"]
           if b.get("error_occurred") or b.get("verified") != 1]
    if rc != 0 or bad:
        fail(f"without the hook basis-bench exited {rc}; unverified rows: {bad}")
    # Only the named family is wrong: a prefix picks it.
    rc, data = bench_rows(bench, [], {"BASIS_BENCH_CORRUPT": "dot/d"})
    wrong = sorted(b["run_name"] for b in data["benchmarks"] if b.get("error_occurred"))
    if rc != 1 or not wrong or any(not w.startswith("dot/d/") for w in wrong):
        fail(f"BASIS_BENCH_CORRUPT=dot/d: exit {rc}, error rows {wrong}")
    print(f"check_suite corrupt: {len(rows)} corrupted rows all FAILED, exit 1; clean run ok")


def check_lazy(bench):
    """With the timed loops doing no work (BASIS_BENCH_LAZY), every row whose outputs are
    poisoned before its timed loop must fail its check: the check after the loop sees what
    the timed calls wrote, not what the untimed first call left. axpy accumulates and checks
    each call exactly instead, so no call is nothing wrong there."""
    rc, data = bench_rows(bench, [], {"BASIS_BENCH_LAZY": "1", "BASIS_BENCH_CORRUPT": ""})
    rows = [b for b in data["benchmarks"] if b.get("run_type") == "iteration"]
    missed = [b["run_name"] for b in rows if not b["run_name"].startswith("axpy/") and
              not b.get("error_message", "").startswith("FAILED: wrong result")]
    if rc != 1 or missed or not rows:
        fail(f"BASIS_BENCH_LAZY: exit {rc}, rows not failed: {missed}")
    print(f"check_suite lazy: {len(rows)} rows, every poisoned one FAILED")


def is_png(path):
    with open(path, "rb") as f:
        head = f.read(24)
    # The signature, then the IHDR chunk with a non-zero width and height.
    return (head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR" and
            int.from_bytes(head[16:20], "big") > 0 and int.from_bytes(head[20:24], "big") > 0)


def run_compare(basis, out, ops, env_changes):
    env = dict(os.environ)
    env.update(env_changes)
    cmd = [basis, "compare", "--quick", "--ops", ",".join(ops), "--sizes", "64,256",
           "--out", out]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    return proc


def check_compare(basis, out_dir):
    """A quick compare writes report.json (rows, machine facts), report.csv (the same rows)
    and one PNG per op with a verified row; a corrupted op makes it exit 1 with FAIL rows."""
    ops = ["gemm", "gemv", "dot", "pagerank"]
    out = os.path.join(out_dir, "quick")
    proc = run_compare(basis, out, ops, {"BASIS_BENCH_CORRUPT": ""})
    if proc.returncode != 0:
        fail(f"basis compare exited {proc.returncode}: {proc.stderr[-3000:]}")
    with open(os.path.join(out, "report.json")) as f:
        report = json.load(f)
    rows = report["rows"]
    if report["failed"] or not rows or "machine" not in report or "cpu" not in report["machine"]:
        fail("report.json: failed, no rows or no machine facts")
    for op in ops:
        ok = [r for r in rows if r["op"] == op and r["status"] == "ok"]
        if not ok:
            fail(f"report.json: no verified {op} row")
        if any(r.get("verified") != 1 or not r.get("gflops") for r in ok):
            fail(f"report.json: a {op} row without verified = 1 and GFLOP/s")
        png = os.path.join(out, f"{op}.png")
        if not os.path.isfile(png) or not is_png(png):
            fail(f"{png} missing or not a PNG")
    with open(os.path.join(out, "report.csv"), newline="") as f:
        table = list(csv.DictReader(f))
    if len(table) != len(rows) or not {"op", "config", "gflops", "pct_peak"} <= set(table[0]):
        fail(f"report.csv: {len(table)} rows for {len(rows)} in report.json, or columns missing")
    if "gemm" not in proc.stdout or "vs ref" not in proc.stdout:
        fail("no table printed")

    bad = os.path.join(out_dir, "corrupt")
    proc = run_compare(basis, bad, ["gemv"], {"BASIS_BENCH_CORRUPT": "gemv"})
    if proc.returncode != 1:
        fail(f"basis compare with a corrupted gemv exited {proc.returncode}, not 1")
    with open(os.path.join(bad, "report.json")) as f:
        report = json.load(f)
    gemv = [r for r in report["rows"] if r["op"] == "gemv"]
    if not report["failed"] or not gemv:
        fail("report.json of the corrupted run: not failed, or no gemv rows")
    for r in gemv:
        if r["status"] == "ok" or (r["status"] == "FAIL" and "gflops" in r):
            fail(f"a corrupted gemv row was reported with a time: {r}")
    if not any(r["status"] == "FAIL" for r in gemv) or "FAIL" not in proc.stdout:
        fail("the corrupted gemv rows are not FAIL in the report and the table")
    print(f"check_suite compare: {len(rows)} rows, report.json, report.csv and "
          f"{len(ops)} PNGs; a corrupted gemv makes it exit 1")


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("corrupt", "compare"):
        sys.exit("usage: check_suite.py corrupt BASIS-BENCH _ | compare BASIS OUT-DIR")
    if sys.argv[1] == "corrupt":
        check_corrupt(sys.argv[2])
        check_lazy(sys.argv[2])
    else:
        os.makedirs(sys.argv[3], exist_ok=True)
        check_compare(sys.argv[2], sys.argv[3])
    return 0


if __name__ == "__main__":
    sys.exit(main())
