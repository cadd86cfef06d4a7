/* bench_machine.h: the machine facts basis-bench writes into its report's context, and the measured peak every row's pct_peak is taken against. */
#ifndef BASIS_BENCH_MACHINE_H
#define BASIS_BENCH_MACHINE_H

/* Adds the machine facts to the report's context: key "basis_info" holds them as one JSON
 * object (the fields of `basis info --json`, with "peak" when a peak is loaded), and a few
 * plain keys repeat the essentials for the console header (cpu, isa, topology, ...). */
void bench_machine_context(void);

/* Loads the peak from basis's cache (measuring it, a few seconds, when the cache is missing
 * or stale), adds it to the context and installs the shim's peak lookup. Returns 0, or -1
 * with msg filled when it could not be measured (the rows then have no pct_peak). */
int bench_machine_load_peak(char *msg, unsigned long cap);

#endif /* BASIS_BENCH_MACHINE_H */
