/* load.h: YAML trees → the model. Checks the shape of the format (keys, types, required
 * fields, ids), follows includes inside the manuals folder, and reports every problem with
 * file:line:col, the allowed keys and the nearest one.
 * Its entry points are named for what they make, as customer_load is, so that each reads as a
 * pair with its destructor (model.h): manual_load/manual_free, catalog_load/catalog_free.
 * Ownership: the returned manual/catalog owns its arena; free with manual_free/catalog_free. */
#ifndef TEJUN_LOAD_H
#define TEJUN_LOAD_H
#include "model.h"

#define LOAD_MAX_INCLUDE_DEPTH 8
/* Limits of the format, each reported where the input says more (file:line:col), so that the
 * work of a manual is linear in what it holds: */
#define LOAD_MAX_INCLUDES 1000 /* includes read for one manual, each time it is included */
#define LOAD_MAX_INCLUDED_BYTES (32u << 20) /* bytes of the files those includes read, in all */
#define LOAD_MAX_SERVICES 64 /* services in the catalog (a manual is built once per service) */
#define LOAD_MAX_REFS 64 /* `refs` entries of one block or step */
#define LOAD_MAX_IGNORES 32 /* `ignore` entries of one node */
#define LOAD_MAX_TITLE 200 /* characters of a catalog document title */
#define LOAD_MAX_ROW_TEXT 1000 /* characters of a change-log row's text */

/* Loads the catalog (shared/catalog.yaml). NULL after reporting; *io_error for unreadable files. */
tj_catalog *catalog_load(diag *d, const char *path, int *io_error);
/* Loads a manual; includes resolve against `root` (the manuals folder) and must stay inside it.
 * Returns NULL after reporting problems to d. */
tj_manual *manual_load(diag *d, const tj_catalog *cat, const char *path, const char *root,
                       int *io_error);
/* The same from bytes in memory; includes are refused unless root is given. */
tj_manual *manual_load_bytes(diag *d, const tj_catalog *cat, const char *data, size_t len,
                             const char *shown, const char *root);
tj_catalog *catalog_load_bytes(diag *d, const char *data, size_t len, const char *shown);

/* A manual's top-level `id` and `services` as written, read only as far as they go (libyaml
 * events, no tree, nothing checked): for what must be decided over every manual of a run before
 * any is built (two manuals with one id). Positions name `path` (the caller's string). Returns 0
 * with what it found, or -1 when it found neither (not YAML that far: the load will say why).
 * load_head_free releases the strings. */
typedef struct load_head {
  char *id;
  diag_pos id_pos;
  char **services;
  diag_pos *service_pos;
  int nservices;
} load_head;
int load_head_read(const char *path, load_head *h);
void load_head_free(load_head *h);
#endif
