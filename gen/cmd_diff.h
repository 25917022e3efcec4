/* cmd_diff.h: the `tejun diff OLD NEW` job. Each side is a release (ID@N.M, ID@previous: the
 * newest release older than NEW) or a snapshot .xml, or a manual YAML (loaded, checked and
 * resolved as in a build). Both sides must be the same manual. Prints the diff for a
 * terminal, as Markdown or HTML; with -o DIR writes DIR/<id>-<old>..<new>.html and .md.
 * Returns 0 (the diff was made, with or without changes), 1 (problems in the inputs: a
 * missing or corrupted release, two different manuals, errors in a manual), 2 usage or I/O. */
#ifndef TEJUN_CMD_DIFF_H
#define TEJUN_CMD_DIFF_H
#include "diag.h"

typedef struct cmd_diff_opts {
  const char *old, *cur; /* the two sides */
  const char *releases; /* --releases DIR (default manuals/releases) */
  const char *catalog; /* --catalog FILE for YAML sides */
  const char *out; /* -o DIR, or NULL for stdout */
  const char *templates; /* the stylesheets' folder */
  enum { DIFF_TEXT, DIFF_MARKDOWN, DIFF_HTML } format;
  int color;
} cmd_diff_opts;

int cmd_diff_run(const cmd_diff_opts *o, diag *d);
#endif
