/* cmd_check.c: `tejun check`: load, resolve and check manuals; write nothing. */
#include "cmd.h"
#include "cmd_build.h"
#include "report.h"
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
static const struct option S_longs[] = {
  {"format", required_argument, NULL, O_FORMAT}, {"list-rules", no_argument, NULL, O_LIST_RULES},
  {"catalog", required_argument, NULL, O_CATALOG}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}
};
typedef enum { TEXT, JSON, SARIF } format;

/* Parses the options into o, files and *fmt; returns -1 to go on, else the exit status. */
static int S_parse(int argc, char **argv, build_opts *o, const char **files, format *fmt) {
  cmd_args a = { argc, argv, "check", "h", S_longs, NULL, 0 };
  for (int c; (c = cmd_next(&a)) != CMD_END;) {
    const char *v = a.arg;
    switch (c) {
    case 'h': fputs(cmd_check_usage, stdout); return 0;
    case O_LIST_RULES: report_rules(stdout); return 0;
    case O_FORMAT:
      if (!strcmp(v, "text")) *fmt = TEXT;
      else if (!strcmp(v, "json")) *fmt = JSON;
      else if (!strcmp(v, "sarif")) *fmt = SARIF;
      else return cmd_usage_error("check", "unknown --format '%s' (text, json, sarif)", v);
      break;
    case O_CATALOG: o->catalog = v; break;
    case CMD_FILE: files[o->nmanuals++] = v; break;
    default: return 2;
    }
  }
  if (o->nmanuals == 0) return cmd_usage_error("check", "%s", "check needs at least one MANUAL.yaml");
  return -1;
}

int cmd_check_main(int argc, char **argv) {
  build_opts o;
  memset(&o, 0, sizeof o);
  o.check_only = 1;
  format fmt = TEXT;
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  o.manuals = files;
  int rc = S_parse(argc, argv, &o, files, &fmt);
  if (rc >= 0) { free(files); return rc; }
  diag d;
  diag_init(&d, stderr, fmt == TEXT && cmd_color(), 0);
  rc = build_run(&o, &d);
  diag_sort(&d);
  if (fmt == TEXT) {
    diag_summary(&d, NULL);
    if (o.nchecked < o.nmanuals)   /* not "0 manuals": a manual that could not be read was given */
      fprintf(stderr, "tejun check: %d of %d manual%s checked (%d did not load: see above), %d error%s, %d warning%s, %d silenced\n",
              o.nchecked, o.nmanuals, o.nmanuals == 1 ? "" : "s", o.nmanuals - o.nchecked,
              d.errors, d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s", o.silenced);
    else
      fprintf(stderr, "tejun check: %d manual%s, %d error%s, %d warning%s, %d silenced\n", o.nchecked, o.nchecked == 1 ? "" : "s",
              d.errors, d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s", o.silenced);
  } else if (fmt == JSON) report_json(stdout, &d, o.silenced, o.nchecked);
  else report_sarif(stdout, &d, tejun_version);
  diag_free(&d);
  free(files);
  return rc;
}
