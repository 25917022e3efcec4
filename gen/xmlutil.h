/* xmlutil.h: the small questions every reader of the intermediate XML asks of a libxml2 tree:
 * is this node the element NAME, its first child element NAME (with an id), an attribute's value,
 * the next node in document order.
 * Ownership: xmlu_is, xmlu_child, xmlu_child_id, xmlu_next and xmlu_skip return nodes of the tree
 * (borrowed).
 * xmlu_attr and xmlu_attr_or return malloc'ed strings: the caller frees them (free()).
 * xmlu_attr_view copies nothing in the usual case: the value is the attribute's one text node,
 * a pointer into the tree valid while the attribute is; only an attribute made of several nodes
 * is copied, and that copy is handed to *owned (the caller's, xmlFree), which is NULL otherwise. */
#ifndef TEJUN_XMLUTIL_H
#define TEJUN_XMLUTIL_H
#include <libxml/tree.h>

/* n is an element named `name` (0 for NULL and for other kinds of node). */
static inline int xmlu_is(xmlNodePtr n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && !xmlStrcmp(n->name, BAD_CAST name);
}
/* The first child element of n named `name`, or NULL. */
xmlNodePtr xmlu_child(xmlNodePtr n, const char *name);
/* The first child element of n named `name` whose attribute id is `id` (any when id is NULL). */
xmlNodePtr xmlu_child_id(xmlNodePtr n, const char *name, const char *id);
/* The value of attribute `name` of n, malloc'ed; NULL when n has none. */
char *xmlu_attr(xmlNodePtr n, const char *name);
/* The same, with a malloc'ed copy of `absent` when n has none. */
char *xmlu_attr_or(xmlNodePtr n, const char *name, const char *absent);
/* The value of attribute `name` of n, NULL when absent, without a copy in the usual case (see
 * Ownership above: *owned receives the copy, if one was made). */
const char *xmlu_attr_view(xmlNodePtr n, const char *name, xmlChar **owned);
/* The node after n in document order below root, without recursion: n's first child when n is an
 * element with children, else the next node after n's subtree (xmlu_skip); NULL after the last
 * node below root. Walk a tree with `for (n = root; n; n = xmlu_next(n, root))`. */
xmlNodePtr xmlu_next(xmlNodePtr n, xmlNodePtr root);
/* The node after n's subtree in document order below root (n's children are passed over), or
 * NULL when none is left below root. */
xmlNodePtr xmlu_skip(xmlNodePtr n, xmlNodePtr root);
#endif
