/* main.c: the command line. Parses arguments, picks the job, prints, exits. Nothing else. */
#include "cmd_build.h"
#include "cmd_checklist.h"
#include "pdf.h"
#include "diag.h"
#include "cmd_diff.h"
#include "cmd_site.h"
#include "cmd_watch.h"
#include "manifest.h"
#include "output.h"
#include "report.h"
#include "xslt.h"
#include "util.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *S_usage =
  "usage: tejun <command> [options] MANUAL.yaml...\n"
  "\n"
  "tejun compiles Japanese procedure manuals written in YAML into checked,\n"
  "version-tagged HTML and Markdown.\n"
  "\n"
  "commands:\n"
  "  build     compile manuals into HTML and Markdown (out/)\n"
  "  checklist printable checklists (A4 PDF and HTML) per service and per customer\n"
  "  check     check numbering, references, the change log, style and links\n"
  "  release   freeze manuals as released at their last change-log version\n"
  "  diff      what changed between two releases (or a release and a manual)\n"
  "  manifest  rewrite out/manifest.json from the outputs built so far\n"
  "  site      write out/index.html, the landing page linking every output\n"
  "  help CMD  show the help of a command\n"
  "\n"
  "options:\n"
  "  -h, --help     show this help\n"
  "  -V, --version  show the version\n"
  "\n"
  "exit status: 0 success, 1 problems found in the manuals, 2 usage or I/O error.\n"
  "Colour is used only on a terminal and never when NO_COLOR is set.\n"
  "See `man gen/tejun.1` and README.md.\n";

static const char *S_build_usage =
  "usage: tejun build [-o DIR] [options] MANUAL.yaml|ID@N.M...\n"
  "\n"
  "Compile each manual into DIR/<id>/index.html and DIR/<id>/<id>.md, and each of\n"
  "its services into DIR/services/<service>/index.html and <service>.md; then write\n"
  "DIR/manifest.json. A manual with errors writes nothing; earlier outputs stay.\n"
  "ID@N.M (or a snapshot .xml) builds a frozen release as published, into DIR/<id>/.\n"
  "\n"
  "options:\n"
  "  -o, --output DIR     where outputs go (default: out)\n"
  "      --emit=xml       print the intermediate XML of each manual; write nothing\n"
  "      --catalog FILE   the catalog (default: <manual folder>/shared/catalog.yaml)\n"
  "      --templates DIR  the XSLT stylesheets (default: $TEJUN_TEMPLATES, else\n"
  "                       templates/ beside the tejun program)\n"
  "      --no-services    build only the full manuals\n"
  "      --no-manifest    do not rewrite DIR/manifest.json\n"
  "      --werror         warnings of the checks stop the build too\n"
  "      --changes-since N.M  mark the pages and steps changed since release N.M\n"
  "                       (a change bar, and a list of changes at the top)\n"
  "      --releases DIR   where releases are (default: releases/ beside the manual;\n"
  "                       for ID@N.M inputs: manuals/releases)\n"
  "      --depfile FILE   write a make rule listing every file read\n"
  "      --deptarget T    the target of that rule (default: FILE)\n"
  "  -j, --jobs N         build the manuals in N processes (1 to 64, or auto: one\n"
  "                       per processor; default 1). Diagnostics come worker by\n"
  "                       worker, each sorted; the outputs are the same\n"
  "  -q, --quiet          no progress line\n"
  "      --watch          then rebuild on every save: `tejun watch` (see its --help)\n"
  "  -h, --help           show this help\n"
  "\n"
  "The checks of `tejun check` run first: an error stops a manual's outputs, a\n"
  "warning does not (unless --werror).\n"
  "\n"
  "exit status: 0 built, 1 problems in the manuals, 2 usage or I/O error.\n";

