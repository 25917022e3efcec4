/* resolve.h: reference resolution. Finds the symbolic references {{page:ID}}, {{step:ID}},
 * {{doc:ID}} in every text and the literal references recorded in `refs`, and reports each
 * whose target does not exist (with the nearest id) or whose words are not in the prose. */
#ifndef TEJUN_RESOLVE_H
#define TEJUN_RESOLVE_H
#include "model.h"

typedef struct tj_token {
  size_t start, end; /* byte range of `{{kind:id}}` in the text */
  tj_refkind kind;
  const char *id;
  size_t idlen;
  int bad; /* 1 when `{{` starts something that is not a valid reference */
} tj_token;

/* Finds the next `{{…}}` at or after *from in s; returns 0 when there is none. */
int resolve_next(const char *s, size_t from, tj_token *t);
/* Resolves every text of manual_each_text (model.h): 0 when every reference resolves, -1 after
 * reporting those that do not. */
int resolve_manual(diag *d, const tj_manual *m);
#endif
