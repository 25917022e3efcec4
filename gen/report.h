/* report.h: findings for programs: JSON, and SARIF 2.1.0 for code-review tools.
 * Both are written from the items a diag sink collected; strings are JSON-escaped
 * (control characters as \u00XX). */
#ifndef TEJUN_REPORT_H
#define TEJUN_REPORT_H
#include "diag.h"
#include <stdio.h>

void report_json(FILE *f, const diag *d, int silenced, int manuals);
void report_sarif(FILE *f, const diag *d, const char *tejun_version);
/* The rules reference (`tejun check --list-rules`). */
void report_rules(FILE *f);
#endif
