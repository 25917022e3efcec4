/* release.c: freezing, reading and verifying release snapshots. */
#include "release.h"
#include "xmlutil.h"
#include "image.h"
#include "cmd_build.h"
#include "inline.h"
#include "pubxml.h"
#include "view.h"
#include "output.h"
#include "xslt.h"
#include "sha256.h"
#include <dirent.h>
#include <libxml/c14n.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *release_tag(const char *v) {
  const char *p = v;
  if (strncmp(p, "第", 3)) return NULL;
  p += 3;
  buf b;
  buf_init(&b);
  int digits = 0, dot = 0;
  while (*p) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)p, strlen(p), &cp);
    if (k <= 0) break;
    if (cp >= '0' && cp <= '9') {
      buf_putc(&b, (char)cp);
      digits++;
    } else if (cp >= 0xFF10 && cp <= 0xFF19) {
      buf_putc(&b, (char)('0' + cp - 0xFF10));
      digits++;
    } else if ((cp == '.' || cp == 0xFF0E) && digits && !dot) {
      buf_putc(&b, '.');
      dot = 1;
    } else
      break;
    p += k;
  }
  if (!digits || strcmp(p, "版") || (b.len && b.data[b.len - 1] == '.')) {
    buf_free(&b);
    return NULL;
  }
  return buf_detach(&b);
}

static char *S_dump(xmlNodePtr n) {
  xmlBufferPtr xb = xmlBufferCreate();
  xmlNodeDump(xb, n->doc, n, 0, 0);
  char *s = xstrdup((const char *)xmlBufferContent(xb));
  xmlBufferFree(xb);
  return s;
}

/* The bytes a digest of `format` covers (malloc'ed, *len set), or NULL when libxml2 cannot make
 * them. Formats 1 and 2: libxml2's serialization of the publication element (xmlNodeDump,
 * unindented), as they were frozen. Format 3: the document's exclusive canonical form (C14N
 * 1.0, without comments): fixed by a W3C recommendation rather than by one serializer, the same
 * for any quoting, order or spacing of the attributes, and for any libxml2 version. Exclusive
 * rather than inclusive: the publication is digested on its own, not within the <release>
 * around it, and exclusive C14N puts nothing of an element's ancestors in its form. */
static char *S_digest_bytes(xmlDocPtr pub, int format, size_t *len) {
  if (format < 3) {
    char *s = S_dump(xmlDocGetRootElement(pub));
    *len = strlen(s);
    return s;
  }
  xmlChar *c = NULL;
  int n = xmlC14NDocDumpMemory(pub, NULL, XML_C14N_EXCLUSIVE_1_0, NULL, 0, &c);
  char *s = NULL;
  if (n >= 0 && c) {
    s = xmalloc((size_t)n + 1);
    memcpy(s, c, (size_t)n);
    s[n] = 0;
    *len = (size_t)n;
  }
  if (c) xmlFree(c);
  return s;
}

char *release_digest(xmlDocPtr pub, int format) {
  xmlNodePtr root = xmlDocGetRootElement(pub);
  xmlChar *tv = xmlGetProp(root, BAD_CAST "tejun");
  if (tv) xmlUnsetProp(root, BAD_CAST "tejun");
  size_t len = 0;
  char *s = S_digest_bytes(pub, format, &len);
  if (tv) {
    xmlSetProp(root, BAD_CAST "tejun", tv);
    xmlFree(tv);
  }
  if (!s) return xstrdup("sha256:(no canonical form)"); /* equal to no digest a snapshot may hold */
  char hex[65];
  sha256_hex(s, len, hex);
  free(s);
  buf b;
  buf_init(&b);
  buf_printf(&b, "sha256:%s", hex);
  return buf_detach(&b);
}

xmlDocPtr release_publication(const tj_manual *m, int format) {
  tj_view v;
  view_init(&v, m, NULL);
  xmlDocPtr doc = pubxml_content(&v, tejun_version);
  view_free(&v);
  if (format < 2) return doc;
  xmlNodePtr lines = xmlNewChild(xmlDocGetRootElement(doc), NULL, BAD_CAST "lines", NULL);
  for (int i = 0; i < m->npages; i++) {
    const tj_page *p = m->pages[i];
    for (int k = 0; k < p->nblocks; k++) {
      const tj_block *b = &p->blocks[k];
      const tj_step *st = b->kind == BK_STEP ? b->step : NULL;
      if (st && st->short_text) {
        xmlNodePtr e = xmlNewTextChild(lines, NULL, BAD_CAST "short", BAD_CAST st->short_text);
        xmlNewProp(e, BAD_CAST "step", BAD_CAST st->id);
      }
      if (b->wait) {
        xmlNodePtr e = xmlNewTextChild(lines, NULL, BAD_CAST "wait", BAD_CAST b->wait);
        if (st)
          xmlNewProp(e, BAD_CAST "step", BAD_CAST st->id);
        else
          xmlNewProp(e, BAD_CAST "page", BAD_CAST p->id);
      }
    }
  }
  return doc;
}

