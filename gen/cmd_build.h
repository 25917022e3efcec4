/* cmd_build.h: the `tejun build` job: for each manual, load → resolve → check → number → emit
 * XML → render HTML and Markdown for the manual and each of its services → write atomically,
 * then the manifest. A manual with errors (or warnings, with werror) writes nothing; the
 * others still build. `tejun check` and `tejun release` take the same manuals up to the checks
 * (cmd_check.c, cmd_release.c; what the three share: cmd_run.h, prepare.h).
 * Returns the exit status: 0 built/clean, 1 problems in the manuals, 2 usage or I/O. */
#ifndef TEJUN_CMD_BUILD_H
#define TEJUN_CMD_BUILD_H
#include "diag.h"
#include "version.h"

struct tj_catalog;
struct tj_manual;
struct xslt; /* model.h, xslt.h */

typedef struct build_opts {
  const char *out; /* -o DIR, default "out" */
  const char *catalog; /* --catalog FILE, default <manuals>/shared/catalog.yaml */
  const char *templates; /* --templates DIR, default "templates" */
  const char *depfile; /* --depfile FILE: make rule listing every file read */
  const char *deptarget; /* the target named in the depfile */
  int emit_xml; /* --emit=xml: print the intermediate XML, write nothing */
  int services; /* build per-service outputs (default 1) */
  int manifest; /* rewrite out/manifest.json (default 1) */
  int progress; /* a progress line on stderr (a terminal) */
  const char *releases; /* --releases DIR, default <manual folder>/releases */
  const char *changes_since; /* --changes-since N.M: mark what changed since that release */
  int werror; /* warnings count as errors (stop the build, exit 1) */
  int silenced; /* out: findings silenced by `ignore` */
  int nchecked; /* out: manuals loaded and checked */
  int jobs; /* -j N: build the manuals in N worker processes (default 1) */
  const char **manuals;
  int nmanuals; /* YAML files, or releases as ID@N.M or a snapshot .xml */
  /* Set by `tejun watch` (cmd_watch.h), which builds again and again in one process; all
   * unset (NULL) for the other commands. Not with jobs > 1 (the workers' manuals stay there). */
  const struct tj_catalog *cat; /* the catalog to use: not loaded, not freed by the run */
  struct xslt *xslt; /* the stylesheets to use: not parsed, not closed by the run */
  void (*loaded)(void *ctx, int i,
                 const struct tj_manual *m); /* manuals[i] read: m, or NULL when it could not be */
  void *ctx; /* for loaded */
  int *written; /* out: written[i] = the outputs of manuals[i] put in place (untouched when none) */
} build_opts;

int build_run(build_opts *o, diag *d);
/* The catalog a run with these manuals reads: --catalog, else shared/catalog.yaml beside
 * the (first YAML) manual. Malloc'ed. */
char *build_catalog_path(const build_opts *o, const char *manual);
#endif
