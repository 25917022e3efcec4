/* customer.c: loading and checking a customer profile, and evaluating `when` for a customer.
 *
 *   profile := {company, services, region, account?, contact?, admin?, plan?, mip?}
 */
#include "customer.h"
#include "yaml_tree.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct cl {
  diag *d;
  arena *a;
  const tj_catalog *cat;
  int failed;
} cl;

#define ERR(pos, rule, ...)                                                                        \
  do {                                                                                             \
    diag_report(c->d, DIAG_ERROR, (pos), (rule), __VA_ARGS__);                                     \
    c->failed = 1;                                                                                 \
  } while (0)

static const char *const S_keys[] = {"company", "account", "contact", "admin", "services",
                                     "plan",    "region",  "mip",     NULL};

static const char *S_kind_name(const ynode *n) {
  return n->kind == YN_MAP   ? "a mapping (key: value)"
         : n->kind == YN_SEQ ? "a list (- item)"
                             : "a text";
}

/* The allowed values of a plan or region: the ids of the catalog's conditions of that kind,
 * with the kind's prefix (`plan-`, `region-`) taken off. */
static void S_allowed(cl *c, const char *kind, const char *s, diag_choices *ch) {
  size_t pl = strlen(kind) + 1;
  for (int i = 0; i < c->cat->nconds; i++) {
    const tj_cond *k = &c->cat->conds[i];
    if (strcmp(k->kind, kind) || strncmp(k->id, kind, pl - 1) || k->id[pl - 1] != '-') continue;
    diag_choice(ch, s, k->id + pl);
  }
}

/* A value of kind plan or region: known in the catalog, or reported with the allowed values
 * (as `rule`, written out at the call so that every rule id is a literal in the code). */
static const char *S_value(cl *c, const ynode *v, const char *kind, const char *rule) {
  if (v->kind != YN_SCALAR) {
    ERR(v->pos, "wrong-type", "'%s' must be a text, not %s", kind, S_kind_name(v));
    return NULL;
  }
  buf id;
  buf_init(&id);
  buf_printf(&id, "%s-%s", kind, v->str);
  const tj_cond *k = catalog_cond(c->cat, buf_cstr(&id));
  buf_free(&id);
  if (k && !strcmp(k->kind, kind)) return arena_strdup(c->a, v->str);
  diag_choices ch = {.what = kind,
                     .label = !strcmp(kind, "plan") ? "plans" : "regions",
                     .where = "shared/catalog.yaml",
                     .more = !strcmp(kind, "plan") ? "; leave `plan` out for any other plan" : NULL,
                     .max = 2};
  S_allowed(c, kind, v->str, &ch);
  diag_unknown(c->d, v->pos, rule, v->str, &ch);
  c->failed = 1;
  return NULL;
}

static const char *S_text(cl *c, const ynode *map, const char *key, int required) {
  const ynode *v = ynode_get(map, key);
  if (!v || ynode_is_null(v)) {
    if (required)
      ERR(map->pos, "missing-key", "the customer profile has no '%s'; add `%s:`", key, key);
    return NULL;
  }
  if (v->kind != YN_SCALAR) {
    ERR(v->pos, "wrong-type", "'%s' must be a text, not %s", key, S_kind_name(v));
    return NULL;
  }
  if (utf8_blank(v->str)) {
    ERR(v->pos, "empty", "'%s' is empty%s", key,
        *v->str ? " (it holds only spaces or invisible characters)" : "");
    return NULL;
  }
  size_t chars = utf8_count(v->str, strlen(v->str));
  if (chars > CUSTOMER_FIELD_MAX) {
    ERR(v->pos, "too-long",
        "'%s' is %zu characters long; the limit is %d (it is printed in one line of the "
        "checklist): shorten it",
        key, chars, CUSTOMER_FIELD_MAX);
    return NULL;
  }
  return arena_strdup(c->a, v->str);
}

static void S_unknown_keys(cl *c, const ynode *map) {
  if (ynode_unknown_keys(c->d, map, "a customer profile", S_keys)) c->failed = 1;
}

