/* pubxml.c: building the intermediate XML of one view. */
#include "pubxml.h"
#include "image.h"
#include "inline.h"
#include <string.h>

typedef struct ectx {
  const tj_view *v, *full;
  int link_literals;
} ectx;

void pubxml_prop(xmlNodePtr n, const char *k, const char *v) {
  if (v) xmlNewProp(n, BAD_CAST k, BAD_CAST v);
}
void pubxml_propi(xmlNodePtr n, const char *k, int v) {
  char t[24];
  snprintf(t, sizeof t, "%d", v);
  xmlNewProp(n, BAD_CAST k, BAD_CAST t);
}

void pubxml_number(xmlNodePtr n, int number) {
  pubxml_propi(n, "n", number);
  buf mk;
  buf_init(&mk);
  view_mark(&mk, number);
  pubxml_prop(n, "mark", buf_cstr(&mk));
  buf_free(&mk);
}

static int S_ref(void *vc, tj_refkind kind, const char *id, buf *text, buf *href) {
  ectx *c = vc;
  const tj_manual *m = c->v->m;
  switch (kind) {
  case REF_PAGE: {
    const tj_page *p = manual_page(m, id);
    if (!p) return 0;
    if (c->v->pno[p->index]) {
      buf_printf(text, "P%d", c->v->pno[p->index]);
      buf_printf(href, "#p%d", c->v->pno[p->index]);
    } else
      buf_printf(text, "%s P%d", m->title, c->full->pno[p->index]);
    return 1;
  }
  case REF_STEP: {
    const tj_step *s = manual_step(m, id);
    if (!s) return 0;
    if (c->v->sno[s->index]) {
      view_mark(text, c->v->sno[s->index]);
      buf_printf(href, "#step-%s", s->id);
    } else {
      buf_printf(text, "%s P%d ", m->title, c->full->pno[s->page]);
      view_mark(text, c->full->sno[s->index]);
    }
    return 1;
  }
  case REF_DOC: {
    const tj_doc *d = catalog_doc(m->cat, id);
    if (!d) return 0;
    buf_puts(text, d->title);
    return 1;
  }
  }
  return 0;
}

void pubxml_when(xmlNodePtr n, const tj_catalog *cat, const tj_when *w) {
  if (!w->n) return;
  buf ids, labels;
  buf_init(&ids);
  buf_init(&labels);
  for (int i = 0; i < w->n; i++) {
    const tj_cond *cd = catalog_cond(cat, w->ids[i]);
    if (i) {
      buf_putc(&ids, ' ');
      buf_puts(&labels, "／");
    }
    buf_puts(&ids, w->ids[i]);
    buf_puts(&labels, cd ? cd->label : w->ids[i]);
  }
  pubxml_prop(n, "when", buf_cstr(&ids));
  pubxml_prop(n, "when-label", buf_cstr(&labels));
  buf_free(&ids);
  buf_free(&labels);
}

static void S_when(ectx *c, xmlNodePtr n, const tj_when *w) { pubxml_when(n, c->v->m->cat, w); }

/* One text of block b (NULL: a table cell or a trademark line, which have no `refs`). */
static xmlNodePtr S_inline(ectx *c, xmlNodePtr parent, const char *name, const tj_text *t,
                           const tj_block *b) {
  xmlNodePtr e = xmlNewChild(parent, NULL, BAD_CAST name, NULL);
  S_when(c, e, &t->when);
  inline_emit(e, t->md, S_ref, c, b && c->link_literals ? b->refs : NULL,
              b && c->link_literals ? b->nrefs : 0);
  return e;
}

static void S_table(ectx *c, xmlNodePtr parent, const tj_table *t) {
  xmlNodePtr tb = xmlNewChild(parent, NULL, BAD_CAST "table", NULL);
  if (t->ncols) {
    xmlNodePtr h = xmlNewChild(tb, NULL, BAD_CAST "head", NULL);
    for (int i = 0; i < t->ncols; i++) S_inline(c, h, "cell", &t->cols[i], NULL);
  }
  for (int r = 0; r < t->nrows; r++) {
    xmlNodePtr row = xmlNewChild(tb, NULL, BAD_CAST "row", NULL);
    S_when(c, row, &t->rows[r].when);
    for (int i = 0; i < t->rows[r].n; i++) S_inline(c, row, "cell", &t->rows[r].cells[i], NULL);
  }
}

