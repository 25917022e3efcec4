/* checkctx.h: what the check modules (check.c, style.c) share while checking one manual:
 * the full manual's numbering, the reporting that honours `ignore` (positions in a text: text_at).
 * Internal to the checker; main.c and cmd_build.c use check.h. */
#ifndef TEJUN_CHECKCTX_H
#define TEJUN_CHECKCTX_H
#include "check.h"
#include "view.h"

typedef struct checkctx {
  diag *d;
  const tj_manual *m;
  check_stats *st;
  tj_view full;                        /* the full manual as published: P numbers, ①② */
} checkctx;

/* Reports a finding of `rule` (its default severity), unless the block or page silences it. */
void checkctx_report(checkctx *c, const char *rule, const tj_page *p, const tj_block *b, diag_pos pos, const char *fmt, ...)
  __attribute__((format(printf, 6, 7)));
/* The same for a finding at byte `byte` of text t: its position (text_at) is worked out only
 * when the finding is reported. */
void checkctx_report_in(checkctx *c, const char *rule, const tj_page *p, const tj_block *b, const tj_text *t, size_t byte,
                        const char *fmt, ...) __attribute__((format(printf, 7, 8)));
/* Calls fn for every text of the manual, with its page and block (NULL for trademark lines). */
void checkctx_each_text(checkctx *c, void (*fn)(checkctx *, const tj_page *, const tj_block *, const tj_text *));
#endif
