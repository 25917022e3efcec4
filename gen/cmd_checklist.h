/* cmd_checklist.h: the `tejun checklist` job: load the catalog, the manuals and the customer
 * profiles, build each checklist document (checklist.c), render it to print-ready HTML
 * (checklist.xsl through xslt.c) and to PDF (pdf.c), and write both atomically:
 *   DIR/checklists/<service>.pdf, .html            one per service selected
 *   DIR/checklists/customers/<customer-id>.pdf, .html   one per profile
 * A checklist is written only when both its files rendered; a manual or profile with errors
 * writes nothing of its own. Each manual is checked as `tejun check` checks it (prepare.h):
 * every rule, and its content against the release of its last version. Returns the exit status: 0
 * written, 1 problems in the manuals or profiles, 2 usage or I/O. */
#ifndef TEJUN_CMD_CHECKLIST_H
#define TEJUN_CMD_CHECKLIST_H
#include "diag.h"

typedef struct cmd_checklist_opts {
  const char *out; /* -o DIR, default "out" */
  const char *catalog; /* --catalog FILE, default <manuals>/shared/catalog.yaml */
  const char *templates; /* the folder of checklist.xsl */
  const char *releases; /* --releases DIR, default <manual's folder>/releases (the release check) */
  const char **services;
  int nservices; /* --service ID...: these services only */
  const char **customers;
  int ncustomers; /* --customer FILE... */
  int all_services; /* every service of the manuals (the default without --customer) */
  int emit_xml; /* --emit=xml: print the one checklist's XML, write nothing */
  const char **manuals;
  int nmanuals;
  int written; /* out: checklists written (each a PDF and an HTML) */
} cmd_checklist_opts;

int cmd_checklist_run(cmd_checklist_opts *o, diag *d);
#endif
