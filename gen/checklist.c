/* checklist.c: selecting and ordering the rows of a checklist and building its XML.
 *
 *   checklist := details fields section* signoff
 *   section   := a run of pages with the same procedure and qualifier (one numbering of ①②…)
 *   row       := step (a numbered step) | wait (a block or step with `wait:`)
 *              | check (a page without steps nor waits: its title, headings and notes)
 *              | table (a table whose rows depend on the customer)
 *   A ※ note block attaches to the row before it in its section, else to the section.
 */
#include "checklist.h"
#include "xmlutil.h"
#include "pubxml.h"
#include "inline.h"
#include "resolve.h"
#include <assert.h>
#include <stdlib.h>
#include <string.h>

typedef enum { PG_ALL, PG_WAITS, PG_NO_WAITS } pg_mode;

typedef struct cb {
  diag *d;
  int failed;
  const tj_catalog *cat;
  const tj_customer *cu; /* NULL for a service checklist */
  xmlNodePtr root, sec, last; /* the current section and its last row */
  const checklist_manual *cm; /* the manual being read */
  const char *service; /* the service whose pages are being read (customer), or NULL */
  const char *suffix; /* appended to section titles, or NULL */
  char *key; /* what identifies the current section */
} cb;

/* ---- text: Markdown → one plain line ---- */

static int S_ref(void *vc, tj_refkind kind, const char *id, buf *text, buf *href) {
  const checklist_manual *cm = vc;
  (void)href;
  switch (kind) {
  case REF_PAGE: {
    const tj_page *p = manual_page(cm->m, id);
    if (!p) return 0;
    buf_printf(text, "P%d", cm->full->pno[p->index]);
    return 1;
  }
  case REF_STEP: {
    const tj_step *s = manual_step(cm->m, id);
    if (!s) return 0;
    view_mark(text, cm->full->sno[s->index]);
    return 1;
  }
  case REF_DOC: {
    const tj_doc *dc = catalog_doc(cm->m->cat, id);
    if (!dc) return 0;
    buf_puts(text, dc->title);
    return 1;
  }
  }
  return 0;
}

/* The text of n's content, <br> as a line end: a walk over the tree, not a recursion. */
static void S_flatten(xmlNodePtr n, buf *b) {
  xmlNodePtr c = n->children;
  while (c) {
    if (c->type == XML_TEXT_NODE)
      buf_puts(b, (const char *)c->content);
    else if (xmlu_is(c, "br"))
      buf_putc(b, '\n');
    else if (c->type == XML_ELEMENT_NODE && c->children) {
      c = c->children;
      continue;
    }
    while (!c->next) {
      c = c->parent;
      if (!c || c == n) return;
    }
    c = c->next;
  }
}

static int S_wide(uint32_t cp) { return cp >= 0x2E80; }

/* Whitespace runs become one space, or nothing between two wide (CJK) characters. */
static void S_squash(const char *s, buf *out) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  uint32_t prev = 0;
  int pending = 0;
  while (n) {
    uint32_t cp;
    int k = utf8_decode(p, n, &cp);
    if (k <= 0) {
      k = 1;
      cp = 0xFFFD;
    }
    if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r') {
      pending = 1;
      p += k;
      n -= (size_t)k;
      continue;
    }
    if (pending && prev && !(S_wide(prev) && S_wide(cp))) buf_putc(out, ' ');
    pending = 0;
    buf_add(out, (const char *)p, (size_t)k);
    prev = cp;
    p += k;
    n -= (size_t)k;
  }
}

/* Cut after the first sentence end 。！？ outside 「」『』（）()【】. */
static void S_first_sentence(buf *b) {
  const unsigned char *p = (const unsigned char *)b->data;
  size_t n = b->len, i = 0;
  int depth = 0;
  while (i < n) {
    uint32_t cp;
    int k = utf8_decode(p + i, n - i, &cp);
    if (k <= 0) k = 1, cp = 0;
    if (cp == 0x300C || cp == 0x300E || cp == 0xFF08 || cp == '(' || cp == 0x3010)
      depth++;
    else if ((cp == 0x300D || cp == 0x300F || cp == 0xFF09 || cp == ')' || cp == 0x3011) &&
             depth > 0)
      depth--;
    else if (depth == 0 && (cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F)) {
      i += (size_t)k;
      if (i < n) {
        b->len = i;
        b->data[i] = 0;
      }
      return;
    }
    i += (size_t)k;
  }
}

