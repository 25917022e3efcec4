/* report.h: findings for programs: JSON, and SARIF 2.1.0 for code-review tools.
 * Both are written from the items a diag sink collected. Strings are those of
 * manifest_json_str: always valid UTF-8, control and bidirectional characters as \uNNNN,
 * a byte that is not UTF-8 (in a file name) as U+FFFD. SARIF's artifactLocation.uri is the
 * lossless form of a file name: percent-encoded bytes (RFC 3986), a relative path against
 * %SRCROOT% (the folder tejun ran in), an absolute one as a file: URI. tool.driver.rules
 * holds every id a result can carry (check_rules and check_format_ids). */
#ifndef TEJUN_REPORT_H
#define TEJUN_REPORT_H
#include "diag.h"
#include <stdio.h>

void report_json(FILE *f, const diag *d, int silenced, int manuals);
void report_sarif(FILE *f, const diag *d, const char *tejun_version);
/* The rules reference (`tejun check --list-rules`). */
void report_rules(FILE *f);
#endif
