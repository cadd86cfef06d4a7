#!/usr/bin/env bash
# gpu_run.sh: the OpenCL backend's checks and benchmarks on a lent GPU machine in one command (tests, GEMM beside CLBlast, LU, PageRank), for docs/gpu.md.
#
#   bash tools/gpu_run.sh prepare [BUILD]  here, after a build (default: build/): copies the
#       programs, the libraries they load beyond glibc, an ICD file naming the NVIDIA
#       driver's OpenCL library and the graphs into .gpu/ (ignored by git; about 25 MB)
#   bash tools/gpu_run.sh run              there, in the repository root, with .gpu carried:
#       every step below under its own time limit, all within GPU_RUN_DEADLINE; the log
#       goes to $OUT/gpu.log (else out/gpu.log). Exit status 1 if a step failed, after
#       running the others. A second call can take what a deadline cut: GPU_RUN_ONLY=a,b.
#
# GPU_RUN_ICD=system runs it on this machine's own ICDs (PoCL) to try the script;
# GPU_RUN_QUICK=1 takes small sizes.
set -uo pipefail

D=.gpu

prepare() {
    local build=${1:-build}
    local progs=("$build/tests/check_opencl" "$build/tests/test_gemm"
                 "$build/tests/test_pagerank" "$build/bench/basis-bench-opencl"
                 "$build/bench/basis-bench" "$build/tools/basis")
    for p in "${progs[@]}"; do
        if [ ! -x "$p" ]; then
            echo "gpu_run.sh: $p is missing: build first (README), with OpenCL, CLBlast and zlib" >&2
            exit 1
        fi
    done
    rm -rf "$D"
    mkdir -p "$D/bin" "$D/lib" "$D/icd" "$D/shared/data"
    cp "${progs[@]}" "$D/bin/"
    # what the programs load beyond the C library itself: the device machine starts bare
    for p in "${progs[@]}"; do
        ldd "$p" | awk '$3 ~ /^\// { print $3 }'
    done | sort -u | grep -Ev '/(libc|libm|libpthread|libdl|librt|ld-linux[^/]*)\.so' |
        while read -r lib; do cp -L "$lib" "$D/lib/"; done
    echo libnvidia-opencl.so.1 >"$D/icd/nvidia.icd"
    cp -r ../shared/data/graphs "$D/shared/data/"
    echo "gpu_run.sh: $D holds $(du -sh "$D" | cut -f1); carry it: run(command=\"bash tools/gpu_run.sh run\", carry=[\"$D\"])"
}

# step SECONDS NAME COMMAND...: runs the command under a time limit, into the log; cut to
# what is left before the deadline (GPU_RUN_DEADLINE seconds from the start, default 570:
# under the device call's 600), and skipped with a line saying so once under 20 s are left
# or when GPU_RUN_ONLY (comma-separated step names) leaves it out.
step() {
    local limit=$1 name=$2
    shift 2
    if [ -n "${GPU_RUN_ONLY:-}" ] && [[ ",$GPU_RUN_ONLY," != *",$name,"* ]]; then
        return
    fi
    local left=$((${GPU_RUN_DEADLINE:-570} - SECONDS))
    if [ "$left" -lt 20 ]; then
        echo "== $name: skipped, $left s left before the deadline"
        return
    fi
    [ "$limit" -gt "$left" ] && limit=$left
    echo "== $name: $*"
    local t0=$SECONDS
    timeout "$limit" "$@"
    local rc=$?
    echo "== $name: exit $rc after $((SECONDS - t0)) s"
}

