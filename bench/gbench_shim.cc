// gbench_shim.cc: the C++ side of the benchmarks: registers C cases with Google Benchmark, owns the timed loop, counters, skip-with-error and main.
#include "gbench_shim.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

struct Registered {
    std::string name;
    std::string family;
    std::string impl; // the family's third part ("op/p/impl/tT"), "" when it has none
    int threads = 0;  // T of its fourth part, 0 when it has none
    std::vector<int64_t> args;
    const gbs_case_ops *ops;
    const void *user;
};

// The one case alive: built when its benchmark first runs, released when another starts, so
// that repetitions and iteration-count trials reuse its data and its verified first call.
struct Live {
    const Registered *reg = nullptr;
    void *c = nullptr;
    int status = GBS_OK; // not OK: every run of this benchmark reports msg
    std::string msg;
    gbs_case_info info{};
};

std::vector<std::unique_ptr<Registered>> registry;
Live live;
// Per family: (flops per call, best flops per second) of every case that has run.
std::map<std::string, std::vector<std::pair<double, double>>> rates;
std::set<const Registered *> failed;
double max_call_seconds = 10.0;
gbs_peak_fn peak_lookup = nullptr;

using Clock = std::chrono::steady_clock;

// gbs_pause_timing's state: the timed loop running (nullptr for the untimed first call), and
// the time paused since the call or loop began, which is taken off its wall time.
benchmark::State *timed_state = nullptr;
bool paused = false;
Clock::time_point pause_start;
double paused_seconds = 0;

