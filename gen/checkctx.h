/* checkctx.h: what the check modules (check.c, style.c) share while checking one manual:
 * the full manual's numbering, the reporting that honours `ignore` (positions in a text: text_at).
 * Internal to the checker (its functions are in checkctx.c); main.c and cmd_build.c use check.h. */
#ifndef TEJUN_CHECKCTX_H
#define TEJUN_CHECKCTX_H
#include "check.h"
#include "view.h"

typedef struct checkctx {
  diag *d;
  const tj_manual *m;
  check_stats *st;
  tj_view full; /* the full manual as published: P numbers, ①② */
  util_near *titles; /* "did you mean" among the catalog's titles (made at the first unknown one) */
  long near_budget; /* character comparisons left for it (UTIL_NEAR_BUDGET per manual) */
  size_t title_len; /* strlen of the manual's title */
} checkctx;

/* Reports a finding of `rule` (its default severity), unless the block or page silences it. */
void checkctx_report(checkctx *c, const char *rule, const tj_page *p, const tj_block *b,
                     diag_pos pos, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same for a finding at byte `byte` of text t: its position (text_at) is worked out only
 * when the finding is reported. */
void checkctx_report_in(checkctx *c, const char *rule, const tj_page *p, const tj_block *b,
                        const tj_text *t, size_t byte, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* The position of byte `byte` of a text: text_at (model.h), for a finding already counted. */
diag_pos checkctx_at(const tj_text *t, size_t byte);
/* The texts of the manual are walked with manual_each_text (model.h): the rules pass their
 * checkctx, or their own context that holds it, as its ctx. */

/* A rule reports at most CHECK_MAX_PER_TEXT findings in one text: each is located by walking
 * the text from its start (checkctx_at), and a text of a hundred thousand broken links would
 * be walked a hundred thousand times. checkctx_take counts a finding at byte `byte` and says
 * whether to report it; checkctx_untaken reports those held back in one note, at the first
 * of them (or counts them as silenced, when the node silences the rule), and resets k. */
#define CHECK_MAX_PER_TEXT 64
typedef struct checkctx_cap {
  int n, more;
  size_t first;
} checkctx_cap;
int checkctx_take(checkctx_cap *k, size_t byte);
void checkctx_untaken(checkctx *c, checkctx_cap *k, const char *rule, const tj_page *p,
                      const tj_block *b, const tj_text *t);
#endif
