/* workers.h: running the items of a job (the manuals of `tejun build -j N`) in N worker
 * processes. Each worker is a fork of the caller: it inherits the catalog and the parsed
 * stylesheets, takes items k, k+N, k+2N, …, collects its diagnostics apart, and at the end
 * sends them, sorted, with its counters, to the parent. The parent shows the progress line,
 * prints each worker's diagnostics in worker order, adds up the counters and the error and
 * warning counts into its own diag, and forwards a stop signal (SIGINT, SIGTERM, SIGHUP) to
 * the workers, which stop at their next item like a single process does (output.h). */
#ifndef TEJUN_WORKERS_H
#define TEJUN_WORKERS_H
#include "diag.h"

#define WORKERS_COUNTERS 8

/* Runs one item in a worker: reports to d, adds to counters (counter 0 is an exit status:
 * the parent keeps the highest; the others are summed). */
typedef void (*workers_fn)(void *ctx, int item, diag *d, int *counters);

/* Runs items 0..n-1 in `jobs` workers (at most n), with a progress line on stderr when
 * `progress` (the count done: workers finish items out of order). Returns 0, or -1 when the workers
 * could not be started (reported; nothing was run). */
int workers_run(int jobs, int n, workers_fn fn, void *ctx, diag *d, int *counters, int progress);
#endif
