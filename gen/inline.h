/* inline.h: Markdown inline text → elements of the intermediate XML, through cmark.
 * Text is parsed as inline content only: a line that would start a heading, a list, a
 * quote, a code block or a thematic break is taken literally. Raw HTML is kept as literal
 * text; links keep their href only when it is http(s) or relative. {{page:ID}}-style
 * references become <ref> elements whose text the callback supplies.
 * Ownership: nodes are added to `parent` and belong to its document. */
#ifndef TEJUN_INLINE_H
#define TEJUN_INLINE_H
#include "model.h"
#include "util.h"
#include <libxml/tree.h>

/* Fills text (and href, when the target is in this publication) for a reference; returns 0
 * when the target is unknown. */
typedef int (*inline_ref_fn)(void *ctx, tj_refkind kind, const char *id, buf *text, buf *href);

/* refs[0..nrefs) (may be NULL, 0): the block's literal references; the first place of each
 * page or step one's words in md becomes <ref … literal="yes"> holding the words as written,
 * linked (href) like a symbolic reference to the same target. */
void inline_emit(xmlNodePtr parent, const char *md, inline_ref_fn ref, void *ctx, const tj_ref *refs, int nrefs);
/* True for an http(s) URL or a relative link (no scheme, not `//host`). */
int inline_url_ok(const char *url);
#endif