char *release_path(const char *dir, const char *id, const char *tag) {
  buf b;
  buf_init(&b);
  buf_printf(&b, "%s/%s@%s.xml", dir, id, tag);
  return buf_detach(&b);
}

static xmlDocPtr S_parse(diag *d, const char *data, size_t len, const char *shown, const char *fix,
                         int *format);

/* release_read, also giving the snapshot's format (when format is not NULL). */
static xmlDocPtr S_read(diag *d, const char *path, int *format) {
  diag_pos pos = {path, 0, 0};
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
    diag_report(d, DIAG_ERROR, pos, "release-missing",
                "no such release snapshot; `tejun release MANUAL.yaml` makes one");
    return NULL;
  }
  if (st.st_size > 64 << 20) {
    diag_report(d, DIAG_ERROR, pos, "release-corrupt", "snapshot larger than 64 MiB");
    return NULL;
  }
  FILE *f = fopen(path, "rb");
  if (!f) {
    diag_report(d, DIAG_ERROR, pos, "release-missing", "cannot read the snapshot");
    return NULL;
  }
  buf b;
  buf_init(&b);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, k);
  fclose(f);
  xmlDocPtr pub =
      S_parse(d, b.data ? b.data : "", b.len, path, "restore it from version control", format);
  buf_free(&b);
  return pub;
}

xmlDocPtr release_read(diag *d, const char *path) { return S_read(d, path, NULL); }

/* What a snapshot may hold, read as strictly as a manual's YAML (load.c): the elements that
 * release_freeze writes (templates/tejun.rng, the full view, no change marks), each with the
 * attributes it may carry and what each must be; anything else is refused. */
typedef enum {
  K_TEXT, /* any text: bounded, no control characters */
  K_ID, /* util_safe_id, as ids in the YAML */
  K_IDS, /* ids separated by single spaces */
  K_NUM, /* 1 to 9 digits */
  K_VERSION, /* 第N.M版 (release_tag), at most RELEASE_MAX_VERSION bytes */
  K_DATE, /* YYYY-MM-DD */
  K_HREF, /* inline_url_ok: http(s) or relative */
  K_SRC, /* an image path as load.c allows it: relative, no "..", no scheme */
  K_PANCHOR, /* p + digits */
  K_SANCHOR, /* step- + an id */
  K_DIGEST, /* sha256: + 64 hex digits */
  K_FORMAT, /* the format: "1", "2" or "3" (release.h) */
  K_VIEW, /* "manual": a snapshot is the full view */
  K_REFKIND, /* page, step or doc */
  K_YES, /* "yes" */
  K_HEX64, /* 64 lower-case hex digits (an image's SHA-256) */
  K_MIME /* image/png or image/jpeg */
} rkind;
typedef struct rattr {
  const char *name;
  rkind kind;
  int required;
} rattr;
typedef struct relem {
  const char *name;
  int text;
  const rattr *attrs;
} relem;

#define RELEASE_MAX_DEPTH 200 /* elements, <release> being 1 (libxml2 stops at 256) */
#define RELEASE_MAX_TEXT (4u << 20) /* one attribute or text: four times the longest YAML text */
#define RELEASE_MAX_VERSION 40
#define END_                                                                                       \
  { NULL, K_TEXT, 0 }
#define WHEN_                                                                                      \
  {"when", K_IDS, 0}, { "when-label", K_TEXT, 0 }
static const rattr A_none[] = {END_};
static const rattr A_when[] = {WHEN_, END_};
static const rattr A_release[] = {{"format", K_FORMAT, 1},   {"manual", K_ID, 1},
                                  {"version", K_VERSION, 1}, {"date", K_DATE, 1},
                                  {"digest", K_DIGEST, 1},   END_};
static const rattr A_pub[] = {{"manual", K_ID, 1},
                              {"title", K_TEXT, 1},
                              {"product", K_TEXT, 1},
                              {"publisher", K_TEXT, 1},
                              {"label", K_TEXT, 1},
                              {"version", K_VERSION, 1},
                              {"date", K_DATE, 1},
                              {"view", K_VIEW, 1},
                              {"pages", K_NUM, 1},
                              {"steps", K_NUM, 1},
                              END_};
static const rattr A_service[] = {{"id", K_ID, 1}, {"name", K_TEXT, 1}, END_};
static const rattr A_numbered[] = {{"n", K_NUM, 1}, {"anchor", K_PANCHOR, 1}, END_};
static const rattr A_revision[] = {{"version", K_VERSION, 1}, {"date", K_DATE, 1}, END_};
static const rattr A_page[] = {{"n", K_NUM, 1},
                               {"anchor", K_PANCHOR, 1},
                               {"id", K_ID, 1},
                               {"procedure", K_TEXT, 1},
                               {"title", K_TEXT, 1},
                               {"divider", K_YES, 0},
                               {"counter", K_NUM, 0},
                               {"service", K_IDS, 0},
                               WHEN_,
                               END_};
