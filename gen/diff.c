/* diff.c: matching pages and steps by id, LCS over block sequences, character diffs. */
#include "diff.h"
#include "xmlutil.h"
#include <libxml/hash.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers over the publication tree ---- */

/* After an element's content: a table cell is followed by its separator. */
static void S_text_after(xmlNodePtr c, buf *b) {
  if (xmlu_is(c, "cell")) buf_puts(b, " | ");
}

/* A screenshot as text: its caption, its picture (digest between \001 and \002) and its
 * callouts by step. */
static void S_shot_text(xmlNodePtr c, buf *b) {
  char *cap = xmlu_attr_or(c, "caption", "");
  if (b->len && b->data[b->len - 1] != '\n') buf_putc(b, '\n');
  buf_printf(b, "［画面：%s］", cap);
  free(cap);
  /* the picture and its callouts are content: a replaced image or a moved number is a change
   */
  char *src = xmlu_attr_or(c, "src", ""), *sha = xmlu_attr_or(c, "sha256", ""),
       *w = xmlu_attr_or(c, "width", ""), *h = xmlu_attr_or(c, "height", "");
  /* the digest counts for equality but is not shown in the character diff (S_shown): the
   * redline shows the pictures themselves, old beside new */
  if (*sha) buf_printf(b, "（画像 %s %s×%s\001%s\002）", src, w, h, sha);
  free(src);
  free(sha);
  free(w);
  free(h);
  for (xmlNodePtr k = c->children; k; k = k->next) {
    if (!xmlu_is(k, "callout")) continue;
    char *st = xmlu_attr_or(k, "step", ""), *x = xmlu_attr_or(k, "x", ""),
         *y = xmlu_attr_or(k, "y", ""); /* by step: a renumbering alone is no change */
    buf_printf(b, "［番号 %s (%s, %s)］", st, x, y);
    free(st);
    free(x);
    free(y);
  }
}

/* The text of an element as a reader sees it: text nodes, a space between blocks, ① marks kept
 * out. A walk over the tree (down to the first child, on to the next sibling, back up), not a
 * recursion: the depth of the content is no concern here. */
static void S_text_of(xmlNodePtr n, buf *b) {
  xmlNodePtr c = n->children;
  while (c) {
    int into = 0;
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
      buf_puts(b, (const char *)c->content);
    else if (c->type == XML_ELEMENT_NODE && xmlu_is(c, "br"))
      buf_putc(b, '\n');
    else if (c->type == XML_ELEMENT_NODE) {
      int block = xmlu_is(c, "note") || xmlu_is(c, "item") || xmlu_is(c, "cell") ||
                  xmlu_is(c, "row") || xmlu_is(c, "head") || xmlu_is(c, "code") ||
                  xmlu_is(c, "list") || xmlu_is(c, "table");
      if (block && b->len && b->data[b->len - 1] != '\n') buf_putc(b, '\n');
      if (xmlu_is(c, "note")) buf_puts(b, "※");
      if (xmlu_is(c, "item")) buf_puts(b, "・");
      if (xmlu_is(c, "screenshot"))
        S_shot_text(c, b);
      else
        into = 1;
    }
    if (into && c->children) {
      c = c->children;
      continue;
    }
    if (into) S_text_after(c, b);
    while (!c->next) { /* the last child: close its parents up to one with a next sibling */
      c = c->parent;
      if (!c || c == n) return;
      S_text_after(c, b);
    }
    c = c->next;
  }
}

static char *S_text(xmlNodePtr n) {
  buf b;
  buf_init(&b);
  if (xmlu_is(n, "screenshot")) /* a screenshot block: the picture is its content */
    S_shot_text(n, &b);
  else
    S_text_of(n, &b);
  return b.data ? buf_detach(&b) : xstrdup("");
}

typedef struct unit {
  xmlNodePtr node;
  char *key;
  char *text;
} unit; /* a block of a page */
typedef struct units {
  unit *v;
  int n;
} units;

static units S_units(xmlNodePtr page) {
  units u = {0};
  int cap = 0;
  for (xmlNodePtr c = page ? page->children : NULL; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (u.n == cap) {
      cap = cap ? cap * 2 : 16;
      u.v = xrealloc(u.v, (size_t)cap * sizeof *u.v);
    }
    unit *x = &u.v[u.n++];
    x->node = c;
    x->text = S_text(c);
    buf k;
    buf_init(&k);
    if (xmlu_is(c, "step")) {
      char *id = xmlu_attr_or(c, "id", "");
      buf_printf(&k, "step:%s", id);
      free(id);
    } else if (xmlu_is(c, "screenshot")) {
      char *cap2 = xmlu_attr_or(c, "caption", "");
      buf_printf(&k, "screenshot:%s", cap2);
      free(cap2);
    } else
      buf_printf(&k, "%s:%s", (const char *)c->name, x->text);
    x->key = buf_detach(&k);
  }
  return u;
}

static void S_units_free(units *u) {
  for (int i = 0; i < u->n; i++) {
    free(u->v[i].key);
    free(u->v[i].text);
  }
  free(u->v);
}

/* The exact LCS table costs na × nb cells: above this many, a linear-time matching is used. */
#ifndef LCS_MAX_CELLS /* the fuzz build makes it smaller (Makefile FUZZ_BUDGETS) */
#define LCS_MAX_CELLS 4000000u
#endif

static void S_dealloc_key(void *payload, const xmlChar *name) {
  (void)name;
  free(payload);
}

/* Large inputs: each a[i] takes the first unused equal key of b (a hash of b's keys in order),
 * then the longest increasing run of those positions (patience sorting, O(n log n)) is kept.
 * For unique keys (page and step ids) that is the LCS itself. */