char *checklist_line(const checklist_manual *cm, const char *md, int first) {
  xmlNodePtr tmp = xmlNewNode(NULL, BAD_CAST "t");
  inline_emit(tmp, md ? md : "", S_ref, (void *)cm, NULL, 0);
  buf raw;
  buf_init(&raw);
  S_flatten(tmp, &raw);
  xmlFreeNode(tmp);
  buf out;
  buf_init(&out);
  S_squash(buf_cstr(&raw), &out);
  buf_free(&raw);
  if (first) S_first_sentence(&out);
  if (!out.len) buf_puts(&out, "");
  return buf_detach(&out);
}

static xmlNodePtr S_line(cb *c, xmlNodePtr parent, const char *name, const char *md, int first) {
  char *s = checklist_line(c->cm, md, first);
  xmlNodePtr e = xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST s);
  free(s);
  return e;
}

/* ---- conditions ---- */

static int S_holds(cb *c, const tj_when *w) { return !c->cu || customer_holds(c->cu, c->cat, w); }

/* On a service checklist a conditional row keeps its condition, with the catalog's label. */
static void S_when(cb *c, xmlNodePtr n, const tj_when *w) {
  if (c->cu || !w) return;
  pubxml_when(n, c->cat, w);
}

/* ---- sections and rows ---- */

static void S_section(cb *c, const tj_page *p) {
  buf k;
  buf_init(&k);
  buf_printf(&k, "%s\n%s\n%s\n%s\n%s", c->cm->m->id, p->procedure, p->qualifier ? p->qualifier : "",
             c->service ? c->service : "", c->suffix ? c->suffix : "");
  if (c->sec && c->key && !strcmp(c->key, buf_cstr(&k))) {
    buf_free(&k);
    return;
  }
  free(c->key);
  c->key = buf_detach(&k);
  c->sec = xmlNewChild(c->root, NULL, BAD_CAST "section", NULL);
  c->last = NULL;
  buf t;
  buf_init(&t);
  buf_puts(&t, p->procedure);
  if (p->qualifier && !p->divider) {
    buf_putc(&t, ' ');
    buf_puts(&t, p->qualifier);
  }
  if (c->suffix) buf_printf(&t, "（%s）", c->suffix);
  pubxml_prop(c->sec, "title", buf_cstr(&t));
  buf_free(&t);
  pubxml_prop(c->sec, "manual", c->cm->m->id);
  pubxml_prop(c->sec, "manual-title", c->cm->m->title);
  if (c->service) pubxml_prop(c->sec, "service", c->service);
}

static xmlNodePtr S_row(cb *c, const char *name, const tj_page *p, const tj_when *w) {
  xmlNodePtr r = xmlNewChild(c->sec, NULL, BAD_CAST name, NULL);
  pubxml_propi(r, "page", c->cm->full->pno[p->index]);
  S_when(c, r, w && w->n ? w : &p->when);
  c->last = r;
  return r;
}

static void S_note(cb *c, xmlNodePtr parent, const tj_text *t, const tj_when *w) {
  if (!S_holds(c, &t->when) || (w && !S_holds(c, w))) return;
  xmlNodePtr n = S_line(c, parent, "note", t->md, 0);
  S_when(c, n, t->when.n ? &t->when : w);
}

static void S_wait(cb *c, const tj_page *p, const tj_block *b) {
  xmlNodePtr r = S_row(c, "wait", p, &b->when);
  S_line(c, r, "text", b->wait, 0);
}

static void S_step(cb *c, const tj_page *p, const tj_block *b) {
  const tj_step *s = b->step;
  xmlNodePtr r = S_row(c, "step", p, &b->when);
  pubxml_prop(r, "id", s->id);
  pubxml_number(r, c->cm->full->sno[s->index]);
  if (s->short_text) {
    S_line(c, r, "text", s->short_text, 0);
  } else
    S_line(c, r, "text", s->text.md, 1);
  for (int i = 0; i < s->nitems; i++) {
    if (!S_holds(c, &s->items[i].when)) continue;
    xmlNodePtr it = S_line(c, r, "item", s->items[i].md, 0);
    S_when(c, it, &s->items[i].when);
  }
  for (int i = 0; i < s->nnotes; i++) S_note(c, r, &s->notes[i], NULL);
}

