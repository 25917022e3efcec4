/* diag.h: the one diagnostics format, `file:line:col: error|warning|note: message [rule]`.
 * Every stage reports into a diag sink; only main.c decides how it is shown.
 * Ownership: the sink copies every string it is given; diag_free releases them. */
#ifndef TEJUN_DIAG_H
#define TEJUN_DIAG_H
#include "util.h"
#include <stdio.h>

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_level;

/* Errors and warnings printed per run, as compilers cap theirs: after the first DIAG_MAX_SHOWN
 * (in file order, when sorted) one line says how many more there are; the counts (errors,
 * warnings, the summary line) and the exit status still include every one. Notes are always
 * printed. The sink keeps every item (the JSON and SARIF reports list them all). With `-j N`
 * each worker prints its own first DIAG_MAX_SHOWN. */
#define DIAG_MAX_SHOWN 200

typedef struct diag_pos {
  const char *file;
  int line, col;
} diag_pos; /* 1-based; line 0 = no position */

typedef struct diag_item {
  diag_level level;
  char *file;
  int line, col;
  char *msg, *rule;
  size_t seq; /* arrival order, to keep sorting stable */
} diag_item;

typedef struct diag {
  diag_item *items;
  size_t n, cap;
  int errors, warnings;
  int immediate; /* print each diagnostic as it arrives */
  size_t shown; /* printed so far (at most DIAG_MAX_SHOWN) */
  size_t hidden; /* not printed because of the cap */
  int color; /* ANSI colour and source excerpts */
  FILE *out;
  struct diag_src {
    char *file;
    char *data;
    size_t len;
  } * srcs;
  size_t nsrc;
} diag;

void diag_init(diag *d, FILE *out, int color, int immediate);
void diag_free(diag *d);
/* Remember a file's bytes so that terminal output can show the line and a caret (copied). */
void diag_source(diag *d, const char *file, const char *data, size_t len);
void diag_report(diag *d, diag_level lv, diag_pos pos, const char *rule, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Orders the collected items by file, line and column (stable). */
void diag_sort(diag *d);
/* Print the items not yet printed (when not immediate), up to the cap, then the line that
 * counts those not shown, and, when `what` is given, the summary line. */
void diag_summary(diag *d, const char *what);
/* Write s to f with every character that could act on a terminal shown as a visible escape
 * (\x1b, \u009b, \u202e …: util_term_escape); diagnostics never reach a terminal raw. */
void diag_put_safe(FILE *f, const char *s);

/* "Allowed values plus nearest": the one message for a name that is none of a known set (a key,
 * a service, a condition, a plan, a region). Fill the first fields, offer each allowed value
 * with diag_choice (the list keeps the first UTIL_LIST_MAX, then "… (N more)"; the nearest is
 * the first at the smallest edit distance, at most `max`), then diag_unknown reports
 *   unknown WHAT 'NAME'[ in IN]; did you mean 'NEAR'? (LABEL: LIST[MORE])
 *   unknown WHAT 'NAME'[ in IN] (LABEL[ in WHERE]: LIST[MORE])[; HINT]     (none near)
 * and frees the list. A caller with its own search (util_near: memoised, budgeted) sets `near`
 * itself and leaves max 0. Ownership: the strings stay the caller's; the list is the struct's. */
typedef struct diag_choices {
  const char *what, *in, *label, *where, *more, *hint; /* in, where, more, hint: optional */
  int max; /* 0: no search by diag_choice */
  const char *near;
  int neard; /* the nearest so far */
  buf list;
  int n; /* the allowed values offered */
} diag_choices;
void diag_choice(diag_choices *c, const char *name, const char *value);
void diag_unknown(diag *d, diag_pos pos, const char *rule, const char *name, diag_choices *c);

/* Exit statuses, the same in every command: 0 success, 1 problems in the data (manuals,
 * profiles, releases), 2 usage or I/O error. A run keeps the worst it met: exit_worst. */
static inline int exit_worst(int a, int b) { return a > b ? a : b; }
#endif