static const rattr A_step[] = {
    {"id", K_ID, 1}, {"anchor", K_SANCHOR, 1}, {"n", K_NUM, 1}, {"mark", K_TEXT, 1}, WHEN_, END_};
static const rattr A_shot[] = {{"caption", K_TEXT, 1},
                               {"src", K_SRC, 0},
                               {"width", K_NUM, 0},
                               {"height", K_NUM, 0},
                               {"type", K_MIME, 0},
                               {"sha256", K_HEX64, 0},
                               WHEN_,
                               END_};
static const rattr A_callout[] = {{"step", K_ID, 1}, {"n", K_NUM, 1}, {"mark", K_TEXT, 1},
                                  {"x", K_NUM, 1},   {"y", K_NUM, 1}, END_};
static const rattr A_a[] = {{"href", K_HREF, 0}, END_};
static const rattr A_lstep[] = {{"step", K_ID, 1}, END_};
static const rattr A_lwait[] = {{"step", K_ID, 0}, {"page", K_ID, 0}, END_};
static const rattr A_ref[] = {{"kind", K_REFKIND, 1},
                              {"target", K_ID, 1},
                              {"href", K_HREF, 0},
                              {"unresolved", K_YES, 0},
                              END_};
static const relem S_elems[] = {
    {"release", 0, A_release},   {"publication", 0, A_pub},
    {"services", 0, A_none},     {"service", 0, A_service},
    {"cover", 0, A_numbered},    {"changelog", 0, A_numbered},
    {"revision", 1, A_revision}, {"page", 0, A_page},
    {"para", 1, A_when},         {"heading", 1, A_when},
    {"note", 1, A_when},         {"list", 0, A_when},
    {"item", 1, A_when},         {"step", 0, A_step},
    {"text", 1, A_when},         {"table", 0, A_when},
    {"head", 0, A_none},         {"row", 0, A_when},
    {"cell", 1, A_when},         {"code", 1, A_when},
    {"screenshot", 0, A_shot},   {"trademarks", 0, A_numbered},
    {"trademark", 1, A_when},    {"strong", 1, A_none},
    {"em", 1, A_none},           {"span", 1, A_none},
    {"br", 0, A_none},           {"a", 1, A_a},
    {"ref", 1, A_ref},           {"lines", 0, A_none},
    {"short", 1, A_lstep},       {"wait", 1, A_lwait},
    {"callout", 0, A_callout},
};

/* The first control character in s (C0 but tab and line feed, DEL, C1, the bidirectional
 * controls that yaml_tree.c refuses) as a code point, 0 when there is none, or -1 for bytes that
 * are not UTF-8. */
static long S_control(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k <= 0) return -1;
    if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
      return (long)cp;
    i += (size_t)k;
  }
  return 0;
}

static int S_digits(const char *s, size_t lo, size_t hi) {
  size_t n = strspn(s, "0123456789");
  return !s[n] && n >= lo && n <= hi;
}

/* Why value v of an attribute of kind k is refused, or NULL when it is fine. */
static const char *S_bad_value(rkind k, const char *v) {
  size_t n = strlen(v);
  long c = S_control(v, n);
  if (c < 0) return "holds bytes that are not UTF-8";
  if (c) return "holds a control character";
  if (n > RELEASE_MAX_TEXT) return "is longer than 4 MiB";
  switch (k) {
  case K_TEXT: return NULL;
  case K_ID: return util_safe_id(v) ? NULL : "is not an id (a-z, 0-9 and '-', at most 64)";
  case K_IDS:
    for (const char *p = v;;) {
      const char *sp = strchr(p, ' ');
      size_t l = sp ? (size_t)(sp - p) : strlen(p);
      char id[66];
      if (l == 0 || l > 64) return "is not a list of ids";
      memcpy(id, p, l);
      id[l] = 0;
      if (!util_safe_id(id)) return "is not a list of ids";
      if (!sp) return NULL;
      p = sp + 1;
    }
  case K_NUM: return S_digits(v, 1, 9) ? NULL : "is not a number";
  case K_VERSION: {
    if (n > RELEASE_MAX_VERSION) return "is not a version 第N.M版 (longer than 40 bytes)";
    char *t = release_tag(v);
    free(t);
    return t ? NULL : "is not a version 第N.M版";
  }
  case K_DATE: {
    int ok = n == 10 && v[4] == '-' && v[7] == '-';
    for (int i = 0; ok && i < 10; i++)
      if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9')) ok = 0;
    return ok ? NULL : "is not a date YYYY-MM-DD";
  }
  case K_HREF: return inline_url_ok(v) ? NULL : "is not an http(s) or relative link";
  case K_SRC:
    return v[0] == '/' || strstr(v, "..") || strchr(v, ':') || strchr(v, '\\')
               ? "is not a relative path inside manuals/"
               : NULL;
  case K_PANCHOR:
    return v[0] == 'p' && S_digits(v + 1, 1, 9) ? NULL : "is not a page anchor (p and a number)";
  case K_SANCHOR:
    return !strncmp(v, "step-", 5) && util_safe_id(v + 5)
               ? NULL
               : "is not a step anchor (step- and an id)";
  case K_DIGEST:
    return n == 71 && !strncmp(v, "sha256:", 7) && strspn(v + 7, "0123456789abcdef") == 64
               ? NULL
               : "is not a digest sha256:…";
  case K_FORMAT:
    return strcmp(v, "1") && strcmp(v, "2") && strcmp(v, "3")
               ? "is not 1, 2 or 3 (a format this tejun does not know)"
               : NULL;
  case K_VIEW:
    return strcmp(v, "manual") ? "is not \"manual\" (a snapshot holds the full view)" : NULL;
  case K_REFKIND:
    return strcmp(v, "page") && strcmp(v, "step") && strcmp(v, "doc") ? "is not page, step or doc"
                                                                      : NULL;
  case K_YES: return strcmp(v, "yes") ? "is not \"yes\"" : NULL;
  case K_HEX64:
    return n == 64 && strspn(v, "0123456789abcdef") == 64 ? NULL
                                                          : "is not a SHA-256 (64 hex digits)";
  case K_MIME:
    return strcmp(v, "image/png") && strcmp(v, "image/jpeg") ? "is not image/png or image/jpeg"
                                                             : NULL;
  }
  return NULL;
}