/* A table is on a checklist when some of its rows depend on the customer. */
static void S_table(cb *c, const tj_page *p, const tj_block *b, const tj_table *t) {
  int cond = 0, kept = 0;
  for (int i = 0; i < t->nrows; i++) {
    if (t->rows[i].when.n) cond = 1;
    if (S_holds(c, &t->rows[i].when)) kept++;
  }
  if (!cond || !kept) return;
  xmlNodePtr r = S_row(c, "table", p, &b->when);
  if (t->ncols) {
    xmlNodePtr h = xmlNewChild(r, NULL, BAD_CAST "head", NULL);
    for (int i = 0; i < t->ncols; i++) S_line(c, h, "cell", t->cols[i].md, 0);
  }
  for (int i = 0; i < t->nrows; i++) {
    if (!S_holds(c, &t->rows[i].when)) continue;
    xmlNodePtr row = xmlNewChild(r, NULL, BAD_CAST "row", NULL);
    S_when(c, row, &t->rows[i].when);
    for (int k = 0; k < t->rows[i].n; k++) S_line(c, row, "cell", t->rows[i].cells[k].md, 0);
  }
}

/* A page without steps nor waits: one row, its title, with its headings (or its first
 * paragraph) and its notes. */
static void S_check(cb *c, const tj_page *p) {
  xmlNodePtr r = S_row(c, "check", p, NULL);
  xmlNewTextChild(r, NULL, BAD_CAST "text", BAD_CAST c->cm->full->title[p->index]);
  int items = 0;
  for (int k = 0; k < p->nblocks; k++) {
    const tj_block *b = &p->blocks[k];
    if (b->kind != BK_HEADING || !S_holds(c, &b->when)) continue;
    S_line(c, r, "item", b->text.md, 0);
    items++;
  }
  for (int k = 0; !items && k < p->nblocks; k++) {
    const tj_block *b = &p->blocks[k];
    if (b->kind != BK_TEXT || !S_holds(c, &b->when)) continue;
    S_line(c, r, "item", b->text.md, 1);
    items++;
  }
  for (int k = 0; k < p->nblocks; k++) {
    const tj_block *b = &p->blocks[k];
    if (b->kind == BK_NOTE && S_holds(c, &b->when)) S_note(c, r, &b->text, &b->when);
  }
}

static void S_page(cb *c, const tj_page *p, pg_mode mode) {
  if (!S_holds(c, &p->when)) return;
  S_section(c, p);
  int steps = 0, waits = 0;
  for (int k = 0; k < p->nblocks; k++) {
    const tj_block *b = &p->blocks[k];
    if (!S_holds(c, &b->when)) continue;
    if (b->kind == BK_STEP && b->step) steps++;
    if (b->wait) waits++;
  }
  if (!p->divider && !steps && !waits) {
    if (mode != PG_WAITS) S_check(c, p);
    return;
  }
  for (int k = 0; k < p->nblocks; k++) {
    const tj_block *b = &p->blocks[k];
    if (!S_holds(c, &b->when)) continue;
    if (mode == PG_WAITS) {
      if (b->wait) S_wait(c, p, b);
      continue;
    }
    switch (b->kind) {
    case BK_STEP:
      if (b->step) S_step(c, p, b);
      break;
    case BK_NOTE:
      if (!b->wait) S_note(c, c->last ? c->last : c->sec, &b->text, &b->when);
      break;
    case BK_TABLE:
      if (b->table) S_table(c, p, b, b->table);
      break;
    case BK_TEXT:
    case BK_HEADING:
    case BK_LIST:
    case BK_CODE:
    case BK_SHOT: break;
    default: assert(0);
    }
    if (b->kind == BK_STEP && b->step && b->step->table) S_table(c, p, b, b->step->table);
    if (b->wait && mode != PG_NO_WAITS) S_wait(c, p, b);
  }
}

/* ---- the document ---- */

