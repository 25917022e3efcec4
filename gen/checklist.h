/* checklist.h: what a printable checklist holds, and in what order, as an XML document in
 * the vocabulary of templates/checklist.rng (described in templates/README.md): for one
 * service (every customer: conditional content kept with its label), or for one customer
 * (the shared preparation once, then each ordered service in catalog order, waits between
 * them, only what the customer's conditions select, their details filled in).
 * C decides every row, number, page reference and label here; checklist.xsl and pdf.c only
 * present the document. Numbers are those of the full manual (its tj_view), as printed there.
 * Ownership: the caller frees a returned document with xmlFreeDoc; the manuals, views and the
 * customer must outlive the call only. */
#ifndef TEJUN_CHECKLIST_H
#define TEJUN_CHECKLIST_H
#include "customer.h"
#include "view.h"
#include <libxml/tree.h>

/* A manual as checklists read it: the manual and its full view. */
typedef struct checklist_manual {
  const tj_manual *m;
  const tj_view *full;
} checklist_manual;

/* The checklist of one service of a manual. NULL after reporting (a `short` with an unknown
 * reference). */
xmlDocPtr checklist_service(diag *d, const checklist_manual *cm, const char *service,
                            const char *tejun_version);
/* The checklist of a customer, from the manuals given (the first manual that lists a service
 * covers it). NULL after reporting (a service no manual covers, a bad `short`). */
xmlDocPtr checklist_customer(diag *d, const checklist_manual *cms, int n, const tj_customer *c,
                             const char *tejun_version);
/* The checklist line of a Markdown text: inline markup stripped, references rendered as the
 * full manual prints them, line breaks joined; only the first sentence when `first` (up to
 * the first 。！？ outside brackets). Returns a malloc'ed string. */
char *checklist_line(const checklist_manual *cm, const char *md, int first);
#endif