/* Where n is, for a message: "<page> 'p-a' > <step> 'a1' > <text> > <a>" (below <publication>),
 * or "<publication>", "<release>". */
static void S_where(buf *b, xmlNodePtr n) {
  xmlNodePtr chain[RELEASE_MAX_DEPTH + 2];
  int k = 0;
  for (xmlNodePtr p = n; p && p->type == XML_ELEMENT_NODE && k < RELEASE_MAX_DEPTH + 2;
       p = p->parent) {
    if (!xmlStrcmp(p->name, BAD_CAST "publication")) {
      if (!k) chain[k++] = p;
      break;
    }
    chain[k++] = p;
  }
  while (k-- > 0) {
    buf_printf(b, "<%s>", (const char *)chain[k]->name);
    xmlChar *id = xmlGetNoNsProp(chain[k], BAD_CAST "id");
    if (id && util_safe_id((const char *)id)) buf_printf(b, " '%s'", (const char *)id);
    if (id) xmlFree(id);
    if (k) buf_puts(b, " > ");
  }
}

static void S_corrupt(diag *d, const char *shown, const char *fix, xmlNodePtr at, const char *fmt,
                      const char *arg, const char *why) {
  diag_pos pos = {shown, 0, 0};
  long line = at ? xmlGetLineNo(at) : 0;
  if (line > 0 && line < 1000000000) {
    pos.line = (int)line;
    pos.col = 1;
  }
  buf w;
  buf_init(&w);
  S_where(&w, at && at->type != XML_ELEMENT_NODE ? at->parent : at);
  buf m;
  buf_init(&m);
  buf_printf(&m, fmt, arg, why);
  diag_report(d, DIAG_ERROR, pos, "release-corrupt", "%s%s%s; %s", buf_cstr(&w), w.len ? ": " : "",
              buf_cstr(&m), fix);
  buf_free(&m);
  buf_free(&w);
}

/* Checks element n (at depth `depth`) and everything below it. 0, or -1 after reporting. */
static int S_check_node(diag *d, const char *shown, const char *fix, xmlNodePtr n, int depth) {
  if (depth > RELEASE_MAX_DEPTH) {
    S_corrupt(d, shown, fix, n, "elements nested %s%s", "deeper than 200 levels", "");
    return -1;
  }
  const relem *e = NULL;
  for (size_t i = 0; i < sizeof S_elems / sizeof *S_elems && !e; i++)
    if (!xmlStrcmp(n->name, BAD_CAST S_elems[i].name)) e = &S_elems[i];
  if (!e || n->ns) {
    S_corrupt(d, shown, fix, n->parent, "an unknown element <%.60s>%s", (const char *)n->name, "");
    return -1;
  }
  for (xmlAttrPtr a = n->properties; a; a = a->next) {
    const rattr *r = NULL;
    for (const rattr *q = e->attrs; q->name && !r; q++)
      if (!xmlStrcmp(a->name, BAD_CAST q->name)) r = q;
    if (!r || a->ns) {
      S_corrupt(d, shown, fix, n, "an unknown attribute '%.60s'%s", (const char *)a->name, "");
      return -1;
    }
    xmlChar *v = xmlGetNoNsProp(n, a->name);
    const char *why = S_bad_value(r->kind, v ? (const char *)v : "");
    if (why) S_corrupt(d, shown, fix, n, "attribute '%s' %s", r->name, why);
    if (v) xmlFree(v);
    if (why) return -1;
  }
  for (const rattr *q = e->attrs; q->name; q++)
    if (q->required && !xmlHasNsProp(n, BAD_CAST q->name, NULL)) {
      S_corrupt(d, shown, fix, n, "attribute '%s' %s", q->name, "is missing");
      return -1;
    }
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE) {
      if (S_check_node(d, shown, fix, c, depth + 1) != 0) return -1;
      continue;
    }
    if (c->type != XML_TEXT_NODE) {
      S_corrupt(d, shown, fix, n, "%s%s",
                c->type == XML_ENTITY_REF_NODE ? "an entity reference"
                : c->type == XML_COMMENT_NODE  ? "a comment"
                                               : "a processing instruction or other markup",
                "");
      return -1;
    }
    const char *t = c->content ? (const char *)c->content : "";
    size_t tl = strlen(t);
    long cc = S_control(t, tl);
    if (cc < 0) {
      S_corrupt(d, shown, fix, n, "a text %s%s", "holds bytes that are not UTF-8", "");
      return -1;
    }
    if (cc) {
      char h[24];
      snprintf(h, sizeof h, "U+%04lX", (unsigned long)cc);
      S_corrupt(d, shown, fix, n, "a text holds the control character %s%s", h, "");
      return -1;
    }
    if (tl > RELEASE_MAX_TEXT) {
      S_corrupt(d, shown, fix, n, "a text %s%s", "longer than 4 MiB", "");
      return -1;
    }
    if (!e->text && strspn(t, " \t\n") != tl) {
      S_corrupt(d, shown, fix, n, "text inside <%s>%s", (const char *)n->name,
                ", which holds only elements");
      return -1;
    }
  }
  return 0;
}