static void S_lcs_large(char **a, int na, char **b, int nb, int *match) {
  xmlHashTablePtr h = xmlHashCreate(nb > 0 ? nb : 1);
  int *next = xmalloc((size_t)(nb + 1) * sizeof *next); /* the next b index with the same key */
  for (int j = nb - 1; j >= 0; j--) {
    int *head = xmlHashLookup(h, BAD_CAST b[j]);
    next[j] = head ? *head : -1;
    if (!head) {
      head = xmalloc(sizeof *head);
      xmlHashAddEntry(h, BAD_CAST b[j], head);
    }
    *head = j;
  }
  int *cand = xmalloc((size_t)(na + 1) * sizeof *cand);
  for (int i = 0; i < na; i++) {
    int *head = xmlHashLookup(h, BAD_CAST a[i]);
    cand[i] = head && *head >= 0 ? *head : -1;
    if (head && *head >= 0) *head = next[*head];
  }
  /* longest strictly increasing subsequence of cand (ignoring -1) */
  int *tail = xmalloc((size_t)(na + 1) * sizeof *tail),
      *prev = xmalloc((size_t)(na + 1) * sizeof *prev);
  int len = 0;
  for (int i = 0; i < na; i++) {
    match[i] = -1;
    if (cand[i] < 0) continue;
    int lo = 0, hi = len;
    while (lo < hi) {
      int mid = (lo + hi) / 2;
      if (cand[tail[mid]] < cand[i])
        lo = mid + 1;
      else
        hi = mid;
    }
    prev[i] = lo ? tail[lo - 1] : -1;
    tail[lo] = i;
    if (lo == len) len++;
  }
  for (int i = len ? tail[len - 1] : -1; i >= 0; i = prev[i]) match[i] = cand[i];
  free(tail);
  free(prev);
  free(cand);
  free(next);
  xmlHashFree(h, S_dealloc_key);
}

/* LCS over keys: match[i] = index in b matched to a[i], or -1. */
static void S_lcs(char **a, int na, char **b, int nb, int *match) {
  if ((size_t)na * (size_t)nb > LCS_MAX_CELLS) {
    S_lcs_large(a, na, b, nb, match);
    return;
  }
  int *t = xcalloc((size_t)(na + 1) * (size_t)(nb + 1), sizeof *t);
#define T(i, j) t[(size_t)(i) * (size_t)(nb + 1) + (size_t)(j)]
  for (int i = na - 1; i >= 0; i--)
    for (int j = nb - 1; j >= 0; j--)
      T(i, j) = !strcmp(a[i], b[j]) ? T(i + 1, j + 1) + 1
                                    : (T(i + 1, j) > T(i, j + 1) ? T(i + 1, j) : T(i, j + 1));
  for (int i = 0; i < na; i++) match[i] = -1;
  int i = 0, j = 0;
  while (i < na && j < nb) {
    if (!strcmp(a[i], b[j])) {
      match[i] = j;
      i++;
      j++;
    } else if (T(i + 1, j) >= T(i, j + 1))
      i++;
    else
      j++;
  }
#undef T
  free(t);
}

/* ---- character diff ---- */

static int S_decode(const char *s, uint32_t **out, int **off) {
  size_t len = strlen(s);
  *out = xmalloc((len + 1) * sizeof **out);
  *off = xmalloc((len + 2) * sizeof **off);
  int n = 0;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)s + i, len - i, &cp);
    if (k <= 0) {
      k = 1;
      cp = (unsigned char)s[i];
    }
    (*off)[n] = (int)i;
    (*out)[n++] = cp;
    i += (size_t)k;
  }
  (*off)[n] = (int)len;
  return n;
}

static void S_run(xmlNodePtr parent, const char *kind, const char *s, int from, int to) {
  if (to <= from) return;
  xmlNodePtr last = parent->last;
  if (last && !xmlStrcmp(last->name, BAD_CAST kind)) {
    xmlNodeAddContentLen(last, BAD_CAST(s + from), to - from);
    return;
  }
  xmlNodePtr e = xmlNewChild(parent, NULL, BAD_CAST kind, NULL);
  xmlNodeAddContentLen(e, BAD_CAST(s + from), to - from);
}

/* The LCS tables of one diff cost at most this many cells in all (about a fifth of a second);
 * past it, a changed text is shown replaced whole, as one longer than DIFF_MAX_CHARS is. */
#ifndef DIFF_MAX_CELLS /* the fuzz build makes it smaller (Makefile FUZZ_BUDGETS) */
#define DIFF_MAX_CELLS 100000000L
#endif

