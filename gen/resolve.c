/* resolve.c: checking that every symbolic and literal reference has a target. */
#include "resolve.h"
#include <string.h>

int resolve_next(const char *s, size_t from, tj_token *t) {
  const char *p = strstr(s + from, "{{");
  if (!p) return 0;
  memset(t, 0, sizeof *t);
  t->start = (size_t)(p - s);
  const char *e = strstr(p + 2, "}}");
  const char *colon = strchr(p + 2, ':');
  if (!e || !colon || colon > e) { t->bad = 1; t->end = t->start + 2; return 1; }
  t->end = (size_t)(e - s) + 2;
  size_t kl = (size_t)(colon - (p + 2));
  if (kl == 4 && !strncmp(p + 2, "page", 4)) t->kind = REF_PAGE;
  else if (kl == 4 && !strncmp(p + 2, "step", 4)) t->kind = REF_STEP;
  else if (kl == 3 && !strncmp(p + 2, "doc", 3)) t->kind = REF_DOC;
  else t->bad = 1;
  t->id = colon + 1;
  t->idlen = (size_t)(e - t->id);
  if (t->idlen == 0 || t->idlen > 64) t->bad = 1;
  return 1;
}

static void S_each_texts(const tj_text *t, int n, const tj_block *b, resolve_text_fn fn, void *ctx) {
  for (int i = 0; i < n; i++) fn(&t[i], b, ctx);
}

static void S_each_table(const tj_table *t, const tj_block *b, resolve_text_fn fn, void *ctx) {
  if (!t) return;
  S_each_texts(t->cols, t->ncols, b, fn, ctx);
  for (int r = 0; r < t->nrows; r++) S_each_texts(t->rows[r].cells, t->rows[r].n, b, fn, ctx);
}

void resolve_each_text(const tj_manual *m, resolve_text_fn fn, void *ctx) {
  for (int i = 0; i < m->npages; i++) {
    const tj_page *p = m->pages[i];
    for (int k = 0; k < p->nblocks; k++) {
      const tj_block *b = &p->blocks[k];
      switch (b->kind) {
      case BK_TEXT: case BK_HEADING: case BK_NOTE: fn(&b->text, b, ctx); break;
      case BK_LIST: S_each_texts(b->items, b->nitems, b, fn, ctx); break;
      case BK_TABLE: S_each_table(b->table, b, fn, ctx); break;
      case BK_STEP:
        if (!b->step) break;
        fn(&b->step->text, b, ctx);
        S_each_texts(b->step->notes, b->step->nnotes, b, fn, ctx);
        S_each_texts(b->step->items, b->step->nitems, b, fn, ctx);
        S_each_table(b->step->table, b, fn, ctx);
        break;
      case BK_CODE: case BK_SHOT: break;
      }
    }
  }
  S_each_texts(m->trademarks, m->ntm, NULL, fn, ctx);
}

typedef struct rctx { diag *d; const tj_manual *m; int ok; } rctx;

static const char *S_nearest(const tj_manual *m, tj_refkind k, const char *id) {
  const char *best = NULL; int bd = 99;
  int n = k == REF_PAGE ? m->npages : k == REF_STEP ? m->nsteps : m->cat->ndocs;
  for (int i = 0; i < n; i++) {
    const char *c = k == REF_PAGE ? m->pages[i]->id : k == REF_STEP ? m->steps[i]->id : m->cat->docs[i].id;
    int dd = util_distance(id, c);
    if (dd < bd) { bd = dd; best = c; }
  }
  return bd <= 4 ? best : NULL;
}

static int S_exists(const tj_manual *m, tj_refkind k, const char *id) {
  return k == REF_PAGE ? manual_page(m, id) != NULL : k == REF_STEP ? manual_step(m, id) != NULL : catalog_doc(m->cat, id) != NULL;
}

static const char *S_kind(tj_refkind k) { return k == REF_PAGE ? "page" : k == REF_STEP ? "step" : "document"; }

static void S_target(rctx *c, diag_pos pos, tj_refkind k, const char *id) {
  if (S_exists(c->m, k, id)) return;
  const char *near = S_nearest(c->m, k, id);
  if (near)
    diag_report(c->d, DIAG_ERROR, pos, "ref-unknown", "reference to unknown %s '%s'; did you mean '%s'?", S_kind(k), id, near);
  else
    diag_report(c->d, DIAG_ERROR, pos, "ref-unknown", "reference to unknown %s '%s'%s", S_kind(k), id,
                k == REF_DOC ? "; documents are listed in shared/catalog.yaml" : "; give the id of a page or step of this manual");
  c->ok = 0;
}

static void S_text(const tj_text *t, const tj_block *b, void *vc) {
  (void)b;
  rctx *c = vc;
  tj_token tok;
  size_t from = 0;
  while (resolve_next(t->md, from, &tok)) {
    diag_pos pos = text_at(t, tok.start);
    if (tok.bad) {
      diag_report(c->d, DIAG_ERROR, pos, "ref-syntax", "`{{` starts a reference but it is not {{page:ID}}, {{step:ID}} or {{doc:ID}}; check the spelling and the closing `}}`");
      c->ok = 0;
    } else {
      char id[65];
      memcpy(id, tok.id, tok.idlen); id[tok.idlen] = 0;
      S_target(c, pos, tok.kind, id);
    }
    from = tok.end;
  }
}

/* The literal words of a ref must occur in the prose of its block. */
static int S_in_block(const tj_block *b, const char *words) {
  if (b->kind == BK_STEP && b->step) {
    const tj_step *s = b->step;
    if (strstr(s->text.md, words)) return 1;
    for (int i = 0; i < s->nnotes; i++) if (strstr(s->notes[i].md, words)) return 1;
    for (int i = 0; i < s->nitems; i++) if (strstr(s->items[i].md, words)) return 1;
    return 0;
  }
  if (b->kind == BK_LIST) {
    for (int i = 0; i < b->nitems; i++) if (strstr(b->items[i].md, words)) return 1;
    return 0;
  }
  return b->text.md && strstr(b->text.md, words) != NULL;
}

int resolve_manual(diag *d, const tj_manual *m) {
  rctx c = { d, m, 1 };
  resolve_each_text(m, S_text, &c);
  for (int i = 0; i < m->npages; i++)
    for (int k = 0; k < m->pages[i]->nblocks; k++) {
      const tj_block *b = &m->pages[i]->blocks[k];
      for (int r = 0; r < b->nrefs; r++) {
        const tj_ref *ref = &b->refs[r];
        S_target(&c, ref->target_pos, ref->kind, ref->target);
        if (!S_in_block(b, ref->text)) {
          diag_report(d, DIAG_ERROR, ref->pos, "ref-words", "the words '%s' of this ref do not occur in the text of its %s; copy them exactly from the prose",
                      ref->text, b->kind == BK_STEP ? "step" : "block");
          c.ok = 0;
        }
      }
    }
  return c.ok;
}
