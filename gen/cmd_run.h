/* cmd_run.h: what build, check and release share about the manuals of their command line
 * (cmd_build.c, cmd_check.c, cmd_release.c; each then takes every manual through prepare.h):
 * which arguments are releases (ID@N.M, a snapshot .xml), the catalog of the run, and the
 * manuals that share an id (or, for build, a service) with an earlier one.
 * Ownership: run_release_input returns a malloc'ed path or NULL; run_catalog a catalog the
 * caller frees with catalog_free, or NULL. */
#ifndef TEJUN_CMD_RUN_H
#define TEJUN_CMD_RUN_H
#include "diag.h"

struct tj_catalog; /* model.h */

typedef enum { RUN_BUILD, RUN_CHECK, RUN_RELEASE } run_mode;

/* ID@N.M names a release in `releases` (NULL: manuals/releases); a path ending in .xml is a
 * snapshot. Its path, or NULL when arg is a manual. */
char *run_release_input(const char *releases, const char *arg);

/* The catalog of a run: `given` (--catalog), else shared/catalog.yaml beside the first YAML
 * manual. NULL when every manual is a release (*status untouched), or after reporting (*status
 * raised to 2 when it cannot be read, else 1). */
struct tj_catalog *run_catalog(diag *d, const char *given, const char *const *manuals, int n,
                               int *status);

/* check and release take YAML manuals: a release among them is reported (usage); returns 1 then. */
int run_refuse_release(diag *d, const char *path);

/* Two manuals with the same id (or, when services, listing the same service) would write the
 * same outputs: the later one is reported at its `id:` (or that service), naming the earlier,
 * and skip[i] set (except for RUN_CHECK, which reports and still checks it). out names the
 * output folder in the messages of RUN_BUILD. Returns how many were reported. */
int run_duplicates(diag *d, run_mode mode, const char *const *manuals, int n, const char *releases,
                   const char *out, int services, char *skip);
#endif
