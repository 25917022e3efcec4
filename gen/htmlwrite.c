/* htmlwrite.c: serialising the HTML that the stylesheets produce, byte for byte as libxml2's
 * htmlDocContentDumpFormatOutput does it without formatting (the output method of every
 * stylesheet of tejun: html, UTF-8, indent="no"), straight into a buffer: no output buffer
 * layers and no allocation per text node. Iterative, so any depth is fine. */
#include "htmlwrite.h"
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <string.h>

/* Escapes a text (attr 0) or an attribute value (attr 1) as xmlEncodeEntitiesReentrant /
 * xmlEncodeAttributeEntities do for an HTML document with an encoding: < > & as entities
 * (in attributes, `&{…}` and `<!--…-->` kept), other bytes below 0x20 but tab, line feed
 * and carriage return dropped, the rest as it is. */
static void S_escape(buf *b, const xmlChar *s, int attr) {
  /* bytes that need a look: NUL, controls but tab/LF/CR, < > & */
  static unsigned char special[256];
  if (!special['<']) {
    for (int c = 0; c < 0x20; c++) special[c] = c != '\n' && c != '\t' && c != '\r';
    special['<'] = special['>'] = special['&'] = 1;
  }
  const xmlChar *run = s, *p = s;
  for (;; p++) {
    while (!special[*p]) p++;
    unsigned char c = *p;
    if (!c) break;
    buf_add(b, (const char *)run, (size_t)(p - run));
    if (c == '<') {
      const char *end;
      if (attr && p[1] == '!' && p[2] == '-' && p[3] == '-' &&
          (end = strstr((const char *)p, "-->"))) {
        buf_add(b, (const char *)p, (size_t)(end + 3 - (const char *)p));
        p = (const xmlChar *)end + 2;
      } else
        buf_add(b, "&lt;", 4);
    } else if (c == '>')
      buf_add(b, "&gt;", 4);
    else if (c == '&') {
      const char *close;
      if (attr && p[1] == '{' && (close = strchr((const char *)p, '}'))) {
        buf_add(b, (const char *)p, (size_t)(close + 1 - (const char *)p));
        p = (const xmlChar *)close;
      } else
        buf_add(b, "&amp;", 5);
    }
    /* else: a control character, dropped */
    run = p + 1;
  }
  buf_add(b, (const char *)run, (size_t)(p - run));
}

/* A value in quotes as xmlBufWriteQuotedString writes it. */
static void S_quoted(buf *b, const char *v) {
  if (!strchr(v, '"')) {
    buf_putc(b, '"');
    buf_puts(b, v);
    buf_putc(b, '"');
    return;
  }
  if (!strchr(v, '\'')) {
    buf_putc(b, '\'');
    buf_puts(b, v);
    buf_putc(b, '\'');
    return;
  }
  buf_putc(b, '"');
  for (const char *p = v; *p; p++) {
    if (*p == '"')
      buf_puts(b, "&quot;");
    else
      buf_putc(b, *p);
  }
  buf_putc(b, '"');
}

/* xmlURIEscapeStr(s, "@/:=?;#%&,+<>"): every byte but letters, digits, -_.!~*'() and the
 * list as %XX. */
static void S_uri(buf *out, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    unsigned char c = *p;
    int keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               strchr("-_.!~*'()@/:=?;#%&,+<>", c);
    if (keep && c)
      buf_putc(out, (char)c);
    else {
      buf_putc(out, '%');
      buf_putc(out, hex[c >> 4]);
      buf_putc(out, hex[c & 15]);
    }
  }
}

/* a (any case) equals b (lower case); the first letter decides most calls without a call */
static int S_ieq(const xmlChar *a, const char *b) {
  return (a[0] | 0x20) == b[0] && !xmlStrcasecmp(a, BAD_CAST b);
}

/* htmlIsBooleanAttr, without its scan of the list for every attribute. */
static int S_boolean(const xmlChar *name) {
  static const char *const names[] = {"checked", "compact",  "declare",  "defer",    "disabled",
                                      "ismap",   "multiple", "nohref",   "noresize", "noshade",
                                      "nowrap",  "readonly", "selected", NULL};
  size_t n = strlen((const char *)name);
  if (n < 5 || n > 8) return 0;
  for (const char *const *p = names; *p; p++)
    if (strlen(*p) == n && !xmlStrcasecmp(name, BAD_CAST * p)) return 1;
  return 0;
}

/* v and u: the value and its URI-escaped form, emptied and reused from one attribute to the
 * next (htmlwrite_doc frees them) */
static void S_attr(buf *b, xmlAttrPtr a, buf *v, buf *u) {
  buf_putc(b, ' ');
  buf_puts(b, (const char *)a->name);
  if (!a->children || S_boolean(a->name)) return;
  v->len = 0;
  for (xmlNodePtr t = a->children; t; t = t->next) {
    if (t->type == XML_TEXT_NODE || t->type == XML_CDATA_SECTION_NODE)
      S_escape(v, t->content ? t->content : BAD_CAST "", 1);
    else if (t->type == XML_ENTITY_REF_NODE)
      buf_printf(v, "&%s;", (const char *)t->name);
  }
  buf_putc(b, '=');
  const char *val = buf_cstr(v);
  xmlNodePtr el = a->parent;
  if (S_ieq(a->name, "href") || S_ieq(a->name, "action") || S_ieq(a->name, "src") ||
      (S_ieq(a->name, "name") && el && S_ieq(el->name, "a"))) {
    while (*val == ' ' || *val == '\t' || *val == '\n' || *val == '\r') val++;
    u->len = 0;
    S_uri(u, val);
    S_quoted(b, buf_cstr(u));
  } else
    S_quoted(b, val);
}