static const char *S_watch_usage =
  "usage: tejun watch [-o DIR] [options] MANUAL.yaml...\n"
  "\n"
  "Build the manuals as `tejun build` does, then watch them, every file they read\n"
  "(included shared pages, the catalog) and the templates, and on each save rebuild\n"
  "what the change touches: the manual saved; every manual that includes a shared\n"
  "page saved; all of them when the catalog or a template changes or a file they\n"
  "read appears or goes away. Then the manifest. Saving in place and saving by\n"
  "renaming a new file over the old one are both seen; the events of one save (up\n"
  "to 100 ms of quiet) make one rebuild. Linux only (inotify).\n"
  "\n"
  "Each rebuild prints its diagnostics, then one line on stderr, also when it is\n"
  "not a terminal (coloured only on a terminal, never with NO_COLOR):\n"
  "  tejun watch: 14:03:21 manuals/box.yaml changed: built box; 4 files written,\n"
  "  0 errors, 0 warnings\n"
  "A manual with errors keeps its earlier outputs (\"not built: box (outputs\n"
  "kept)\") and the watch goes on: the save that fixes it builds it. A manual that\n"
  "could not be read at all is retried on every change of a YAML file.\n"
  "\n"
  "options: those of build (-o DIR, --catalog, --templates, --no-services,\n"
  "--werror, --changes-since, --releases, -q), but not --emit, --depfile,\n"
  "--no-manifest, -j or releases (ID@N.M). `tejun build --watch` is the same.\n"
  "  -h, --help           show this help\n"
  "\n"
  "Ctrl-C (SIGINT), SIGTERM or SIGHUP stop it: a rebuild under way finishes the\n"
  "manual it is writing and the manifest, then tejun dies by the signal.\n"
  "\n"
  "exit status: by the signal that stopped it (130, 143, 129 in the shell); 2 usage\n"
  "or I/O error (the templates folder or the catalog not found, inotify unavailable).\n";

static const char *S_release_usage =
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

static const char *S_diff_usage =
  "usage: tejun diff [options] OLD NEW\n"
  "\n"
  "Show what changed between two versions of one manual, step by step: pages and steps\n"
  "are matched by their ids (added, removed, moved, changed; a renumbering alone is not\n"
  "a change of text), and changed Japanese text is compared character by character.\n"
  "The change-log rows between the two versions head the output.\n"
  "\n"
  "OLD and NEW are each a release, ID@N.M (box@2.0), ID@previous (the newest release\n"
  "older than the other side), ID@latest, a snapshot .xml, or a manual .yaml.\n"
  "\n"
  "options:\n"
  "      --format=FMT     text (default; coloured on a terminal), markdown, or html\n"
  "  -o, --output DIR     write DIR/<id>-<old>..<new>.html and .md instead of printing\n"
  "      --releases DIR   where releases are (default: manuals/releases)\n"
  "      --catalog FILE   the catalog for .yaml sides (default: beside the manual)\n"
  "  -h, --help           show this help\n"
  "\n"
  "exit status: 0 diff made (changed or not), 1 a release missing or corrupted, two\n"
  "different manuals or errors in a manual, 2 usage or I/O error.\n";

static const char *S_check_usage =
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

static const char *S_manifest_usage =
  "usage: tejun manifest [--check] [-o DIR]\n"
  "\n"
  "Rewrite DIR/manifest.json (default DIR: out) from the parts that each `tejun build`\n"
  "leaves in DIR/.tejun/parts/: every output with its manual, service, format,\n"
  "version, date, SHA-256 and size. `make` runs it after the builds.\n"
  "\n"
  "The manifest says \"state\": \"complete\" when it matches the files. A build marks it\n"
  "\"building\" before it replaces the first output and writes it complete at the end;\n"
  "a build stopped by SIGINT, SIGTERM or SIGHUP finishes the manual it is writing and\n"
  "writes the manifest before it exits; one killed outright (SIGKILL, power cut) leaves\n"
  "\"building\" until the next build or `tejun manifest`.\n"
  "\n"
  "options:\n"
  "      --check          write nothing; compare the manifest with the files on disk\n"
  "  -o, --output DIR     the output folder (default: out)\n"
  "  -h, --help           show this help\n"
  "\n"
  "exit status: 0 written (or in step), 1 out of step (--check), 2 usage or I/O error.\n";

static int S_color(void) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return 0;
  const char *t = getenv("TERM");
  if (t && !strcmp(t, "dumb")) return 0;
  return isatty(2);
}

/* fmt has one %s, for arg: a word from the command line, shown escaped (it is data). */
static int S_usage_error(const char *fmt, const char *arg) {
  buf a; buf_init(&a);
  util_term_escape(&a, arg, strlen(arg), 0);
  fputs("tejun: ", stderr);
  fprintf(stderr, fmt, buf_cstr(&a));
  fputs("\nTry 'tejun --help'.\n", stderr);
  buf_free(&a);
  return 2;
}

