/* cmd_release.c: `tejun release`: freeze manuals as published at their last change-log version. */
#include "cmd.h"
#include "cmd_run.h"
#include "load.h"
#include "output.h"
#include "prepare.h"
#include "release.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char cmd_release_usage[] =
    "usage: tejun release [--releases DIR] [--force] MANUAL.yaml...\n"
    "\n"
    "Freeze each manual as published at the version of its last change-log row:\n"
    "DIR/<id>@<N.M>.xml (default DIR: releases/ beside the manual) holds its fully\n"
    "resolved content (shared pages included, numbers and references resolved) and a\n"
    "SHA-256 digest of that content, which YAML formatting does not change. The\n"
    "manual must check without errors. Releasing the same version again with the same\n"
    "content does nothing; with other content it is refused: add a change-log row.\n"
    "From then on `tejun check` and `tejun build` report `release-unbumped` when the\n"
    "content differs from the release of the manual's last version.\n"
    "\n"
    "--force freezes a manual even when the checks report errors: to record a revision\n"
    "that was published with its mistakes.\n"
    "A release is built as published with `tejun build -o DIR ID@N.M`.\n"
    "\n"
    "exit status: 0 frozen (or already frozen), 1 refused or errors in the manual,\n"
    "2 usage or I/O error.\n";

enum { O_RELEASES = 256, O_CATALOG, O_FORCE };
static const struct option S_longs[] = {{"releases", required_argument, NULL, O_RELEASES},
                                        {"catalog", required_argument, NULL, O_CATALOG},
                                        {"force", no_argument, NULL, O_FORCE},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};

/* The options of a run. */
typedef struct release_opts {
  const char *releases; /* --releases DIR, default <manual folder>/releases */
  const char *catalog; /* --catalog FILE, default <manual folder>/shared/catalog.yaml */
  int force; /* --force: freeze even when the checks report errors */
  const char **manuals;
  int nmanuals;
  int frozen; /* out: snapshots written */
} release_opts;

/* Parses the options into o and files; returns -1 to go on, else the exit status. */
static int S_parse(int argc, char **argv, release_opts *o, const char **files) {
  cmd_args a = {argc, argv, "release", "h", S_longs, NULL, 0};
  for (int c; (c = cmd_next(&a)) != CMD_END;) {
    const char *v = a.arg;
    switch (c) {
    case 'h': fputs(cmd_release_usage, stdout); return 0;
    case O_RELEASES: o->releases = v; break;
    case O_CATALOG: o->catalog = v; break;
    case O_FORCE: o->force = 1; break;
    case CMD_FILE: files[o->nmanuals++] = v; break;
    default: return 2;
    }
  }
  if (o->nmanuals == 0)
    return cmd_usage_error("release", "%s", "release needs at least one MANUAL.yaml");
  return -1;
}

/* Loads, resolves and checks each manual (prepare.h; no release check: it is the release),
 * then freezes it unless the checks found errors (or with --force). Returns the exit status. */
static int S_run(release_opts *o, diag *d) {
  int status = 0;
  tj_catalog *cat = run_catalog(d, o->catalog, o->manuals, o->nmanuals, &status);
  if (status) return status;
  char *skip = xcalloc((size_t)o->nmanuals + 1, 1);
  if (run_duplicates(d, RUN_RELEASE, o->manuals, o->nmanuals, o->releases, NULL, 0, skip))
    status = 1;
  output_graceful(1);
  for (int i = 0; i < o->nmanuals && !output_stopped(); i++) {
    const char *path = o->manuals[i];
    if (skip[i]) continue;
    if (run_refuse_release(d, path)) {
      status = 2;
      continue;
    }
    int before = d->errors;
    tj_manual *m = prepare_read(d, cat, path, &status);
    if (!m) continue;
    check_stats cs = {0};
    prepare_check(d, m, NULL, &cs);
    if (d->errors == before || o->force) {
      char *rd = prepare_releases_dir(o->releases, path);
      int written = 0;
      status = exit_worst(status, release_freeze(d, m, rd, &written)); /* 1 refused, 2 I/O */
      o->frozen += written;
      free(rd);
    }
    if (d->errors > before) status = exit_worst(status, 1);
    manual_free(m);
  }
  free(skip);
  output_graceful(0);
  catalog_free(cat);
  return status;
}

int cmd_release_main(int argc, char **argv) {
  release_opts o;
  memset(&o, 0, sizeof o);
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  o.manuals = files;
  int rc = S_parse(argc, argv, &o, files);
  if (rc >= 0) {
    free(files);
    return rc;
  }
  diag d;
  diag_init(&d, stderr, cmd_color(), 0);
  rc = S_run(&o, &d);
  diag_sort(&d);
  diag_summary(&d, "tejun release");
  if (o.frozen && isatty(2))
    fprintf(stderr, "tejun release: %d snapshot%s written\n", o.frozen, o.frozen == 1 ? "" : "s");
  diag_free(&d);
  free(files);
  return rc;
}
