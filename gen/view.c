/* view.c: numbering pages, counters and steps for a view; computing page titles. */
#include "view.h"
#include <stdlib.h>
#include <string.h>

void view_mark(buf *b, int n) {
  if (n >= 1 && n <= 20)
    utf8_encode(b, 0x2460 + (uint32_t)(n - 1));
  else if (n >= 21 && n <= 35)
    utf8_encode(b, 0x3251 + (uint32_t)(n - 21));
  else if (n >= 36 && n <= 50)
    utf8_encode(b, 0x32B1 + (uint32_t)(n - 36));
  else
    buf_printf(b, "(%d)", n);
}

int view_parse_mark(const char *s, int *len) {
  uint32_t cp;
  int k = utf8_decode((const unsigned char *)s, strnlen(s, 4), &cp);
  if (k <= 0) return 0;
  int n = 0;
  if (cp >= 0x2460 && cp <= 0x2473)
    n = (int)(cp - 0x2460) + 1;
  else if (cp >= 0x3251 && cp <= 0x325F)
    n = (int)(cp - 0x3251) + 21;
  else if (cp >= 0x32B1 && cp <= 0x32BF)
    n = (int)(cp - 0x32B1) + 36;
  if (n && len) *len = k;
  return n;
}

void view_fullwidth(buf *b, int n) {
  char t[16];
  snprintf(t, sizeof t, "%d", n);
  for (char *p = t; *p; p++) utf8_encode(b, 0xFF10 + (uint32_t)(*p - '0'));
}

static int S_same(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return !strcmp(a, b);
}

/* Continuation counters over the pages order[0..n): runs of consecutive pages with the same
 * procedure. The counter is printed when the procedure spans two or more pages, its title
 * page (divider) included: 事前準備 + 事前準備（１）, but API連携の完了画面 alone. */
static void S_count(const tj_manual *m, const int *order, int n, int *counter) {
  for (int a = 0; a < n;) {
    int b = a;
    while (b < n && !strcmp(m->pages[order[b]]->procedure, m->pages[order[a]]->procedure)) b++;
    int c = 0;
    for (int k = a; k < b; k++)
      if (!m->pages[order[k]]->divider) counter[order[k]] = b - a >= 2 ? ++c : 0;
    a = b;
  }
}

/* The counters of the pages of a service's view (NULL: the full manual), per page index
 * (malloc'ed). */
static int *S_counters_of(const tj_manual *m, const char *service) {
  int *order = xcalloc((size_t)m->npages + 1, sizeof *order), n = 0;
  int *counter = xcalloc((size_t)m->npages + 1, sizeof *counter);
  for (int i = 0; i < m->npages; i++)
    if (!service || page_has_service(m->pages[i], service)) order[n++] = i;
  S_count(m, order, n, counter);
  free(order);
  return counter;
}

void view_init(tj_view *v, const tj_manual *m, const char *service) {
  memset(v, 0, sizeof *v);
  v->m = m;
  v->service = service;
  int np = m->npages;
  v->pno = xcalloc((size_t)np + 1, sizeof *v->pno);
  v->counter = xcalloc((size_t)np + 1, sizeof *v->counter);
  v->title = xcalloc((size_t)np + 1, sizeof *v->title);
  v->sno = xcalloc((size_t)m->nsteps + 1, sizeof *v->sno);
  int p = 2; /* P1 cover, P2 change log */
  int *in = xcalloc((size_t)np + 1, sizeof *in);
  int *order = xcalloc((size_t)np + 1, sizeof *order), n = 0;
  for (int i = 0; i < np; i++) {
    const tj_page *pg = m->pages[i];
    if (service && !page_has_service(pg, service)) continue;
    in[i] = 1;
    order[n++] = i;
    v->pno[i] = ++p;
  }
  v->trademark_page = ++p;
  v->npages = p;
  S_count(m, order, n, v->counter);
  /* steps: runs of consecutive pages with the same procedure and qualifier */
  int prev = -1, sn = 0;
  for (int k = 0; k < n; k++) {
    const tj_page *pg = m->pages[order[k]];
    if (prev < 0 || strcmp(m->pages[prev]->procedure, pg->procedure) ||
        !S_same(m->pages[prev]->qualifier, pg->qualifier))
      sn = 0;
    prev = order[k];
    for (int bi = 0; bi < pg->nblocks; bi++)
      if (pg->blocks[bi].kind == BK_STEP && pg->blocks[bi].step) {
        v->sno[pg->blocks[bi].step->index] = ++sn;
        v->nsteps++;
      }
  }
  /* a title as printed (`title:`) is the published one: shown in the full manual, and in a
   * service's view where the page keeps the counter it has in the full manual (tejun check
   * holds printed counters to the numbering; a release made with --force keeps the deck's) */
  int *full = service ? S_counters_of(m, NULL) : NULL;
  for (int i = 0; i < np; i++) {
    if (!in[i]) continue;
    const tj_page *pg = m->pages[i];
    buf t;
    buf_init(&t);
    if (pg->title && (!full || full[i] == v->counter[i]))
      buf_puts(&t, pg->title);
    else
      view_computed_title(v, i, &t);
    v->title[i] = buf_detach(&t);
  }
  free(full);
  free(in);
  free(order);
}

void view_computed_title(const tj_view *v, int i, buf *t) {
  const tj_page *pg = v->m->pages[i];
  buf_puts(t, pg->procedure);
  if (pg->divider) return;
  if (v->counter[i]) {
    buf_puts(t, "（");
    view_fullwidth(t, v->counter[i]);
    buf_puts(t, "）");
  }
  if (pg->qualifier) {
    buf_putc(t, ' ');
    buf_puts(t, pg->qualifier);
  }
}

void view_free(tj_view *v) {
  if (!v->m) return;
  for (int i = 0; i < v->m->npages; i++) free(v->title[i]);
  free(v->title);
  free(v->pno);
  free(v->counter);
  free(v->sno);
  memset(v, 0, sizeof *v);
}
