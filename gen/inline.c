/* inline.c: one text → inline XML (strong, em, code, a, br, ref) via cmark's AST. */
#include "inline.h"
#include "resolve.h"
#include <cmark.h>
#include <string.h>
#include <strings.h>

#define PUA 0xE000u

int inline_url_ok(const char *url) {
  if (!strncasecmp(url, "http://", 7)) return url[7] != 0;
  if (!strncasecmp(url, "https://", 8)) return url[8] != 0;
  if (url[0] == '/' && url[1] == '/') return 0;
  for (const char *p = url; *p && *p != '/' && *p != '?' && *p != '#'; p++)
    if (*p == ':' || (unsigned char)*p < 0x20) return 0;
  return 1;
}

/* Escapes what would start a block at the beginning of a line, so cmark sees inline text. */
static void S_line_start(buf *out, const char *line, size_t n) {
  size_t i = 0;
  while (i < n && (line[i] == ' ' || line[i] == '\t')) i++; /* no indented code */
  line += i;
  n -= i;
  if (n == 0) return;
  char c = line[0];
  int esc = 0;
  if (c == '#' || c == '>' || c == '=' || c == '|')
    esc = 1;
  else if ((c == '`' || c == '~') && n >= 3 && line[1] == c && line[2] == c)
    esc = 1; /* a fence */
  else if ((c == '-' || c == '+' || c == '*' || c == '_') &&
           (n == 1 || line[1] == ' ' || line[1] == '\t' || line[1] == c)) {
    /* a list marker or a thematic break; `**bold**` at the start stays bold */
    int all = 1;
    for (size_t k = 0; k < n; k++)
      if (line[k] != c && line[k] != ' ' && line[k] != '\t') {
        all = 0;
        break;
      }
    esc = (n == 1 || line[1] == ' ' || line[1] == '\t' || all);
  } else if (c == '[') {
    const char *close = memchr(line, ']', n);
    esc = close && (size_t)(close - line) + 1 < n && close[1] == ':';
  }
  if (esc) {
    buf_putc(out, '\\');
    buf_add(out, line, n);
    return;
  }
  size_t d = 0;
  while (d < n && d < 9 && line[d] >= '0' && line[d] <= '9') d++;
  if (d > 0 && d < n && (line[d] == '.' || line[d] == ')')) {
    buf_add(out, line, d);
    buf_putc(out, '\\');
    buf_add(out, line + d, n - d);
    return;
  }
  buf_add(out, line, n);
}

typedef struct ictx {
  xmlNodePtr cur;
  tj_token *toks;
  int ntok; /* markers PUA+0 … PUA+ntok-1: the {{kind:id}} references */
  const tj_ref **lits;
  int nlit; /* markers PUA+ntok …: the literal references tied in `refs` */
  const char *md;
  inline_ref_fn ref;
  void *rctx;
  int in_link;
  int paras;
  buf pend; /* text not yet added: cmark splits text into many nodes; one XML text node is made of
               them */
} ictx;

/* The source text a marker stands for: the {{…}} as written, or the literal's words. */
static void S_marker_source(const ictx *c, int k, buf *out) {
  if (k < c->ntok)
    buf_add(out, c->md + c->toks[k].start, c->toks[k].end - c->toks[k].start);
  else
    buf_puts(out, c->lits[k - c->ntok]->text);
}

/* The marker at s (3 bytes), or -1. */
static int S_marker_at(const ictx *c, const unsigned char *u, size_t n) {
  if (n < 3 || (u[0] != 0xEE && u[0] != 0xEF)) return -1;
  uint32_t cp;
  int k = utf8_decode(u, n, &cp);
  return k == 3 && cp >= PUA && cp < PUA + (uint32_t)(c->ntok + c->nlit) ? (int)(cp - PUA) : -1;
}

/* The first byte of s[i..n) that can start a marker (0xEE, 0xEF) or a bare URL ('h'), or n. */
static size_t S_scan(const char *s, size_t i, size_t n) {
  while (i < n) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == 0xEE || ch == 0xEF || ch == 'h') break;
    i++;
  }
  return i;
}

