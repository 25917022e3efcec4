/* checkctx.c: what every rule of the checker uses (checkctx.h): reporting a finding with its
 * rule's severity unless the node silences it (`ignore`), and the cap on findings per text.
 * check.c and style.c call it; it calls neither. */
#include "checkctx.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const check_rule *check_find_rule(const char *id) {
  for (const check_rule *r = check_rules; r->id; r++)
    if (!strcmp(r->id, id)) return r;
  return NULL;
}

/* ---- reporting, with `ignore` ---- */

static int S_ignored(const tj_ignores *ig, const char *rule) {
  for (int i = 0; ig && i < ig->n; i++)
    if (!strcmp(ig->v[i].rule, rule)) return 1;
  return 0;
}

/* Reports at pos, or (t given) at byte `byte` of t. */
static void S_vreport(checkctx *c, const char *rule, const tj_page *p, const tj_block *b,
                      diag_pos pos, const tj_text *t, size_t byte, const char *fmt, va_list ap) {
  const check_rule *r = check_find_rule(rule);
  if ((b && S_ignored(&b->ignore, rule)) || (p && S_ignored(&p->ignore, rule))) {
    c->st->silenced++;
    return;
  }
  va_list aq; /* the whole message, however long: never cut (a cut can split a character) */
  va_copy(aq, ap);
  int n = vsnprintf(NULL, 0, fmt, aq);
  va_end(aq);
  char *msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
  *msg = 0;
  if (n > 0) vsnprintf(msg, (size_t)n + 1, fmt, ap);
  diag_report(c->d, r ? r->level : DIAG_ERROR, t ? text_at(t, byte) : pos, rule, "%s", msg);
  free(msg);
}

void checkctx_report(checkctx *c, const char *rule, const tj_page *p, const tj_block *b,
                     diag_pos pos, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  S_vreport(c, rule, p, b, pos, NULL, 0, fmt, ap);
  va_end(ap);
}

void checkctx_report_in(checkctx *c, const char *rule, const tj_page *p, const tj_block *b,
                        const tj_text *t, size_t byte, const char *fmt, ...) {
  diag_pos none = {0};
  va_list ap;
  va_start(ap, fmt);
  S_vreport(c, rule, p, b, none, t, byte, fmt, ap);
  va_end(ap);
}

diag_pos checkctx_at(const tj_text *t, size_t byte) { return text_at(t, byte); }

int checkctx_take(checkctx_cap *k, size_t byte) {
  if (k->n < CHECK_MAX_PER_TEXT) {
    k->n++;
    return 1;
  }
  if (!k->more++) k->first = byte;
  return 0;
}

void checkctx_untaken(checkctx *c, checkctx_cap *k, const char *rule, const tj_page *p,
                      const tj_block *b, const tj_text *t) {
  int more = k->more;
  size_t first = k->first;
  memset(k, 0, sizeof *k);
  if (!more) return;
  if ((b && S_ignored(&b->ignore, rule)) || (p && S_ignored(&p->ignore, rule))) {
    c->st->silenced += more;
    return;
  }
  diag_report(c->d, DIAG_NOTE, checkctx_at(t, first), rule,
              "%d more %s finding%s in this text from here on not reported (a rule reports at most "
              "%d in one text)",
              more, rule, more == 1 ? "" : "s", CHECK_MAX_PER_TEXT);
}