/* The stylesheets: $TEJUN_TEMPLATES, else templates/ beside the program, else ./templates. */
static char S_tpl[4096];
static const char *S_templates(void) {
  const char *e = getenv("TEJUN_TEMPLATES");
  if (e && *e) return e;
  char exe[4000];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    exe[n] = 0;
    char *slash = strrchr(exe, '/');
    if (slash) {
      *slash = 0;
      snprintf(S_tpl, sizeof S_tpl, "%s/templates", exe);
      if (access(S_tpl, R_OK) == 0) return S_tpl;
    }
  }
  return "templates";
}

/* `tejun watch`, or `tejun build --watch`: the options of build, minus those that write
 * something else than out/ (usage errors). */
static int S_watch(build_opts *o, int quiet) {
  if (o->emit_xml) return S_usage_error("%s", "watch writes out/: --emit=xml is for build");
  if (o->depfile || o->deptarget) return S_usage_error("%s", "watch does not write depfiles (--depfile is for make)");
  if (!o->manifest) return S_usage_error("%s", "watch rewrites the manifest after each rebuild (--no-manifest is for make)");
  if (o->jobs > 1) return S_usage_error("%s", "watch builds in one process (-j is for build)");
  for (int i = 0; i < o->nmanuals; i++) {
    size_t n = strlen(o->manuals[i]);
    if ((n > 4 && !strcmp(o->manuals[i] + n - 4, ".xml")) || (strchr(o->manuals[i], '@') && !strchr(o->manuals[i], '/')))
      return S_usage_error("watch takes MANUAL.yaml files, not releases ('%s')", o->manuals[i]);
  }
  o->progress = !quiet && isatty(2);   /* for a rebuild of eight manuals or more */
  return cmd_watch_run(o, S_color());
}

static int S_build(int argc, char **argv, int watch) {
  build_opts o;
  memset(&o, 0, sizeof o);
  o.out = "out"; o.templates = S_templates(); o.services = 1; o.manifest = 1;
  int quiet = 0;
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  int nf = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
#define ARG(dst) do { if (i + 1 >= argc) { free(files); return S_usage_error("option %s needs a value", a); } dst = argv[++i]; } while (0)
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(watch ? S_watch_usage : S_build_usage, stdout); free(files); return 0; }
    else if (!strcmp(a, "--watch")) watch = 1;
    else if (!strcmp(a, "-o") || !strcmp(a, "--output")) ARG(o.out);
    else if (!strncmp(a, "--output=", 9)) o.out = a + 9;
    else if (!strcmp(a, "--emit=xml")) o.emit_xml = 1;
    else if (!strncmp(a, "--emit=", 7)) { free(files); return S_usage_error("unknown --emit format '%s' (known: xml)", a + 7); }
    else if (!strcmp(a, "--catalog")) ARG(o.catalog);
    else if (!strcmp(a, "--templates")) ARG(o.templates);
    else if (!strcmp(a, "--depfile")) ARG(o.depfile);
    else if (!strcmp(a, "--deptarget")) ARG(o.deptarget);
    else if (!strcmp(a, "--no-services")) o.services = 0;
    else if (!strcmp(a, "--no-manifest")) o.manifest = 0;
    else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) quiet = 1;
    else if (!strcmp(a, "--werror")) o.werror = 1;
    else if (!strcmp(a, "--releases")) ARG(o.releases);
    else if (!strcmp(a, "--changes-since")) ARG(o.changes_since);
    else if (!strcmp(a, "-j") || !strcmp(a, "--jobs") || !strncmp(a, "-j", 2) || !strncmp(a, "--jobs=", 7)) {
      const char *v = !strncmp(a, "--jobs=", 7) ? a + 7 : a[1] == 'j' && a[2] ? a + 2 : NULL;
      if (!v) ARG(v);
      char *end;
      long j = strtol(v, &end, 10);
      if (!strcmp(v, "auto")) { long c = sysconf(_SC_NPROCESSORS_ONLN); o.jobs = c > 0 ? (int)(c > 64 ? 64 : c) : 1; }
      else if (*end || j < 1 || j > 64) { free(files); return S_usage_error("-j takes a number of processes from 1 to 64, or auto (not '%s')", v); }
      else o.jobs = (int)j;
    }
    else if (a[0] == '-' && a[1]) { free(files); return S_usage_error(watch ? "unknown option '%s' for watch" : "unknown option '%s' for build", a); }
    else files[nf++] = a;