/* Keeps the first error libxml2 reports while parsing (the later ones follow from it). */
static void S_first_error(void *ctx, xmlErrorPtr e) {
  xmlError *first = ctx;
  if (!first->message && e && e->message && e->level >= XML_ERR_ERROR) xmlCopyError(e, first);
}

/* release_parse, saying `fix` after each problem found; *format (when not NULL) the snapshot's. */
static xmlDocPtr S_parse(diag *d, const char *data, size_t len, const char *shown, const char *fix,
                         int *format) {
  diag_pos pos = {shown, 0, 0};
  if (len > (64u << 20)) {
    diag_report(d, DIAG_ERROR, pos, "release-corrupt", "snapshot larger than 64 MiB; %s", fix);
    return NULL;
  }
  xmlError first;
  memset(&first, 0, sizeof first);
  xmlSetStructuredErrorFunc(&first, S_first_error);
  xmlDocPtr doc = xslt_parse_xml(data, len);
  xmlSetStructuredErrorFunc(NULL, NULL);
  if (!doc) { /* libxml2's first reason and where (depth over 256, a character XML cannot hold, …)
               */
    buf m;
    buf_init(&m);
    if (first.message) {
      buf_puts(&m, first.message);
      while (m.len && (m.data[m.len - 1] == '\n' || m.data[m.len - 1] == ' ')) m.len--;
    }
    if (first.line > 0) {
      pos.line = first.line;
      pos.col = first.int2 > 0 ? first.int2 : 1;
    }
    xmlResetError(&first);
    diag_report(d, DIAG_ERROR, pos, "release-corrupt",
                "not a tejun release snapshot: not well-formed XML (%s); %s",
                m.len ? buf_cstr(&m) : "libxml2 gave no reason", fix);
    buf_free(&m);
    return NULL;
  }
  xmlResetError(&first);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  xmlNodePtr pubn = NULL;
  int others = 0;
  if (root && !xmlStrcmp(root->name, BAD_CAST "release"))
    for (xmlNodePtr c = root->children; c; c = c->next) {
      if (xmlu_is(c, "publication") && !pubn)
        pubn = c;
      else if (c->type != XML_TEXT_NODE ||
               strspn((const char *)c->content, " \t\n") != strlen((const char *)c->content))
        others++;
    }
  xmlChar *want = root ? xmlGetProp(root, BAD_CAST "digest") : NULL;
  if (!pubn || !want || others || root->next || root->prev) {
    diag_report(d, DIAG_ERROR, pos, "release-corrupt",
                "not a tejun release snapshot (no <release digest> with a <publication>%s); %s",
                others || (root && (root->next || root->prev)) ? " and nothing else" : "", fix);
    if (want) xmlFree(want);
    xmlFreeDoc(doc);
    return NULL;
  }
  /* every element, attribute and text as release_freeze writes them; the release's own
   * attributes those of its publication */
  int bad = S_check_node(d, shown, fix, root, 1);
  static const char *const same[] = {"manual", "version", "date"};
  for (int i = 0; i < 3 && !bad; i++) {
    xmlChar *x = xmlGetNoNsProp(root, BAD_CAST same[i]),
            *y = xmlGetNoNsProp(pubn, BAD_CAST same[i]);
    if (!x || !y || xmlStrcmp(x, y)) {
      S_corrupt(d, shown, fix, root, "attribute '%s' %s", same[i],
                "differs from the publication's");
      bad = 1;
    }
    if (x) xmlFree(x);
    if (y) xmlFree(y);
  }
  int fmt = 1;
  if (!bad) { /* formats 2 and 3 hold <lines> last, format 1 none */
    xmlChar *f = xmlGetNoNsProp(root, BAD_CAST "format");
    if (f) fmt = f[0] - '0'; /* "1", "2" or "3": checked above (K_FORMAT) */
    xmlNodePtr last = NULL;
    int nlines = 0;
    for (xmlNodePtr c = pubn->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE) {
        last = c;
        nlines += !xmlStrcmp(c->name, BAD_CAST "lines");
      }
    int two = fmt >= 2;
    if (nlines != two || (two && xmlStrcmp(last->name, BAD_CAST "lines"))) {
      S_corrupt(d, shown, fix, pubn, "<lines> %s%s",
                two ? fmt == 2 ? "must be the last element of a format-2 snapshot, once"
                               : "must be the last element of a format-3 snapshot, once"
                    : "belongs to format 2, but the snapshot says format 1",
                "");
      bad = 1;
    }
    if (f) xmlFree(f);
  }
  if (bad) {
    xmlFree(want);
    xmlFreeDoc(doc);
    return NULL;
  }
  xmlDocPtr pub = xmlNewDoc(BAD_CAST "1.0");
  xmlDocSetRootElement(pub, xmlDocCopyNode(pubn, pub, 1));
  xmlFreeDoc(doc);
  char *got = release_digest(pub, fmt);
  int ok = !strcmp(got, (const char *)want);
  if (!ok)
    diag_report(d, DIAG_ERROR, pos, "release-corrupt",
                "the snapshot's content does not match its digest (%s, computed %s): it was edited "
                "or damaged; %s",
                (const char *)want, got, fix);
  free(got);
  xmlFree(want);
  if (!ok) {
    xmlFreeDoc(pub);
    return NULL;
  }
  if (format) *format = fmt;
  return pub;
}