static void S_detail(xmlNodePtr parent, const char *label, const char *value) {
  xmlNodePtr e = xmlNewTextChild(parent, NULL, BAD_CAST "detail", BAD_CAST(value ? value : ""));
  pubxml_prop(e, "label", label);
}

static void S_stamp(buf *b, const tj_manual *m) {
  const tj_rev *r = manual_release(m);
  const char *dt = r ? r->date : "";
  if (strlen(dt) == 10 && dt[4] == '-' && dt[7] == '-')
    buf_printf(b, "%s（%.4s年%.2s月%.2s日）", r->version, dt, dt + 5,
               dt + 8); /* as the decks print it */
  else
    buf_printf(b, "%s（%s）", r ? r->version : "", dt);
}

static xmlDocPtr S_doc(cb *c, const char *kind, const char *id, const char *name, const char *title,
                       const tj_manual *first, const char *tejun_version) {
  xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
  c->root = xmlNewNode(NULL, BAD_CAST "checklist");
  xmlDocSetRootElement(doc, c->root);
  pubxml_prop(c->root, "kind", kind);
  pubxml_prop(c->root, "id", id);
  pubxml_prop(c->root, "name", name);
  pubxml_prop(c->root, "title", title);
  pubxml_prop(c->root, "product", c->cat->product);
  pubxml_prop(c->root, "publisher", c->cat->publisher);
  pubxml_prop(c->root, "label", first->label);
  pubxml_prop(c->root, "tejun", tejun_version);
  return doc;
}

static void S_fields(cb *c, const char *account, const char *admin) {
  xmlNodePtr f = xmlNewChild(c->root, NULL, BAD_CAST "fields", NULL);
  xmlNodePtr e = xmlNewTextChild(f, NULL, BAD_CAST "field", BAD_CAST(account ? account : ""));
  pubxml_prop(e, "key", "account");
  pubxml_prop(e, "label", "アカウント名");
  pubxml_prop(e, "source", "開通メール「新規アカウント発行のお知らせ」に記載");
  e = xmlNewTextChild(f, NULL, BAD_CAST "field", BAD_CAST(admin ? admin : ""));
  pubxml_prop(e, "key", "admin");
  pubxml_prop(e, "label", "管理者メールアドレス");
  pubxml_prop(e, "source", "各クラウドアプリケーションの管理者アカウント");
}

static void S_signoff(cb *c) {
  xmlNodePtr s = xmlNewChild(c->root, NULL, BAD_CAST "signoff", NULL);
  static const char *const roles[] = {"作業者", "確認者", "日付"};
  for (int i = 0; i < 3; i++)
    pubxml_prop(xmlNewChild(s, NULL, BAD_CAST "sign", NULL), "label", roles[i]);
}

/* Sections that got no row (a divider page, notes only) are dropped. */
static void S_prune(cb *c) {
  xmlNodePtr n = c->root->children;
  while (n) {
    xmlNodePtr next = n->next;
    if (xmlu_is(n, "section")) {
      int rows = 0;
      for (xmlNodePtr k = n->children; k; k = k->next)
        if (k->type == XML_ELEMENT_NODE && xmlStrcmp(k->name, BAD_CAST "note")) rows++;
      if (!rows) {
        xmlUnlinkNode(n);
        xmlFreeNode(n);
      }
    }
    n = next;
  }
}

static void S_manual_el(cb *c, const tj_manual *m) {
  const tj_rev *r = manual_release(m);
  xmlNodePtr e = xmlNewChild(c->root, NULL, BAD_CAST "manual", NULL);
  pubxml_prop(e, "id", m->id);
  pubxml_prop(e, "title", m->title);
  pubxml_prop(e, "version", r ? r->version : "");
  pubxml_prop(e, "date", r ? r->date : "");
}

static xmlDocPtr S_finish(cb *c, xmlDocPtr doc) {
  S_signoff(c);
  S_prune(c);
  free(c->key);
  c->key = NULL;
  if (c->failed) {
    xmlFreeDoc(doc);
    return NULL;
  }
  return doc;
}