#undef ARG
  }
  if (nf == 0) { free(files); return S_usage_error("%s", watch ? "watch needs at least one MANUAL.yaml" : "build needs at least one MANUAL.yaml"); }
  if (!*o.out) { free(files); return S_usage_error("%s", "-o needs a folder"); }
  o.manuals = files; o.nmanuals = nf;
  if (watch) { int wrc = S_watch(&o, quiet); free(files); return wrc; }
  o.progress = !quiet && !o.emit_xml && nf >= 8 && isatty(2);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  diag d;
  diag_init(&d, stderr, S_color(), 0);
  int rc = build_run(&o, &d);
  diag_sort(&d);
  diag_summary(&d, "tejun build");
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (rc == 0 && !quiet && !o.emit_xml && isatty(2))   /* a person ran it: say what happened */
    fprintf(stderr, "tejun build: %d manual%s%s written to %s/ in %.2f s\n", nf, nf == 1 ? "" : "s",
            o.services ? (nf == 1 ? " and its service pages" : " and their service pages") : "", o.out, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  diag_free(&d);
  free(files);
  return rc;
}

static int S_diff(int argc, char **argv) {
  cmd_diff_opts o;
  memset(&o, 0, sizeof o);
  o.templates = S_templates();
  const char *sides[2] = {NULL, NULL};
  int ns = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(S_diff_usage, stdout); return 0; }
    else if (!strcmp(a, "--format=text")) o.format = DIFF_TEXT;
    else if (!strcmp(a, "--format=markdown") || !strcmp(a, "--format=md")) o.format = DIFF_MARKDOWN;
    else if (!strcmp(a, "--format=html")) o.format = DIFF_HTML;
    else if (!strncmp(a, "--format=", 9)) return S_usage_error("unknown --format '%s' (text, markdown, html)", a + 9);
    else if ((!strcmp(a, "-o") || !strcmp(a, "--output")) && i + 1 < argc) o.out = argv[++i];
    else if (!strcmp(a, "--releases") && i + 1 < argc) o.releases = argv[++i];
    else if (!strcmp(a, "--catalog") && i + 1 < argc) o.catalog = argv[++i];
    else if (a[0] == '-' && a[1]) return S_usage_error("unknown option '%s' for diff", a);
    else if (ns < 2) sides[ns++] = a;
    else return S_usage_error("%s", "diff takes two sides: OLD NEW");
  }
  if (ns != 2) return S_usage_error("%s", "diff takes two sides: OLD NEW");
  o.old = sides[0]; o.cur = sides[1];
  o.color = S_color() && isatty(1);
  diag d;
  diag_init(&d, stderr, S_color(), 0);
  int rc = cmd_diff_run(&o, &d);
  diag_sort(&d);
  diag_summary(&d, "tejun diff");
  diag_free(&d);
  return rc;
}

static int S_release(int argc, char **argv) {
  build_opts o;
  memset(&o, 0, sizeof o);
  o.freeze = 1;
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  int nf = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(S_release_usage, stdout); free(files); return 0; }
    else if (!strcmp(a, "--releases") && i + 1 < argc) o.releases = argv[++i];
    else if (!strcmp(a, "--catalog") && i + 1 < argc) o.catalog = argv[++i];
    else if (!strcmp(a, "--force")) o.force = 1;
    else if (a[0] == '-' && a[1]) { free(files); return S_usage_error("unknown option '%s' for release", a); }
    else files[nf++] = a;
  }
  if (nf == 0) { free(files); return S_usage_error("%s", "release needs at least one MANUAL.yaml"); }
  o.manuals = files; o.nmanuals = nf;
  diag d;
  diag_init(&d, stderr, S_color(), 0);
  int rc = build_run(&o, &d);
  diag_sort(&d);
  diag_summary(&d, "tejun release");
  if (o.frozen && isatty(2)) fprintf(stderr, "tejun release: %d snapshot%s written\n", o.frozen, o.frozen == 1 ? "" : "s");
  diag_free(&d);
  free(files);
  return rc;
}