xmlDocPtr release_parse(diag *d, const char *data, size_t len, const char *shown) {
  return S_parse(d, data, len, shown, "restore it from version control", NULL);
}

/* Compares two tags "2.10" > "2.9" numerically, part by part. */
static int S_tagcmp(const char *a, const char *b) {
  while (*a || *b) {
    long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
    if (x != y) return x < y ? -1 : 1;
    if (*a == '.') a++;
    if (*b == '.') b++;
    if (!*a && !*b) break;
  }
  return 0;
}

char *release_latest(const char *dir, const char *id) { return release_before(dir, id, NULL); }

char *release_before(const char *dir, const char *id, const char *below) {
  DIR *dh = opendir(dir);
  if (!dh) return NULL;
  char *best = NULL;
  size_t il = strlen(id);
  struct dirent *e;
  while ((e = readdir(dh))) {
    const char *n = e->d_name;
    size_t l = strlen(n);
    if (l <= il + 5 || strncmp(n, id, il) || n[il] != '@' || strcmp(n + l - 4, ".xml")) continue;
    char tag[64];
    size_t tl = l - il - 5;
    if (tl == 0 || tl >= sizeof tag) continue;
    memcpy(tag, n + il + 1, tl);
    tag[tl] = 0;
    if (strspn(tag, "0123456789.") != tl) continue;
    if (below && S_tagcmp(tag, below) >= 0) continue;
    if (!best || S_tagcmp(tag, best) > 0) {
      free(best);
      best = xstrdup(tag);
    }
  }
  closedir(dh);
  return best;
}

/* The <page> children of a publication by id (the first of equal ids). */
static xmlHashTablePtr S_pages_by_id(xmlNodePtr root) {
  xmlHashTablePtr h = xmlHashCreate(256);
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (!xmlu_is(c, "page")) continue;
    xmlChar *v = xmlGetProp(c, BAD_CAST "id");
    if (v) {
      xmlHashAddEntry(h, v, c);
      xmlFree(v);
    }
  }
  return h;
}

/* A page's content for comparison: without its number and anchor (a move is not a change). */
static char *S_page_key(xmlNodePtr page) {
  xmlNodePtr c = xmlCopyNode(page, 1);
  xmlUnsetProp(c, BAD_CAST "n");
  xmlUnsetProp(c, BAD_CAST "anchor");
  xmlBufferPtr xb = xmlBufferCreate();
  xmlNodeDump(xb, page->doc, c, 0, 0);
  char *s = xstrdup((const char *)xmlBufferContent(xb));
  xmlBufferFree(xb);
  xmlFreeNode(c);
  return s;
}