xmlDocPtr checklist_service(diag *d, const checklist_manual *cm, const char *service,
                            const char *tejun_version) {
  const tj_manual *m = cm->m;
  cb c;
  memset(&c, 0, sizeof c);
  c.d = d;
  c.cat = m->cat;
  c.cm = cm;
  const tj_service *sv = catalog_service(m->cat, service);
  const char *name = sv ? sv->name : service;
  buf t;
  buf_init(&t);
  buf_printf(&t, "%s チェックリスト", name);
  xmlDocPtr doc = S_doc(&c, "service", service, name, buf_cstr(&t), m, tejun_version);
  buf_free(&t);
  buf st;
  buf_init(&st);
  S_stamp(&st, m);
  pubxml_prop(c.root, "stamp", buf_cstr(&st));
  buf foot;
  buf_init(&foot);
  buf_printf(&foot, "%s %s　tejun %s", m->title, buf_cstr(&st), tejun_version);
  pubxml_prop(c.root, "foot", buf_cstr(&foot));
  buf_free(&foot);
  S_manual_el(&c, m);
  xmlNodePtr det = xmlNewChild(c.root, NULL, BAD_CAST "details", NULL);
  S_detail(det, "対象サービス", name);
  buf mt;
  buf_init(&mt);
  buf_printf(&mt, "%s %s", m->title, buf_cstr(&st));
  S_detail(det, "マニュアル", buf_cstr(&mt));
  buf_free(&mt);
  buf_free(&st);
  S_fields(&c, NULL, NULL);
  for (int i = 0; i < m->npages; i++)
    if (page_has_service(m->pages[i], service)) S_page(&c, m->pages[i], PG_ALL);
  return S_finish(&c, doc);
}

/* The last service (in catalog order) of a page that the customer ordered: the service whose
 * part of the checklist holds the page. */
static const char *S_last_ordered(const tj_catalog *cat, const tj_customer *cu, const tj_page *p) {
  const char *last = NULL;
  for (int i = 0; i < cat->nservices; i++)
    if (customer_has_service(cu, cat->services[i].id) && p->nservices &&
        page_has_service(p, cat->services[i].id))
      last = cat->services[i].id;
  return last;
}

static int S_first_service_page(const tj_manual *m) {
  for (int i = 0; i < m->npages; i++)
    if (m->pages[i]->nservices) return i;
  return m->npages;
}