static int S_check(int argc, char **argv) {
  build_opts o;
  memset(&o, 0, sizeof o);
  o.check_only = 1;
  enum { TEXT, JSON, SARIF } fmt = TEXT;
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  int nf = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(S_check_usage, stdout); free(files); return 0; }
    else if (!strcmp(a, "--list-rules")) { report_rules(stdout); free(files); return 0; }
    else if (!strcmp(a, "--format=text")) fmt = TEXT;
    else if (!strcmp(a, "--format=json")) fmt = JSON;
    else if (!strcmp(a, "--format=sarif")) fmt = SARIF;
    else if (!strncmp(a, "--format=", 9)) { free(files); return S_usage_error("unknown --format '%s' (text, json, sarif)", a + 9); }
    else if (!strcmp(a, "--catalog") && i + 1 < argc) o.catalog = argv[++i];
    else if (a[0] == '-' && a[1]) { free(files); return S_usage_error("unknown option '%s' for check", a); }
    else files[nf++] = a;
  }
  if (nf == 0) { free(files); return S_usage_error("%s", "check needs at least one MANUAL.yaml"); }
  o.manuals = files; o.nmanuals = nf;
  diag d;
  diag_init(&d, stderr, fmt == TEXT && S_color(), 0);
  int rc = build_run(&o, &d);
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

static const char *S_checklist_usage =
  "usage: tejun checklist [-o DIR] [--service ID]... [--customer FILE]... MANUAL.yaml...\n"
  "\n"
  "Make printable checklists, each as an A4 PDF (written by tejun, Japanese font\n"
  "embedded) and as print-ready HTML:\n"
  "  DIR/checklists/<service>.pdf, .html              one per service\n"
  "  DIR/checklists/customers/<customer-id>.pdf, .html one per customer profile\n"
  "Without --service and --customer: every service of the manuals given. With\n"
  "--customer only: only those customers' checklists. A profile is a YAML file\n"
  "(manuals/customers/*.yaml, see manuals/README.md); its name is the customer id.\n"
  "\n"
  "options:\n"
  "  -o, --output DIR     where outputs go (default: out)\n"
  "      --service ID     the checklist of this service (repeatable)\n"
  "      --customer FILE  the checklist of this customer (repeatable)\n"
  "      --emit=xml       print the checklist XML (one checklist); write nothing\n"
  "      --catalog FILE   the catalog (default: <manual folder>/shared/catalog.yaml)\n"
  "      --releases DIR   the release snapshots each manual is checked against\n"
  "                       (default: <manual folder>/releases)\n"
  "      --templates DIR  the XSLT stylesheets (default: as for build)\n"
  "  -h, --help           show this help\n"
  "\n"
  "example, for a new customer:\n"
  "  tejun checklist --customer manuals/customers/sample-shoji.yaml manuals/*.yaml\n"
  "\n"
  "exit status: 0 written, 1 problems in the manuals or profiles, 2 usage or I/O error.\n";

static int S_checklist(int argc, char **argv) {
  cmd_checklist_opts o;
  memset(&o, 0, sizeof o);
  o.out = "out"; o.templates = S_templates();
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  const char **svcs = xcalloc((size_t)argc + 1, sizeof *svcs);
  const char **cus = xcalloc((size_t)argc + 1, sizeof *cus);
  int nf = 0, ns = 0, nc = 0, rc = 2;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
#define ARG(dst) do { if (i + 1 >= argc) { rc = S_usage_error("option %s needs a value", a); goto done; } dst = argv[++i]; } while (0)
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(S_checklist_usage, stdout); rc = 0; goto done; }
    else if (!strcmp(a, "-o") || !strcmp(a, "--output")) ARG(o.out);
    else if (!strncmp(a, "--output=", 9)) o.out = a + 9;
    else if (!strcmp(a, "--service")) ARG(svcs[ns++]);
    else if (!strncmp(a, "--service=", 10)) svcs[ns++] = a + 10;
    else if (!strcmp(a, "--customer")) ARG(cus[nc++]);
    else if (!strncmp(a, "--customer=", 11)) cus[nc++] = a + 11;
    else if (!strcmp(a, "--emit=xml")) o.emit_xml = 1;
    else if (!strncmp(a, "--emit=", 7)) { rc = S_usage_error("unknown --emit format '%s' (known: xml)", a + 7); goto done; }
    else if (!strcmp(a, "--catalog")) ARG(o.catalog);
    else if (!strcmp(a, "--releases")) ARG(o.releases);
    else if (!strcmp(a, "--templates")) ARG(o.templates);
    else if (a[0] == '-' && a[1]) { rc = S_usage_error("unknown option '%s' for checklist", a); goto done; }
    else files[nf++] = a;
