/* manifest.h: out/manifest.json, the list of every output with its manual, service, format,
 * version, date, SHA-256 and size. Each build writes one part per manual
 * (out/.tejun/parts/ID.tsv), and `tejun site` one for the landing page (_site.tsv: no manual id
 * starts with '_'); manifest_write joins every part into the manifest, reading each
 * file once to digest it (so the digests are always those of the files on disk), atomically.
 * The manifest says "state": "complete" when it was written after every output it lists;
 * a build marks it "building" before it replaces the first output, so a build stopped by
 * SIGKILL or a power cut leaves a manifest that says it is not to be trusted, never one that
 * claims digests the files no longer have. */
#ifndef TEJUN_MANIFEST_H
#define TEJUN_MANIFEST_H
#include "diag.h"
#include "util.h"

/* Appends one output's row to a part being built (fields must hold no tab or newline). */
void manifest_row(buf *part, const char *path, const char *manual, const char *service,
                  const char *format, const char *version, const char *date);
/* The version and date part DIR/.tejun/parts/PART.tsv records for the output at path
 * (relative to DIR): 0 with *version and *date malloc'ed (the caller frees), 1 when the part
 * or the row is not there, -1 after reporting (a link on the way, a read error), as
 * output_read answers. */
int manifest_stamp(diag *d, const char *dir, const char *part, const char *path, char **version,
                   char **date);
/* Rewrites DIR/manifest.json from DIR/.tejun/parts/ *.tsv (DIR becomes the output folder,
 * output.h: locked, swept, every file read whole without following links). Returns 0, or -1
 * after reporting. */
int manifest_write(diag *d, const char *dir, const char *tejun_version);
/* Marks DIR/manifest.json "building" (if it exists and says "complete"). 0, or -1 after reporting.
 */
int manifest_begin(diag *d, const char *dir);
/* Compares DIR/manifest.json with the outputs on disk, holding DIR's lock shared: 0 in step,
 * 1 out of step (each differing entry reported at its line), 2 when it cannot be read. */
int manifest_check(diag *d, const char *dir, const char *tejun_version);
/* Appends s to b as a JSON string literal, always valid UTF-8 and safe to show on a terminal:
 * " and \ escaped; the characters util_term_unsafe names (C0, DEL, C1, bidirectional
 * controls) and U+2028/U+2029 as \uNNNN (lossless); each byte that is not part of valid UTF-8
 * (a file name can hold any byte) as U+FFFD, the one rule that loses something. */
void manifest_json_str(buf *b, const char *s);
#endif
