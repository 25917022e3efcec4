/* build.h: the `tejun build` job: for each manual, load → resolve → number → emit XML →
 * render HTML and Markdown for the manual and each of its services → write atomically,
 * then the manifest. A manual with errors writes nothing; the others still build.
 * Returns the exit status: 0 built, 1 problems in the manuals, 2 usage or I/O. */
#ifndef TEJUN_BUILD_H
#define TEJUN_BUILD_H
#include "diag.h"

typedef struct build_opts {
  const char *out;          /* -o DIR, default "out" */
  const char *catalog;      /* --catalog FILE, default <manuals>/shared/catalog.yaml */
  const char *templates;    /* --templates DIR, default "templates" */
  const char *depfile;      /* --depfile FILE: make rule listing every file read */
  const char *deptarget;    /* the target named in the depfile */
  int emit_xml;             /* --emit=xml: print the intermediate XML, write nothing */
  int services;             /* build per-service outputs (default 1) */
  int manifest;             /* rewrite out/manifest.json (default 1) */
  int progress;             /* a progress line on stderr (a terminal) */
  const char **manuals; int nmanuals;
} build_opts;

int build_run(const build_opts *o, diag *d);
extern const char *const tejun_version;
#endif
