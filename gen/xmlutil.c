/* xmlutil.c: element tests, child lookup, attribute values and document-order walks over libxml2
 * trees (xmlutil.h). */
#include "xmlutil.h"
#include "util.h"
#include <string.h>

xmlNodePtr xmlu_child(xmlNodePtr n, const char *name) { return xmlu_child_id(n, name, NULL); }

xmlNodePtr xmlu_child_id(xmlNodePtr n, const char *name, const char *id) {
  for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
    if (!xmlu_is(c, name)) continue;
    if (!id) return c;
    xmlChar *v = xmlGetProp(c, BAD_CAST "id");
    int same = v && !strcmp((const char *)v, id);
    if (v) xmlFree(v);
    if (same) return c;
  }
  return NULL;
}

char *xmlu_attr(xmlNodePtr n, const char *name) {
  xmlChar *v = xmlGetProp(n, BAD_CAST name);
  if (!v) return NULL;
  char *s = xstrdup((const char *)v);
  xmlFree(v);
  return s;
}

char *xmlu_attr_or(xmlNodePtr n, const char *name, const char *absent) {
  char *s = xmlu_attr(n, name);
  return s ? s : xstrdup(absent);
}

const char *xmlu_attr_view(xmlNodePtr n, const char *name, xmlChar **owned) {
  *owned = NULL;
  xmlAttrPtr a = xmlHasProp(n, BAD_CAST name);
  if (!a) return NULL;
  if (a->type == XML_ATTRIBUTE_NODE) {
    xmlNodePtr t = a->children;
    if (!t) return "";
    if (!t->next && t->type == XML_TEXT_NODE && t->content) return (const char *)t->content;
  }
  *owned = xmlGetProp(n, BAD_CAST name);
  return (const char *)*owned;
}

xmlNodePtr xmlu_next(xmlNodePtr n, xmlNodePtr root) {
  if (n->type == XML_ELEMENT_NODE && n->children) return n->children;
  return xmlu_skip(n, root);
}

xmlNodePtr xmlu_skip(xmlNodePtr n, xmlNodePtr root) {
  while (n && n != root && !n->next) n = n->parent;
  return n && n != root ? n->next : NULL;
}