int pubxml_callout_radius(int width, int height) {
  int big = width > height ? width : height, r = (big + 25) / 50;
  return r < 10 ? 10 : r > 48 ? 48 : r;
}

/* A screenshot: its image's size, kind and SHA-256 (a replaced picture is a change of the
 * content), and each callout with the number its step has in this view (none for a step the
 * view leaves out). `r` (presentation only): the radius of the drawn number, in image pixels. */
static void S_shot(ectx *c, xmlNodePtr parent, const tj_shot *s) {
  xmlNodePtr e = xmlNewChild(parent, NULL, BAD_CAST "screenshot", NULL);
  pubxml_prop(e, "caption", s->caption);
  pubxml_prop(e, "src", s->image);
  const tj_image *im = s->img;
  if (!im) return;
  pubxml_propi(e, "width", im->width);
  pubxml_propi(e, "height", im->height);
  pubxml_prop(e, "type", image_mime(im->kind));
  pubxml_prop(e, "sha256", im->sha256);
  if (c->link_literals && s->ncallouts)
    pubxml_propi(e, "r", pubxml_callout_radius(im->width, im->height));
  for (int i = 0; i < s->ncallouts; i++) {
    const tj_callout *k = &s->callouts[i];
    const tj_step *st = manual_step(c->v->m, k->step);
    int n = st ? c->v->sno[st->index] : 0;
    if (!n) continue;
    xmlNodePtr co = xmlNewChild(e, NULL, BAD_CAST "callout", NULL);
    pubxml_prop(co, "step", k->step);
    pubxml_number(co, n);
    pubxml_propi(co, "x", (int)k->x);
    pubxml_propi(co, "y", (int)k->y);
  }
}

static void S_step(ectx *c, xmlNodePtr parent, const tj_block *b) {
  const tj_step *s = b->step;
  xmlNodePtr e = xmlNewChild(parent, NULL, BAD_CAST "step", NULL);
  int n = c->v->sno[s->index];
  pubxml_prop(e, "id", s->id);
  buf a;
  buf_init(&a);
  buf_printf(&a, "step-%s", s->id);
  pubxml_prop(e, "anchor", buf_cstr(&a));
  buf_free(&a);
  pubxml_number(e, n);
  S_when(c, e, &b->when);
  S_inline(c, e, "text", &s->text, b);
  for (int i = 0; i < s->nnotes; i++) S_inline(c, e, "note", &s->notes[i], b);
  if (s->nitems) {
    xmlNodePtr l = xmlNewChild(e, NULL, BAD_CAST "list", NULL);
    for (int i = 0; i < s->nitems; i++) S_inline(c, l, "item", &s->items[i], b);
  }
  if (s->table) S_table(c, e, s->table);
  if (s->code) xmlNewTextChild(e, NULL, BAD_CAST "code", BAD_CAST s->code);
  for (int i = 0; i < s->nshots; i++) S_shot(c, e, &s->shots[i]);
}

static void S_block(ectx *c, xmlNodePtr page, const tj_block *b) {
  xmlNodePtr e = NULL;
  switch (b->kind) {
  case BK_TEXT: e = S_inline(c, page, "para", &b->text, b); break;
  case BK_HEADING: e = S_inline(c, page, "heading", &b->text, b); break;
  case BK_NOTE: e = S_inline(c, page, "note", &b->text, b); break;
  case BK_LIST:
    e = xmlNewChild(page, NULL, BAD_CAST "list", NULL);
    for (int i = 0; i < b->nitems; i++) S_inline(c, e, "item", &b->items[i], b);
    break;
  case BK_STEP:
    if (b->step) S_step(c, page, b);
    return;
  case BK_TABLE:
    if (b->table) {
      S_table(c, page, b->table);
      e = page->last;
    }
    break;
  case BK_CODE:
    e = xmlNewTextChild(page, NULL, BAD_CAST "code", BAD_CAST(b->code ? b->code : ""));
    break;
  case BK_SHOT:
    S_shot(c, page, &b->shot);
    e = page->last;
    break;
  }
  if (e && b->when.n && !xmlHasProp(e, BAD_CAST "when")) S_when(c, e, &b->when);
}