/* Whether the tree is in what this writer handles: no namespaces (the stylesheets exclude
 * theirs), no node types beyond elements, text, comments, PIs, entity references, CDATA. */
static int S_plain(xmlDocPtr doc) {
  xmlNodePtr n = doc->children;
  while (n) {
    switch (n->type) {
    case XML_ELEMENT_NODE:
      if (n->ns || n->nsDef) return 0;
      for (xmlAttrPtr a = n->properties; a; a = a->next)
        if (a->ns) return 0;
      break;
    case XML_TEXT_NODE:
    case XML_COMMENT_NODE:
    case XML_PI_NODE:
    case XML_ENTITY_REF_NODE:
    case XML_CDATA_SECTION_NODE:
    case XML_DTD_NODE: break;
    default: return 0;
    }
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      continue;
    }
    while (n && !n->next) {
      n = n->parent;
      if (n && n->type != XML_ELEMENT_NODE) n = NULL;
    }
    if (n) n = n->next;
  }
  return 1;
}

int htmlwrite_doc(xmlDocPtr doc, buf *b) {
  if (!doc || doc->type != XML_HTML_DOCUMENT_NODE || !S_plain(doc)) return -1;
  /* xsltSaveResultTo's first step for method html */
  htmlSetMetaEncoding(doc, BAD_CAST "UTF-8");
  xmlDtdPtr dtd = doc->intSubset;
  if (dtd) {
    buf_puts(b, "<!DOCTYPE ");
    buf_puts(b, (const char *)dtd->name);
    if (dtd->ExternalID) {
      buf_puts(b, " PUBLIC ");
      S_quoted(b, (const char *)dtd->ExternalID);
      if (dtd->SystemID) {
        buf_putc(b, ' ');
        S_quoted(b, (const char *)dtd->SystemID);
      }
    } else if (dtd->SystemID && xmlStrcmp(dtd->SystemID, BAD_CAST "about:legacy-compat")) {
      buf_puts(b, " SYSTEM ");
      S_quoted(b, (const char *)dtd->SystemID);
    }
    buf_puts(b, ">\n");
  }
  xmlNodePtr n = doc->children;
  if (!n) {
    buf_putc(b, '\n');
    return 0;
  }
  const xmlChar *seen[16] = {0};
  const htmlElemDesc *seen_info[16] = {0};
  unsigned nseen = 0;
  buf v, u;
  buf_init(&v);
  buf_init(&u);
  while (n) {
    int descend = 0;
    switch (n->type) {
    case XML_ELEMENT_NODE: {
      /* the names are the document's dictionary strings: remember this document's look-ups
       * by pointer (a miss only costs the look-up) */
      const htmlElemDesc *info = NULL;
      int hit = 0;
      for (int k = 0; k < 16 && !hit; k++)
        if (seen[k] == n->name) {
          info = seen_info[k];
          hit = 1;
        }
      if (!hit) {
        info = htmlTagLookup(n->name);
        seen[nseen % 16] = n->name;
        seen_info[nseen % 16] = info;
        nseen++;
      }
      buf_putc(b, '<');
      buf_puts(b, (const char *)n->name);
      for (xmlAttrPtr a = n->properties; a; a = a->next) S_attr(b, a, &v, &u);
      if (info && info->empty)
        buf_putc(b, '>');
      else if (!n->children) {
        if (info && info->saveEndTag && xmlStrcmp(BAD_CAST info->name, BAD_CAST "html") &&
            xmlStrcmp(BAD_CAST info->name, BAD_CAST "body"))
          buf_putc(b, '>');
        else {
          buf_puts(b, "></");
          buf_puts(b, (const char *)n->name);
          buf_putc(b, '>');
        }
      } else {
        buf_putc(b, '>');
        descend = 1;
      }
      break;
    }
    case XML_TEXT_NODE:
      if (!n->content) break;
      if (n->name != xmlStringTextNoenc &&
          !(n->parent && n->parent->type == XML_ELEMENT_NODE &&
            (S_ieq(n->parent->name, "script") || S_ieq(n->parent->name, "style"))))
        S_escape(b, n->content, 0);
      else
        buf_puts(b, (const char *)n->content);
      break;
    case XML_COMMENT_NODE:
      if (n->content) {
        buf_puts(b, "<!--");
        buf_puts(b, (const char *)n->content);
        buf_puts(b, "-->");
      }
      break;
    case XML_PI_NODE:
      buf_puts(b, "<?");
      buf_puts(b, (const char *)n->name);
      if (n->content) {
        buf_putc(b, ' ');
        buf_puts(b, (const char *)n->content);
      }
      buf_putc(b, '>');
      break;
    case XML_ENTITY_REF_NODE: buf_printf(b, "&%s;", (const char *)n->name); break;
    case XML_CDATA_SECTION_NODE:
      if (n->content) buf_puts(b, (const char *)n->content);
      break;
    default: break;
    }
    if (descend) {
      n = n->children;
      continue;
    }
    /* up to the next sibling, closing the elements left */
    while (n && !n->next) {
      n = n->parent;
      if (!n || n->type != XML_ELEMENT_NODE) {
        buf_putc(b, '\n');
        buf_free(&v);
        buf_free(&u);
        return 0;
      }
      buf_puts(b, "</");
      buf_puts(b, (const char *)n->name);
      buf_putc(b, '>');
    }
    n = n->next;
  }
  buf_free(&v);
  buf_free(&u);
  return 0;
}