/* Literal text (code, raw HTML kept as text) with every marker put back as it was written. */
static void S_restore(const ictx *c, const char *s, size_t n, buf *out) {
  size_t i = 0, run = 0;
  while ((i = S_scan(s, i, n)) < n) {
    int k = S_marker_at(c, (const unsigned char *)s + i, n - i);
    if (k < 0) {
      i++;
      continue;
    }
    buf_add(out, s + run, i - run);
    S_marker_source(c, k, out);
    i += 3;
    run = i;
  }
  buf_add(out, s + run, n - run);
}

static void S_text(ictx *c, const char *s, size_t n) {
  if (n) buf_add(&c->pend, s, n);
}

/* Adds the pending text to the current element: before an element is added, or closed. */
static void S_flush(ictx *c) {
  if (!c->pend.len) return;
  xmlNodeAddContentLen(c->cur, (const xmlChar *)c->pend.data, (int)c->pend.len);
  c->pend.len = 0;
}

/* A reference: {{kind:id}} (its text computed for this view), or a literal one tied in
 * `refs` (its words kept as written, linked to the target). Inside a link it has no href. */
static void S_ref(ictx *c, int k) {
  static const char *kinds[] = {"page", "step", "doc"};
  buf text, href;
  buf_init(&text);
  buf_init(&href);
  const char *id;
  char tid[65];
  tj_refkind kind;
  int literal = k >= c->ntok;
  if (!literal) {
    tj_token *t = &c->toks[k];
    memcpy(tid, t->id, t->idlen);
    tid[t->idlen] = 0;
    id = tid;
    kind = t->kind;
  } else {
    id = c->lits[k - c->ntok]->target;
    kind = c->lits[k - c->ntok]->kind;
  }
  int ok = c->ref ? c->ref(c->rctx, kind, id, &text, &href) : 0;
  if (literal && !ok) {
    S_text(c, c->lits[k - c->ntok]->text, strlen(c->lits[k - c->ntok]->text));
    buf_free(&text);
    buf_free(&href);
    return;
  }
  S_flush(c);
  xmlNodePtr r = xmlNewChild(c->cur, NULL, BAD_CAST "ref", NULL);
  xmlNewProp(r, BAD_CAST "kind", BAD_CAST kinds[kind]);
  xmlNewProp(r, BAD_CAST "target", BAD_CAST id);
  if (href.len && !c->in_link) xmlNewProp(r, BAD_CAST "href", BAD_CAST buf_cstr(&href));
  if (!ok) xmlNewProp(r, BAD_CAST "unresolved", BAD_CAST "yes");
  if (literal) xmlNewProp(r, BAD_CAST "literal", BAD_CAST "yes");
  xmlNodeAddContent(r, BAD_CAST(literal    ? c->lits[k - c->ntok]->text
                                : text.len ? buf_cstr(&text)
                                           : "??"));
  buf_free(&text);
  buf_free(&href);
}

static size_t S_url_len(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char ch = (unsigned char)s[i];
    if (ch <= 0x20 || ch >= 0x7F || ch == '<' || ch == '>' || ch == '"' || ch == '\'' || ch == '`')
      break;
    i++;
  }
  while (i > 0 && strchr(".,;:!?)", s[i - 1])) i--;
  return i;
}

/* A TEXT node's literal: split on reference markers and bare URLs. */
static void S_literal(ictx *c, const char *s) {
  size_t n = strlen(s), i = 0, run = 0;
  while ((i = S_scan(s, i, n)) < n) {
    int k = S_marker_at(c, (const unsigned char *)s + i, n - i);
    if (k >= 0) {
      S_text(c, s + run, i - run);
      S_ref(c, k);
      i += 3;
      run = i;
      continue;
    }
    if (!c->in_link && s[i] == 'h' &&
        (!strncmp(s + i, "https://", 8) || !strncmp(s + i, "http://", 7))) {
      size_t l = S_url_len(s + i, n - i);
      if (l > 8) {
        S_text(c, s + run, i - run);
        S_flush(c);
        xmlChar *u8 = xmlStrndup((const xmlChar *)s + i, (int)l);
        xmlNodePtr a = xmlNewChild(c->cur, NULL, BAD_CAST "a", NULL);
        xmlNewProp(a, BAD_CAST "href", u8);
        xmlNodeAddContent(a, u8);
        xmlFree(u8);
        i += l;
        run = i;
        continue;
      }
    }
    i++;
  }
  S_text(c, s + run, n - run);
}