static xmlDocPtr S_doc(const tj_view *v, const tj_view *full, const char *tejun_version,
                       int link_literals) {
  const tj_manual *m = v->m;
  ectx c = {v, full, link_literals};
  xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
  xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "publication");
  xmlDocSetRootElement(doc, root);
  const tj_rev *rel = manual_release(m);
  pubxml_prop(root, "manual", m->id);
  pubxml_prop(root, "title", m->title);
  pubxml_prop(root, "product", m->cat->product);
  pubxml_prop(root, "publisher", m->cat->publisher);
  pubxml_prop(root, "label", m->label);
  pubxml_prop(root, "version", rel ? rel->version : "");
  pubxml_prop(root, "date", rel ? rel->date : "");
  pubxml_prop(root, "tejun", tejun_version);
  if (v->service) {
    const tj_service *sv = catalog_service(m->cat, v->service);
    pubxml_prop(root, "view", "service");
    pubxml_prop(root, "service", v->service);
    pubxml_prop(root, "service-name", sv ? sv->name : v->service);
  } else
    pubxml_prop(root, "view", "manual");
  pubxml_propi(root, "pages", v->npages);
  pubxml_propi(root, "steps", v->nsteps);

  xmlNodePtr svs = xmlNewChild(root, NULL, BAD_CAST "services", NULL);
  for (int i = 0; i < m->nservices; i++) {
    if (v->service && strcmp(v->service, m->services[i])) continue;
    const tj_service *sv = catalog_service(m->cat, m->services[i]);
    xmlNodePtr s = xmlNewChild(svs, NULL, BAD_CAST "service", NULL);
    pubxml_prop(s, "id", m->services[i]);
    pubxml_prop(s, "name", sv ? sv->name : m->services[i]);
  }
  xmlNodePtr cover = xmlNewChild(root, NULL, BAD_CAST "cover", NULL);
  pubxml_propi(cover, "n", 1);
  pubxml_prop(cover, "anchor", "p1");
  xmlNodePtr cl = xmlNewChild(root, NULL, BAD_CAST "changelog", NULL);
  pubxml_propi(cl, "n", 2);
  pubxml_prop(cl, "anchor", "p2");
  for (int i = 0; i < m->nrevs; i++) {
    xmlNodePtr r = xmlNewTextChild(cl, NULL, BAD_CAST "revision", BAD_CAST m->revs[i].text);
    pubxml_prop(r, "version", m->revs[i].version);
    pubxml_prop(r, "date", m->revs[i].date);
  }
  for (int i = 0; i < m->npages; i++) {
    if (!v->pno[i]) continue;
    const tj_page *p = m->pages[i];
    xmlNodePtr pe = xmlNewChild(root, NULL, BAD_CAST "page", NULL);
    char anchor[24];
    snprintf(anchor, sizeof anchor, "p%d", v->pno[i]);
    pubxml_propi(pe, "n", v->pno[i]);
    pubxml_prop(pe, "anchor", anchor);
    pubxml_prop(pe, "id", p->id);
    pubxml_prop(pe, "procedure", p->procedure);
    pubxml_prop(pe, "title", v->title[i]);
    if (p->divider) pubxml_prop(pe, "divider", "yes");
    if (v->counter[i]) pubxml_propi(pe, "counter", v->counter[i]);
    if (p->nservices) {
      buf s;
      buf_init(&s);
      for (int k = 0; k < p->nservices; k++) {
        if (k) buf_putc(&s, ' ');
        buf_puts(&s, p->services[k]);
      }
      pubxml_prop(pe, "service", buf_cstr(&s));
      buf_free(&s);
    }
    S_when(&c, pe, &p->when);
    for (int k = 0; k < p->nblocks; k++) S_block(&c, pe, &p->blocks[k]);
  }
  xmlNodePtr tm = xmlNewChild(root, NULL, BAD_CAST "trademarks", NULL);
  char anchor[24];
  snprintf(anchor, sizeof anchor, "p%d", v->trademark_page);
  pubxml_propi(tm, "n", v->trademark_page);
  pubxml_prop(tm, "anchor", anchor);
  for (int i = 0; i < m->ntm; i++) S_inline(&c, tm, "trademark", &m->trademarks[i], NULL);
  return doc;
}

xmlDocPtr pubxml_view(const tj_view *v, const tj_view *full, const char *tejun_version) {
  return S_doc(v, full, tejun_version, 1);
}

xmlDocPtr pubxml_content(const tj_view *v, const char *tejun_version) {
  return S_doc(v, v, tejun_version, 0);
}