/* The character diff of a and b, drawing the LCS table's cells from *budget. */
static void S_chars(xmlNodePtr parent, const char *a, const char *b, long *budget) {
  uint32_t *ca, *cb;
  int *oa, *ob;
  int na = S_decode(a, &ca, &oa), nb = S_decode(b, &cb, &ob);
  /* common prefix and suffix first: most edits are small */
  int pre = 0;
  while (pre < na && pre < nb && ca[pre] == cb[pre]) pre++;
  int suf = 0;
  while (suf < na - pre && suf < nb - pre && ca[na - 1 - suf] == cb[nb - 1 - suf]) suf++;
  S_run(parent, "same", a, 0, oa[pre]);
  int ma = na - pre - suf, mb = nb - pre - suf;
  long cells = (long)(ma + 1) * (long)(mb + 1);
  if (ma > DIFF_MAX_CHARS || mb > DIFF_MAX_CHARS || (size_t)ma * (size_t)mb > 4000000u ||
      cells > *budget) {
    S_run(parent, "del", a, oa[pre], oa[na - suf]);
    S_run(parent, "ins", b, ob[pre], ob[nb - suf]);
  } else {
    *budget -= cells;
    unsigned short *t = xcalloc((size_t)(ma + 1) * (size_t)(mb + 1), sizeof *t);
#define L(i, j) t[(size_t)(i) * (size_t)(mb + 1) + (size_t)(j)]
    for (int i = ma - 1; i >= 0; i--)
      for (int j = mb - 1; j >= 0; j--)
        L(i, j) = ca[pre + i] == cb[pre + j]
                      ? (unsigned short)(L(i + 1, j + 1) + 1)
                      : (L(i + 1, j) > L(i, j + 1) ? L(i + 1, j) : L(i, j + 1));
    /* the walk, in runs: one <same>, <del> or <ins> per stretch of one kind */
    static const char *const kinds[] = {"same", "del", "ins"};
    int i = 0, j = 0, kind = -1, from = 0, to = 0;
    while (i < ma || j < mb) {
      int k, f, e;
      if (i < ma && j < mb && ca[pre + i] == cb[pre + j]) {
        k = 0;
        f = oa[pre + i];
        e = oa[pre + i + 1];
        i++;
        j++;
      } else if (i < ma && (j >= mb || L(i + 1, j) >= L(i, j + 1))) {
        k = 1;
        f = oa[pre + i];
        e = oa[pre + i + 1];
        i++;
      } else {
        k = 2;
        f = ob[pre + j];
        e = ob[pre + j + 1];
        j++;
      }
      if (k != kind) {
        if (kind >= 0) S_run(parent, kinds[kind], kind == 2 ? b : a, from, to);
        kind = k;
        from = f;
      }
      to = e;
    }
    if (kind >= 0) S_run(parent, kinds[kind], kind == 2 ? b : a, from, to);
#undef L
    free(t);
  }
  S_run(parent, "same", a, oa[na - suf], oa[na]);
  free(ca);
  free(cb);
  free(oa);
  free(ob);
}

void diff_chars(xmlNodePtr parent, const char *a, const char *b) {
  long budget = DIFF_MAX_CELLS;
  S_chars(parent, a, b, &budget);
}

/* ---- pages and steps ---- */

/* The pages and steps of each side by id (hash tables: the node; a step's page is its parent). */
typedef struct ctx {
  xmlDocPtr old, cur;
  xmlNodePtr out;
  int changes;
  xmlHashTablePtr ix_old, ix_cur;
  long cells;
} ctx;

static xmlHashTablePtr S_index(xmlDocPtr doc) {
  xmlHashTablePtr h = xmlHashCreate(256);
  xmlNodePtr root = xmlDocGetRootElement(doc);
  for (xmlNodePtr p = root ? root->children : NULL; p; p = p->next) {
    if (!xmlu_is(p, "page")) continue;
    xmlChar *v = xmlGetProp(p, BAD_CAST "id");
    if (v) {
      xmlHashAddEntry2(h, BAD_CAST "page", v, p);
      xmlFree(v);
    } /* the first of equal ids wins */
    for (xmlNodePtr st = p->children; st; st = st->next) {
      if (!xmlu_is(st, "step")) continue;
      xmlChar *w = xmlGetProp(st, BAD_CAST "id");
      if (w) {
        xmlHashAddEntry2(h, BAD_CAST "step", w, st);
        xmlFree(w);
      }
    }
  }
  return h;
}

static xmlNodePtr S_find(xmlHashTablePtr ix, const char *name, const char *id, xmlNodePtr *page) {
  xmlNodePtr n = xmlHashLookup2(ix, BAD_CAST name, BAD_CAST id);
  if (n && page) *page = n->parent;
  return n;
}

static xmlNodePtr S_item(ctx *c, xmlNodePtr parent, const char *what, const char *status) {
  xmlNodePtr e = xmlNewChild(parent, NULL, BAD_CAST what, NULL);
  xmlNewProp(e, BAD_CAST "status", BAD_CAST status);
  if (strcmp(status, "same")) c->changes++;
  return e;
}

static void S_copy_attr(xmlNodePtr to, const char *as, xmlNodePtr from, const char *a) {
  if (!from) return;
  xmlChar *v = xmlGetProp(from, BAD_CAST a);
  if (v) {
    xmlNewProp(to, BAD_CAST as, v);
    xmlFree(v);
  }
}

/* A unit's text as the redline shows it: without the images' digests (between \001 and \002). */
static char *S_shown(const char *t) {
  buf b;
  buf_init(&b);
  for (const char *p = t; *p;) {
    const char *q = strchr(p, '\001');
    if (!q) {
      buf_puts(&b, p);
      break;
    }
    buf_add(&b, p, (size_t)(q - p));
    const char *e = strchr(q, '\002');
    if (!e) break;
    p = e + 1;
  }
  return b.data ? buf_detach(&b) : xstrdup("");
}

/* The screenshots of a block or step (the block itself, for a screenshot block), in order. */
static xmlNodePtr S_next_shot(xmlNodePtr top, xmlNodePtr after) {
  if (xmlu_is(top, "screenshot")) return after ? NULL : top;
  for (xmlNodePtr c = after ? after->next : top->children; c; c = c->next)
    if (xmlu_is(c, "screenshot")) return c;
  return NULL;
}

static void S_image_side(xmlNodePtr pair, const char *side, xmlNodePtr shot) {
  xmlNodePtr e = xmlNewChild(pair, NULL, BAD_CAST side, NULL);
  if (!shot) return;
  static const char *const keep[] = {"src", "sha256", "type", "width", "height"};
  for (int i = 0; i < 5; i++) S_copy_attr(e, keep[i], shot, keep[i]);
}

/* A replaced picture, shown old beside new in the redline: an <image> pair for each screenshot
 * (matched in order) whose image differs, by SHA-256. cmd_diff.c finds the files. */
static void S_images(xmlNodePtr e, xmlNodePtr o, xmlNodePtr n) {
  xmlNodePtr a = S_next_shot(o, NULL), b = S_next_shot(n, NULL);
  while (a || b) {
    char *ha = a ? xmlu_attr_or(a, "sha256", "") : xstrdup(""),
         *hb = b ? xmlu_attr_or(b, "sha256", "") : xstrdup("");
    if (strcmp(ha, hb)) {
      xmlNodePtr pair = xmlNewChild(e, NULL, BAD_CAST "image", NULL);
      S_copy_attr(pair, "caption", b ? b : a, "caption");
      S_image_side(pair, "old", *ha ? a : NULL);
      S_image_side(pair, "new", *hb ? b : NULL);
    }
    free(ha);
    free(hb);
    if (a) a = S_next_shot(o, a);
    if (b) b = S_next_shot(n, b);
  }
}

