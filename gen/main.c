/* main.c: the command line. Parses arguments, picks the job, prints, exits. Nothing else. */
#include "build.h"
#include "diag.h"
#include "manifest.h"
#include "output.h"
#include "report.h"
#include "render.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *S_usage =
  "usage: tejun <command> [options] MANUAL.yaml...\n"
  "\n"
  "tejun compiles Japanese procedure manuals written in YAML into checked,\n"
  "version-tagged HTML and Markdown.\n"
  "\n"
  "commands:\n"
  "  build     compile manuals into HTML and Markdown (out/)\n"
  "  check     check numbering, references, the change log, style and links\n"
  "  manifest  rewrite out/manifest.json from the outputs built so far\n"
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
  "usage: tejun build [-o DIR] [options] MANUAL.yaml...\n"
  "\n"
  "Compile each manual into DIR/<id>/index.html and DIR/<id>/<id>.md, and each of\n"
  "its services into DIR/services/<service>/index.html and <service>.md; then write\n"
  "DIR/manifest.json. A manual with errors writes nothing; earlier outputs stay.\n"
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
  "      --depfile FILE   write a make rule listing every file read\n"
  "      --deptarget T    the target of that rule (default: FILE)\n"
  "  -q, --quiet          no progress line\n"
  "  -h, --help           show this help\n"
  "\n"
  "The checks of `tejun check` run first: an error stops a manual's outputs, a\n"
  "warning does not (unless --werror).\n"
  "\n"
  "exit status: 0 built, 1 problems in the manuals, 2 usage or I/O error.\n";

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
  "usage: tejun manifest [-o DIR]\n"
  "\n"
  "Rewrite DIR/manifest.json (default DIR: out) from the parts that each `tejun build`\n"
  "leaves in DIR/.tejun/parts/: every output with its manual, service, format,\n"
  "version, date, SHA-256 and size. `make` runs it after the builds.\n"
  "\n"
  "exit status: 0 written, 2 usage or I/O error.\n";

static void S_signal(int sig) {
  output_cleanup();
  signal(sig, SIG_DFL);
  raise(sig);
}

static int S_color(void) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return 0;
  const char *t = getenv("TERM");
  if (t && !strcmp(t, "dumb")) return 0;
  return isatty(2);
}

static int S_usage_error(const char *fmt, const char *arg) {
  fputs("tejun: ", stderr);
  fprintf(stderr, fmt, arg);
  fputs("\nTry 'tejun --help'.\n", stderr);
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

static int S_build(int argc, char **argv) {
  build_opts o;
  memset(&o, 0, sizeof o);
  o.out = "out"; o.templates = S_templates(); o.services = 1; o.manifest = 1;
  int quiet = 0;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
  int nf = 0;
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
#define ARG(dst) do { if (i + 1 >= argc) { free(files); return S_usage_error("option %s needs a value", a); } dst = argv[++i]; } while (0)
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(S_build_usage, stdout); free(files); return 0; }
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
    else if (a[0] == '-' && a[1]) { free(files); return S_usage_error("unknown option '%s' for build", a); }
    else files[nf++] = a;
#undef ARG
  }
  if (nf == 0) { free(files); return S_usage_error("%s", "build needs at least one MANUAL.yaml"); }
  if (!*o.out) { free(files); return S_usage_error("%s", "-o needs a folder"); }
  o.manuals = files; o.nmanuals = nf;
  o.progress = !quiet && !o.emit_xml && nf >= 8 && isatty(2);
  diag d;
  diag_init(&d, stderr, S_color(), 0);
  int rc = build_run(&o, &d);
  diag_sort(&d);
  diag_summary(&d, "tejun build");
  diag_free(&d);
  free(files);
  return rc;
}

static int S_check(int argc, char **argv) {
  build_opts o;
  memset(&o, 0, sizeof o);
  o.check_only = 1;
  enum { TEXT, JSON, SARIF } fmt = TEXT;
  const char **files = calloc((size_t)argc + 1, sizeof *files);
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
    fprintf(stderr, "tejun check: %d manual%s, %d error%s, %d warning%s, %d silenced\n", o.nchecked, o.nchecked == 1 ? "" : "s",
            d.errors, d.errors == 1 ? "" : "s", d.warnings, d.warnings == 1 ? "" : "s", o.silenced);
  } else if (fmt == JSON) report_json(stdout, &d, o.silenced, o.nchecked);
  else report_sarif(stdout, &d, tejun_version);
  diag_free(&d);
  free(files);
  return rc;
}

static int S_manifest(int argc, char **argv) {
  const char *out = "out";
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(S_manifest_usage, stdout); return 0; }
    if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output")) && i + 1 < argc) out = argv[++i];
    else return S_usage_error("unknown argument '%s' for manifest", argv[i]);
  }
  diag d;
  diag_init(&d, stderr, S_color(), 1);
  int rc = manifest_write(&d, out, tejun_version) == 0 ? 0 : 2;
  diag_free(&d);
  return rc;
}

int main(int argc, char **argv) {
  signal(SIGINT, S_signal);
  signal(SIGTERM, S_signal);
  signal(SIGHUP, S_signal);
  signal(SIGXFSZ, SIG_IGN);   /* a full disk or file-size limit becomes a write error, handled */
  int rc;
  if (argc < 2) { fputs(S_usage, stderr); return 2; }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help")) { fputs(S_usage, stdout); return 0; }
  if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) { printf("tejun %s\n", tejun_version); return 0; }
  if (!strcmp(cmd, "help")) {
    if (argc < 3) { fputs(S_usage, stdout); return 0; }
    if (!strcmp(argv[2], "build")) { fputs(S_build_usage, stdout); return 0; }
    if (!strcmp(argv[2], "check")) { fputs(S_check_usage, stdout); return 0; }
    if (!strcmp(argv[2], "manifest")) { fputs(S_manifest_usage, stdout); return 0; }
    return S_usage_error("no help for unknown command '%s'", argv[2]);
  }
  if (!strcmp(cmd, "build")) rc = S_build(argc - 2, argv + 2);
  else if (!strcmp(cmd, "check")) rc = S_check(argc - 2, argv + 2);
  else if (!strcmp(cmd, "manifest")) rc = S_manifest(argc - 2, argv + 2);
  else return S_usage_error("unknown command '%s'", cmd);
  render_cleanup();
  return rc;
}
