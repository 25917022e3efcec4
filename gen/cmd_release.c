/* cmd_release.c: `tejun release`: freeze manuals as published at their last change-log version. */
#include "cmd.h"
#include "cmd_build.h"
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
static const struct option S_longs[] = {
  {"releases", required_argument, NULL, O_RELEASES}, {"catalog", required_argument, NULL, O_CATALOG},
  {"force", no_argument, NULL, O_FORCE}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}
};

/* Parses the options into o and files; returns -1 to go on, else the exit status. */
static int S_parse(int argc, char **argv, build_opts *o, const char **files) {
  cmd_args a = { argc, argv, "release", "h", S_longs, NULL, 0 };
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
  if (o->nmanuals == 0) return cmd_usage_error("release", "%s", "release needs at least one MANUAL.yaml");
  return -1;
}

int cmd_release_main(int argc, char **argv) {
  build_opts o;
  memset(&o, 0, sizeof o);
  o.freeze = 1;
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  o.manuals = files;
  int rc = S_parse(argc, argv, &o, files);
  if (rc >= 0) { free(files); return rc; }
  diag d;
  diag_init(&d, stderr, cmd_color(), 0);
  rc = build_run(&o, &d);
  diag_sort(&d);
  diag_summary(&d, "tejun release");
  if (o.frozen && isatty(2)) fprintf(stderr, "tejun release: %d snapshot%s written\n", o.frozen, o.frozen == 1 ? "" : "s");
  diag_free(&d);
  free(files);
  return rc;
}