static void S_block(ctx *c, xmlNodePtr page_out, const unit *o, const unit *n, const char *status) {
  const unit *u = n ? n : o;
  int step = xmlu_is(u->node, "step");
  xmlNodePtr e = S_item(c, page_out, step ? "step" : "block", status);
  if (step) {
    S_copy_attr(e, "id", u->node, "id");
    S_copy_attr(e, "mark", n ? n->node : NULL, "mark");
    S_copy_attr(e, "old-mark", o ? o->node : NULL, "mark");
  } else
    xmlNewProp(e, BAD_CAST "kind", u->node->name);
  xmlNodePtr t = xmlNewChild(e, NULL, BAD_CAST "text", NULL);
  char *os = o ? S_shown(o->text) : NULL, *ns = n ? S_shown(n->text) : NULL;
  if (o && n)
    S_chars(t, os, ns, &c->cells);
  else
    S_run(t, o ? "del" : "ins", o ? os : ns, 0, (int)strlen(o ? os : ns));
  free(os);
  free(ns);
  if (o && n) S_images(e, o->node, n->node);
}

/* A title with every digit (ASCII or full-width) as '#' and runs of them as one: two titles
 * that differ only in their numbers ((２) → (３)) map to the same key. With `keep` the digits
 * stay, full-width ones made ASCII: two titles that differ only in the digits' width. */
static void S_title_key(const char *t, int keep, buf *out) {
  size_t n = strlen(t);
  int in_digits = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)t + i, n - i, &cp);
    if (k <= 0) {
      k = 1;
      cp = (unsigned char)t[i];
    }
    int digit = (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
    if (digit && keep)
      buf_putc(out, (char)(cp >= 0xFF10 ? '0' + (cp - 0xFF10) : cp));
    else if (digit) {
      if (!in_digits) buf_putc(out, '#');
    } else if (cp == 0xFF08 || cp == 0xFF09)
      buf_putc(out, cp == 0xFF08 ? '(' : ')'); /* （） as () */
    else
      buf_add(out, t + i, (size_t)k);
    in_digits = digit;
    i += (size_t)k;
  }
}

/* A page title printed otherwise on the two sides: a block of kind "title", "renumbered" when
 * only its counter's number changed (API連携－Box（２）→（３）), "changed" otherwise (its
 * wording, or how its digits are written: （1）→（１）). Counted as a change either way: the
 * title is printed text, and a counter fixed by hand is a fix the change log names. */
static void S_title(ctx *c, xmlNodePtr page_out, xmlNodePtr po, xmlNodePtr pn) {
  char *a = xmlu_attr_or(po, "title", ""), *b = xmlu_attr_or(pn, "title", "");
  if (strcmp(a, b)) {
    buf ka, kb, wa, wb;
    buf_init(&ka);
    buf_init(&kb);
    buf_init(&wa);
    buf_init(&wb);
    S_title_key(a, 0, &ka);
    S_title_key(b, 0, &kb);
    S_title_key(a, 1, &wa);
    S_title_key(b, 1, &wb);
    int renumbered = !strcmp(buf_cstr(&ka), buf_cstr(&kb)) && strcmp(buf_cstr(&wa), buf_cstr(&wb));
    xmlNodePtr e = S_item(c, page_out, "block", renumbered ? "renumbered" : "changed");
    xmlNewProp(e, BAD_CAST "kind", BAD_CAST "title");
    diff_chars(xmlNewChild(e, NULL, BAD_CAST "text", NULL), a, b);
    buf_free(&ka);
    buf_free(&kb);
    buf_free(&wa);
    buf_free(&wb);
  }
  free(a);
  free(b);
}

