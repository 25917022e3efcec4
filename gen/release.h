/* release.h: frozen releases. A release is the manual as published at the version of its
 * last change-log row: the intermediate XML of its full view (shared pages included, numbers
 * and references resolved), wrapped in <release> with a SHA-256 digest of that content, kept
 * in manuals/releases/<id>@<N.M>.xml. The digest depends on the content only, not on how the
 * YAML is formatted. Snapshots are written atomically and verified whenever they are read.
 * Ownership: documents returned are the caller's (xmlFreeDoc); strings are malloc'ed. */
#ifndef TEJUN_RELEASE_H
#define TEJUN_RELEASE_H
#include "diag.h"
#include "model.h"
#include <libxml/tree.h>

/* "第2.0版" → "2.0" (full-width digits made ASCII); NULL when the version is not 第N.M版 / 第N版.
 */
char *release_tag(const char *version);
/* The formats of a snapshot (<release format="N">):
 * 1: the published pages; the digest over libxml2's serialization of <publication>.
 * 2: adds, last, a <lines> element with the lines only the checklists print, verbatim: each
 *    step's `short` (<short step="ID">) and each `wait` (<wait step="ID"> or <wait page="ID">),
 *    so that the digest covers everything a checklist stamped with the version shows; the
 *    digest as format 1's.
 * 3: what tejun release writes now: format 2's content; the digest over the canonical XML of
 *    <publication> (exclusive C14N 1.0 without comments, xmlC14NDocDumpMemory), which no
 *    serializer, quoting or attribute order changes.
 * A snapshot is verified in its own format and a manual compared with it in that format. */
#define RELEASE_FORMAT 3
/* The content digest of a <publication> document in `format` ("sha256:…"), ignoring the
 * tejun version. */
char *release_digest(xmlDocPtr publication, int format);
/* The full view of a manual as a publication document of `format`, ready to be frozen or
 * compared (formats 2 and 3 hold <lines>, format 1 none). */
xmlDocPtr release_publication(const tj_manual *m, int format);
/* Reads and verifies a snapshot file; returns its <publication> as a document of its own,
 * or NULL after reporting (missing, not a snapshot, digest mismatch: corrupted). */
xmlDocPtr release_read(diag *d, const char *path);
/* The same on bytes in memory; `shown` names them in diagnostics. */
xmlDocPtr release_parse(diag *d, const char *data, size_t len, const char *shown);
/* The snapshot path of manual `id` at tag in dir ("DIR/id@tag.xml"), malloc'ed. */
char *release_path(const char *dir, const char *id, const char *tag);
/* The tag of the newest snapshot of `id` in dir, or NULL when there is none (malloc'ed). */
char *release_latest(const char *dir, const char *id);
/* The tag of the newest snapshot of `id` older than tag `below`, or NULL (malloc'ed). */
char *release_before(const char *dir, const char *id, const char *below);
/* Freezes m into dir. Returns 0 (written, or already released with the same content),
 * 1 after reporting a refusal (same version released with other content), 2 on I/O errors. */
int release_freeze(diag *d, const tj_manual *m, const char *dir, int *written);
/* Page ids whose content differs between two publications (added, removed or changed),
 * as "P4 prep-password, …" in out: the first RELEASE_MAX_LISTED pages, then "and N more pages"
 * (the message that lists them stays one readable line). */
#define RELEASE_MAX_LISTED 20
void release_changed_pages(xmlDocPtr old, xmlDocPtr cur, buf *out);
/* Compares a manual with its newest release: when its last change-log version equals that
 * release's and the content differs, reports `release-unbumped` at the change log. */
void release_check(diag *d, const tj_manual *m, const char *dir);
/* Where a release's picture with this SHA-256 and MIME type is kept: DIR/images/SHA.png|jpg
 * (malloc'ed). tejun release writes each picture of the manual there. */
char *release_image_path(const char *dir, const char *sha256, const char *type);
/* The bytes of the picture at path if they have this SHA-256 (and at most IMAGE_MAX_BYTES):
 * malloc'ed, *len set; NULL when the file is missing, unreadable or other bytes. */
char *release_image_read(const char *path, const char *sha256, size_t *len);
#endif