static xmlNodePtr S_push(ictx *c, const char *name) {
  S_flush(c);
  xmlNodePtr e = xmlNewChild(c->cur, NULL, BAD_CAST name, NULL);
  c->cur = e;
  return e;
}

/* The end of the element S_push opened: back to its parent. */
static void S_pop(ictx *c) {
  S_flush(c);
  c->cur = c->cur->parent;
}

/* The literal references of refs[0..nrefs) (page and step ones) at their first place in s,
 * each replaced by its marker; s is the text with the {{…}} markers already in. */
static void S_tie(ictx *c, buf *s, const tj_ref *refs, int nrefs) {
  for (int r = 0; r < nrefs && c->ntok + c->nlit < 6300; r++) {
    const tj_ref *ref = &refs[r];
    if (ref->kind == REF_DOC || !ref->text || !*ref->text) continue;
    const char *at = strstr(buf_cstr(s), ref->text);
    if (!at) continue;
    c->lits = xrealloc(c->lits, (size_t)(c->nlit + 1) * sizeof *c->lits);
    c->lits[c->nlit] = ref;
    size_t pos = (size_t)(at - s->data), wl = strlen(ref->text);
    buf t;
    buf_init(&t);
    buf_add(&t, s->data, pos);
    utf8_encode(&t, PUA + (uint32_t)(c->ntok + c->nlit));
    buf_add(&t, s->data + pos + wl, s->len - pos - wl);
    buf_free(s);
    *s = t;
    c->nlit++;
  }
}

/* Step 1 of reading a text: references → private-use markers (their tokens in *toks); the
 * text with the markers in *sub. */
static void S_markers(const char *md, buf *sub, tj_token **toks, int *ntok) {
  tj_token t;
  size_t from = 0, last = 0;
  int cap = 0;
  buf_init(sub);
  *toks = NULL;
  *ntok = 0;
  while (resolve_next(md, from, &t)) {
    if (t.bad) {
      from = t.start + 2;
      continue;
    }
    if (*ntok == 6000) break;
    if (*ntok == cap) {
      cap = cap ? cap * 2 : 4;
      *toks = xrealloc(*toks, (size_t)cap * sizeof **toks);
    }
    (*toks)[*ntok] = t;
    buf_add(sub, md + last, t.start - last);
    utf8_encode(sub, PUA + (uint32_t)*ntok);
    (*ntok)++;
    last = from = t.end;
  }
  buf_puts(sub, md + last);
}

/* Step 2: block syntax at line starts taken literally; the source for cmark in *src. */
static void S_blocks(const char *s, buf *src) {
  buf_init(src);
  for (;;) {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    S_line_start(src, s, n);
    if (!nl) break;
    buf_putc(src, '\n');
    s = nl + 1;
  }
}

int inline_depth(const char *md) {
  int marks = 0;
  for (const char *p = md; *p; p++)
    if (*p == '*' || *p == '_' || *p == '[') marks++;
  if (marks <= INLINE_MAX_DEPTH) return marks;
  buf sub, src;
  tj_token *toks;
  int ntok;
  S_markers(md, &sub, &toks, &ntok);
  free(toks);
  S_blocks(buf_cstr(&sub), &src);
  buf_free(&sub);
  cmark_node *doc = cmark_parse_document(buf_cstr(&src), src.len, CMARK_OPT_DEFAULT);
  buf_free(&src);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  int depth = 0, max = 0;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node_type ty = cmark_node_get_type(cmark_iter_get_node(it));
    if (ty != CMARK_NODE_EMPH && ty != CMARK_NODE_STRONG && ty != CMARK_NODE_LINK &&
        ty != CMARK_NODE_IMAGE)
      continue;
    if (ev == CMARK_EVENT_ENTER && ++depth > max)
      max = depth;
    else if (ev == CMARK_EVENT_EXIT)
      depth--;
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  return max;
}