double seconds_since(Clock::time_point t0)
{
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

// One call of run; a pause it left open ends with it.
int call_run(const Registered *r, char *msg, size_t cap)
{
    int s = r->ops->run(live.c, msg, cap);
    if (paused)
        gbs_resume_timing();
    return s;
}

void note_rate(const std::string &family, double flops, double rate)
{
    for (auto &fr : rates[family])
        if (fr.first == flops) {
            fr.second = std::max(fr.second, rate);
            return;
        }
    rates[family].emplace_back(flops, rate);
}

// The best rate among cases of the family with at least 1/64 of these flops (one or two
// doublings of n): small cases are dominated by overheads and would predict far too long.
double predict_seconds(const std::string &family, double flops, double *rate_used)
{
    double best = 0;
    for (const auto &fr : rates[family])
        if (fr.first * 64 >= flops)
            best = std::max(best, fr.second);
    *rate_used = best;
    return best > 0 ? flops / best : 0.0;
}

void release()
{
    if (live.c)
        live.reg->ops->teardown(live.c);
    live = Live();
}

void set_status(int status, const char *msg)
{
    live.status = status == GBS_OK ? GBS_FAIL : status;
    live.msg = msg[0] ? msg : "no reason given";
    if (live.c) {
        live.reg->ops->teardown(live.c);
        live.c = nullptr;
    }
}

// Builds the case, refuses it when the family's rate so far predicts too long a call, then
// makes one untimed call and checks it.
void prepare(const Registered *r)
{
    if (live.reg == r)
        return;
    release();
    live.reg = r;
    char msg[512] = "";
    int status = GBS_FAIL;
    live.c = r->ops->setup(r->user, r->args.data(), (int)r->args.size(), &live.info, &status,
                           msg, sizeof msg);
    if (!live.c) {
        set_status(status, msg);
        return;
    }
    double rate = 0, predicted = predict_seconds(r->family, live.info.flops, &rate);
    if (max_call_seconds > 0 && predicted > max_call_seconds) {
        std::snprintf(msg, sizeof msg,
                      "predicted %.0f s per call at the %.3g GFLOP/s this family reached on cases "
                      "with at least 1/64 of its flops, over --max-call-seconds=%g",
                      predicted, rate * 1e-9, max_call_seconds);
        set_status(GBS_SKIP, msg);
        return;
    }
    paused_seconds = 0;
    Clock::time_point t0 = Clock::now();
    int s = call_run(r, msg, sizeof msg);
    double secs = seconds_since(t0) - paused_seconds;
    if (s == GBS_OK) {
        double residual = NAN;
        s = r->ops->check(live.c, &residual, msg, sizeof msg);
    }
    if (s != GBS_OK) {
        set_status(s, msg);
        return;
    }
    if (secs > 0)
        note_rate(r->family, live.info.flops, live.info.flops / secs);
}

void report(benchmark::State &st, const Registered *r, int status, const std::string &msg)
{
    if (status == GBS_FAIL)
        failed.insert(r);
    std::string m = (status == GBS_FAIL ? "FAILED: " : "skipped: ") + msg;
    st.SkipWithError(m.c_str());
}

// The counters of a verified timed loop: its rates, and pct_peak against the row's peak.
void set_counters(benchmark::State &st, const Registered *r, double secs, double residual)
{
    const gbs_case_info &in = live.info;
    double calls_per_s = secs > 0 ? (double)st.iterations() / secs : 0.0;
    double gflops = in.flops * calls_per_s * 1e-9, gbs = in.bytes * calls_per_s * 1e-9;
    st.counters["GFLOPS"] = gflops;
    if (in.bytes > 0)
        st.counters["GB/s"] = gbs;
    if (in.items > 0 && in.items_name)
        st.counters[in.items_name] = in.items * calls_per_s;
    if (peak_lookup) {
        double peak_gflops = 0, peak_gbs = 0;
        peak_lookup(r->family.c_str(), &peak_gflops, &peak_gbs);
        if (in.memory_bound && in.bytes > 0 && peak_gbs > 0)
            st.counters["pct_peak"] = 100.0 * gbs / peak_gbs;
        else if (!in.memory_bound && peak_gflops > 0)
            st.counters["pct_peak"] = 100.0 * gflops / peak_gflops;
    }
    if (r->threads > 0)
        st.counters["threads"] = r->threads;
    st.counters["verified"] = 1;
    if (!std::isnan(residual))
        st.counters["residual"] = residual;
}

void run_case(benchmark::State &st, const Registered *r)
{
    if (!r->impl.empty())
        st.SetLabel(r->impl);
    prepare(r);
    if (live.status != GBS_OK) {
        report(st, r, live.status, live.msg);
        for (auto _ : st) {
        }
        return;
    }
    char msg[512] = "";
    int s = GBS_OK;
    if (r->ops->poison)
        r->ops->poison(live.c);
    // The test hook BASIS_BENCH_LAZY: the timed loops call nothing, as a timed path that
    // did no work would; every case with a poison must then fail its check.
    static const bool lazy = [] {
        const char *v = std::getenv("BASIS_BENCH_LAZY");
        return v && v[0] && v[0] != '0';
    }();
    timed_state = &st;
    paused_seconds = 0;
    Clock::time_point t0 = Clock::now();
    for (auto _ : st) {
        if (lazy)
            continue;
        s = call_run(r, msg, sizeof msg);
        if (s != GBS_OK) {
            set_status(s, msg);
            report(st, r, live.status, live.msg);
            break;
        }
    }
    double secs = seconds_since(t0) - paused_seconds;
    timed_state = nullptr;
    if (s != GBS_OK)
        return;
    double residual = NAN;
    s = r->ops->check(live.c, &residual, msg, sizeof msg);
    if (s != GBS_OK) {
        set_status(s, msg);
        report(st, r, live.status, live.msg);
        return;
    }
    double rate = secs > 0 ? live.info.flops * (double)st.iterations() / secs : 0.0;
    note_rate(r->family, live.info.flops, rate);
    set_counters(st, r, secs, residual);
}

void print_help()
{
    gbs_app_help();
    gbs_suite_help();
    std::printf("\nGoogle Benchmark options (the default --benchmark_min_time here is 0.2):\n");
    benchmark::PrintDefaultHelp();
}

} // namespace

