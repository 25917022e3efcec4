/* view.h: page numbers (P1…Pn as printed), continuation counters （１）（２）, circled step
 * numbers and computed page titles, for one view of a manual: the full manual, or one
 * service's pages (the shared pages plus that service's).
 * Ownership: a view owns its arrays; view_free releases them. The manual must outlive it. */
#ifndef TEJUN_VIEW_H
#define TEJUN_VIEW_H
#include "model.h"

typedef struct tj_view {
  const tj_manual *m;
  const char *service; /* NULL for the full manual */
  int *pno; /* per page index: its P number, 0 when not in this view */
  int *counter; /* per page index: its continuation counter, 0 when none is printed */
  int *sno; /* per step index: its number in its procedure, 0 when not in this view */
  char **title; /* per page index: the title as published: the printed one (`title:`)
                   where the page keeps its full-manual counter, else the computed one */
  int trademark_page; /* P number of 商標について, the last page */
  int npages; /* pages printed in all */
  int nsteps; /* steps in this view */
} tj_view;

void view_init(tj_view *v, const tj_manual *m, const char *service);
void view_free(tj_view *v);
/* Appends the title tejun computes for page index i of the view (procedure, counter （１）,
 * qualifier) to t, whatever the page's printed title says. */
void view_computed_title(const tj_view *v, int i, buf *t);
/* Appends the circled form of n (①…㊿; beyond 50 "(51)") to b. */
void view_mark(buf *b, int n);
/* Parses a circled number (①…㊿) at the start of s; returns it and its length in bytes, or 0. */
int view_parse_mark(const char *s, int *len);
/* Appends n in full-width digits (１２) to b. */
void view_fullwidth(buf *b, int n);
#endif
