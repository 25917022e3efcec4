/* tests/unit/xmlutil.c: the document-order walk of gen/xmlutil.c (xmlu_next, xmlu_skip). */
#define UNIT_NAME "xmlutil"
#include "unit.h"
#include "util.h"
#include "xmlutil.h"
#include <libxml/parser.h>

static xmlDocPtr S_doc(const char *x) {
  return xmlReadMemory(x, (int)strlen(x), "t.xml", NULL, XML_PARSE_NONET);
}

/* The names of the elements met from `from`, in order, ',' between: the whole walk below root,
 * skipping the children of elements named `skip` (NULL: none). */
static void S_walk(xmlNodePtr root, xmlNodePtr from, const char *skip, buf *out) {
  for (xmlNodePtr n = from; n;
       n = skip && xmlu_is(n, skip) ? xmlu_skip(n, root) : xmlu_next(n, root)) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (out->len) buf_putc(out, ',');
    buf_puts(out, (const char *)n->name);
  }
}

static void t_document_order(void) {
  xmlDocPtr d = S_doc("<a><b><c/><d>t<e/></d></b><f/><g><h/></g></a>");
  xmlNodePtr a = xmlDocGetRootElement(d);
  buf o; buf_init(&o);
  S_walk(a, a, NULL, &o);
  EQ_STR(buf_cstr(&o), "a,b,c,d,e,f,g,h");
  buf_free(&o);
  /* the children of d are passed over; the walk goes on after them */
  S_walk(a, a, "d", &o);
  EQ_STR(buf_cstr(&o), "a,b,c,d,f,g,h");
  buf_free(&o);
  xmlFreeDoc(d);
}

static void t_below_root(void) {
  /* below b the walk ends after b's last descendant: f and g (b's siblings) are not met */
  xmlDocPtr d = S_doc("<a><b><c/><d><e/></d></b><f/><g/></a>");
  xmlNodePtr b = xmlDocGetRootElement(d)->children;
  buf o; buf_init(&o);
  S_walk(b, b, NULL, &o);
  EQ_STR(buf_cstr(&o), "b,c,d,e");
  buf_free(&o);
  CHECK(xmlu_skip(b, b) == NULL);
  CHECK(xmlu_next(b->children->next->children, b) == NULL); /* e, the last below b */
  xmlFreeDoc(d);
  xmlDocPtr one = S_doc("<x/>");
  xmlNodePtr x = xmlDocGetRootElement(one);
  CHECK(xmlu_next(x, x) == NULL); /* an element with no children: nothing after it */
  xmlFreeDoc(one);
}

int main(void) {
  RUN(t_document_order);
  RUN(t_below_root);
  xmlCleanupParser();
  return UNIT_END();
}
