/* cmd_check.c: `tejun check`: load, resolve and check manuals; write nothing. */
#include "cmd.h"
#include "cmd_run.h"
#include "load.h"
#include "output.h"
#include "prepare.h"
#include "report.h"
#include "version.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char cmd_check_usage[] =
    "usage: tejun check [options] MANUAL.yaml...\n"
    "\n"
    "Check manuals without writing anything: the format, step numbering, page counters,\n"
    "symbolic and literal references (P4, 前頁, 手順⑦, 前工程⑩, document titles), the\n"
    "change log, Japanese style and links. Every finding is one line\n"
    "  file:line:col: error|warning: message [rule-id]\n"
    "with the source line and a caret on a terminal, then a summary.\n"
    "\n"
    "options:\n"
    "      --format=FMT     text (default), json, or sarif (SARIF 2.1.0, for code review)\n"
    "      --list-rules     print the rules: id, severity, what each flags\n"
    "      --catalog FILE   the catalog (default: <manual folder>/shared/catalog.yaml)\n"
    "  -h, --help           show this help\n"
    "\n"
    "A finding is silenced on one node with `ignore: [{rule: ID, reason: …}]`; the\n"
    "summary counts the silenced ones.\n"
    "\n"
    "exit status: 0 clean, 1 findings, 2 usage or I/O error.\n";

enum { O_FORMAT = 256, O_LIST_RULES, O_CATALOG };
static const struct option S_longs[] = {{"format", required_argument, NULL, O_FORMAT},
                                        {"list-rules", no_argument, NULL, O_LIST_RULES},
                                        {"catalog", required_argument, NULL, O_CATALOG},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};
typedef enum { TEXT, JSON, SARIF } format;

/* Parses the options into o, files and *fmt; returns -1 to go on, else the exit status. */
static int S_parse(int argc, char **argv, const char **catalog, const char **files, int *nf,
                   format *fmt) {
  cmd_args a = {argc, argv, "check", "h", S_longs, NULL, 0};
  for (int c; (c = cmd_next(&a)) != CMD_END;) {
    const char *v = a.arg;
    switch (c) {
    case 'h': fputs(cmd_check_usage, stdout); return 0;
    case O_LIST_RULES: report_rules(stdout); return 0;
    case O_FORMAT:
      if (!strcmp(v, "text"))
        *fmt = TEXT;
      else if (!strcmp(v, "json"))
        *fmt = JSON;
      else if (!strcmp(v, "sarif"))
        *fmt = SARIF;
      else
        return cmd_usage_error("check", "unknown --format '%s' (text, json, sarif)", v);
      break;
    case O_CATALOG: *catalog = v; break;
    case CMD_FILE: files[(*nf)++] = v; break;
    default: return 2;
    }
  }
  if (*nf == 0) return cmd_usage_error("check", "%s", "check needs at least one MANUAL.yaml");
  return -1;
}

/* What a run of check found. */
typedef struct checked {
  int status, silenced, nchecked;
} checked;

/* Loads, resolves and checks each manual (prepare.h), with the release check; any finding
 * of the checks (an error or a warning) makes the exit status 1. Writes nothing. */
static void S_run(diag *d, const char *catalog, const char **manuals, int n, checked *r) {
  tj_catalog *cat = run_catalog(d, catalog, manuals, n, &r->status);
  if (r->status) return;
  char *skip = xcalloc((size_t)n + 1, 1);
  if (run_duplicates(d, RUN_CHECK, manuals, n, NULL, NULL, 0, skip))
    r->status = 1; /* reported; still checked */
  free(skip);
  output_graceful(1);
  for (int i = 0; i < n && !output_stopped(); i++) {
    if (run_refuse_release(d, manuals[i])) {
      r->status = 2;
      continue;
    }
    int before = d->errors;
    tj_manual *m = prepare_read(d, cat, manuals[i], &r->status);
    if (!m) continue;
    int wbefore = d->warnings;
    check_stats cs = {0};
    char *rd = prepare_releases_dir(NULL, manuals[i]);
    prepare_check(d, m, rd, &cs);
    free(rd);
    r->silenced += cs.silenced;
    r->nchecked++;
    if (d->errors > before || d->warnings > wbefore) r->status = exit_worst(r->status, 1);
    manual_free(m);
  }
  output_graceful(0);
  catalog_free(cat);
}

int cmd_check_main(int argc, char **argv) {
  const char *catalog = NULL;
  format fmt = TEXT;
  int n = 0;
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  int rc = S_parse(argc, argv, &catalog, files, &n, &fmt);
  if (rc >= 0) {
    free(files);
    return rc;
  }
  diag d;
  diag_init(&d, stderr, fmt == TEXT && cmd_color(), 0);
  checked r = {0, 0, 0};
  S_run(&d, catalog, files, n, &r);
  diag_sort(&d);
  if (fmt == TEXT) {
    diag_summary(&d, NULL);
    if (r.nchecked < n) /* not "0 manuals": a manual that could not be read was given */
      fprintf(stderr,
              "tejun check: %d of %d manual%s checked (%d did not load: see above), %d error%s, %d "
              "warning%s, %d silenced\n",
              r.nchecked, n, n == 1 ? "" : "s", n - r.nchecked, d.errors, d.errors == 1 ? "" : "s",
              d.warnings, d.warnings == 1 ? "" : "s", r.silenced);
    else
      fprintf(stderr, "tejun check: %d manual%s, %d error%s, %d warning%s, %d silenced\n",
              r.nchecked, r.nchecked == 1 ? "" : "s", d.errors, d.errors == 1 ? "" : "s",
              d.warnings, d.warnings == 1 ? "" : "s", r.silenced);
  } else if (fmt == JSON)
    report_json(stdout, &d, r.silenced, r.nchecked);
  else
    report_sarif(stdout, &d, tejun_version);
  diag_free(&d);
  free(files);
  return r.status;
}