# In the order of what the issue still needs, so that a deadline cuts the least of it.
run_all() {
    local graph=$D/shared/data/graphs/cnr-2000.edges.tsv.gz
    local cpus sizes big lu_sizes power_sizes graphs tune_n budget
    cpus=$(nproc)
    if [ -n "${GPU_RUN_QUICK:-}" ]; then
        sizes=256,512 big=512 lu_sizes=256 power_sizes=256 graphs=karate,polblogs
        tune_n=256 budget=10
    else
        sizes=2048,4096,8192,16384 big=8192,16384 lu_sizes=1024,2048,4096,8192
        power_sizes=1024,4096,8192 graphs=polblogs,pgp-strong-2009,cnr-2000 tune_n=4096 budget=75
    fi
    nvidia-smi -L 2>/dev/null || echo "(no nvidia-smi)"
    step 30 info "$D/bin/basis" info
    # GEMM first, the issue's open target: the table's entry, then the tuner (which tries B
    # in runs of columns and double buffering first), then whatever it stored
    step 150 gemm_s "$D/bin/basis-bench-opencl" --sizes=$sizes --reps=3
    step $((budget + 45)) tune_s "$D/bin/basis" tune gemm --budget $budget --n $tune_n
    step 90 gemm_s_tuned "$D/bin/basis-bench-opencl" --sizes=$big --reps=3
    # the whole GEMM test (odd shapes, every layout) with the stored entry
    step 90 test_gemm_tuned env BASIS_BACKEND=opencl "$D/bin/test_gemm"
    # every kernel variant on partial tiles too (the tuner's n is a multiple of every tile);
    # check_opencl makes its caches in the working directory: a scratch one, not the tree
    step 150 check_opencl sh -c "cd \"\$1\" && \"\$2\"" sh "$(mktemp -d)" "$PWD/$D/bin/check_opencl"
    # LU, power iteration and PageRank on the device and on the CPU, end to end, at sizes
    # that bracket where the device starts to pay: AUTO's thresholds for them
    step 120 lu_device "$D/bin/basis-bench" --ops=getrf,gesv --backend=opencl --threads=$cpus \
        --sizes=$lu_sizes --shapes=none --beta1=0
    step 120 lu_cpu "$D/bin/basis-bench" --ops=getrf,gesv --threads=$cpus --sizes=$lu_sizes \
        --shapes=none --beta1=0
    for backend in opencl cpu; do
        local which=()
        [ $backend = opencl ] && which=(--backend=opencl)
        step 120 "power_pagerank_$backend" "$D/bin/basis-bench" --ops=power,pagerank \
            "${which[@]}" --threads=$cpus --power-sizes=$power_sizes --graphs=$graphs --no-peak \
            --graph-dir="$D/shared/data/graphs"
    done
    step 90 test_pagerank env BASIS_BACKEND=opencl "$D/bin/test_pagerank"
    step $((budget / 2 + 45)) tune_d "$D/bin/basis" tune gemm --precision d \
        --budget $((budget / 2)) --n $tune_n
    step 120 gemm_d "$D/bin/basis-bench-opencl" --sizes=${sizes%,16384} --reps=3 --precision=d
    for backend in opencl auto; do
        step 45 "pagerank_d_$backend" env BASIS_BACKEND=$backend BASIS_NUM_THREADS=$cpus \
            "$D/bin/basis" pagerank "$graph" --json
        step 45 "pagerank_s_$backend" env BASIS_BACKEND=$backend BASIS_NUM_THREADS=$cpus \
            "$D/bin/basis" pagerank "$graph" --float --json
    done
}

case "${1:-}" in
prepare)
    prepare "${2:-}"
    ;;
run)
    if [ ! -d "$D/bin" ]; then
        echo "gpu_run.sh: no $D/bin here: run 'bash tools/gpu_run.sh prepare' first and carry $D" >&2
        exit 1
    fi
    out=${OUT:-out}
    mkdir -p "$out"
    export LD_LIBRARY_PATH=$PWD/$D/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    [ "${GPU_RUN_ICD:-}" = system ] || export OCL_ICD_VENDORS=$PWD/$D/icd
    export XDG_CACHE_HOME=${TMPDIR:-/tmp}/basis-gpu-run
    export POCL_CACHE_DIR=$XDG_CACHE_HOME/pocl
    export BASIS_SHARED_DIR=$PWD/$D/shared
    run_all 2>&1 | tee "$out/gpu.log"
    # run_all ran in the pipeline's subshell: its verdict is in the log
    if grep -Eq '^== [a-z_]+: exit [1-9]' "$out/gpu.log"; then
        echo "gpu_run.sh: a step failed (see $out/gpu.log)"
        exit 1
    fi
    ;;
*)
    echo "usage: bash tools/gpu_run.sh prepare [BUILD] | run" >&2
    exit 2
    ;;
esac
