/* manifest.h: out/manifest.json, the list of every output with its manual, service, format,
 * version, date, SHA-256 and size. Each build writes one part per manual
 * (out/.tejun/parts/ID.tsv); manifest_write joins every part into the manifest, reading each
 * file once to digest it (so the digests are always those of the files on disk), atomically. */
#ifndef TEJUN_MANIFEST_H
#define TEJUN_MANIFEST_H
#include "diag.h"
#include "util.h"

/* Appends one output's row to a part being built (fields must hold no tab or newline). */
void manifest_row(buf *part, const char *path, const char *manual, const char *service,
                  const char *format, const char *version, const char *date);
/* Rewrites DIR/manifest.json from DIR/.tejun/parts/ *.tsv. Returns 0, or -1 after reporting. */
int manifest_write(diag *d, const char *dir, const char *tejun_version);
/* Appends s to b as a JSON string literal (control characters escaped). */
void manifest_json_str(buf *b, const char *s);
#endif
