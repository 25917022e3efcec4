/* markdown.h: the Markdown outputs, written in C from the same documents the HTML is made
 * from: a publication (pubxml_view, or a release snapshot, with diff_mark's change marks)
 * → the manual's or a service's Markdown; a diff document (diff_publications) → the
 * Markdown redline. CommonMark with GitHub's pipe tables; data is escaped per character and
 * context (templates/README.md says how), so it never changes the document's structure, and
 * no raw HTML is written except the redline's <ins>…</ins> and <del>…</del>.
 * Ownership: the documents stay the caller's; each function returns a malloc'ed,
 * NUL-terminated string (its length in *len) that the caller frees, or NULL after reporting
 * an element it has no rendering for (the C side and the vocabulary disagree). */
#ifndef TEJUN_MARKDOWN_H
#define TEJUN_MARKDOWN_H
#include "diag.h"
#include <libxml/tree.h>
#include <stddef.h>

char *markdown_publication(diag *d, xmlDocPtr publication, size_t *len);
char *markdown_diff(diag *d, xmlDocPtr diff, size_t *len);
#endif
