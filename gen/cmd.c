/* cmd.c: the command line every command shares: getopt_long and its usage errors. */
#include "cmd.h"
#include "util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_usage_error(const char *cmd, const char *fmt, const char *arg) {
  buf a;
  buf_init(&a);
  if (arg) util_term_escape(&a, arg, strlen(arg), 0);
  fputs("tejun: ", stderr);
  fprintf(stderr, fmt, buf_cstr(&a));
  if (cmd)
    fprintf(stderr, "\nTry 'tejun %s --help'.\n", cmd);
  else
    fputs("\nTry 'tejun --help'.\n", stderr);
  buf_free(&a);
  return 2;
}

int cmd_next(cmd_args *a) {
  char shorts[64];
  snprintf(shorts, sizeof shorts, "-:%s", a->shorts); /* files in order; ':' for a missing value */
  if (!a->started) {
    optind = 0;
    opterr = 0;
    a->started = 1;
  }
  if (a->started == 2) { /* after "--": the rest are files */
    if (optind < a->argc) {
      a->arg = a->argv[optind++];
      return CMD_FILE;
    }
    return CMD_END;
  }
  int at = optind ? optind : 1; /* the argument being read (no permutation: "-" above) */
  int c = getopt_long(a->argc, a->argv, shorts, a->longs, NULL);
  if (c == -1) {
    a->started = 2;
    return cmd_next(a);
  }
  a->arg = optarg;
  if (c != '?' && c != ':') return c;
  /* the option as typed: "--name" (without "=value"), or "-x" */
  const char *word = at < a->argc ? a->argv[at] : "";
  char name[256];
  if (!strncmp(word, "--", 2)) {
    size_t n = strcspn(word, "=");
    snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name - 1 ? n : sizeof name - 1), word);
  } else
    snprintf(name, sizeof name, "-%c", optopt ? optopt : '?');
  char fmt[96];
  if (c == ':')
    snprintf(fmt, sizeof fmt, "option '%%s' needs a value");
  else if (optopt && !strncmp(word, "--", 2) && strchr(word, '='))
    snprintf(fmt, sizeof fmt, "option '%%s' takes no value");
  else
    snprintf(fmt, sizeof fmt, "unknown option '%%s' for %s", a->cmd);
  cmd_usage_error(a->cmd, fmt, name);
  return CMD_BAD;
}

int cmd_color(void) {
  const char *nc = getenv("NO_COLOR");
  if (nc && *nc) return 0;
  const char *t = getenv("TERM");
  if (t && !strcmp(t, "dumb")) return 0;
  return isatty(2);
}

static char S_tpl[4096];
const char *cmd_templates(void) {
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
