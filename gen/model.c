/* model.c: look-ups over a loaded manual and its catalog. */
#include "model.h"
#include <stdlib.h>
#include <string.h>

void manual_free(tj_manual *m) { if (m) { arena *a = m->a; arena_free(a); } }
void catalog_free(tj_catalog *c) { if (c) { arena *a = c->a; arena_free(a); } }

const tj_service *catalog_service(const tj_catalog *c, const char *id) {
  for (int i = 0; i < c->nservices; i++) if (!strcmp(c->services[i].id, id)) return &c->services[i];
  return NULL;
}
const tj_doc *catalog_doc(const tj_catalog *c, const char *id) {
  for (int i = 0; i < c->ndocs; i++) if (!strcmp(c->docs[i].id, id)) return &c->docs[i];
  return NULL;
}
const tj_cond *catalog_cond(const tj_catalog *c, const char *id) {
  for (int i = 0; i < c->nconds; i++) if (!strcmp(c->conds[i].id, id)) return &c->conds[i];
  return NULL;
}
tj_page *manual_page(const tj_manual *m, const char *id) {
  for (int i = 0; i < m->npages; i++) if (!strcmp(m->pages[i]->id, id)) return m->pages[i];
  return NULL;
}
tj_step *manual_step(const tj_manual *m, const char *id) {
  for (int i = 0; i < m->nsteps; i++) if (!strcmp(m->steps[i]->id, id)) return m->steps[i];
  return NULL;
}
const tj_rev *manual_release(const tj_manual *m) { return m->nrevs ? &m->revs[m->nrevs - 1] : NULL; }
int page_has_service(const tj_page *p, const char *service) {
  if (p->nservices == 0) return 1;
  for (int i = 0; i < p->nservices; i++) if (!strcmp(p->services[i], service)) return 1;
  return 0;
}
