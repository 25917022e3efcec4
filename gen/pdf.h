/* pdf.h: the PDF writer. Draws a checklist document (templates/checklist.rng, built by
 * checklist.c) on A4 portrait pages with cairo and pango, the Japanese font chosen through
 * fontconfig and embedded (subset) in the file. Layout: running header (information label,
 * title) and footer (version tag, page x / y) on every sheet; rows are measured first and a
 * page break never falls inside a row; pango breaks lines (Japanese line-breaking rules:
 * no line starts with 。、）」).
 * Ownership: pdf_open returns a writer (font map, context, chosen family) that pdf_close
 * frees; pdf_render returns malloc'ed bytes the caller frees. pdf_cleanup is kept for
 * the end of a run but leaves the libraries' caches alone (see pdf.c). */
#ifndef TEJUN_PDF_H
#define TEJUN_PDF_H
#include "diag.h"
#include <libxml/tree.h>
#include <stddef.h>

typedef struct pdf pdf;

/* Picks the font (Noto Sans CJK JP, else IPAexGothic, else any font fontconfig offers for
 * Japanese, with a warning). NULL after reporting. */
pdf *pdf_open(diag *d);
void pdf_close(pdf *p);
/* The font family chosen. */
const char *pdf_family(const pdf *p);
/* Renders a checklist document; returns the PDF bytes and their length, and the number of
 * pages in *pages; NULL after reporting (a cairo error). */
char *pdf_render(pdf *p, diag *d, xmlDocPtr doc, size_t *len, int *pages);
void pdf_cleanup(void);
#endif