/* One page present on both sides (or one side): its blocks, matched. */
static void S_page(ctx *c, xmlNodePtr po, xmlNodePtr pn, int moved) {
  xmlNodePtr e = xmlNewChild(c->out, NULL, BAD_CAST "page", NULL);
  S_copy_attr(e, "id", pn ? pn : po, "id");
  S_copy_attr(e, "n", pn, "n");
  S_copy_attr(e, "old-n", po, "n");
  S_copy_attr(e, "title", pn, "title");
  S_copy_attr(e, "old-title", po, "title");
  int before = c->changes;
  if (po && pn) S_title(c, e, po, pn);
  units uo = S_units(po), un = S_units(pn);
  char **ko = xmalloc((size_t)(uo.n + 1) * sizeof *ko),
       **kn = xmalloc((size_t)(un.n + 1) * sizeof *kn);
  for (int i = 0; i < uo.n; i++) ko[i] = uo.v[i].key;
  for (int i = 0; i < un.n; i++) kn[i] = un.v[i].key;
  int *match = xmalloc((size_t)(uo.n + 1) * sizeof *match);
  S_lcs(ko, uo.n, kn, un.n, match);
  int *taken = xcalloc((size_t)(un.n + 1), sizeof *taken);
  for (int i = 0; i < uo.n; i++)
    if (match[i] >= 0) taken[match[i]] = 1;
  /* old blocks not matched: the same step elsewhere on the page (moved), a changed
   * block of the same kind in the same gap, or removed */
  int *pair = xmalloc((size_t)(uo.n + 1) * sizeof *pair);
  /* the first untaken new block, in order: a step by its key, any other kind by its element
   * name. The untaken new blocks are chained, each to the next with the same step key or the
   * same name (`next`), and a hash holds each chain's first (index + 1); a pairing takes the
   * first and moves the chain on: linear in the page, whatever the ids (unique ones make
   * chains of one) and the names */
  xmlHashTablePtr firsts = xmlHashCreate(un.n > 0 ? un.n : 1);
  int *next = xmalloc((size_t)(un.n + 1) * sizeof *next);
  for (int j = un.n - 1; j >= 0; j--) {
    next[j] = -1;
    if (taken[j]) continue;
    int step = xmlu_is(un.v[j].node, "step");
    const xmlChar *k = step ? BAD_CAST un.v[j].key : un.v[j].node->name;
    intptr_t later = (intptr_t)xmlHashLookup2(firsts, k, BAD_CAST(step ? "step" : "name"));
    next[j] = (int)later - 1;
    xmlHashUpdateEntry2(firsts, k, BAD_CAST(step ? "step" : "name"), (void *)(intptr_t)(j + 1),
                        NULL);
  }
  for (int i = 0; i < uo.n; i++) {
    pair[i] = -1;
    if (match[i] >= 0) continue;
    int step = xmlu_is(uo.v[i].node, "step");
    const xmlChar *k = step ? BAD_CAST uo.v[i].key : uo.v[i].node->name;
    int j = (int)(intptr_t)xmlHashLookup2(firsts, k, BAD_CAST(step ? "step" : "name")) - 1;
    if (j < 0) continue;
    pair[i] = j;
    taken[j] = 2;
    xmlHashUpdateEntry2(firsts, k, BAD_CAST(step ? "step" : "name"),
                        (void *)(intptr_t)(next[j] + 1), NULL);
  }
  xmlHashFree(firsts, NULL);
  free(next);
  int *from_of =
      xmalloc((size_t)(un.n + 1) * sizeof *from_of); /* the old block placed at new j, or -1 */
  for (int j = 0; j < un.n; j++) from_of[j] = -1;
  for (int i = uo.n - 1; i >= 0; i--) {
    if (match[i] >= 0) from_of[match[i]] = i;
    if (pair[i] >= 0) from_of[pair[i]] = i;
  }
  /* walk the new page in order, placing removed old blocks before the next match */
  int oi = 0;
  for (int j = 0; j <= un.n; j++) {
    int stop = uo.n;
    if (j < un.n && from_of[j] >= 0) stop = from_of[j];
    for (; oi < stop && oi < uo.n; oi++) {
      if (match[oi] >= 0 || pair[oi] >= 0) continue;
      /* a step that went to another page */
      xmlNodePtr other = NULL, pg = NULL;
      if (xmlu_is(uo.v[oi].node, "step")) {
        char *id = xmlu_attr_or(uo.v[oi].node, "id", "");
        other = S_find(c->ix_cur, "step", id, &pg);
        free(id);
      }
      if (other) {
        xmlNodePtr m = S_item(c, e, "step", "moved-away");
        c->changes--; /* counted once, where it arrives */
        S_copy_attr(m, "id", uo.v[oi].node, "id");
        S_copy_attr(m, "old-mark", uo.v[oi].node, "mark");
        S_copy_attr(m, "to-page", pg, "n");
      } else
        S_block(c, e, &uo.v[oi], NULL, "removed");
    }
    if (j == un.n) break;
    const unit *nu = &un.v[j];
    int from = from_of[j];
    if (from < 0) {
      xmlNodePtr other = NULL, pg = NULL;
      if (xmlu_is(nu->node, "step")) {
        char *id = xmlu_attr_or(nu->node, "id", "");
        other = S_find(c->ix_old, "step", id, &pg);
        free(id);
      }
      if (other) {
        unit ou = {other, NULL, S_text(other)};
        S_block(c, e, &ou, nu, strcmp(ou.text, nu->text) ? "moved-changed" : "moved");
        xmlNodePtr last = e->last;
        S_copy_attr(last, "from-page", pg, "n");
        free(ou.text);
      } else
        S_block(c, e, NULL, nu, "added");
      continue;
    }
    const unit *ou = &uo.v[from];
    int changed = strcmp(ou->text, nu->text) != 0;
    int moved_here = match[from] < 0 && xmlu_is(nu->node, "step");
    const char *st = moved_here ? (changed ? "moved-changed" : "moved")
                     : changed  ? "changed"
                                : "same";
    if (!strcmp(st, "same") && xmlu_is(nu->node, "step")) {
      /* renumbering alone is not a change of text; it is recorded, not counted */
      xmlChar *a = xmlGetProp(ou->node, BAD_CAST "mark"),
              *b = xmlGetProp(nu->node, BAD_CAST "mark");
      int renum = a && b && xmlStrcmp(a, b);
      if (a) xmlFree(a);
      if (b) xmlFree(b);
      if (renum) {
        S_block(c, e, ou, nu, "renumbered");
        c->changes--;
        continue;
      }
      continue;
    }
    if (!strcmp(st, "same")) continue;
    S_block(c, e, ou, nu, st);
  }
  const char *status = !po                   ? "added"
                       : !pn                 ? "removed"
                       : c->changes > before ? (moved ? "moved-changed" : "changed")
                       : moved               ? "moved"
                                             : "same";
  xmlNewProp(e, BAD_CAST "status", BAD_CAST status);
  if (!po || !pn)
    c->changes++;
  else if (moved && c->changes == before)
    c->changes++;
  if (!strcmp(status, "same") && !e->children) {
    xmlUnlinkNode(e);
    xmlFreeNode(e);
  } else if (!strcmp(status, "same"))
    xmlSetProp(e, BAD_CAST "status", BAD_CAST "renumbered");
  free(ko);
  free(kn);
  free(match);
  free(taken);
  free(pair);
  free(from_of);
  S_units_free(&uo);
  S_units_free(&un);
}