static void S_services(cl *c, const ynode *map, tj_customer *cu) {
  const ynode *v = ynode_get(map, "services");
  if (!v || ynode_is_null(v)) {
    ERR(map->pos, "missing-key",
        "the customer profile has no 'services'; add `services: [box, …]`");
    return;
  }
  if (v->kind != YN_SEQ) {
    ERR(v->pos, "wrong-type", "'services' must be a list (- item), not %s", S_kind_name(v));
    return;
  }
  if (v->n == 0) {
    ERR(v->pos, "empty", "'services' is empty; list the services the customer ordered");
    return;
  }
  cu->services = arena_alloc(c->a, v->n * sizeof *cu->services);
  cu->service_pos = arena_alloc(c->a, v->n * sizeof *cu->service_pos);
  for (size_t i = 0; i < v->n; i++) {
    const ynode *x = v->items[i];
    if (x->kind != YN_SCALAR) {
      ERR(x->pos, "wrong-type", "a service must be a text, not %s", S_kind_name(x));
      continue;
    }
    if (!catalog_service(c->cat, x->str)) {
      catalog_unknown_service(c->d, x->pos, c->cat, x->str);
      c->failed = 1;
      continue;
    }
    int dup = 0;
    for (int k = 0; k < cu->nservices; k++)
      if (!strcmp(cu->services[k], x->str)) dup = 1;
    if (dup) {
      ERR(x->pos, "duplicate", "service '%s' is listed twice", x->str);
      continue;
    }
    cu->service_pos[cu->nservices] = x->pos;
    cu->services[cu->nservices++] = arena_strdup(c->a, x->str);
  }
}

/* The customer id is the file name without .yaml. */
static const char *S_id(cl *c, const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  size_t n = strlen(base);
  diag_pos pos = {path, 0, 0};
  if (n < 6 || strcmp(base + n - 5, ".yaml")) {
    ERR(pos, "bad-id", "a customer profile is a file named <customer-id>.yaml");
    return NULL;
  }
  char *id = arena_strndup(c->a, base, n - 5);
  if (!util_safe_id(id)) {
    ERR(pos, "bad-id",
        "'%s' is not a valid customer id (the file name without .yaml); use lower-case letters, "
        "digits and '-' (at most 64), e.g. 'sample-shoji'",
        id);
    return NULL;
  }
  return id;
}

/* The profile in `root` (read from cu->file), checked against the catalog. */
static tj_customer *S_profile(cl *c, tj_customer *cu, ynode *root) {
  arena *a = cu->a;
  if (root->kind != YN_MAP) {
    ERR(root->pos, "wrong-type",
        "a customer profile is a mapping with company, services, region, … (see "
        "manuals/README.md), not %s",
        S_kind_name(root));
    arena_free(a);
    return NULL;
  }
  S_unknown_keys(c, root);
  cu->company = S_text(c, root, "company", 1);
  cu->account = S_text(c, root, "account", 0);
  cu->contact = S_text(c, root, "contact", 0);
  cu->admin = S_text(c, root, "admin", 0);
  S_services(c, root, cu);
  const ynode *v = ynode_get(root, "plan");
  if (v && !ynode_is_null(v)) cu->plan = S_value(c, v, "plan", "unknown-plan");
  v = ynode_get(root, "region");
  if (!v || ynode_is_null(v))
    ERR(root->pos, "missing-key",
        "the customer profile has no 'region'; add `region:` (the site of the customer's Cloud App "
        "Security console, e.g. jp)");
  else
    cu->region = S_value(c, v, "region", "unknown-region");
  v = ynode_get(root, "mip");
  if (v && !ynode_is_null(v)) {
    if (v->kind == YN_SCALAR && v->plain && (!strcmp(v->str, "true") || !strcmp(v->str, "yes")))
      cu->mip = 1;
    else if (v->kind == YN_SCALAR && v->plain &&
             (!strcmp(v->str, "false") || !strcmp(v->str, "no")))
      cu->mip = 0;
    else if (v->kind == YN_SCALAR)
      ERR(v->pos, "wrong-type", "'mip' must be true or false (unquoted), not '%s'", v->str);
    else
      ERR(v->pos, "wrong-type", "'mip' must be true or false, not %s", S_kind_name(v));
  }
  if (c->failed) {
    arena_free(a);
    return NULL;
  }
  return cu;
}

