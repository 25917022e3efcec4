/* cmd.h: what every command's command line shares: the option parser (getopt_long, the same
 * behaviour for every command: --opt=value and --opt value, -o value and -ovalue, options and
 * files in any order, `--` ends the options), its usage errors, colour on the terminal, the
 * templates folder; and each command's entry point and help text, for main.c's table.
 * Usage errors go to stderr as "tejun: MESSAGE\nTry 'tejun CMD --help'.\n" and make exit
 * status 2; a word from the command line in a message is shown escaped (it is data).
 * Ownership: nothing here allocates; the strings returned are static or point into argv. */
#ifndef TEJUN_CMD_H
#define TEJUN_CMD_H
#include <getopt.h>

/* The parse of one command line (argv[0] is the command's name, e.g. "build"). */
typedef struct cmd_args {
  int argc;
  char **argv;
  const char *cmd; /* the command's name, for the messages */
  const char *shorts; /* getopt's short options, e.g. "o:qj:h" */
  const struct option *longs; /* getopt_long's table, ending in {0} */
  const char *arg; /* out: the value of the option returned, or the file */
  int started; /* 0, 1 reading options, 2 after the end of them */
} cmd_args;
enum { CMD_FILE = 1, CMD_END = -1, CMD_BAD = -2 };

/* The next option: its `val` (then a->arg is its value, if it takes one), CMD_FILE (a->arg is
 * the next non-option argument, in command-line order), CMD_END, or CMD_BAD after a usage error
 * was reported (an unknown option, a missing value, a value given to an option that takes
 * none). */
int cmd_next(cmd_args *a);

/* Reports a usage error of command cmd (NULL: the program's) and returns 2. fmt has at most
 * one %s, for arg (shown escaped). */
int cmd_usage_error(const char *cmd, const char *fmt, const char *arg);

int cmd_color(void); /* colour on stderr: a terminal, no NO_COLOR, TERM not dumb */
const char *
cmd_templates(void); /* $TEJUN_TEMPLATES, else templates/ beside the program, else ./templates */

/* The commands: each parses argv (argv[0] is its name), runs, and returns the exit status:
 * 0 success, 1 problems in the data, 2 usage or I/O error. */
int cmd_build_main(int argc, char **argv);
int cmd_watch_main(int argc, char **argv);
int cmd_check_main(int argc, char **argv);
int cmd_release_main(int argc, char **argv);
int cmd_diff_main(int argc, char **argv);
int cmd_checklist_main(int argc, char **argv);
int cmd_manifest_main(int argc, char **argv);
int cmd_site_main(int argc, char **argv);
extern const char cmd_build_usage[], cmd_watch_usage[], cmd_check_usage[], cmd_release_usage[],
    cmd_diff_usage[], cmd_checklist_usage[], cmd_manifest_usage[], cmd_site_usage[];
#endif
