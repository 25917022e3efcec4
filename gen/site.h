/* site.h: the landing page of an output folder (DIR/index.html), decided here as an XML
 * document in the vocabulary of templates/site.rng (described in templates/README.md), which
 * templates/site.xsl presents. It lists:
 *   - every manual given: title, version and date of its last change-log row, information
 *     label, and its full page (DIR/<id>/index.html, <id>.md);
 *   - under each manual, its service pages (DIR/services/<service>/…), named from the catalog;
 *   - under each manual, its releases (<id>@<N.M>.xml in its releases folder, read and verified:
 *     version and date as frozen), newest first, and the manual's own version when it is not
 *     released yet; under each, the redlines DIR/diffs/<id>-<old>..<new>.html/.md to it;
 *   - the checklists per service of the manuals (DIR/checklists/<service>.pdf/.html) and per
 *     customer given (DIR/checklists/customers/<id>.pdf/.html, the company from the profile).
 * A link is written only to a regular file that exists under DIR, as a relative path built
 * from ids (^[a-z0-9][a-z0-9-]*$) and tags (digits and dots): the page has no dead link and
 * opens from disk. Something to list that is not on disk is left off (a manual without its
 * page keeps its card, without that link; a customer without a checklist is left off, with a
 * warning). A page built from another version than its manual says now (the manifest part
 * of the build records it) is an error: the page would tell a version the link does not open.
 * Ownership: the caller frees the document with xmlFreeDoc; the inputs must outlive the call
 * only. Returns NULL after reporting to d (a corrupted or misnamed release, a stale output). */
#ifndef TEJUN_SITE_H
#define TEJUN_SITE_H
#include "customer.h"
#include <libxml/tree.h>

typedef struct site_input {
  const char *out; /* the folder listed (-o DIR) */
  const tj_catalog *cat;
  const tj_manual *const *manuals;
  int nmanuals; /* distinct ids */
  const char *const *releases; /* per manual: its releases folder */
  const tj_customer *const *customers;
  int ncustomers; /* distinct ids */
} site_input;

xmlDocPtr site_document(diag *d, const site_input *in, const char *tejun_version);
#endif