static char **S_page_ids(xmlNodePtr root, int *n) {
  int cap = 16;
  *n = 0;
  char **v = xmalloc((size_t)cap * sizeof *v);
  for (xmlNodePtr p = root->children; p; p = p->next) {
    if (!xmlu_is(p, "page")) continue;
    if (*n == cap) {
      cap *= 2;
      v = xrealloc(v, (size_t)cap * sizeof *v);
    }
    v[(*n)++] = xmlu_attr_or(p, "id", "");
  }
  return v;
}

static void S_field(ctx *c, xmlNodePtr ro, xmlNodePtr rn, const char *attr, const char *label) {
  char *a = xmlu_attr_or(ro, attr, ""), *b = xmlu_attr_or(rn, attr, "");
  if (strcmp(a, b)) {
    xmlNodePtr e = S_item(c, c->out, "field", "changed");
    xmlNewProp(e, BAD_CAST "name", BAD_CAST attr);
    xmlNewProp(e, BAD_CAST "label", BAD_CAST label);
    xmlNodePtr t = xmlNewChild(e, NULL, BAD_CAST "text", NULL);
    S_chars(t, a, b, &c->cells);
  }
  free(a);
  free(b);
}

xmlDocPtr diff_publications(xmlDocPtr old, xmlDocPtr cur, const char *old_label,
                            const char *new_label, const char *tejun_version) {
  xmlNodePtr ro = xmlDocGetRootElement(old), rn = xmlDocGetRootElement(cur);
  xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
  xmlNodePtr out = xmlNewNode(NULL, BAD_CAST "diff");
  xmlDocSetRootElement(doc, out);
  ctx c = {old, cur, out, 0, S_index(old), S_index(cur), DIFF_MAX_CELLS};
  S_copy_attr(out, "manual", rn, "manual");
  S_copy_attr(out, "title", rn, "title");
  S_copy_attr(out, "label", rn, "label");
  S_copy_attr(out, "old-version", ro, "version");
  S_copy_attr(out, "old-date", ro, "date");
  S_copy_attr(out, "new-version", rn, "version");
  S_copy_attr(out, "new-date", rn, "date");
  xmlNewProp(out, BAD_CAST "old", BAD_CAST old_label);
  xmlNewProp(out, BAD_CAST "new", BAD_CAST new_label);
  xmlNewProp(out, BAD_CAST "tejun", BAD_CAST tejun_version);
  /* the change-log rows that NEW has and OLD has not: why it changed */
  xmlNodePtr rows = xmlNewChild(out, NULL, BAD_CAST "rows", NULL);
  xmlNodePtr clo = NULL, cln = NULL;
  for (xmlNodePtr x = ro->children; x; x = x->next)
    if (xmlu_is(x, "changelog")) clo = x;
  for (xmlNodePtr x = rn->children; x; x = x->next)
    if (xmlu_is(x, "changelog")) cln = x;
  xmlHashTablePtr oldrows = xmlHashCreate(64);
  for (xmlNodePtr q = clo ? clo->children : NULL; q; q = q->next) {
    if (!xmlu_is(q, "revision")) continue;
    char *w = xmlu_attr_or(q, "version", "");
    xmlHashAddEntry(oldrows, BAD_CAST w, q);
    free(w);
  }
  for (xmlNodePtr r = cln ? cln->children : NULL; r; r = r->next) {
    if (!xmlu_is(r, "revision")) continue;
    char *v = xmlu_attr_or(r, "version", "");
    int known = xmlHashLookup(oldrows, BAD_CAST v) != NULL;
    if (!known) {
      xmlNodePtr e = xmlNewChild(rows, NULL, BAD_CAST "revision", NULL);
      S_copy_attr(e, "version", r, "version");
      S_copy_attr(e, "date", r, "date");
      char *t = S_text(r);
      xmlNodeAddContent(e, BAD_CAST t);
      free(t);
    }
    free(v);
  }
  xmlHashFree(oldrows, NULL);
  S_field(&c, ro, rn, "title", "タイトル");
  S_field(&c, ro, rn, "publisher", "発行者");
  S_field(&c, ro, rn, "product", "サービス名");
  S_field(&c, ro, rn, "label", "情報ラベル");
  /* pages in the new order; removed ones where they stood */
  int no, nn;
  char **io = S_page_ids(ro, &no), **in = S_page_ids(rn, &nn);
  int *match = xmalloc((size_t)(no + 1) * sizeof *match);
  S_lcs(io, no, in, nn, match);
  int *inv = xmalloc((size_t)(nn + 1) *
                     sizeof *inv); /* inv[j]: the old page matched to new page j, or -1 */
  for (int j = 0; j < nn; j++) inv[j] = -1;
  for (int i = 0; i < no; i++)
    if (match[i] >= 0) inv[match[i]] = i;
  int oi = 0;
  for (int j = 0; j <= nn; j++) {
    int stop = no;
    if (j < nn && inv[j] >= 0) stop = inv[j];
    for (; oi < stop && oi < no; oi++) {
      if (match[oi] >= 0) continue;
      int still = S_find(c.ix_cur, "page", io[oi], NULL) != NULL;
      if (!still) S_page(&c, S_find(c.ix_old, "page", io[oi], NULL), NULL, 0);
    }
    if (j == nn) break;
    xmlNodePtr pn = S_find(c.ix_cur, "page", in[j], NULL),
               po = S_find(c.ix_old, "page", in[j], NULL);
    int moved = po && inv[j] < 0;
    S_page(&c, po, pn, moved);
  }
  free(inv);
  /* trademarks: a page of their own */
  xmlNodePtr to = NULL, tn = NULL;
  for (xmlNodePtr x = ro->children; x; x = x->next)
    if (xmlu_is(x, "trademarks")) to = x;
  for (xmlNodePtr x = rn->children; x; x = x->next)
    if (xmlu_is(x, "trademarks")) tn = x;
  if (to && tn) {
    char *a = S_text(to), *b = S_text(tn);
    if (strcmp(a, b)) {
      xmlNodePtr e = S_item(&c, out, "field", "changed");
      xmlNewProp(e, BAD_CAST "name", BAD_CAST "trademarks");
      xmlNewProp(e, BAD_CAST "label", BAD_CAST "商標について");
      S_chars(xmlNewChild(e, NULL, BAD_CAST "text", NULL), a, b, &c.cells);
    }
    free(a);
    free(b);
  }
  char cnt[16];
  snprintf(cnt, sizeof cnt, "%d", c.changes);
  xmlNewProp(out, BAD_CAST "changes", BAD_CAST cnt);
  for (int i = 0; i < no; i++) free(io[i]);
  for (int i = 0; i < nn; i++) free(in[i]);
  free(io);
  free(in);
  free(match);
  xmlHashFree(c.ix_old, NULL);
  xmlHashFree(c.ix_cur, NULL);
  return doc;
}

