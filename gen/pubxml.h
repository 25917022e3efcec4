/* pubxml.h: a numbered view of a manual → the intermediate XML document (templates/tejun.rng).
 * C decides every number, id, anchor, title and reference text here; templates only present.
 * Ownership: the caller frees the returned document with xmlFreeDoc. */
#ifndef TEJUN_PUBXML_H
#define TEJUN_PUBXML_H
#include "view.h"
#include <libxml/tree.h>

/* An attribute on an element of the intermediate vocabulary (nothing when v is NULL), and its
 * integer form; shared with the checklist document (checklist.c). */
void pubxml_prop(xmlNodePtr n, const char *k, const char *v);
void pubxml_propi(xmlNodePtr n, const char *k, int v);
/* A `when` as attributes: when="ID ID" and when-label="LABEL／LABEL" (the catalog's labels, the
 * id for a condition it lacks); nothing for an empty one. */
void pubxml_when(xmlNodePtr n, const tj_catalog *cat, const tj_when *w);
/* A step's number in the view as attributes: n="3" and its mark, mark="③" (view_mark). */
void pubxml_number(xmlNodePtr n, int number);
/* `full` is the full manual's view, used for references whose target is outside `v`
 * (it may be v itself). */
xmlDocPtr pubxml_view(const tj_view *v, const tj_view *full, const char *tejun_version);
/* The content of a full view as releases freeze and compare it: the same document without
 * what only presents (literal references tied in `refs` stay plain text, unlinked). */
xmlDocPtr pubxml_content(const tj_view *v, const char *tejun_version);
/* The radius, in image pixels, of a step number drawn on a picture of this size (a fiftieth of
 * its longer side, 10 to 48): the `r` of a built page's <screenshot>. */
int pubxml_callout_radius(int width, int height);
#endif