void inline_emit(xmlNodePtr parent, const char *md, inline_ref_fn ref, void *rctx,
                 const tj_ref *refs, int nrefs) {
  ictx c;
  memset(&c, 0, sizeof c);
  c.cur = parent;
  c.md = md;
  c.ref = ref;
  c.rctx = rctx;
  buf_init(&c.pend);
  buf sub;
  S_markers(md, &sub, &c.toks, &c.ntok);
  S_tie(&c, &sub, refs, nrefs);
  /* fast path: one line without any inline syntax cmark would read (most of a manual's
   * texts) is one paragraph holding one text node equal to it: skip the parser */
  const char *s = buf_cstr(&sub);
  if (!s[strcspn(s, "*_`[]<>!&\\\n\r")] &&
      (!sub.len ||
       (s[0] != ' ' && s[0] != '\t' && s[sub.len - 1] != ' ' && s[sub.len - 1] != '\t'))) {
    S_literal(&c, s);
    S_flush(&c);
    buf_free(&c.pend);
    buf_free(&sub);
    free(c.toks);
    free(c.lits);
    return;
  }
  buf src;
  S_blocks(s, &src);
  buf_free(&sub);
  /* 3. cmark, walked with its iterator (no recursion on hostile nesting) */
  cmark_node *doc = cmark_parse_document(buf_cstr(&src), src.len, CMARK_OPT_DEFAULT);
  buf_free(&src);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type ty = cmark_node_get_type(n);
    int enter = ev == CMARK_EVENT_ENTER;
    switch (ty) {
    case CMARK_NODE_DOCUMENT: break;
    case CMARK_NODE_PARAGRAPH:
      if (enter && c.paras++ > 0) {
        S_flush(&c);
        xmlNewChild(c.cur, NULL, BAD_CAST "br", NULL);
        xmlNewChild(c.cur, NULL, BAD_CAST "br", NULL);
      }
      break;
    case CMARK_NODE_TEXT: S_literal(&c, cmark_node_get_literal(n)); break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      S_flush(&c);
      xmlNewChild(c.cur, NULL, BAD_CAST "br", NULL);
      break;
    case CMARK_NODE_CODE: {
      const char *lit = cmark_node_get_literal(n);
      buf b;
      buf_init(&b);
      S_restore(&c, lit ? lit : "", lit ? strlen(lit) : 0, &b);
      S_flush(&c);
      xmlNewTextChild(c.cur, NULL, BAD_CAST "code", BAD_CAST buf_cstr(&b));
      buf_free(&b);
      break;
    }
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_CODE_BLOCK: {
      const char *lit = cmark_node_get_literal(n);
      if (lit) {
        size_t l = strlen(lit);
        while (l && lit[l - 1] == '\n') l--;
        buf b;
        buf_init(&b);
        S_restore(&c, lit, l, &b);
        S_text(&c, b.data ? b.data : "", b.len);
        buf_free(&b);
      }
      break;
    }
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
      if (enter)
        S_push(&c, ty == CMARK_NODE_EMPH ? "em" : "strong");
      else
        S_pop(&c);
      break;
    case CMARK_NODE_LINK:
      if (enter) {
        const char *url = cmark_node_get_url(n);
        if (url && *url && inline_url_ok(url)) {
          xmlNodePtr a = S_push(&c, "a");
          xmlNewProp(a, BAD_CAST "href", BAD_CAST url);
        } else
          S_push(&c, "span");
        c.in_link++;
      } else {
        S_pop(&c);
        c.in_link--;
      }
      break;
    case CMARK_NODE_IMAGE:
      if (enter)
        S_push(&c, "span");
      else
        S_pop(&c);
      break;
    default:
      /* other blocks cannot arise after S_line_start; their text children still appear */
      break;
    }
  }
  S_flush(&c);
  buf_free(&c.pend);
  cmark_iter_free(it);
  cmark_node_free(doc);
  free(c.toks);
  free(c.lits);
}
