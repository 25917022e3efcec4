/* htmlwrite.h: the HTML a stylesheet produced (an HTML result document), serialised as
 * libxml2's HTML serialiser writes it for output method html, UTF-8, no indentation — the
 * same bytes, several times faster (tests compare the two on every page).
 * Ownership: appends to the caller's buf; adds the charset <meta> to doc as libxslt does. */
#ifndef TEJUN_HTMLWRITE_H
#define TEJUN_HTMLWRITE_H
#include "util.h"
#include <libxml/tree.h>

/* Appends doc's HTML to b. Returns 0, or -1 (nothing written) for a document this writer does
 * not handle (namespaces, unusual node types): the caller then uses libxml2's. */
int htmlwrite_doc(xmlDocPtr doc, buf *b);
#endif