int diff_count(xmlDocPtr diff) {
  char *s = xmlu_attr_or(xmlDocGetRootElement(diff), "changes", "");
  int n = atoi(s);
  free(s);
  return n;
}

/* Text from the data, for a terminal: never raw (util_term_escape); `lines` lets a
 * multi-line text keep its line breaks. */
static void S_out(FILE *f, const char *s, int lines) {
  util_term_put(f, s, strlen(s), lines ? UTIL_TERM_LINES : 0);
}

static void S_put_runs(FILE *f, xmlNodePtr text, int color) {
  for (xmlNodePtr r = text->children; r; r = r->next) {
    if (r->type != XML_ELEMENT_NODE) continue;
    xmlChar *s = xmlNodeGetContent(r);
    int del = xmlu_is(r, "del"), ins = xmlu_is(r, "ins");
    if (del)
      fputs(color ? "\033[1;31m[-" : "[-", f);
    else if (ins)
      fputs(color ? "\033[1;32m{+" : "{+", f);
    S_out(f, (const char *)s, 1);
    if (del)
      fputs(color ? "-]\033[0m" : "-]", f);
    else if (ins)
      fputs(color ? "+}\033[0m" : "+}", f);
    xmlFree(s);
  }
}

void diff_text(FILE *f, xmlDocPtr diff, int color) {
  xmlNodePtr root = xmlDocGetRootElement(diff);
  char *t = xmlu_attr_or(root, "title", ""), *ov = xmlu_attr_or(root, "old-version", ""),
       *nv = xmlu_attr_or(root, "new-version", "");
  char *o = xmlu_attr_or(root, "old", ""), *n = xmlu_attr_or(root, "new", "");
  S_out(f, t, 0);
  fputs(": ", f);
  S_out(f, ov, 0);
  fputs(" (", f);
  S_out(f, o, 0);
  fputs(") → ", f);
  S_out(f, nv, 0);
  fputs(" (", f);
  S_out(f, n, 0);
  fprintf(f, "), %d change%s\n", diff_count(diff), diff_count(diff) == 1 ? "" : "s");
  free(t);
  free(ov);
  free(nv);
  free(o);
  free(n);
  for (xmlNodePtr x = root->children; x; x = x->next) {
    if (xmlu_is(x, "rows")) {
      for (xmlNodePtr r = x->children; r; r = r->next) {
        if (!xmlu_is(r, "revision")) continue;
        char *v = xmlu_attr_or(r, "version", ""), *d = xmlu_attr_or(r, "date", "");
        xmlChar *s = xmlNodeGetContent(r);
        fputs("  変更履歴 ", f);
        S_out(f, v, 0);
        fputc(' ', f);
        S_out(f, d, 0);
        fputc(' ', f);
        S_out(f, (const char *)s, 0);
        fputc('\n', f);
        xmlFree(s);
        free(v);
        free(d);
      }
    } else if (xmlu_is(x, "field")) {
      char *l = xmlu_attr_or(x, "label", "");
      fputc('\n', f);
      S_out(f, l, 0);
      fputs(":\n  ", f);
      free(l);
      for (xmlNodePtr c = x->children; c; c = c->next)
        if (xmlu_is(c, "text")) S_put_runs(f, c, color);
      fputc('\n', f);
    } else if (xmlu_is(x, "page")) {
      char *st = xmlu_attr_or(x, "status", ""), *pn = xmlu_attr_or(x, "n", ""),
           *po = xmlu_attr_or(x, "old-n", ""), *tt = xmlu_attr_or(x, "title", ""),
           *ot = xmlu_attr_or(x, "old-title", "");
      fputs(*pn ? "\nP" : "\n(old P", f);
      S_out(f, *pn ? pn : po, 0);
      fputs(*pn ? " " : ") ", f);
      S_out(f, *pn ? tt : ot, 0);
      fputs(" [", f);
      S_out(f, st, 0);
      fputc(']', f);
      if (*pn && *po && strcmp(pn, po)) {
        fputs(" (was P", f);
        S_out(f, po, 0);
        fputc(')', f);
      }
      fputc('\n', f);
      free(st);
      free(pn);
      free(po);
      free(tt);
      free(ot);
      for (xmlNodePtr b = x->children; b; b = b->next) {
        if (b->type != XML_ELEMENT_NODE) continue;
        char *bs = xmlu_attr_or(b, "status", ""), *mk = xmlu_attr_or(b, "mark", ""),
             *om = xmlu_attr_or(b, "old-mark", ""), *kind = xmlu_attr_or(b, "kind", "");
        char *fp = xmlu_attr_or(b, "from-page", ""), *tp = xmlu_attr_or(b, "to-page", ""),
             *id = xmlu_attr_or(b, "id", "");
        fputs("  ", f);
        S_out(f, xmlu_is(b, "step") ? (*mk ? mk : om) : kind, 0);
        fputc(' ', f);
        S_out(f, bs, 0);
        if (*mk && *om && strcmp(mk, om)) {
          fputs(" (was ", f);
          S_out(f, om, 0);
          fputc(')', f);
        }
        if (*fp) {
          fputs(" (from P", f);
          S_out(f, fp, 0);
          fputc(')', f);
        }
        if (*tp) {
          fputs(" (", f);
          S_out(f, id, 0);
          fputs(", to P", f);
          S_out(f, tp, 0);
          fputc(')', f);
        }
        if (b->children) fputs(": ", f);
        for (xmlNodePtr c = b->children; c; c = c->next)
          if (xmlu_is(c, "text")) S_put_runs(f, c, color);
        for (xmlNodePtr c = b->children; c; c = c->next) { /* a replaced picture, by digest */
          if (!xmlu_is(c, "image")) continue;
          char *cap = xmlu_attr_or(c, "caption", "");
          fputs("\n    画像の差し替え ", f);
          S_out(f, cap, 0);
          free(cap);
          for (xmlNodePtr sd = c->children; sd; sd = sd->next) {
            if (!xmlu_is(sd, "old") && !xmlu_is(sd, "new")) continue;
            char *sha = xmlu_attr_or(sd, "sha256", "");
            fputs(xmlu_is(sd, "old") ? ": " : " → ", f);
            if (*sha)
              fprintf(f, "sha256:%.12s", sha);
            else
              fputs("なし", f);
            free(sha);
          }
        }
        fputc('\n', f);
        free(bs);
        free(mk);
        free(om);
        free(kind);
        free(fp);
        free(tp);
        free(id);
      }
    }
  }
}