void release_changed_pages(xmlDocPtr old, xmlDocPtr cur, buf *out) {
  xmlNodePtr ro = xmlDocGetRootElement(old), rc = xmlDocGetRootElement(cur);
  static const char *const parts[] = {"cover", "changelog", "trademarks"};
  static const char *const names[] = {"表紙", "変更履歴", "商標について"};
  /* the cover shows the title, product, publisher and label */
  const char *attrs[] = {"title", "product", "publisher", "label"};
  int cover = 0;
  for (int i = 0; i < 4; i++) {
    xmlChar *a = xmlGetProp(ro, BAD_CAST attrs[i]), *b = xmlGetProp(rc, BAD_CAST attrs[i]);
    if (!a || !b || xmlStrcmp(a, b)) cover = 1;
    if (a) xmlFree(a);
    if (b) xmlFree(b);
  }
  if (cover) buf_puts(out, "P1 表紙");
  for (int i = 1; i < 3; i++) {
    xmlNodePtr a = xmlu_child(ro, parts[i]), b = xmlu_child(rc, parts[i]);
    char *ka = a ? S_page_key(a) : xstrdup(""), *kb = b ? S_page_key(b) : xstrdup("");
    if (strcmp(ka, kb)) {
      if (out->len) buf_puts(out, ", ");
      buf_puts(out, names[i]);
    }
    free(ka);
    free(kb);
  }
  /* the pages of each side by id (the first of equal ids), so that each page is found at once */
  xmlHashTablePtr ho = S_pages_by_id(ro), hc = S_pages_by_id(rc);
  int pages = 0;
  for (xmlNodePtr p = rc->children; p; p = p->next) {
    if (!xmlu_is(p, "page")) continue;
    xmlChar *id = xmlGetProp(p, BAD_CAST "id"), *n = xmlGetProp(p, BAD_CAST "n");
    xmlNodePtr q = id ? xmlHashLookup(ho, id) : xmlu_child(ro, "page");
    char *ka = q ? S_page_key(q) : NULL, *kb = S_page_key(p);
    if ((!ka || strcmp(ka, kb)) && pages++ < RELEASE_MAX_LISTED) {
      if (out->len) buf_puts(out, ", ");
      buf_printf(out, "P%s %s%s", n ? (const char *)n : "", id ? (const char *)id : "",
                 q ? "" : " (new)");
    }
    free(ka);
    free(kb);
    xmlFree(id);
    xmlFree(n);
  }
  for (xmlNodePtr p = ro->children; p; p = p->next) {
    if (!xmlu_is(p, "page")) continue;
    xmlChar *id = xmlGetProp(p, BAD_CAST "id");
    if (!(id ? xmlHashLookup(hc, id) : xmlu_child(rc, "page")) && pages++ < RELEASE_MAX_LISTED) {
      if (out->len) buf_puts(out, ", ");
      buf_printf(out, "%s (removed)", id ? (const char *)id : "");
    }
    xmlFree(id);
  }
  if (pages > RELEASE_MAX_LISTED)
    buf_printf(out, " and %d more page%s", pages - RELEASE_MAX_LISTED,
               pages - RELEASE_MAX_LISTED == 1 ? "" : "s");
  { /* the checklists' lines (format 2) */
    xmlNodePtr a = xmlu_child(ro, "lines"), b = xmlu_child(rc, "lines");
    char *ka = a ? S_page_key(a) : xstrdup(""), *kb = b ? S_page_key(b) : xstrdup("");
    if (a && b && strcmp(ka, kb)) {
      if (out->len) buf_puts(out, ", ");
      buf_puts(out, "the checklists' short and wait lines");
    }
    free(ka);
    free(kb);
  }
  xmlHashFree(ho, NULL);
  xmlHashFree(hc, NULL);
}

/* The pictures a release shows, kept beside its snapshot (which holds their SHA-256) as
 * DIR/images/SHA256.png|jpg: the release is the published revision, pictures included, and
 * `tejun diff` shows a replaced one old beside new. A file already there is not written again. */
static int S_store_images(diag *d, const tj_manual *m, const char *dir) {
  int rc = 0;
  for (int i = 0; i < m->nimages && !rc; i++) {
    const tj_image *im = m->images[i];
    char *p =
        release_image_path(dir, im->sha256, im->kind == IMAGE_JPEG ? "image/jpeg" : "image/png");
    struct stat st;
    if (stat(p, &st) != 0 && output_write(d, p, (const char *)im->data, im->len) != 0) rc = 2;
    free(p);
  }
  return rc;
}

char *release_image_read(const char *path, const char *sha256, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  buf b;
  buf_init(&b);
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len <= IMAGE_MAX_BYTES)
    buf_add(&b, chunk, got);
  fclose(f);
  char hex[65];
  sha256_hex(b.data ? b.data : "", b.len, hex);
  if (b.len > IMAGE_MAX_BYTES || strcmp(hex, sha256)) {
    buf_free(&b);
    return NULL;
  }
  *len = b.len;
  return b.data ? buf_detach(&b) : xstrdup("");
}

char *release_image_path(const char *dir, const char *sha256, const char *type) {
  buf b;
  buf_init(&b);
  buf_printf(&b, "%s/images/%s.%s", dir, sha256,
             type && !strcmp(type, "image/jpeg") ? "jpg" : "png");
  return buf_detach(&b);
}

