/* model.c: look-ups over a loaded manual and its catalog. */
#include "model.h"
#include "yaml_tree.h"
#include <stdlib.h>
#include <string.h>

diag_pos text_at(const tj_text *t, size_t byte) {
  if (t->src) return ynode_at(t->src, byte);
  diag_pos p = t->pos;
  const char *s = t->md;
  for (size_t i = 0; i < byte && s[i]; i++)
    if (s[i] == '\n') {
      p.line++;
      p.col = 1;
    } else if (((unsigned char)s[i] & 0xC0) != 0x80)
      p.col++;
  return p;
}

void manual_free(tj_manual *m) {
  if (m) {
    arena *a = m->a;
    arena_free(a);
  }
}
void catalog_free(tj_catalog *c) {
  if (c) {
    arena *a = c->a;
    arena_free(a);
  }
}

static size_t S_hash(const char *s) { return util_hash(s, strlen(s)); }

void ids_build(tj_ids *x, arena *a, const char *(*key)(const void *items, int i), const void *items,
               int n, int *first) {
  size_t cap = 16;
  while (cap < (size_t)n * 2) cap *= 2;
  x->slot = arena_alloc(a, cap * sizeof *x->slot);
  x->mask = cap - 1;
  for (int i = 0; i < n; i++) {
    const char *id = key(items, i);
    if (first) first[i] = -1;
    if (!id || !*id) continue;
    size_t h = S_hash(id) & x->mask;
    while (x->slot[h] && strcmp(key(items, x->slot[h] - 1), id)) h = (h + 1) & x->mask;
    if (x->slot[h]) {
      if (first) first[i] = x->slot[h] - 1;
    } else
      x->slot[h] = i + 1;
  }
}

int ids_find(const tj_ids *x, const char *(*key)(const void *items, int i), const void *items,
             const char *id) {
  if (!x->slot || !id) return -1;
  size_t h = S_hash(id) & x->mask;
  while (x->slot[h]) {
    if (!strcmp(key(items, x->slot[h] - 1), id)) return x->slot[h] - 1;
    h = (h + 1) & x->mask;
  }
  return -1;
}

/* The index of id among items[0..n) (by key): through the table x once it is built, else one by
 * one; -1 when it is not there. */
static int S_find(const tj_ids *x, const char *(*key)(const void *items, int i), const void *items,
                  int n, const char *id) {
  if (x->slot) return ids_find(x, key, items, id);
  for (int i = 0; i < n; i++)
    if (!strcmp(key(items, i), id)) return i;
  return -1;
}

static const char *S_service_key(const void *items, int i) {
  return ((const tj_service *)items)[i].id;
}
static const char *S_doc_key(const void *items, int i) { return ((const tj_doc *)items)[i].id; }
static const char *S_title_key(const void *items, int i) {
  return ((const tj_doc *)items)[i].title;
}
static const char *S_cond_key(const void *items, int i) { return ((const tj_cond *)items)[i].id; }

void catalog_index(tj_catalog *c) {
  ids_build(&c->service_ids, c->a, S_service_key, c->services, c->nservices, NULL);
  ids_build(&c->doc_ids, c->a, S_doc_key, c->docs, c->ndocs, NULL);
  ids_build(&c->title_ids, c->a, S_title_key, c->docs, c->ndocs, NULL);
  ids_build(&c->cond_ids, c->a, S_cond_key, c->conds, c->nconds, NULL);
}

const tj_service *catalog_service(const tj_catalog *c, const char *id) {
  int i = S_find(&c->service_ids, S_service_key, c->services, c->nservices, id);
  return i < 0 ? NULL : &c->services[i];
}
void catalog_unknown_service(diag *d, diag_pos pos, const tj_catalog *c, const char *id) {
  const char *file = c->file ? c->file : "shared/catalog.yaml";
  buf hint;
  buf_init(&hint);
  buf_printf(&hint,
             "a new service is two lines under `services:` in %s: `  - id: %s` and `    name: <the "
             "name the pages print>` "
             "(manuals/README.md, \"Adding a service\")",
             file, id);
  diag_choices ch = {
      .what = "service", .label = "services", .where = file, .hint = buf_cstr(&hint), .max = 2};
  for (int i = 0; i < c->nservices; i++) diag_choice(&ch, id, c->services[i].id);
  diag_unknown(d, pos, "unknown-service", id, &ch);
  buf_free(&hint);
}
const tj_doc *catalog_doc(const tj_catalog *c, const char *id) {
  int i = S_find(&c->doc_ids, S_doc_key, c->docs, c->ndocs, id);
  return i < 0 ? NULL : &c->docs[i];
}
const tj_doc *catalog_doc_titled(const tj_catalog *c, const char *title) {
  int i = S_find(&c->title_ids, S_title_key, c->docs, c->ndocs, title);
  return i < 0 ? NULL : &c->docs[i];
}
const tj_cond *catalog_cond(const tj_catalog *c, const char *id) {
  int i = S_find(&c->cond_ids, S_cond_key, c->conds, c->nconds, id);
  return i < 0 ? NULL : &c->conds[i];
}