static tj_customer *S_new(cl *c, arena *a, const char *shown) {
  tj_customer *cu = arena_alloc(a, sizeof *cu);
  cu->a = a;
  cu->file = arena_strdup(a, shown);
  cu->id = S_id(c, shown);
  return cu;
}

/* A profile read from the file `path`, or from data[0..len) (named `path`) when data is given. */
static tj_customer *S_load(diag *d, const tj_catalog *cat, const char *path, const char *data,
                           size_t len, int *io_error) {
  arena *a = arena_new();
  cl cv = {d, a, cat, 0}, *c = &cv;
  tj_customer *cu = S_new(c, a, path);
  if (!cu->id) {
    arena_free(a);
    return NULL;
  }
  ynode *root = data ? ytree_read_bytes(a, d, data, len, cu->file)
                     : ytree_read_file(a, d, path, cu->file, io_error, NULL, NULL);
  if (!root) {
    arena_free(a);
    return NULL;
  }
  return S_profile(c, cu, root);
}

tj_customer *customer_load(diag *d, const tj_catalog *cat, const char *path, int *io_error) {
  return S_load(d, cat, path, NULL, 0, io_error);
}

tj_customer *customer_load_bytes(diag *d, const tj_catalog *cat, const char *data, size_t len,
                                 const char *shown) {
  return S_load(d, cat, shown, data ? data : "", len, NULL);
}

void customer_free(tj_customer *c) {
  if (c) {
    arena *a = c->a;
    arena_free(a);
  }
}

int customer_load_list(diag *d, const tj_catalog *cat, const char *const *files, int n,
                       const char *writes, tj_customer **cus, int *status) {
  int nc = 0;
  for (int i = 0; i < n; i++) {
    int cio = 0;
    tj_customer *cu = customer_load(d, cat, files[i], &cio);
    if (!cu) {
      *status = exit_worst(*status, cio ? 2 : 1);
      continue;
    }
    int dup = 0;
    for (int k = 0; k < nc && !dup; k++) dup = !strcmp(cus[k]->id, cu->id);
    if (dup) {
      diag_pos pos = {cu->file, 0, 0};
      if (writes)
        diag_report(d, DIAG_ERROR, pos, "duplicate",
                    "a second profile of customer '%s'; each writes %s%s.pdf", cu->id, writes,
                    cu->id);
      else
        diag_report(d, DIAG_ERROR, pos, "duplicate",
                    "a second profile of customer '%s'; give each customer once", cu->id);
      customer_free(cu);
      *status = exit_worst(*status, 1);
      continue;
    }
    cus[nc++] = cu;
  }
  return nc;
}

int customer_has_service(const tj_customer *c, const char *service) {
  for (int i = 0; i < c->nservices; i++)
    if (!strcmp(c->services[i], service)) return 1;
  return 0;
}

int customer_holds(const tj_customer *c, const tj_catalog *cat, const tj_when *w) {
  if (!w->n) return 1;
  for (int i = 0; i < w->n; i++) {
    const tj_cond *k = catalog_cond(cat, w->ids[i]);
    if (!k) continue;
    if (!strcmp(k->kind, "mip")) {
      if (c->mip) return 1;
    } else if (!strcmp(k->kind, "plan")) {
      if (c->plan && !strncmp(k->id, "plan-", 5) && !strcmp(k->id + 5, c->plan)) return 1;
    } else if (!strcmp(k->kind, "region")) {
      if (c->region && !strncmp(k->id, "region-", 7) && !strcmp(k->id + 7, c->region)) return 1;
    }
  }
  return 0;
}