int release_freeze(diag *d, const tj_manual *m, const char *dir, int *written) {
  const tj_rev *rel = manual_release(m);
  *written = 0;
  char *tag = rel ? release_tag(rel->version) : NULL;
  if (!tag) {
    diag_report(d, DIAG_ERROR, rel ? rel->version_pos : m->pos, "release-version",
                "the last change-log version '%s' is not 第N.M版; a release needs one",
                rel ? rel->version : "");
    return 1;
  }
  xmlDocPtr pub = release_publication(m, RELEASE_FORMAT);
  char *digest = release_digest(pub, RELEASE_FORMAT);
  char *path = release_path(dir, m->id, tag);
  int rc = 0;
  struct stat st;
  int lock =
      output_lock_folder(d, dir); /* one release at a time in the folder: the check and the write */
  if (lock < 0)
    rc = 2;
  else if (stat(path, &st) == 0) {
    int ofmt = RELEASE_FORMAT;
    xmlDocPtr old = S_read(d, path, &ofmt);
    if (!old)
      rc = 1;
    else {
      char *od = release_digest(old, ofmt);
      if (ofmt != RELEASE_FORMAT) { /* an older format: compared in it */
        xmlFreeDoc(pub);
        free(digest);
        pub = release_publication(m, ofmt);
        digest = release_digest(pub, ofmt);
      }
      if (!strcmp(od, digest) && S_store_images(d, m, dir) != 0)
        rc = 2; /* a folder that lost them gets them back */
      else if (strcmp(od, digest)) {
        buf pages;
        buf_init(&pages);
        release_changed_pages(old, pub, &pages);
        diag_report(d, DIAG_ERROR, rel->version_pos, "release-exists",
                    "%s was released (%s) with other content; changed since: %s. Add a change-log "
                    "row for a new version, then release that",
                    rel->version, path, buf_cstr(&pages));
        buf_free(&pages);
        rc = 1;
      }
      free(od);
      xmlFreeDoc(old);
    }
  } else {
    xmlDocPtr snap = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "release");
    xmlDocSetRootElement(snap, root);
    char fs[12];
    snprintf(fs, sizeof fs, "%d", RELEASE_FORMAT);
    xmlNewProp(root, BAD_CAST "format", BAD_CAST fs);
    xmlNewProp(root, BAD_CAST "manual", BAD_CAST m->id);
    xmlNewProp(root, BAD_CAST "version", BAD_CAST rel->version);
    xmlNewProp(root, BAD_CAST "date", BAD_CAST rel->date);
    xmlNewProp(root, BAD_CAST "digest", BAD_CAST digest);
    xmlNodePtr copy = xmlDocCopyNode(xmlDocGetRootElement(pub), snap, 1);
    xmlUnsetProp(copy, BAD_CAST "tejun");
    xmlAddChild(root, copy);
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(snap, &mem, &len, "UTF-8", 0);
    /* read back before it is renamed into place, as every later read will: a snapshot that
     * cannot be read (or reads as other content) would stop every check and build of the
     * manual until someone deleted it */
    diag back;
    diag_init(&back, NULL, 0, 0);
    int afmt = 0;
    xmlDocPtr again =
        mem ? S_parse(&back, (const char *)mem, (size_t)len, path, "nothing was written", &afmt)
            : NULL;
    char *ad = again ? release_digest(again, afmt) : NULL;
    if (!again || strcmp(ad, digest)) {
      diag_report(d, DIAG_ERROR, rel->version_pos, "release-unreadable",
                  "the snapshot of this version would not read back: %s",
                  back.n ? back.items[0].msg
                         : "it reads back as other content; nothing was written");
      rc = 1;
    } else if (output_write(d, path, (const char *)mem, (size_t)len) != 0)
      rc = 2;
    else if (S_store_images(d, m, dir) != 0)
      rc = 2;
    else
      *written = 1;
    free(ad);
    if (again) xmlFreeDoc(again);
    diag_free(&back);
    xmlFree(mem);
    xmlFreeDoc(snap);
  }
  if (lock >= 0) close(lock);
  free(path);
  free(digest);
  free(tag);
  xmlFreeDoc(pub);
  return rc;
}

void release_check(diag *d, const tj_manual *m, const char *dir) {
  const tj_rev *rel = manual_release(m);
  char *latest = release_latest(dir, m->id);
  char *tag = rel ? release_tag(rel->version) : NULL;
  if (latest && tag && !strcmp(latest, tag)) {
    char *path = release_path(dir, m->id, tag);
    int fmt = RELEASE_FORMAT;
    xmlDocPtr old = S_read(d, path, &fmt);
    if (old) {
      xmlDocPtr pub = release_publication(m, fmt);
      char *a = release_digest(old, fmt), *b = release_digest(pub, fmt);
      if (strcmp(a, b)) {
        buf pages;
        buf_init(&pages);
        release_changed_pages(old, pub, &pages);
        diag_report(d, DIAG_ERROR, rel->version_pos, "release-unbumped",
                    "content changed since %s (released %s): %s; add a change-log row",
                    rel->version, rel->date, buf_cstr(&pages));
        buf_free(&pages);
      }
      free(a);
      free(b);
      xmlFreeDoc(pub);
      xmlFreeDoc(old);
    }
    free(path);
  }
  free(latest);
  free(tag);
}
