/* xslt.h: the XSLT stage. Stylesheets are parsed once per process and applied to the
 * intermediate XML; libxml2 and libxslt are locked down: no network, no DTD loading, no
 * entity substitution, no file reads or writes from a stylesheet at transform time.
 * Ownership: xslt_open returns an object the caller closes with xslt_close; xslt_apply
 * returns a malloc'ed string the caller frees. */
#ifndef TEJUN_XSLT_H
#define TEJUN_XSLT_H
#include "diag.h"
#include <libxml/tree.h>
#include <stddef.h>

typedef struct xslt xslt;
/* One per stylesheet: the manual's HTML page, the checklist page (`tejun checklist`), the
 * HTML redline (`tejun diff`), the landing page (`tejun site`). The Markdown outputs are
 * written in C (markdown.h). */
typedef enum { XSLT_HTML, XSLT_CHECKLIST, XSLT_DIFF_HTML, XSLT_SITE, XSLT_SHEETS } xslt_format;

/* Initialise libxml2/libxslt once, lock them down, parse the stylesheets in `dir`. NULL after
 * reporting. */
xslt *xslt_open(diag *d, const char *dir);
void xslt_close(xslt *r);
/* Applies one stylesheet; returns the output (NUL-terminated) and its length, or NULL after
 * reporting. */
char *xslt_apply(xslt *r, diag *d, xslt_format f, xmlDocPtr doc, size_t *len);
/* Parse XML text with the locked-down options (used by tests of the lock-down). */
xmlDocPtr xslt_parse_xml(const char *data, size_t len);
/* Release the libraries' global state (for leak checkers). */
void xslt_cleanup(void);
#endif