xmlDocPtr checklist_customer(diag *d, const checklist_manual *cms, int n, const tj_customer *cu,
                             const char *tejun_version) {
  if (n <= 0) return NULL;
  const tj_catalog *cat = cms[0].m->cat;
  /* the manual that covers each ordered service, in catalog order */
  int ns = 0, nm = 0, bad = 0;
  const char **svc = xcalloc((size_t)cat->nservices + 1, sizeof *svc);
  int *svc_m = xcalloc((size_t)cat->nservices + 1, sizeof *svc_m);
  int *order = xcalloc((size_t)n + 1, sizeof *order);
  for (int k = 0; k < cu->nservices; k++) {
    int found = 0;
    for (int i = 0; i < n && !found; i++)
      for (int s = 0; s < cms[i].m->nservices; s++)
        if (!strcmp(cms[i].m->services[s], cu->services[k])) {
          found = 1;
          break;
        }
    if (!found) {
      diag_report(d, DIAG_ERROR, cu->service_pos[k], "no-manual",
                  "service '%s' is ordered but none of the manuals given covers it; give its "
                  "manual too (e.g. manuals/*.yaml)",
                  cu->services[k]);
      bad = 1;
    }
  }
  for (int i = 0; i < cat->nservices && !bad; i++) {
    const char *id = cat->services[i].id;
    if (!customer_has_service(cu, id)) continue;
    for (int k = 0; k < n; k++) {
      int has = 0;
      for (int s = 0; s < cms[k].m->nservices; s++)
        if (!strcmp(cms[k].m->services[s], id)) has = 1;
      if (!has) continue;
      svc[ns] = id;
      svc_m[ns++] = k;
      int seen = 0;
      for (int j = 0; j < nm; j++)
        if (order[j] == k) seen = 1;
      if (!seen) order[nm++] = k;
      break;
    }
  }
  if (bad || !ns) {
    free(svc);
    free(svc_m);
    free(order);
    return NULL;
  }

  cb c;
  memset(&c, 0, sizeof c);
  c.d = d;
  c.cat = cat;
  c.cu = cu;
  const tj_manual *first = cms[order[0]].m;
  buf t;
  buf_init(&t);
  buf_printf(&t, "%s 様 チェックリスト", cu->company);
  xmlDocPtr doc = S_doc(&c, "customer", cu->id, cu->company, buf_cstr(&t), first, tejun_version);
  buf_free(&t);
  buf st;
  buf_init(&st);
  for (int j = 0; j < nm; j++) {
    const tj_rev *r = manual_release(cms[order[j]].m);
    if (j) buf_puts(&st, "／");
    buf_printf(&st, "%s %s", cms[order[j]].m->id, r ? r->version : "");
  }
  pubxml_prop(c.root, "stamp", buf_cstr(&st));
  buf foot;
  buf_init(&foot);
  buf_printf(&foot, "%s %s　tejun %s", cu->id, buf_cstr(&st), tejun_version);
  pubxml_prop(c.root, "foot", buf_cstr(&foot));
  buf_free(&foot);
  buf_free(&st);
  for (int j = 0; j < nm; j++) S_manual_el(&c, cms[order[j]].m);

  xmlNodePtr det = xmlNewChild(c.root, NULL, BAD_CAST "details", NULL);
  S_detail(det, "会社名", cu->company);
  if (cu->contact) S_detail(det, "ご担当者", cu->contact);
  buf names;
  buf_init(&names);
  for (int k = 0; k < ns; k++) {
    const tj_service *sv = catalog_service(cat, svc[k]);
    if (k) buf_puts(&names, "、");
    buf_puts(&names, sv ? sv->name : svc[k]);
  }
  S_detail(det, "対象サービス", buf_cstr(&names));
  buf_free(&names);
  buf v;
  buf_init(&v);
  buf_printf(&v, "region-%s", cu->region);
  const tj_cond *rc = catalog_cond(cat, buf_cstr(&v));
  buf_free(&v);
  buf_printf(&v, "%s（%s）", rc ? rc->label : cu->region, cu->region);
  S_detail(det, "リージョン", buf_cstr(&v));
  buf_free(&v);
  if (cu->plan) {
    buf_printf(&v, "plan-%s", cu->plan);
    const tj_cond *pc = catalog_cond(cat, buf_cstr(&v));
    buf_free(&v);
    buf_printf(&v, "%s（%s）", cu->plan, pc ? pc->label : "");
    S_detail(det, "プラン", buf_cstr(&v));
    buf_free(&v);
  }
  S_detail(det, "MIP", cu->mip ? "利用あり（MIPの手順を含む）" : "利用なし");
  for (int j = 0; j < nm; j++) {
    buf mt;
    buf_init(&mt);
    buf_printf(&mt, "%s ", cms[order[j]].m->title);
    S_stamp(&mt, cms[order[j]].m);
    S_detail(det, "マニュアル", buf_cstr(&mt));
    buf_free(&mt);
  }
  S_fields(&c, cu->account, cu->admin);

  /* 1. the shared preparation, once, from the first manual */
  c.cm = &cms[order[0]];
  for (int i = 0; i < S_first_service_page(first); i++) S_page(&c, first->pages[i], PG_ALL);
  /* 2. each service: its pages, then the waits of its manual's closing pages */
  for (int k = 0; k < ns; k++) {
    c.cm = &cms[svc_m[k]];
    const tj_manual *m = c.cm->m;
    c.service = svc[k];
    for (int i = 0; i < m->npages; i++) {
      const char *owner = S_last_ordered(cat, cu, m->pages[i]);
      if (owner && !strcmp(owner, svc[k])) S_page(&c, m->pages[i], PG_ALL);
    }
    const tj_service *sv = catalog_service(cat, svc[k]);
    c.suffix = sv ? sv->name : svc[k];
    for (int i = S_first_service_page(m); i < m->npages; i++)
      if (!m->pages[i]->nservices) S_page(&c, m->pages[i], PG_WAITS);
    c.suffix = NULL;
  }
  /* 3. the reference pages after the services, once, without their waits */
  c.cm = &cms[order[0]];
  c.service = NULL;
  for (int i = S_first_service_page(first); i < first->npages; i++)
    if (!first->pages[i]->nservices) S_page(&c, first->pages[i], PG_NO_WAITS);
  free(svc);
  free(svc_m);
  free(order);
  return S_finish(&c, doc);
}