/* ---- change marks in a publication ---- */

/* href="#anchor" on a change entry, to the element it is about. */
static void S_href(xmlNodePtr change, xmlNodePtr target) {
  char *anchor = xmlu_attr_or(target, "anchor", "");
  buf h;
  buf_init(&h);
  buf_printf(&h, "#%s", anchor);
  xmlNewProp(change, BAD_CAST "href", BAD_CAST buf_cstr(&h));
  buf_free(&h);
  free(anchor);
}

/* A row of the --changes-since list for the page x of the diff: its status, its page's numbers
 * and titles, old and new. */
static xmlNodePtr S_change_row(xmlNodePtr list, xmlNodePtr x, const char *status) {
  xmlNodePtr c = xmlNewChild(list, NULL, BAD_CAST "change", NULL);
  xmlNewProp(c, BAD_CAST "status", BAD_CAST status);
  S_copy_attr(c, "page", x, "n");
  S_copy_attr(c, "old-page", x, "old-n");
  S_copy_attr(c, "title", x, "title");
  S_copy_attr(c, "old-title", x, "old-title");
  return c;
}

void diff_mark(xmlDocPtr pub, xmlDocPtr diff) {
  xmlNodePtr root = xmlDocGetRootElement(pub), d = xmlDocGetRootElement(diff);
  xmlHashTablePtr ix =
      S_index(pub); /* its pages and steps by id: the first of equal ids, as in document order */
  xmlNodePtr list = xmlNewNode(NULL, BAD_CAST "changes");
  char *since = xmlu_attr_or(d, "old-version", ""), *sd = xmlu_attr_or(d, "old-date", "");
  xmlNewProp(list, BAD_CAST "since", BAD_CAST since);
  xmlNewProp(list, BAD_CAST "since-date", BAD_CAST sd);
  free(since);
  free(sd);
  for (xmlNodePtr x = d->children; x; x = x->next) {
    if (xmlu_is(x, "rows")) {
      for (xmlNodePtr r = x->children; r; r = r->next)
        if (xmlu_is(r, "revision")) xmlAddChild(list, xmlCopyNode(r, 1));
      continue;
    }
    if (xmlu_is(x, "field")) {
      xmlNodePtr c = xmlNewChild(list, NULL, BAD_CAST "change", NULL);
      S_copy_attr(c, "what", x, "label");
      xmlNewProp(c, BAD_CAST "status", BAD_CAST "changed");
      continue;
    }
    if (!xmlu_is(x, "page")) continue;
    char *pid = xmlu_attr_or(x, "id", ""), *pst = xmlu_attr_or(x, "status", "");
    xmlNodePtr page = S_find(ix, "page", pid, NULL);
    if (page && strcmp(pst, "renumbered")) xmlSetProp(page, BAD_CAST "changed", BAD_CAST pst);
    for (xmlNodePtr b = x->children; b; b = b->next) {
      if (b->type != XML_ELEMENT_NODE) continue;
      char *st = xmlu_attr_or(b, "status", "");
      if (!strcmp(st, "renumbered") || !strcmp(st, "moved-away")) {
        free(st);
        continue;
      }
      xmlNodePtr c = S_change_row(list, x, st);
      if (xmlu_is(b, "step")) {
        char *sid = xmlu_attr_or(b, "id", "");
        S_copy_attr(c, "mark", b, "mark");
        S_copy_attr(c, "old-mark", b, "old-mark");
        xmlNodePtr step = S_find(ix, "step", sid, NULL);
        if (step) {
          xmlSetProp(step, BAD_CAST "changed", BAD_CAST st);
          S_href(c, step);
        }
        free(sid);
      } else {
        S_copy_attr(c, "what", b, "kind");
        if (page && !strcmp(pst, "same")) xmlSetProp(page, BAD_CAST "changed", BAD_CAST "changed");
      }
      if (!xmlHasProp(c, BAD_CAST "href") && page) { S_href(c, page); }
      free(st);
    }
    if (!x->children && strcmp(pst, "renumbered")) S_change_row(list, x, pst);
    free(pid);
    free(pst);
  }
  /* after the change log */
  xmlNodePtr cl = NULL;
  for (xmlNodePtr x = root->children; x; x = x->next)
    if (xmlu_is(x, "changelog")) cl = x;
  if (cl)
    xmlAddNextSibling(cl, list);
  else
    xmlAddChild(root, list);
  xmlHashFree(ix, NULL);
}
