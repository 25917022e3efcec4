/* cmd_site.h: the `tejun site` job: load the catalog, the manuals (load only: no checks, no
 * rendering) and the customer profiles, decide the landing page of the output folder
 * (site.c), present it with templates/site.xsl, and write DIR/index.html together with its
 * manifest part (DIR/.tejun/parts/_site.tsv), then DIR/manifest.json. A manual, profile or
 * release with errors writes nothing; the earlier page stays.
 * Returns the exit status: 0 written, 1 problems in the inputs, 2 usage or I/O. */
#ifndef TEJUN_CMD_SITE_H
#define TEJUN_CMD_SITE_H
#include "diag.h"

typedef struct cmd_site_opts {
  const char *out; /* -o DIR, default "out" */
  const char *catalog; /* --catalog FILE, default <manuals>/shared/catalog.yaml */
  const char *releases; /* --releases DIR, default releases/ beside each manual */
  const char *templates; /* the folder of site.xsl */
  int emit_xml; /* --emit=xml: print the page's XML, write nothing */
  int manifest; /* rewrite DIR/manifest.json (default 1) */
  const char **manuals;
  int nmanuals;
  const char **customers;
  int ncustomers;
} cmd_site_opts;

int cmd_site_run(const cmd_site_opts *o, diag *d);

/* Its command line: cmd_site_main and cmd_site_usage, in cmd.h. */
#endif
