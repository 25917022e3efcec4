/* prepare.h: the one path from a manual's file to a manual fit to publish, which every command
 * takes (build, check, release, diff, checklist, site, watch): load (load.c), its references
 * resolved (resolve.c), every rule run (check.c, style.c), and its content compared with the
 * release of its last version (release.c: `release-unbumped`). A command that writes nothing
 * of a manual with errors asks prepare_fit.
 * Ownership: prepare_read and prepare_load return a manual the caller frees with manual_free, or
 * NULL. */
#ifndef TEJUN_PREPARE_H
#define TEJUN_PREPARE_H
#include "check.h"
#include "diag.h"
#include "model.h"

/* Resolves m's references, runs the checks (silenced findings counted in *cs) and, when
 * releases_dir is given, the release check. */
void prepare_check(diag *d, const tj_manual *m, const char *releases_dir, check_stats *cs);

/* The releases folder of a manual: `given` (--releases) or <its folder>/releases; malloc'ed. */
char *prepare_releases_dir(const char *given, const char *manual);
/* The catalog a manual is read with: `given` (--catalog) or <its folder>/shared/catalog.yaml;
 * malloc'ed. */
char *prepare_catalog_path(const char *given, const char *manual);

/* Loads path (its includes below its folder): the manual, or NULL after reporting, *status
 * then raised to 2 (the file cannot be read) or 1 (errors). Not checked: prepare_check. */
tj_manual *prepare_read(diag *d, const tj_catalog *cat, const char *path, int *status);

/* prepare_read, then prepare_check. Returns the manual, or NULL
 * after reporting: *status is raised to 2 (the file cannot be read) or 1 (errors, or with
 * werror warnings, found while loading or checking). */
tj_manual *prepare_load(diag *d, const tj_catalog *cat, const char *path, const char *releases_dir,
                        int werror, check_stats *cs, int *status);
#endif
