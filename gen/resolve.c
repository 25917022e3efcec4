/* resolve.c: checking that every symbolic and literal reference has a target. */
#include "resolve.h"
#include <string.h>

/* A reference is short: `{{`, a kind of at most 4 letters, `:`, an id of at most 64 bytes, `}}`.
 * Its closing `}}` is looked for only that far, so that a text of many `{{` is scanned once. */
#define REF_SPAN (2 + 4 + 1 + 64 + 2)

int resolve_next(const char *s, size_t from, tj_token *t) {
  const char *p = strstr(s + from, "{{");
  if (!p) return 0;
  memset(t, 0, sizeof t[0]);
  t->start = (size_t)(p - s);
  size_t span = strnlen(p, REF_SPAN);
  const char *e = NULL, *colon = NULL, *end = p + span;
  for (const char *q = p + 2; q + 1 < end && !e; q++) {
    q = memchr(q, '}', (size_t)(end - 1 - q));
    if (!q) break;
    if (q[1] == '}') e = q;
  }
  if (e) colon = memchr(p + 2, ':', (size_t)(e - (p + 2)));
  if (!e || !colon) {
    t->bad = 1;
    t->end = t->start + 2;
    return 1;
  }
  t->end = (size_t)(e - s) + 2;
  size_t kl = (size_t)(colon - (p + 2));
  if (kl == 4 && !strncmp(p + 2, "page", 4))
    t->kind = REF_PAGE;
  else if (kl == 4 && !strncmp(p + 2, "step", 4))
    t->kind = REF_STEP;
  else if (kl == 3 && !strncmp(p + 2, "doc", 3))
    t->kind = REF_DOC;
  else
    t->bad = 1;
  t->id = colon + 1;
  t->idlen = (size_t)(e - t->id);
  if (t->idlen == 0 || t->idlen > 64) t->bad = 1;
  return 1;
}

typedef struct rctx {
  diag *d;
  const tj_manual *m;
  int ok;
  util_near *near[3]; /* "did you mean", per kind of target (made at the first unknown one) */
  long budget; /* character comparisons left for them (UTIL_NEAR_BUDGET per manual) */
} rctx;

static const char *S_page_id(const void *items, int i) { return ((tj_page *const *)items)[i]->id; }
static const char *S_step_id(const void *items, int i) { return ((tj_step *const *)items)[i]->id; }
static const char *S_doc_id(const void *items, int i) { return ((const tj_doc *)items)[i].id; }

static const char *S_nearest(rctx *c, diag_pos pos, tj_refkind k, const char *id) {
  const tj_manual *m = c->m;
  if (!c->near[k])
    c->near[k] = k == REF_PAGE ? util_near_new(S_page_id, m->pages, m->npages, 4, &c->budget)
                 : k == REF_STEP
                     ? util_near_new(S_step_id, m->steps, m->nsteps, 4, &c->budget)
                     : util_near_new(S_doc_id, m->cat->docs, m->cat->ndocs, 4, &c->budget);
  int stopped = 0;
  const char *best = util_near_find(c->near[k], id, &stopped);
  if (stopped)
    diag_report(c->d, DIAG_NOTE, pos, "ref-unknown",
                "no more \"did you mean\" for unknown references in this manual: the search for "
                "the nearest id "
                "stopped after %ld character comparisons (correct the references above first)",
                UTIL_NEAR_BUDGET);
  return best;
}

static int S_exists(const tj_manual *m, tj_refkind k, const char *id) {
  return k == REF_PAGE   ? manual_page(m, id) != NULL
         : k == REF_STEP ? manual_step(m, id) != NULL
                         : catalog_doc(m->cat, id) != NULL;
}

static const char *S_kind(tj_refkind k) {
  return k == REF_PAGE ? "page" : k == REF_STEP ? "step" : "document";
}