extern "C" void gbs_register(const char *family, const int64_t *args, int nargs,
                             const char *suffix, const gbs_case_ops *ops, const void *user)
{
    std::unique_ptr<Registered> r(new Registered);
    r->family = family;
    r->name = family;
    // "op/p/impl/tT": the label and the threads counter.
    std::vector<std::string> parts;
    for (size_t at = 0, slash;; at = slash + 1) {
        slash = r->family.find('/', at);
        parts.push_back(r->family.substr(at, slash == std::string::npos ? slash : slash - at));
        if (slash == std::string::npos)
            break;
    }
    if (parts.size() == 4 && parts[3].size() > 1 && parts[3][0] == 't') {
        r->impl = parts[2];
        r->threads = std::atoi(parts[3].c_str() + 1);
    }
    nargs = std::min(std::max(nargs, 0), 8);
    for (int i = 0; i < nargs; i++) {
        r->args.push_back(args[i]);
        r->name += (i == 0 ? "/" : "x") + std::to_string(args[i]);
    }
    if (suffix && suffix[0])
        r->name += std::string("/") + suffix;
    r->ops = ops;
    r->user = user;
    const Registered *rp = r.get();
    registry.push_back(std::move(r));
    // Not UseRealTime(): it would append "/real_time" to every name. GFLOPS comes from the
    // wall time measured here; Google Benchmark sizes the loop on the calling thread's CPU
    // time, which is the wall time when that thread computes (all CPU libraries here) and is
    // capped by it anyway (it stops at 5x --benchmark_min_time of wall time).
    benchmark::RegisterBenchmark(rp->name.c_str(),
                                 [rp](benchmark::State &st) { run_case(st, rp); })
        ->Unit(benchmark::kMillisecond);
}

extern "C" void gbs_register_range(const char *family, int64_t lo, int64_t hi, int64_t mult,
                                   const gbs_case_ops *ops, const void *user)
{
    if (lo < 1 || mult < 2)
        return;
    for (int64_t v = lo; v <= hi; v *= mult)
        gbs_register(family, &v, 1, nullptr, ops, user);
}

extern "C" void gbs_add_context(const char *key, const char *value)
{
    benchmark::AddCustomContext(key, value);
}

extern "C" void gbs_fill_nan(void *x, int64_t n, int dbl)
{
    for (int64_t i = 0; i < n; i++) {
        if (dbl)
            static_cast<double *>(x)[i] = NAN;
        else
            static_cast<float *>(x)[i] = NAN;
    }
}

extern "C" void gbs_pause_timing(void)
{
    if (paused)
        return;
    paused = true;
    pause_start = Clock::now();
    if (timed_state)
        timed_state->PauseTiming();
}

extern "C" void gbs_resume_timing(void)
{
    if (!paused)
        return;
    if (timed_state)
        timed_state->ResumeTiming();
    paused = false;
    paused_seconds += seconds_since(pause_start);
}

extern "C" void gbs_set_peak_lookup(gbs_peak_fn fn)
{
    peak_lookup = fn;
}

extern "C" void gbs_set_max_call_seconds(double seconds)
{
    max_call_seconds = seconds;
}

int main(int argc, char **argv)
{
    // A line per row even into a pipe: a runner (tools/compare.py) shows progress from them.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);
    // A shorter default than Google Benchmark's 0.5 s: GEMM timings settle quickly and the
    // peers multiply the run time. An explicit --benchmark_min_time wins.
    static char default_min_time[] = "--benchmark_min_time=0.2";
    std::vector<char *> args(argv, argv + argc);
    bool has_min_time = false;
    for (int i = 1; i < argc; i++)
        has_min_time |= std::strncmp(argv[i], "--benchmark_min_time", 20) == 0;
    if (!has_min_time)
        args.insert(args.begin() + 1, default_min_time);
    int n = (int)args.size();
    args.push_back(nullptr);
    benchmark::Initialize(&n, args.data(), print_help);
    int run_app = 1;
    int rc = gbs_suite_parse(&n, args.data(), &run_app);
    if (rc == 0 && run_app)
        rc = gbs_app_init(n, args.data());
    if (rc == 0)
        rc = gbs_suite_register();
    if (rc != 0)
        return rc;
    size_t matched = benchmark::RunSpecifiedBenchmarks();
    release();
    benchmark::Shutdown();
    if (matched == 0) {
        std::fprintf(stderr, "basis-bench: no benchmark matches the filter (--benchmark_list_tests "
                             "lists them)\n");
        return 1;
    }
    if (!failed.empty()) {
        std::fprintf(stderr, "basis-bench: %zu benchmark(s) FAILED (wrong result or error)\n",
                     failed.size());
        return 1;
    }
    return 0;
}
