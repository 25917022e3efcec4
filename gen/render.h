/* render.h: the XSLT stage. Stylesheets are parsed once per process and applied to the
 * intermediate XML; libxml2 and libxslt are locked down: no network, no DTD loading, no
 * entity substitution, no file reads or writes from a stylesheet at transform time.
 * Ownership: render_open returns an object the caller closes with render_close; render_apply
 * returns a malloc'ed string the caller frees. */
#ifndef TEJUN_RENDER_H
#define TEJUN_RENDER_H
#include "diag.h"
#include <libxml/tree.h>
#include <stddef.h>

typedef struct render render;
/* RENDER_COUNT counts the formats of a manual (build.c renders each); the checklist page
 * (templates/checklist.xsl, for `tejun checklist`) comes after them, then the two of `tejun diff` (diff-html.xsl, diff-markdown.xsl); RENDER_SHEETS counts all. */
typedef enum { RENDER_HTML, RENDER_MD, RENDER_COUNT, RENDER_CHECKLIST = RENDER_COUNT, RENDER_DIFF_HTML, RENDER_DIFF_MD,
               RENDER_SHEETS } render_format;

/* Initialise libxml2/libxslt once, lock them down, parse the stylesheets in `dir`. NULL after reporting. */
render *render_open(diag *d, const char *dir);
void render_close(render *r);
/* Applies one stylesheet; returns the output (NUL-terminated) and its length, or NULL after reporting. */
char *render_apply(render *r, diag *d, render_format f, xmlDocPtr doc, size_t *len);
/* Parse XML text with the locked-down options (used by tests of the lock-down). */
xmlDocPtr render_parse_xml(const char *data, size_t len);
/* Release the libraries' global state (for leak checkers). */
void render_cleanup(void);
#endif
