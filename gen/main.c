/* main.c: the command line's dispatcher: finds the command in the table, runs it, exits.
 * Each command parses its own options (cmd.h: getopt_long, the same for all) beside its code. */
#include "cmd.h"
#include "output.h"
#include "version.h"
#include "xslt.h"
#include <stdio.h>
#include <string.h>

/* The commands: name, entry point, help text, summary for `tejun --help` (NULL: not listed). */
static const struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *usage;
  const char *summary;
} S_commands[] = {
    {"build", cmd_build_main, cmd_build_usage, "compile manuals into HTML and Markdown (out/)"},
    {"checklist", cmd_checklist_main, cmd_checklist_usage,
     "printable checklists (A4 PDF and HTML) per service and per customer"},
    {"check", cmd_check_main, cmd_check_usage,
     "check numbering, references, the change log, style and links"},
    {"release", cmd_release_main, cmd_release_usage,
     "freeze manuals as released at their last change-log version"},
    {"diff", cmd_diff_main, cmd_diff_usage,
     "what changed between two releases (or a release and a manual)"},
    {"manifest", cmd_manifest_main, cmd_manifest_usage,
     "rewrite out/manifest.json from the outputs built so far"},
    {"site", cmd_site_main, cmd_site_usage,
     "write out/index.html, the landing page linking every output"},
    {"watch", cmd_watch_main, cmd_watch_usage, NULL}, /* = build --watch */
};
enum { S_NCOMMANDS = sizeof S_commands / sizeof S_commands[0] };

static void S_usage(FILE *f) {
  fputs("usage: tejun <command> [options] MANUAL.yaml...\n"
        "\n"
        "tejun compiles Japanese procedure manuals written in YAML into checked,\n"
        "version-tagged HTML and Markdown.\n"
        "\n"
        "commands:\n",
        f);
  for (int i = 0; i < S_NCOMMANDS; i++)
    if (S_commands[i].summary) fprintf(f, "  %-9s %s\n", S_commands[i].name, S_commands[i].summary);
  fputs("  help CMD  show the help of a command\n"
        "\n"
        "options:\n"
        "  -h, --help     show this help\n"
        "  -V, --version  show the version\n"
        "\n"
        "exit status: 0 success, 1 problems found in the manuals, 2 usage or I/O error.\n"
        "Colour is used only on a terminal and never when NO_COLOR is set.\n"
        "See `man gen/tejun.1` and README.md.\n",
        f);
}

static const struct command *S_find(const char *name) {
  for (int i = 0; i < S_NCOMMANDS; i++)
    if (!strcmp(S_commands[i].name, name)) return &S_commands[i];
  return NULL;
}

int main(int argc, char **argv) {
  output_signals();
  setvbuf(stderr, NULL, _IOLBF, 0); /* a diagnostic is one write, not one per character */
  if (argc < 2) {
    S_usage(stderr);
    return 2;
  }
  const char *name = argv[1];
  if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
    S_usage(stdout);
    return 0;
  }
  if (!strcmp(name, "-V") || !strcmp(name, "--version")) {
    printf("tejun %s\n", TEJUN_VERSION);
    return 0;
  }
  if (!strcmp(name, "help")) {
    if (argc < 3) {
      S_usage(stdout);
      return 0;
    }
    const struct command *c = S_find(argv[2]);
    if (!c) return cmd_usage_error(NULL, "no help for unknown command '%s'", argv[2]);
    fputs(c->usage, stdout);
    return 0;
  }
  const struct command *c = S_find(name);
  if (!c) return cmd_usage_error(NULL, "unknown command '%s'", name);
  int rc = c->run(argc - 1, argv + 1); /* argv[0] is the command's name */
  xslt_cleanup();
  output_reraise(); /* a build stopped by a signal, out/ left consistent: die by that signal */
  return rc;
}