static void S_target(rctx *c, diag_pos pos, tj_refkind k, const char *id) {
  if (S_exists(c->m, k, id)) return;
  const char *near = S_nearest(c, pos, k, id);
  /* in a shared file (`include:`), the id must name a page or step of every manual that
   * includes it: say which one lacks it, and the fixes that keep the others right */
  if (k != REF_DOC && pos.file && c->m->file && strcmp(pos.file, c->m->file))
    diag_report(
        c->d, DIAG_ERROR, pos, "ref-unknown",
        "reference to unknown %s '%s' in %s, which includes %s%s%s%s; an id in a shared page must "
        "name a %s "
        "of every manual that includes it: add the %s to %s, or give %s its own copy of the page",
        S_kind(k), id, c->m->file, pos.file, near ? " (did you mean '" : "", near ? near : "",
        near ? "'?)" : "", S_kind(k), S_kind(k), c->m->file, c->m->file);
  else if (near)
    diag_report(c->d, DIAG_ERROR, pos, "ref-unknown",
                "reference to unknown %s '%s'; did you mean '%s'?", S_kind(k), id, near);
  else
    diag_report(c->d, DIAG_ERROR, pos, "ref-unknown", "reference to unknown %s '%s'%s", S_kind(k),
                id,
                k == REF_DOC ? "; documents are listed in shared/catalog.yaml"
                             : "; give the id of a page or step of this manual");
  c->ok = 0;
}

/* A text's references: each one that is malformed or names no target is reported at its
 * place (worked out only then: text_at reads the scalar from its start), at most
 * RESOLVE_MAX_PER_TEXT of them; a note counts the rest. */
#define RESOLVE_MAX_PER_TEXT 64
static void S_text(const tj_page *p, const tj_block *b, const tj_text *t, void *vc) {
  (void)p;
  (void)b;
  rctx *c = vc;
  tj_token tok;
  size_t from = 0;
  long bad = 0;
  while (resolve_next(t->md, from, &tok)) {
    char id[65] = "";
    if (!tok.bad) {
      memcpy(id, tok.id, tok.idlen);
      id[tok.idlen] = 0;
    }
    from = tok.end;
    if (!tok.bad && S_exists(c->m, tok.kind, id)) continue;
    c->ok = 0;
    if (++bad > RESOLVE_MAX_PER_TEXT) continue;
    diag_pos pos = text_at(t, tok.start);
    if (tok.bad)
      diag_report(c->d, DIAG_ERROR, pos, "ref-syntax",
                  "`{{` starts a reference but it is not {{page:ID}}, {{step:ID}} or {{doc:ID}}; "
                  "check the spelling and the closing `}}`");
    else
      S_target(c, pos, tok.kind, id);
  }
  if (bad > RESOLVE_MAX_PER_TEXT)
    diag_report(c->d, DIAG_NOTE, t->pos, "ref-unknown",
                "%ld more references of this text are malformed or name no target (only the first "
                "%d are shown)",
                bad - RESOLVE_MAX_PER_TEXT, RESOLVE_MAX_PER_TEXT);
}

/* The literal words of a ref must occur in the prose of its block: in one of the texts the
 * checks read (manual_block_texts), table cells and checklist lines included. */
typedef struct words {
  const char *w;
  int found;
} words;
static void S_has_words(const tj_page *p, const tj_block *b, const tj_text *t, void *vw) {
  (void)p;
  (void)b;
  words *w = vw;
  if (!w->found && t->md && strstr(t->md, w->w)) w->found = 1;
}

static int S_in_block(const tj_block *b, const char *text) {
  words w = {text, 0};
  manual_block_texts(NULL, b, S_has_words, &w);
  return w.found;
}

int resolve_manual(diag *d, const tj_manual *m) {
  rctx c = {d, m, 1, {NULL, NULL, NULL}, UTIL_NEAR_BUDGET};
  manual_each_text(m, S_text, &c);
  for (int i = 0; i < m->npages; i++)
    for (int k = 0; k < m->pages[i]->nblocks; k++) {
      const tj_block *b = &m->pages[i]->blocks[k];
      for (int r = 0; r < b->nrefs; r++) {
        const tj_ref *ref = &b->refs[r];
        S_target(&c, ref->target_pos, ref->kind, ref->target);
        if (!S_in_block(b, ref->text)) {
          diag_report(d, DIAG_ERROR, ref->pos, "ref-words",
                      "the words '%s' of this ref do not occur in the text of its %s; copy them "
                      "exactly from the prose",
                      ref->text, b->kind == BK_STEP ? "step" : "block");
          c.ok = 0;
        }
      }
    }
  for (int k = 0; k < 3; k++) util_near_free(c.near[k]);
  return c.ok ? 0 : -1;
}
