/* prepare.c: load → resolve → check → release check, the same for every command. */
#include "prepare.h"
#include "load.h"
#include "release.h"
#include "resolve.h"
#include "util.h"
#include <stdlib.h>

void prepare_check(diag *d, const tj_manual *m, const char *releases_dir, check_stats *cs) {
  resolve_manual(d, m);
  check_manual(d, m, cs);
  if (releases_dir) release_check(d, m, releases_dir);
}

/* `given`, or `rel` in the manual's folder; malloc'ed. */
static char *S_beside(const char *given, const char *manual, const char *rel) {
  if (given) return xstrdup(given);
  char *dir = util_dirname(manual);
  buf b;
  buf_init(&b);
  buf_printf(&b, "%s/%s", dir, rel);
  free(dir);
  return buf_detach(&b);
}

char *prepare_releases_dir(const char *given, const char *manual) {
  return S_beside(given, manual, "releases");
}

char *prepare_catalog_path(const char *given, const char *manual) {
  return S_beside(given, manual, "shared/catalog.yaml");
}

tj_manual *prepare_read(diag *d, const tj_catalog *cat, const char *path, int *status) {
  char *root = util_dirname(path);
  int io = 0;
  tj_manual *m = manual_load(d, cat, path, root, &io);
  free(root);
  if (!m) *status = exit_worst(*status, io ? 2 : 1);
  return m;
}

tj_manual *prepare_load(diag *d, const tj_catalog *cat, const char *path, const char *releases_dir,
                        int werror, check_stats *cs, int *status) {
  int errors = d->errors, warnings = d->warnings;
  tj_manual *m = prepare_read(d, cat, path, status);
  if (!m) return NULL;
  prepare_check(d, m, releases_dir, cs);
  if (d->errors > errors || (werror && d->warnings > warnings)) {
    *status = exit_worst(*status, 1);
    manual_free(m);
    return NULL;
  }
  return m;
}
