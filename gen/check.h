/* check.h: the checks of `tejun check` (and of every build): numbering, page counters,
 * literal and symbolic references, the change log, Japanese style and links. Each rule has
 * an id, a default severity and a line in the reference (`tejun check --list-rules`).
 * A finding on a node that says `ignore: [{rule: ID, reason: …}]` is silenced and counted.
 * Ownership: nothing is allocated that outlives a call. */
#ifndef TEJUN_CHECK_H
#define TEJUN_CHECK_H
#include "diag.h"
#include "model.h"

struct checkctx; /* checkctx.h */
/* A rule of the registry: its id, default severity, one line for the reference (--list-rules,
 * SARIF, the README's table), and the function that finds it (check_manual runs each function
 * of the table once, in the table's order; NULL: found by resolve.c, or, in check_format_ids,
 * by the loader, the releases and the program). Adding a rule is a row, a function, a
 * triggering and a clean fixture in tests/check/. */
typedef struct check_rule {
  const char *id;
  diag_level level;
  const char *summary;
  void (*run)(struct checkctx *c);
} check_rule;

/* The rules, NULL-terminated. */
extern const check_rule check_rules[];
/* Every other diagnostic id tejun reports, NULL-terminated: the format's own errors (YAML,
 * keys, types, includes, limits), releases, the manifest, rendering, I/O and usage. They
 * cannot be silenced. SARIF lists them with the rules; `tejun check --list-rules` after them.
 * tests/output/ruleids.py fails when a rule id in gen/ is in neither table. */
extern const check_rule check_format_ids[];
const check_rule *check_find_rule(const char *id);

typedef struct check_stats {
  int silenced;
} check_stats; /* findings silenced by `ignore` */

/* Runs every rule on a loaded, resolved manual; reports to d. */
void check_manual(diag *d, const tj_manual *m, check_stats *st);
#endif