#undef ARG
  }
  if (nf == 0) { rc = S_usage_error("%s", "checklist needs at least one MANUAL.yaml"); goto done; }
  if (!*o.out) { rc = S_usage_error("%s", "-o needs a folder"); goto done; }
  o.manuals = files; o.nmanuals = nf;
  o.services = svcs; o.nservices = ns;
  o.customers = cus; o.ncustomers = nc;
  o.all_services = nc == 0;
  diag d;
  diag_init(&d, stderr, S_color(), 1);
  rc = cmd_checklist_run(&o, &d);
  diag_summary(&d, "tejun checklist");
  if (rc == 0 && !o.emit_xml && isatty(2))
    fprintf(stderr, "tejun checklist: %d checklist%s (PDF and HTML) written to %s/checklists/\n", o.written, o.written == 1 ? "" : "s", o.out);
  diag_free(&d);
  pdf_cleanup();
done:
  free(files); free(svcs); free(cus);
  return rc;
}

static int S_manifest(int argc, char **argv) {
  const char *out = "out";
  int check = 0;
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(S_manifest_usage, stdout); return 0; }
    if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc) out = argv[++i];
    else if (!strcmp(argv[i], "--check")) check = 1;
    else return S_usage_error("unknown argument '%s' for manifest", argv[i]);
  }
  diag d;
  diag_init(&d, stderr, S_color(), 1);
  int rc = check ? manifest_check(&d, out, tejun_version) : manifest_write(&d, out, tejun_version) == 0 ? 0 : 2;
  diag_free(&d);
  return rc;
}

int main(int argc, char **argv) {
  output_signals();
  setvbuf(stderr, NULL, _IOLBF, 0);   /* a diagnostic is one write, not one per character */
  int rc;
  if (argc < 2) { fputs(S_usage, stderr); return 2; }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) { fputs(S_usage, stdout); return 0; }
  if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) { printf("tejun %s\n", tejun_version); return 0; }
  if (!strcmp(cmd, "help")) {
    if (argc < 3) { fputs(S_usage, stdout); return 0; }
    if (!strcmp(argv[2], "build")) { fputs(S_build_usage, stdout); return 0; }
    if (!strcmp(argv[2], "check")) { fputs(S_check_usage, stdout); return 0; }
    if (!strcmp(argv[2], "release")) { fputs(S_release_usage, stdout); return 0; }
    if (!strcmp(argv[2], "diff")) { fputs(S_diff_usage, stdout); return 0; }
    if (!strcmp(argv[2], "manifest")) { fputs(S_manifest_usage, stdout); return 0; }
    if (!strcmp(argv[2], "checklist")) { fputs(S_checklist_usage, stdout); return 0; }
    if (!strcmp(argv[2], "site")) { fputs(cmd_site_usage, stdout); return 0; }
    if (!strcmp(argv[2], "watch")) { fputs(S_watch_usage, stdout); return 0; }
    return S_usage_error("no help for unknown command '%s'", argv[2]);
  }
  if (!strcmp(cmd, "build")) rc = S_build(argc - 2, argv + 2, 0);
  else if (!strcmp(cmd, "watch")) rc = S_build(argc - 2, argv + 2, 1);
  else if (!strcmp(cmd, "check")) rc = S_check(argc - 2, argv + 2);
  else if (!strcmp(cmd, "release")) rc = S_release(argc - 2, argv + 2);
  else if (!strcmp(cmd, "diff")) rc = S_diff(argc - 2, argv + 2);
  else if (!strcmp(cmd, "manifest")) rc = S_manifest(argc - 2, argv + 2);
  else if (!strcmp(cmd, "checklist")) rc = S_checklist(argc - 2, argv + 2);
  else if (!strcmp(cmd, "site")) rc = cmd_site_main(argc - 2, argv + 2, S_templates(), S_color());
  else return S_usage_error("unknown command '%s'", cmd);
  xslt_cleanup();
  output_reraise();   /* a build stopped by a signal, out/ left consistent: die by that signal */
  return rc;
}
