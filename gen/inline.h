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
void inline_emit(xmlNodePtr parent, const char *md, inline_ref_fn ref, void *ctx,
                 const tj_ref *refs, int nrefs);

/* Emphasis, strong text, links and images nest at most this deep (the four manuals: 2). A
 * deeper text is a format error (load.c): the XML, the stylesheets and the readers of
 * snapshots would have to follow it. */
#define INLINE_MAX_DEPTH 16
/* How deep emphasis, strong text, links and images nest in md, as inline_emit reads it. A text
 * with at most INLINE_MAX_DEPTH markup characters (`*`, `_`, `[`) cannot nest deeper and is
 * not parsed: for it the count of those characters is returned, a bound of its depth. */
int inline_depth(const char *md);
/* True for an http(s) URL or a relative link (no scheme, not `//host`). */
int inline_url_ok(const char *url);
#endif
