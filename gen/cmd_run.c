/* cmd_run.c: the manuals of a build, check or release command line (cmd_run.h). */
#include "cmd_run.h"
#include "load.h"
#include "prepare.h"
#include "release.h"
#include "util.h"
#include <libxml/hash.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *run_release_input(const char *releases, const char *arg) {
  size_t n = strlen(arg);
  if (n > 4 && !strcmp(arg + n - 4, ".xml")) return xstrdup(arg);
  const char *at = strchr(arg, '@');
  if (!at || strchr(arg, '/')) return NULL;
  char id[80];
  size_t il = (size_t)(at - arg);
  if (il == 0 || il >= sizeof id) return NULL;
  memcpy(id, arg, il);
  id[il] = 0;
  return release_path(releases ? releases : "manuals/releases", id, at + 1);
}

tj_catalog *run_catalog(diag *d, const char *given, const char *const *manuals, int n,
                        int *status) {
  const char *first = NULL; /* a release carries its catalog data in itself */
  for (int i = 0; i < n && !first; i++) {
    char *rp = run_release_input(NULL, manuals[i]);
    if (!rp) first = manuals[i];
    free(rp);
  }
  if (!first) return NULL;
  char *catpath = prepare_catalog_path(given, first);
  int io = 0;
  tj_catalog *cat = catalog_load(d, catpath, &io);
  free(catpath);
  if (!cat) *status = exit_worst(*status, io ? 2 : 1);
  return cat;
}

int run_refuse_release(diag *d, const char *path) {
  char *snap = run_release_input(NULL, path);
  if (!snap) return 0;
  free(snap);
  diag_pos pp = {path, 0, 0};
  diag_report(d, DIAG_ERROR, pp, "usage",
              "a release can only be built; check and release take MANUAL.yaml files");
  return 1;
}

/* Two manuals of one run with the same id would write the same out/<id>/, two listing the same
 * service the same out/services/<service>/: the later one is refused, at its `id:` (or that
 * service), naming the earlier, and not built. Decided in this process before any worker starts,
 * by a cheap pre-scan: the top-level `id` and `services` of each YAML manual, read only that far
 * (load_head_read; its errors are left to the load), the `manual` of each release snapshot. */
int run_duplicates(diag *d, run_mode mode, const char *const *manuals, int n, const char *releases,
                   const char *out, int services, char *skip) {
  if (n < 2) return 0;
  int refused = 0;
  /* the first manual (index + 1) of each id, and of each service: one look-up per manual */
  xmlHashTablePtr ids = xmlHashCreate(64), svcs = xmlHashCreate(64); /* they grow */
  for (int i = 0; i < n; i++) {
    const char *path = manuals[i];
    char *snap = run_release_input(releases, path);
    load_head h;
    memset(&h, 0, sizeof h);
    h.id_pos.file = path;
    if (snap) { /* a release: the manual it says it is */
      diag scratch;
      diag_init(&scratch, NULL, 0, 0);
      xmlDocPtr pub = release_read(&scratch, snap);
      xmlChar *m = pub ? xmlGetProp(xmlDocGetRootElement(pub), BAD_CAST "manual") : NULL;
      if (m) {
        h.id = xstrdup((const char *)m);
        xmlFree(m);
      }
      if (pub) xmlFreeDoc(pub);
      diag_free(&scratch);
      free(snap);
    } else
      load_head_read(path, &h);
    int dup = h.id ? (int)(intptr_t)xmlHashLookup(ids, BAD_CAST h.id) - 1 : -1;
    if (dup >= 0) {
      buf what;
      buf_init(&what);
      if (mode == RUN_RELEASE)
        buf_printf(&what, " (both would be frozen as %s@N.M.xml)", h.id);
      else if (mode == RUN_BUILD)
        buf_printf(&what, " (both would write %s/%s/)", out, h.id);
      diag_report(d, DIAG_ERROR, h.id_pos, "duplicate-manual",
                  "manual id '%s' is also the id of %s; give each manual its own id%s", h.id,
                  manuals[dup], buf_cstr(&what));
      buf_free(&what);
      skip[i] = 1;
    }
    int added = 0; /* h.services[0 .. added) are this manual's in svcs */
    for (int s = 0; services && !skip[i] && s < h.nservices; s++) {
      const char *sv = h.services[s];
      int owner = (int)(intptr_t)xmlHashLookup(svcs, BAD_CAST sv) - 1;
      if (owner < 0) {
        xmlHashAddEntry(svcs, BAD_CAST sv, (void *)(intptr_t)(i + 1));
        added++;
        continue;
      }
      diag_report(d, DIAG_ERROR, h.service_pos[s], "duplicate-manual",
                  "service '%s' is also listed by %s; both would write %s/services/%s/: list "
                  "it in one manual, or build them into separate folders (-o)",
                  sv, owner == i ? "this manual" : manuals[owner], out ? out : "out", sv);
      skip[i] = 1;
    }
    if (skip[i]) { /* refused: what it lists does not count for the manuals after it */
      refused++;
      for (int s = 0; s < added; s++) xmlHashRemoveEntry(svcs, BAD_CAST h.services[s], NULL);
    } else if (h.id)
      xmlHashAddEntry(ids, BAD_CAST h.id, (void *)(intptr_t)(i + 1));
    load_head_free(&h);
  }
  xmlHashFree(ids, NULL);
  xmlHashFree(svcs, NULL);
  if (mode == RUN_CHECK) memset(skip, 0, (size_t)n); /* check: reported; still checked */
  return refused;
}