static const char *S_page_key(const void *items, int i) { return ((tj_page *const *)items)[i]->id; }
static const char *S_step_key(const void *items, int i) { return ((tj_step *const *)items)[i]->id; }

void manual_index(tj_manual *m, int *first_page, int *first_step) {
  ids_build(&m->page_ids, m->a, S_page_key, m->pages, m->npages, first_page);
  ids_build(&m->step_ids, m->a, S_step_key, m->steps, m->nsteps, first_step);
}

tj_page *manual_page(const tj_manual *m, const char *id) {
  int i = S_find(&m->page_ids, S_page_key, m->pages, m->npages, id);
  return i < 0 ? NULL : m->pages[i];
}
tj_step *manual_step(const tj_manual *m, const char *id) {
  int i = S_find(&m->step_ids, S_step_key, m->steps, m->nsteps, id);
  return i < 0 ? NULL : m->steps[i];
}
const tj_rev *manual_release(const tj_manual *m) {
  return m->nrevs ? &m->revs[m->nrevs - 1] : NULL;
}
int page_has_service(const tj_page *p, const char *service) {
  if (p->nservices == 0) return 1;
  for (int i = 0; i < p->nservices; i++)
    if (!strcmp(p->services[i], service)) return 1;
  return 0;
}

static void S_texts(const tj_page *p, const tj_block *b, const tj_text *t, int n, tj_text_fn fn,
                    void *ctx) {
  for (int i = 0; i < n; i++) fn(p, b, &t[i], ctx);
}

static void S_table(const tj_page *p, const tj_block *b, const tj_table *t, tj_text_fn fn,
                    void *ctx) {
  if (!t) return;
  S_texts(p, b, t->cols, t->ncols, fn, ctx);
  for (int r = 0; r < t->nrows; r++) S_texts(p, b, t->rows[r].cells, t->rows[r].n, fn, ctx);
}

void manual_block_texts(const tj_page *p, const tj_block *b, tj_text_fn fn, void *ctx) {
  switch (b->kind) {
  case BK_TEXT:
  case BK_HEADING:
  case BK_NOTE: fn(p, b, &b->text, ctx); break;
  case BK_LIST: S_texts(p, b, b->items, b->nitems, fn, ctx); break;
  case BK_TABLE: S_table(p, b, b->table, fn, ctx); break;
  case BK_STEP:
    if (!b->step) break;
    fn(p, b, &b->step->text, ctx);
    S_texts(p, b, b->step->notes, b->step->nnotes, fn, ctx);
    S_texts(p, b, b->step->items, b->step->nitems, fn, ctx);
    S_table(p, b, b->step->table, fn, ctx);
    if (b->step->short_line.md) fn(p, b, &b->step->short_line, ctx);
    break;
  case BK_CODE:
  case BK_SHOT: break;
  }
  if (b->wait_line.md)
    fn(p, b, &b->wait_line, ctx); /* the checklist's lines are published text too */
}

void manual_each_text(const tj_manual *m, tj_text_fn fn, void *ctx) {
  for (int i = 0; i < m->npages; i++)
    for (int k = 0; k < m->pages[i]->nblocks; k++)
      manual_block_texts(m->pages[i], &m->pages[i]->blocks[k], fn, ctx);
  S_texts(NULL, NULL, m->trademarks, m->ntm, fn, ctx);
}

const tj_shot *block_shots(const tj_block *b, int *n) {
  if (b->kind == BK_SHOT) {
    *n = 1;
    return &b->shot;
  }
  *n = b->kind == BK_STEP && b->step ? b->step->nshots : 0;
  return *n ? b->step->shots : NULL;
}
