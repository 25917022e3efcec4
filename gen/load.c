/* load.c: the format's grammar, applied to the node tree of yaml_tree.c.
 *
 *   manual   := {id, title, services, label?, trademarks, changelog, pages}
 *   fragment := {pages}
 *   page     := {id, procedure, qualifier?, title?, divider?, service?, when?, body} | {include}
 *   block    := {text|heading|note|list|step|table|code|screenshot, when?, refs?}
 *   step     := {id, number?, text, notes?, items?, table?, code?, screenshot?, when?, refs?}
 *   ref      := {text, page|step|doc}
 */
#include "load.h"
#include "inline.h"
#include "yaml_tree.h"
#include "image.h"
#include "sha256.h"
#include <fcntl.h>
#include <stdint.h>
#include <libxml/hash.h>
#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

typedef struct ld {
  diag *d;
  arena *a;
  int failed;
  const tj_catalog *cat;
  const char *root; /* realpath of the manuals folder, or NULL */
  const char *root_shown; /* the same as the user named it, for messages */
  const char *stack[LOAD_MAX_INCLUDE_DEPTH + 2];
  int depth; /* real paths being read */
  const char *shown[LOAD_MAX_INCLUDE_DEPTH + 2]; /* their names in messages */
  int includes;
  size_t included; /* includes read so far and their bytes (LOAD_MAX_INCLUDES/_BYTES) */
  int capped; /* an include limit was reported: read no more */
  util_near *near_cond; /* "did you mean" for conditions (made at the first unknown one) */
  long near_budget;
  /* growing lists while loading */
  tj_page **pages;
  int npages, cappages;
  tj_step **steps;
  int nsteps, capsteps;
  const char **deps;
  int ndeps, capdeps;
  tj_image **images;
  int nimages, capimages; /* each image file read, once */
  xmlHashTablePtr image_index; /* its path → its place in images + 1 */
  size_t image_bytes; /* their bytes (IMAGE_MAX_TOTAL) */
} ld;

#define ERR(pos, rule, ...)                                                                        \
  do {                                                                                             \
    diag_report(l->d, DIAG_ERROR, (pos), (rule), __VA_ARGS__);                                     \
    l->failed = 1;                                                                                 \
  } while (0)

static const char *S_kind_name(const ynode *n) {
  return n->kind == YN_MAP   ? "a mapping (key: value)"
         : n->kind == YN_SEQ ? "a list (- item)"
                             : "a text";
}

/* Reports keys of `map` not in `allowed` (NULL-terminated), naming the allowed ones and the
 * nearest. */
static void S_keys(ld *l, const ynode *map, const char *what, const char *const *allowed) {
  if (ynode_unknown_keys(l->d, map, what, allowed)) l->failed = 1;
}

static const ynode *S_need(ld *l, const ynode *map, const char *key, const char *what) {
  const ynode *v = ynode_get(map, key);
  if (!v || ynode_is_null(v)) {
    ERR(map->pos, "missing-key", "%s has no '%s'; add `%s:`", what, key, key);
    return NULL;
  }
  return v;
}

static const char *S_scalar(ld *l, const ynode *v, const char *what) {
  if (!v) return NULL;
  if (v->kind != YN_SCALAR) {
    ERR(v->pos, "wrong-type", "%s must be a text, not %s", what, S_kind_name(v));
    return NULL;
  }
  return v->str;
}

static const char *S_str(ld *l, const ynode *map, const char *key, int required, const char *what) {
  const ynode *v = required ? S_need(l, map, key, what) : ynode_get(map, key);
  if (!v || ynode_is_null(v)) return NULL;
  char w[160];
  snprintf(w, sizeof w, "'%s' of %s", key, what);
  const char *s = S_scalar(l, v, w);
  if (s && required && utf8_blank(s)) {
    ERR(v->pos, "empty", "'%s' of %s is empty%s", key, what,
        *s ? " (it holds only spaces or invisible characters)" : "");
    return NULL;
  }
  return s;
}

static const char *S_id(ld *l, const ynode *map, const char *key, const char *what, diag_pos *pos) {
  const ynode *v = S_need(l, map, key, what);
  if (!v) return NULL;
  if (pos) *pos = v->pos;
  const char *s = S_scalar(l, v, key);
  if (!s) return NULL;
  if (!util_safe_id(s)) {
    ERR(v->pos, "bad-id",
        "'%s' is not a valid %s; use lower-case letters, digits and '-' (at most 64), e.g. "
        "'box-add'",
        s, key);
    return NULL;
  }
  return s;
}

static int S_bool(ld *l, const ynode *map, const char *key) {
  const ynode *v = ynode_get(map, key);
  if (!v) return 0;
  if (v->kind == YN_SCALAR && v->plain) {
    if (!strcmp(v->str, "true") || !strcmp(v->str, "yes")) return 1;
    if (!strcmp(v->str, "false") || !strcmp(v->str, "no")) return 0;
  }
  ERR(v->pos, "wrong-type", "'%s' must be true or false", key);
  return 0;
}

static const ynode *S_seq(ld *l, const ynode *v, const char *what) {
  if (!v) return NULL;
  if (v->kind != YN_SEQ) {
    ERR(v->pos, "wrong-type", "%s must be a list (- item), not %s", what, S_kind_name(v));
    return NULL;
  }
  return v;
}

static const char *S_cond_key(const void *items, int i) { return ((const tj_cond *)items)[i].id; }

/* Emphasis, links and images nested deeper than INLINE_MAX_DEPTH (a format error: the
 * publication would be that deep, past what the stylesheets and XML readers take). */
static void S_inline_depth(ld *l, const char *md, diag_pos pos) {
  int depth = inline_depth(md);
  if (depth > INLINE_MAX_DEPTH)
    ERR(pos, "limit-inline",
        "emphasis, strong text, links and images nested %d levels deep; the limit is %d (a manual "
        "needs two or three): close some of them",
        depth, INLINE_MAX_DEPTH);
}

/* `when: ID` or `when: [ID, ...]`, each a condition of the catalog. */
static tj_when S_when(ld *l, const ynode *map) {
  tj_when w = {0};
  const ynode *v = ynode_get(map, "when");
  if (!v) return w;
  w.pos = v->pos;
  const ynode *const *items = &v;
  size_t n = 1;
  if (v->kind == YN_SEQ) {
    items = (const ynode *const *)v->items;
    n = v->n;
  }
  w.ids = arena_alloc(l->a, (n ? n : 1) * sizeof *w.ids);
  for (size_t i = 0; i < n; i++) {
    const char *s = S_scalar(l, items[i], "a condition in 'when'");
    if (!s) continue;
    if (!catalog_cond(l->cat, s)) {
      /* the nearest by util_near (memoised, budgeted: a catalog may hold many conditions) */
      if (!l->near_cond)
        l->near_cond = util_near_new(S_cond_key, l->cat->conds, l->cat->nconds, 3, &l->near_budget);
      int stopped = 0;
      diag_choices ch = {.what = "condition",
                         .label = "conditions",
                         .where = "shared/catalog.yaml",
                         .near = util_near_find(l->near_cond, s, &stopped)};
      for (int k = 0; k < l->cat->nconds && k < UTIL_LIST_MAX; k++)
        diag_choice(&ch, s, l->cat->conds[k].id);
      ch.n = l->cat->nconds; /* the first few listed: the message does not grow with the catalog */
      l->failed = 1;
      diag_unknown(l->d, items[i]->pos, "unknown-condition", s, &ch);
      if (stopped)
        diag_report(l->d, DIAG_NOTE, items[i]->pos, "unknown-condition",
                    "no more \"did you mean\" for unknown conditions in this manual: "
                    "the search for the nearest one stopped after %ld character comparisons",
                    UTIL_NEAR_BUDGET);
      continue;
    }
    w.ids[w.n++] = s;
  }
  return w;
}

static tj_text S_text_of(ld *l, const ynode *v, const char *what) {
  tj_text t = {0};
  t.pos = v->pos;
  t.src = v;
  if (v->kind == YN_MAP) {
    static const char *const keys[] = {"text", "when", NULL};
    S_keys(l, v, what, keys);
    t.md = S_str(l, v, "text", 1, what);
    t.when = S_when(l, v);
    const ynode *tv = ynode_get(v, "text");
    if (tv) {
      t.pos = tv->pos;
      t.src = tv;
    }
  } else {
    t.md = S_scalar(l, v, what);
  }
  if (!t.md)
    t.md = "";
  else
    S_inline_depth(l, t.md, t.pos);
  return t;
}

static tj_text *S_texts(ld *l, const ynode *v, const char *what, int *n) {
  *n = 0;
  if (!v) return NULL;
  if (v->kind == YN_SCALAR) { /* one item may be written without the list */
    tj_text *t = arena_alloc(l->a, sizeof *t);
    *t = S_text_of(l, v, what);
    *n = 1;
    return t;
  }
  if (!S_seq(l, v, what)) return NULL;
  tj_text *t = arena_alloc(l->a, (v->n ? v->n : 1) * sizeof *t);
  for (size_t i = 0; i < v->n; i++) t[i] = S_text_of(l, v->items[i], what);
  *n = (int)v->n;
  return t;
}

static tj_table *S_table(ld *l, const ynode *v) {
  if (v->kind != YN_MAP) {
    ERR(v->pos, "wrong-type", "a table must be a mapping with 'columns' and 'rows'");
    return NULL;
  }
  static const char *const keys[] = {"columns", "rows", NULL};
  S_keys(l, v, "a table", keys);
  tj_table *t = arena_alloc(l->a, sizeof *t);
  t->pos = v->pos;
  const ynode *cols = S_need(l, v, "columns", "a table");
  if (cols && S_seq(l, cols, "'columns'")) t->cols = S_texts(l, cols, "a column title", &t->ncols);
  const ynode *rows = S_need(l, v, "rows", "a table");
  if (rows && S_seq(l, rows, "'rows'")) {
    t->rows = arena_alloc(l->a, (rows->n ? rows->n : 1) * sizeof *t->rows);
    for (size_t i = 0; i < rows->n; i++) {
      const ynode *r = rows->items[i];
      tj_row *row = &t->rows[t->nrows++];
      row->pos = r->pos;
      const ynode *cells = r;
      if (r->kind == YN_MAP) {
        static const char *const rk[] = {"cells", "when", NULL};
        S_keys(l, r, "a table row", rk);
        cells = S_need(l, r, "cells", "a table row");
        row->when = S_when(l, r);
      }
      if (cells && S_seq(l, cells, "a table row")) {
        row->cells = S_texts(l, cells, "a table cell", &row->n);
        if (t->ncols && row->n != t->ncols)
          ERR(r->pos, "table-shape", "this row has %d cells but the table has %d columns", row->n,
              t->ncols);
      }
    }
  }
  return t;
}

static void S_add_dep(ld *l, const char *path);

/* A number of pixels: a whole number from 0 to IMAGE_MAX_SIDE. */
static long S_pixel(ld *l, const ynode *map, const char *key, diag_pos *pos) {
  const ynode *v = S_need(l, map, key, "a callout");
  if (!v) return -1;
  *pos = v->pos;
  const char *s = v->kind == YN_SCALAR && v->plain ? v->str : NULL;
  long x = 0;
  int digits = 0;
  for (const char *p = s; p && *p >= '0' && *p <= '9' && digits < 6; p++, digits++)
    x = x * 10 + (*p - '0');
  if (!s || !digits || s[digits]) {
    ERR(v->pos, "wrong-type",
        "'%s' of a callout must be a whole number of pixels (0 at the image's %s edge), such as "
        "%s: 120",
        key, key[0] == 'x' ? "left" : "top", key);
    return -1;
  }
  return x;
}

static tj_callout *S_callouts(ld *l, const ynode *v, int *n) {
  *n = 0;
  if (!S_seq(l, v, "'callouts'")) return NULL;
  tj_callout *c = arena_alloc(l->a, (v->n ? v->n : 1) * sizeof *c);
  for (size_t i = 0; i < v->n; i++) {
    const ynode *x = v->items[i];
    if (x->kind != YN_MAP) {
      ERR(x->pos, "wrong-type",
          "a callout is a mapping such as {step: STEP-ID, x: 120, y: 80} (pixels of the image, "
          "origin top-left), not %s",
          S_kind_name(x));
      continue;
    }
    static const char *const keys[] = {"step", "x", "y", NULL};
    S_keys(l, x, "a callout", keys);
    tj_callout *k = &c[*n];
    k->pos = x->pos;
    k->step = S_id(l, x, "step", "a callout", &k->step_pos);
    k->x = S_pixel(l, x, "x", &k->x_pos);
    k->y = S_pixel(l, x, "y", &k->y_pos);
    if (k->step && k->x >= 0 && k->y >= 0) (*n)++;
  }
  return c;
}

/* Reads the image a screenshot names (once per file and manual): a located error at `image:`
 * for a file that is missing, leads outside the manuals folder, cannot be read, is no PNG or
 * JPEG, or passes the limits. These do not stop the load: the checks go on, the build stops. */
static const tj_image *S_image(ld *l, const char *rel, diag_pos pos) {
  if (!l->root) return NULL; /* a manual read from bytes (tests): no folder to read images from */
  if (l->image_index) {
    size_t at = (size_t)(uintptr_t)xmlHashLookup(l->image_index, BAD_CAST rel);
    if (at) return l->images[at - 1];
  }
  diag *d = l->d;
  buf p;
  buf_init(&p);
  buf_printf(&p, "%s/%s", l->root, rel);
  char real[PATH_MAX];
  int found = ytree_realpath(buf_cstr(&p), real) != NULL;
  buf_free(&p);
  if (!found) {
    diag_report(d, DIAG_ERROR, pos, "image-missing",
                "image '%s' does not exist in %s (images are read from the manuals folder: %s/%s); "
                "check the name, or leave out `image:` until the screenshot exists",
                rel, l->root_shown, l->root_shown, rel);
    return NULL;
  }
  size_t rl = strlen(l->root);
  if (strncmp(real, l->root, rl) != 0 || real[rl] != '/') {
    diag_report(d, DIAG_ERROR, pos, "image-missing",
                "image '%s' is a link that leads outside the manuals folder %s; copy the file into "
                "the folder",
                rel, l->root_shown);
    return NULL;
  }
  int fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    diag_report(d, DIAG_ERROR, pos, "image-unreadable", "image '%s' cannot be read: %s", rel,
                fd < 0 ? strerror(errno) : "it is not a regular file");
    if (fd >= 0) close(fd);
    return NULL;
  }
  if ((unsigned long long)st.st_size > IMAGE_MAX_BYTES) {
    diag_report(d, DIAG_ERROR, pos, "image-too-large",
                "image '%s' is %.1f MiB; the limit is %u MiB per image: save the screenshot "
                "smaller (PNG of the window, or JPEG)",
                rel, (double)st.st_size / (1 << 20), IMAGE_MAX_BYTES >> 20);
    close(fd);
    return NULL;
  }
  if ((size_t)st.st_size > IMAGE_MAX_TOTAL - l->image_bytes) {
    diag_report(d, DIAG_ERROR, pos, "image-too-large",
                "the images of this manual would take more than %u MiB with '%s'; save the "
                "screenshots smaller",
                IMAGE_MAX_TOTAL >> 20, rel);
    close(fd);
    return NULL;
  }
  size_t len = (size_t)st.st_size;
  unsigned char *data = arena_alloc(l->a, len ? len : 1);
  size_t got = util_read_full(fd, data, len);
  int err = errno;
  close(fd);
  if (got != len) {
    diag_report(d, DIAG_ERROR, pos, "image-unreadable", "image '%s' cannot be read: %s", rel,
                got < len ? "it changed size while it was read" : strerror(err));
    return NULL;
  }
  int w = 0, h = 0;
  const char *why = NULL;
  image_kind k = image_sniff(data, len, &w, &h, &why);
  if (!k) {
    diag_report(d, DIAG_ERROR, pos, "image-format",
                "image '%s' is %s; a screenshot is a PNG or JPEG file", rel, why);
    return NULL;
  }
  if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE) {
    diag_report(d, DIAG_ERROR, pos, "image-too-large",
                "image '%s' is larger than %d pixels a side; the limit is %d × %d: scale the "
                "screenshot down",
                rel, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
    return NULL;
  }
  int unsafe = util_make_unsafe(rel); /* the name goes into the dependency file `make` reads */
  if (unsafe) {
    diag_report(d, DIAG_ERROR, pos, "bad-path",
                "image '%s': the file name holds %s%c%s, which make cannot read in a dependency "
                "list; rename the file without ; = | ( ) or a leading ~",
                rel, unsafe < 0x20 || unsafe == 0x7F ? "a control character" : "'",
                unsafe < 0x20 || unsafe == 0x7F ? ' ' : unsafe,
                unsafe < 0x20 || unsafe == 0x7F ? "" : "'");
    return NULL;
  }
  tj_image *im = arena_alloc(l->a, sizeof *im);
  im->path = arena_strdup(l->a, rel);
  im->kind = k;
  im->width = w;
  im->height = h;
  im->data = data;
  im->len = len;
  sha256_hex(data, len, im->sha256);
  l->image_bytes += len;
  if (l->nimages == l->capimages) {
    l->capimages = l->capimages ? l->capimages * 2 : 8;
    l->images = xrealloc(l->images, (size_t)l->capimages * sizeof *l->images);
  }
  im->index = l->nimages;
  l->images[l->nimages++] = im;
  if (!l->image_index) l->image_index = xmlHashCreate(16);
  if (l->image_index)
    xmlHashAddEntry(l->image_index, BAD_CAST im->path, (void *)(uintptr_t)l->nimages);
  buf sh;
  buf_init(&sh);
  if (strcmp(l->root_shown, ".")) buf_printf(&sh, "%s/", l->root_shown);
  buf_puts(&sh, rel);
  S_add_dep(l, buf_cstr(&sh));
  buf_free(&sh);
  return im;
}

static tj_shot *S_shots(ld *l, const ynode *v, int *n) {
  *n = 0;
  const ynode *const *items = &v;
  size_t cnt = 1;
  if (v->kind == YN_SEQ) {
    items = (const ynode *const *)v->items;
    cnt = v->n;
  }
  tj_shot *s = arena_alloc(l->a, (cnt ? cnt : 1) * sizeof *s);
  for (size_t i = 0; i < cnt; i++) {
    const ynode *x = items[i];
    tj_shot *sh = &s[*n];
    sh->pos = x->pos;
    if (x->kind == YN_MAP) {
      static const char *const keys[] = {"caption", "image", "callouts", NULL};
      S_keys(l, x, "a screenshot", keys);
      sh->caption = S_str(l, x, "caption", 1, "a screenshot");
      sh->image = S_str(l, x, "image", 0, "a screenshot");
      if (sh->image) {
        const char *p = sh->image;
        sh->image_pos = ynode_get(x, "image")->pos;
        size_t pl = strlen(p);
        const char *dot = strrchr(p, '.');
        if (p[0] == '/' || strstr(p, "..") || strchr(p, ':') || strchr(p, '\\'))
          ERR(sh->image_pos, "bad-path",
              "image '%s' must be a relative path inside manuals/ (no '..', no '/' at the start, "
              "no scheme)",
              p);
        else if (p[0] == '.' || strstr(p, "/.") || strstr(p, "//") || p[pl - 1] == '/')
          ERR(sh->image_pos, "bad-path",
              "image '%s': no part of the path may start with '.' or be empty (it is published "
              "under the same path in out/); write it as images/NAME.png",
              p);
        else if (!dot || strchr(dot, '/') ||
                 (strcasecmp(dot, ".png") && strcasecmp(dot, ".jpg") && strcasecmp(dot, ".jpeg")))
          ERR(sh->image_pos, "bad-path",
              "image '%s': the file name must end in .png, .jpg or .jpeg (it is published under "
              "that name beside the HTML)",
              p);
        else
          sh->img = S_image(l, p, sh->image_pos);
      }
      const ynode *co = ynode_get(x, "callouts");
      if (co && !ynode_is_null(co)) sh->callouts = S_callouts(l, co, &sh->ncallouts);
    } else
      sh->caption = S_scalar(l, x, "a screenshot caption");
    if (!sh->caption) sh->caption = "";
    (*n)++;
  }
  return s;
}

static tj_ref *S_refs(ld *l, const ynode *v, int *n) {
  *n = 0;
  if (!v || !S_seq(l, v, "'refs'")) return NULL;
  size_t cnt = v->n;
  if (cnt > LOAD_MAX_REFS) {
    ERR(v->items[LOAD_MAX_REFS]->pos, "limit-refs",
        "more than %d refs on one block; each is looked for in the block's prose: tie the words of "
        "fewer literal references (or write {{page:ID}})",
        LOAD_MAX_REFS);
    cnt = LOAD_MAX_REFS;
  }
  tj_ref *r = arena_alloc(l->a, (cnt ? cnt : 1) * sizeof *r);
  for (size_t i = 0; i < cnt; i++) {
    const ynode *x = v->items[i];
    if (x->kind != YN_MAP) {
      ERR(x->pos, "wrong-type", "a ref must be a mapping like `{text: P4, page: prep-password}`");
      continue;
    }
    static const char *const keys[] = {"text", "page", "step", "doc", NULL};
    S_keys(l, x, "a ref", keys);
    tj_ref *ref = &r[*n];
    ref->pos = x->pos;
    ref->text = S_str(l, x, "text", 1, "a ref");
    int kinds = 0;
    static const char *const kn[] = {"page", "step", "doc"};
    for (int k = 0; k < 3; k++) {
      const ynode *t = ynode_get(x, kn[k]);
      if (!t) continue;
      kinds++;
      ref->kind = (tj_refkind)k;
      ref->target = S_scalar(l, t, kn[k]);
      ref->target_pos = t->pos;
    }
    if (kinds != 1) {
      ERR(x->pos, "ref-target", "a ref names exactly one target: `page:`, `step:` or `doc:`");
      continue;
    }
    if (ref->text && ref->target) (*n)++;
  }
  return r;
}

/* `ignore: [{rule: RULE, reason: WHY}]`: a finding silenced on this node, with its reason. */
static tj_ignores S_ignore(ld *l, const ynode *map) {
  tj_ignores ig = {0};
  const ynode *v = ynode_get(map, "ignore");
  if (!v || !S_seq(l, v, "'ignore'")) return ig;
  size_t cnt = v->n;
  if (cnt > LOAD_MAX_IGNORES) {
    ERR(v->items[LOAD_MAX_IGNORES]->pos, "limit-ignore",
        "more than %d ignore entries on one node; there are fewer rules than that (tejun check "
        "--list-rules)",
        LOAD_MAX_IGNORES);
    cnt = LOAD_MAX_IGNORES;
  }
  ig.v = arena_alloc(l->a, (cnt ? cnt : 1) * sizeof *ig.v);
  for (size_t i = 0; i < cnt; i++) {
    const ynode *x = v->items[i];
    if (x->kind != YN_MAP) {
      ERR(x->pos, "wrong-type",
          "an ignore entry is `{rule: RULE-ID, reason: why it is right here}`");
      continue;
    }
    static const char *const keys[] = {"rule", "reason", NULL};
    S_keys(l, x, "an ignore entry", keys);
    tj_ignore *g = &ig.v[ig.n];
    g->pos = x->pos;
    g->rule = S_str(l, x, "rule", 1, "an ignore entry");
    g->reason = S_str(l, x, "reason", 1, "an ignore entry (say why the finding is wrong here)");
    if (g->rule && g->reason) ig.n++;
  }
  return ig;
}

static void S_add_step(ld *l, tj_step *s) {
  if (l->nsteps == l->capsteps) {
    l->capsteps = l->capsteps ? l->capsteps * 2 : 32;
    l->steps = xrealloc(l->steps, (size_t)l->capsteps * sizeof *l->steps);
  }
  s->index = l->nsteps;
  l->steps[l->nsteps++] = s;
}

/* An optional one-line text under `key` of v (a step's `short`, a block's `wait`): the string, or
 * NULL; its position and scalar into *pos and *src; the same as a text into *line. */
static const char *S_line(ld *l, const ynode *v, const char *key, const char *what, diag_pos *pos,
                          const ynode **src, tj_text *line) {
  const char *t = S_str(l, v, key, 0, what);
  const ynode *n = ynode_get(v, key);
  if (n) {
    *pos = n->pos;
    *src = n;
  }
  if (t) S_inline_depth(l, t, *pos);
  line->md = t;
  line->pos = *pos;
  line->src = *src;
  return t;
}

/* A block's when, refs, wait and ignore (a step's stand under `step:`); `what` names it. */
static void S_block_keys(ld *l, const ynode *v, tj_block *b, const char *what) {
  b->when = S_when(l, v);
  b->refs = S_refs(l, ynode_get(v, "refs"), &b->nrefs);
  b->wait = S_line(l, v, "wait", what, &b->wait_pos, &b->wait_src, &b->wait_line);
  b->ignore = S_ignore(l, v);
}

static tj_step *S_step(ld *l, const ynode *v, tj_block *b) {
  if (v->kind != YN_MAP) {
    ERR(v->pos, "wrong-type", "a step must be a mapping with 'id' and 'text'");
    return NULL;
  }
  static const char *const keys[] = {"id",    "number", "text",   "short",      "notes",
                                     "items", "table",  "code",   "screenshot", "when",
                                     "refs",  "wait",   "ignore", NULL};
  S_keys(l, v, "a step", keys);
  tj_step *s = arena_alloc(l->a, sizeof *s);
  s->pos = v->pos;
  s->id = S_id(l, v, "id", "a step", &s->id_pos);
  if (!s->id) s->id = "";
  const ynode *num = ynode_get(v, "number");
  if (num) {
    s->number = S_scalar(l, num, "'number'");
    s->number_pos = num->pos;
  }
  const ynode *t = S_need(l, v, "text", "a step");
  if (t)
    s->text = S_text_of(l, t, "the text of a step");
  else
    s->text.md = "";
  s->notes = S_texts(l, ynode_get(v, "notes"), "a note", &s->nnotes);
  s->items = S_texts(l, ynode_get(v, "items"), "an item", &s->nitems);
  const ynode *tb = ynode_get(v, "table");
  if (tb) s->table = S_table(l, tb);
  const ynode *c = ynode_get(v, "code");
  if (c) {
    s->code = S_scalar(l, c, "'code'");
    s->code_pos = c->pos;
  }
  const ynode *sh = ynode_get(v, "screenshot");
  if (sh) s->shots = S_shots(l, sh, &s->nshots);
  s->short_text = S_line(l, v, "short", "a step", &s->short_pos, &s->short_src, &s->short_line);
  S_block_keys(l, v, b, "a step");
  S_add_step(l, s);
  return s;
}

static const char *const S_block_kinds[] = {"text",  "heading", "note",       "list", "step",
                                            "table", "code",    "screenshot", NULL};

static void S_block(ld *l, const ynode *v, tj_block *b) {
  b->pos = v->pos;
  if (v->kind != YN_MAP) {
    ERR(v->pos, "wrong-type",
        "a block of the body must be a mapping with one of: text, heading, note, list, step, "
        "table, code, screenshot");
    return;
  }
  int kind = -1, nkinds = 0;
  for (int k = 0; S_block_kinds[k]; k++)
    if (ynode_get(v, S_block_kinds[k])) {
      kind = k;
      nkinds++;
    }
  static const char *const common[] = {"text",  "heading", "note",       "list", "step",
                                       "table", "code",    "screenshot", "when", "refs",
                                       "wait",  "ignore",  NULL};
  S_keys(l, v, "a block", common);
  if (nkinds != 1) {
    ERR(v->pos, "block-kind",
        nkinds
            ? "a block has exactly one of text, heading, note, list, step, table, code, screenshot "
              "(this one has %d); start a new `- ` item for each"
            : "a block needs one of text, heading, note, list, step, table, code, screenshot%.0d",
        nkinds);
    return;
  }
  const ynode *x = ynode_get(v, S_block_kinds[kind]);
  b->kind = (tj_bkind)kind;
  if (b->kind != BK_STEP)
    S_block_keys(l, v, b, "a block");
  else if (ynode_get(v, "when") || ynode_get(v, "refs") || ynode_get(v, "wait") ||
           ynode_get(v, "ignore")) {
    ERR(v->pos, "misplaced-key",
        "write 'when', 'refs', 'wait' and 'ignore' of a step inside the step, indented under "
        "`step:`");
  }
  switch (b->kind) {
  case BK_TEXT:
  case BK_HEADING:
  case BK_NOTE: b->text = S_text_of(l, x, S_block_kinds[kind]); break;
  case BK_LIST:
    if (S_seq(l, x, "'list'")) b->items = S_texts(l, x, "a list item", &b->nitems);
    break;
  case BK_STEP: b->step = S_step(l, x, b); break;
  case BK_TABLE: b->table = S_table(l, x); break;
  case BK_CODE: b->code = S_scalar(l, x, "'code'"); break;
  case BK_SHOT: {
    int n = 0;
    tj_shot *s = S_shots(l, x, &n);
    if (n != 1)
      ERR(x->pos, "wrong-type", "a screenshot block holds one screenshot");
    else
      b->shot = s[0];
    break;
  }
  default: ERR(v->pos, "internal", "unhandled block kind");
  }
}

static void S_add_page(ld *l, tj_page *p) {
  if (l->npages == l->cappages) {
    l->cappages = l->cappages ? l->cappages * 2 : 32;
    l->pages = xrealloc(l->pages, (size_t)l->cappages * sizeof *l->pages);
  }
  p->index = l->npages;
  l->pages[l->npages++] = p;
}

static void S_add_dep(ld *l, const char *path) {
  if (l->ndeps == l->capdeps) {
    l->capdeps = l->capdeps ? l->capdeps * 2 : 8;
    l->deps = xrealloc(l->deps, (size_t)l->capdeps * sizeof *l->deps);
  }
  l->deps[l->ndeps++] = arena_strdup(l->a, path);
}

static void S_pages(ld *l, const ynode *pages, const char *from);

static void S_include(ld *l, const ynode *v, const char *from) {
  const ynode *inc = ynode_get(v, "include");
  static const char *const keys[] = {"include", NULL};
  S_keys(l, v, "an include", keys);
  const char *rel = S_scalar(l, inc, "'include'");
  if (!rel) return;
  if (!l->root) {
    ERR(inc->pos, "include", "includes are not available here");
    return;
  }
  if (rel[0] == '/' || strstr(rel, "..") || strchr(rel, '\\')) {
    ERR(inc->pos, "include-outside",
        "include '%s' must be a relative path inside the manuals folder %s, such as "
        "shared/prep.yaml (no '..', no leading '/')",
        rel, l->root_shown);
    return;
  }
  int unsafe = util_make_unsafe(rel); /* the name goes into the dependency file `make` reads */
  if (unsafe) {
    if (unsafe < 0x20 || unsafe == 0x7F)
      ERR(inc->pos, "include-name",
          "include '%s': the file name holds a control character (0x%02x), which make cannot read "
          "in a dependency list; rename the file",
          rel, unsafe);
    else
      ERR(inc->pos, "include-name",
          "include '%s': the file name holds '%c', which make cannot read in a dependency list "
          "(tejun writes one for `make`); rename the file without ; = | ( ) or a leading ~",
          rel, unsafe);
    return;
  }
  buf p;
  buf_init(&p);
  buf_printf(&p, "%s/%s", l->root, rel);
  char real[PATH_MAX];
  if (!ytree_realpath(buf_cstr(&p), real)) {
    ERR(inc->pos, "include-missing",
        "included file '%s' does not exist in %s; check the name (shared pages live in %s/shared/)",
        rel, l->root_shown, l->root_shown);
    buf_free(&p);
    return;
  }
  buf_free(&p);
  buf sh;
  buf_init(&sh);
  if (strcmp(l->root_shown, ".")) buf_printf(&sh, "%s/", l->root_shown);
  buf_puts(&sh, rel);
  const char *shown = arena_strdup(l->a, buf_cstr(&sh));
  buf_free(&sh);
  size_t rl = strlen(l->root);
  if (strncmp(real, l->root, rl) != 0 || real[rl] != '/') {
    ERR(inc->pos, "include-outside",
        "included file '%s' is a link that leads outside the manuals folder %s", rel,
        l->root_shown);
    return;
  }
  for (int i = 0; i < l->depth; i++)
    if (!strcmp(l->stack[i], real)) {
      buf chain;
      buf_init(&chain);
      for (int k = i; k < l->depth; k++) {
        buf_puts(&chain, l->shown[k]);
        buf_puts(&chain, " → ");
      }
      buf_puts(&chain, shown);
      ERR(inc->pos, "include-cycle", "include cycle: %s; remove one of the includes",
          buf_cstr(&chain));
      buf_free(&chain);
      return;
    }
  if (l->depth >= LOAD_MAX_INCLUDE_DEPTH) {
    ERR(inc->pos, "include-depth", "includes nested deeper than %d levels", LOAD_MAX_INCLUDE_DEPTH);
    return;
  }
  /* every include is read again where it stands: a file that includes another ten times, in a
   * chain of seven, would read ten million files; the total is capped, in files and bytes */
  if (l->capped) return;
  struct stat st;
  size_t bytes = stat(real, &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
  if (l->includes >= LOAD_MAX_INCLUDES || bytes > LOAD_MAX_INCLUDED_BYTES - l->included) {
    if (l->includes >= LOAD_MAX_INCLUDES)
      ERR(inc->pos, "include-limit",
          "more than %d includes for one manual (a file included ten times is read ten times); "
          "include each shared file once, from the manual",
          LOAD_MAX_INCLUDES);
    else
      ERR(inc->pos, "include-limit",
          "the includes of this manual would read more than %u MiB (a file included ten times is "
          "read ten times); include each shared file once, from the manual",
          LOAD_MAX_INCLUDED_BYTES >> 20);
    l->capped = 1;
    return;
  }
  l->includes++;
  l->included += bytes;
  int io = 0;
  ynode *root = ytree_read_cached(l->a, l->d, real, shown, &io);
  S_add_dep(l, shown);
  if (!root) {
    l->failed = 1;
    return;
  }
  if (root->kind != YN_MAP) {
    ERR(root->pos, "wrong-type", "a shared file is a mapping with `pages:`");
    return;
  }
  static const char *const fk[] = {"pages", NULL};
  S_keys(l, root, "a shared file", fk);
  const ynode *pages = S_need(l, root, "pages", "a shared file");
  l->shown[l->depth] = shown;
  l->stack[l->depth++] = arena_strdup(l->a, real);
  if (pages && S_seq(l, pages, "'pages'")) S_pages(l, pages, shown);
  l->depth--;
  (void)from;
}

static void S_page(ld *l, const ynode *v, const char *from) {
  static const char *const keys[] = {"id",      "procedure", "qualifier", "title", "divider",
                                     "service", "when",      "ignore",    "body",  NULL};
  S_keys(l, v, "a page", keys);
  tj_page *p = arena_alloc(l->a, sizeof *p);
  p->pos = v->pos;
  p->from = from;
  p->id = S_id(l, v, "id", "a page", &p->id_pos);
  if (!p->id) p->id = "";
  p->procedure = S_str(l, v, "procedure", 1, "a page");
  if (!p->procedure) p->procedure = "";
  p->qualifier = S_str(l, v, "qualifier", 0, "a page");
  p->title = S_str(l, v, "title", 0, "a page");
  const ynode *tv = ynode_get(v, "title");
  if (tv) {
    p->title_pos = tv->pos;
    p->title_src = tv;
  }
  p->divider = S_bool(l, v, "divider");
  const ynode *sv = ynode_get(v, "service");
  if (sv) {
    p->service_pos = sv->pos;
    const ynode *const *items = &sv;
    size_t n = 1;
    if (sv->kind == YN_SEQ) {
      items = (const ynode *const *)sv->items;
      n = sv->n;
    }
    p->services = arena_alloc(l->a, (n ? n : 1) * sizeof *p->services);
    for (size_t i = 0; i < n; i++) {
      const char *s = S_scalar(l, items[i], "a service");
      if (!s) continue;
      if (!catalog_service(l->cat, s)) {
        catalog_unknown_service(l->d, items[i]->pos, l->cat, s);
        l->failed = 1;
        continue;
      }
      p->services[p->nservices++] = s;
    }
  }
  p->when = S_when(l, v);
  p->ignore = S_ignore(l, v);
  S_add_page(l, p);
  const ynode *body = S_need(l, v, "body", "a page");
  if (body && S_seq(l, body, "'body'")) {
    p->blocks = arena_alloc(l->a, (body->n ? body->n : 1) * sizeof *p->blocks);
    for (size_t i = 0; i < body->n; i++) {
      tj_block *b = &p->blocks[p->nblocks++];
      S_block(l, body->items[i], b);
      if (b->kind == BK_STEP && b->step) b->step->page = p->index;
    }
  }
}

static void S_pages(ld *l, const ynode *pages, const char *from) {
  for (size_t i = 0; i < pages->n; i++) {
    const ynode *v = pages->items[i];
    if (v->kind != YN_MAP) {
      ERR(v->pos, "wrong-type",
          "a page must be a mapping (id, procedure, body) or `include: shared/FILE.yaml`");
      continue;
    }
    if (ynode_get(v, "include"))
      S_include(l, v, from);
    else
      S_page(l, v, from);
  }
}

/* Page ids and step ids are unique in a manual (one pass, through the manual's id index). */
static void S_unique(ld *l, tj_manual *m) {
  int *fp = xmalloc((size_t)(m->npages + 1) * sizeof *fp),
      *fs = xmalloc((size_t)(m->nsteps + 1) * sizeof *fs);
  manual_index(m, fp, fs);
  for (int i = 0; i < m->npages; i++)
    if (fp[i] >= 0)
      ERR(m->pages[i]->id_pos, "duplicate-id",
          "page id '%s' is used twice (first at %s:%d:%d); page ids are unique in a manual",
          m->pages[i]->id, m->pages[fp[i]]->id_pos.file, m->pages[fp[i]]->id_pos.line,
          m->pages[fp[i]]->id_pos.col);
  for (int i = 0; i < m->nsteps; i++)
    if (fs[i] >= 0)
      ERR(m->steps[i]->id_pos, "duplicate-id",
          "step id '%s' is used twice (first at %s:%d:%d); step ids are unique in a manual",
          m->steps[i]->id, m->steps[fs[i]]->id_pos.file, m->steps[fs[i]]->id_pos.line,
          m->steps[fs[i]]->id_pos.col);
  free(fp);
  free(fs);
}

static tj_manual *S_manual(ld *l, const ynode *root, const char *shown) {
  tj_manual *m = arena_alloc(l->a, sizeof *m);
  m->a = l->a;
  m->cat = l->cat;
  m->file = arena_strdup(l->a, shown);
  m->pos = root->pos;
  S_add_dep(l, shown);
  if (l->cat->file) S_add_dep(l, l->cat->file);
  if (root->kind != YN_MAP) {
    ERR(root->pos, "wrong-type", "a manual is a mapping that starts with `id:`");
    return m;
  }
  static const char *const keys[] = {"id",         "title",     "services", "label",
                                     "trademarks", "changelog", "pages",    NULL};
  S_keys(l, root, "the manual", keys);
  m->id = S_id(l, root, "id", "the manual", NULL);
  if (!m->id) m->id = "";
  m->title = S_str(l, root, "title", 1, "the manual");
  if (!m->title) m->title = "";
  const ynode *tv = ynode_get(root, "title");
  if (tv) {
    m->title_pos = tv->pos;
    m->title_src = tv;
  }
  m->label = S_str(l, root, "label", 0, "the manual");
  if (!m->label) m->label = l->cat->label ? l->cat->label : "";
  const ynode *sv = S_need(l, root, "services", "the manual");
  if (sv && S_seq(l, sv, "'services'")) {
    m->services = arena_alloc(l->a, (sv->n ? sv->n : 1) * sizeof *m->services);
    for (size_t i = 0; i < sv->n; i++) {
      const char *s = S_scalar(l, sv->items[i], "a service");
      if (!s) continue;
      if (!catalog_service(l->cat, s)) {
        catalog_unknown_service(l->d, sv->items[i]->pos, l->cat, s);
        l->failed = 1;
        continue;
      }
      int dup = 0; /* the manual is built once per service: twice would build it twice */
      for (int k = 0; k < m->nservices && !dup; k++) dup = !strcmp(m->services[k], s);
      if (dup) {
        ERR(sv->items[i]->pos, "duplicate", "service '%s' is listed twice; list each service once",
            s);
        continue;
      }
      m->services[m->nservices++] = s;
    }
  }
  const ynode *tm = S_need(l, root, "trademarks", "the manual");
  if (tm && S_seq(l, tm, "'trademarks'"))
    m->trademarks = S_texts(l, tm, "a trademark line", &m->ntm);
  const ynode *cl = S_need(l, root, "changelog", "the manual");
  if (cl && S_seq(l, cl, "'changelog'")) {
    if (cl->n == 0)
      ERR(cl->pos, "changelog-empty",
          "the change log is empty; its last row gives every output its version");
    m->revs = arena_alloc(l->a, (cl->n ? cl->n : 1) * sizeof *m->revs);
    for (size_t i = 0; i < cl->n; i++) {
      const ynode *r = cl->items[i];
      if (r->kind != YN_MAP) {
        ERR(r->pos, "wrong-type", "a change-log row is a mapping with version, date and text");
        continue;
      }
      static const char *const rk[] = {"version", "date", "text", NULL};
      S_keys(l, r, "a change-log row", rk);
      tj_rev *rev = &m->revs[m->nrevs];
      rev->pos = r->pos;
      rev->version = S_str(l, r, "version", 1, "a change-log row");
      rev->date = S_str(l, r, "date", 1, "a change-log row");
      rev->text = S_str(l, r, "text", 1, "a change-log row");
      size_t tl = rev->text ? utf8_count(rev->text, strlen(rev->text)) : 0;
      if (tl > LOAD_MAX_ROW_TEXT) {
        ERR(ynode_get(r, "text")->pos, "too-long",
            "the text of a change-log row is %zu characters long; the limit is %d (a row is one "
            "line of the change log): shorten it",
            tl, LOAD_MAX_ROW_TEXT);
        rev->text = NULL;
      }
      const ynode *x;
      if ((x = ynode_get(r, "version"))) rev->version_pos = x->pos;
      if ((x = ynode_get(r, "date"))) rev->date_pos = x->pos;
      if (rev->date) {
        const char *s = rev->date;
        int ok = strlen(s) == 10 && s[4] == '-' && s[7] == '-';
        for (int k = 0; ok && k < 10; k++)
          if (k != 4 && k != 7 && (s[k] < '0' || s[k] > '9')) ok = 0;
        if (!ok)
          ERR(rev->date_pos, "bad-date", "date '%s' must be written YYYY-MM-DD, e.g. 2024-04-19",
              s);
      }
      if (rev->version && rev->date && rev->text) m->nrevs++;
    }
  }
  const ynode *pages = S_need(l, root, "pages", "the manual");
  if (pages && S_seq(l, pages, "'pages'")) S_pages(l, pages, NULL);
  return m;
}

static tj_manual *S_finish(ld *l, tj_manual *m) {
  m->pages = arena_alloc(l->a, (size_t)(l->npages ? l->npages : 1) * sizeof *m->pages);
  if (l->npages) memcpy(m->pages, l->pages, (size_t)l->npages * sizeof *m->pages);
  m->npages = l->npages;
  m->steps = arena_alloc(l->a, (size_t)(l->nsteps ? l->nsteps : 1) * sizeof *m->steps);
  if (l->nsteps) memcpy(m->steps, l->steps, (size_t)l->nsteps * sizeof *m->steps);
  m->nsteps = l->nsteps;
  m->deps = arena_alloc(l->a, (size_t)(l->ndeps ? l->ndeps : 1) * sizeof *m->deps);
  if (l->ndeps) memcpy(m->deps, l->deps, (size_t)l->ndeps * sizeof *m->deps);
  m->ndeps = l->ndeps;
  m->images = arena_alloc(l->a, (size_t)(l->nimages ? l->nimages : 1) * sizeof *m->images);
  if (l->nimages) memcpy(m->images, l->images, (size_t)l->nimages * sizeof *m->images);
  m->nimages = l->nimages;
  free(l->pages);
  free(l->steps);
  free(l->deps);
  free(l->images);
  if (l->image_index) xmlHashFree(l->image_index, NULL);
  S_unique(l, m);
  if (l->failed) {
    manual_free(m);
    return NULL;
  }
  return m;
}

static tj_manual *S_load(diag *d, const tj_catalog *cat, ynode *root, arena *a, const char *shown,
                         const char *root_dir, const char *root_shown, const char *real) {
  ld l;
  memset(&l, 0, sizeof l);
  l.d = d;
  l.a = a;
  l.cat = cat;
  l.root = root_dir;
  l.root_shown = root_shown ? arena_strdup(a, root_shown) : ".";
  l.near_budget = UTIL_NEAR_BUDGET;
  if (real) {
    l.shown[l.depth] = shown;
    l.stack[l.depth++] = real;
  }
  tj_manual *m = S_manual(&l, root, shown);
  m = S_finish(&l, m);
  util_near_free(l.near_cond);
  return m;
}

static const char *S_root(arena *a, diag *d, const char *root) {
  if (!root) return NULL;
  char real[PATH_MAX];
  if (!ytree_realpath(root, real)) {
    diag_pos p = {root, 0, 0};
    diag_report(d, DIAG_ERROR, p, "io", "manuals folder not found: %s", strerror(errno));
    return NULL;
  }
  return arena_strdup(a, real);
}

tj_manual *manual_load(diag *d, const tj_catalog *cat, const char *path, const char *root,
                       int *io_error) {
  arena *a = arena_new();
  ynode *y = ytree_read_file(a, d, path, path, io_error, NULL, NULL);
  if (!y) {
    arena_free(a);
    return NULL;
  }
  const char *r = S_root(a, d, root);
  if (root && !r) {
    *io_error = 1;
    arena_free(a);
    return NULL;
  }
  char real[PATH_MAX];
  const char *rp = realpath(path, real) ? arena_strdup(a, real) : NULL;
  return S_load(d, cat, y, a, path, r, root, rp);
}

tj_manual *manual_load_bytes(diag *d, const tj_catalog *cat, const char *data, size_t len,
                             const char *shown, const char *root) {
  arena *a = arena_new();
  ynode *y = ytree_read_bytes(a, d, data, len, shown);
  if (!y) {
    arena_free(a);
    return NULL;
  }
  const char *r = S_root(a, d, root);
  return S_load(d, cat, y, a, shown, r, root, NULL);
}

/* An entry of a catalog list (`what`: "a service"): a mapping with `with` (else reported, 0) and
 * only the keys `keys`; its `id` read into *id (NULL when missing or bad). */
static int S_entry(ld *l, const ynode *x, const char *what, const char *with,
                   const char *const *keys, const char **id) {
  if (x->kind != YN_MAP) {
    ERR(x->pos, "wrong-type", "%s is a mapping with %s", what, with);
    return 0;
  }
  S_keys(l, x, what, keys);
  *id = S_id(l, x, "id", what, NULL);
  return 1;
}

static tj_catalog *S_catalog(diag *d, arena *a, ynode *root, const char *shown) {
  ld lv, *l = &lv;
  memset(l, 0, sizeof *l);
  l->d = d;
  l->a = a;
  tj_catalog *c = arena_alloc(a, sizeof *c);
  c->a = a;
  c->file = arena_strdup(a, shown);
  if (root->kind != YN_MAP) {
    ERR(root->pos, "wrong-type",
        "the catalog is a mapping with publisher, product, label, services, documents, conditions");
    arena_free(a);
    return NULL;
  }
  static const char *const keys[] = {"publisher", "product",    "label", "services",
                                     "documents", "conditions", NULL};
  S_keys(l, root, "the catalog", keys);
  c->publisher = S_str(l, root, "publisher", 1, "the catalog");
  c->product = S_str(l, root, "product", 1, "the catalog");
  c->label = S_str(l, root, "label", 1, "the catalog");
  const ynode *sv = S_need(l, root, "services", "the catalog");
  if (sv && S_seq(l, sv, "'services'")) {
    size_t cnt = sv->n;
    if (cnt > LOAD_MAX_SERVICES) {
      ERR(sv->items[LOAD_MAX_SERVICES]->pos, "limit-services",
          "more than %d services in the catalog; each is a view of its manuals, built and printed "
          "on its own",
          LOAD_MAX_SERVICES);
      cnt = LOAD_MAX_SERVICES;
    }
    c->services = arena_alloc(a, (cnt ? cnt : 1) * sizeof *c->services);
    for (size_t i = 0; i < cnt; i++) {
      const ynode *x = sv->items[i];
      static const char *const k[] = {"id", "name", NULL};
      tj_service *s = &c->services[c->nservices];
      if (!S_entry(l, x, "a service", "id and name", k, &s->id)) continue;
      s->name = S_str(l, x, "name", 1, "a service");
      if (s->id && s->name) c->nservices++;
    }
  }
  const ynode *dv = ynode_get(root, "documents");
  if (dv && S_seq(l, dv, "'documents'")) {
    c->docs = arena_alloc(a, (dv->n ? dv->n : 1) * sizeof *c->docs);
    for (size_t i = 0; i < dv->n; i++) {
      const ynode *x = dv->items[i];
      static const char *const k[] = {"id", "title", "note", NULL};
      tj_doc *s = &c->docs[c->ndocs];
      if (!S_entry(l, x, "a document", "id and title", k, &s->id)) continue;
      s->title = S_str(l, x, "title", 1, "a document");
      size_t tl = s->title ? utf8_count(s->title, strlen(s->title)) : 0;
      if (tl >
          LOAD_MAX_TITLE) { /* titles are looked for in the prose: a bound on each comparison */
        ERR(ynode_get(x, "title")->pos, "too-long",
            "a document title of %zu characters; the limit is %d: shorten it", tl, LOAD_MAX_TITLE);
        s->title = NULL;
      }
      if (s->id && s->title) c->ndocs++;
    }
  }
  const ynode *cv = ynode_get(root, "conditions");
  if (cv && S_seq(l, cv, "'conditions'")) {
    c->conds = arena_alloc(a, (cv->n ? cv->n : 1) * sizeof *c->conds);
    for (size_t i = 0; i < cv->n; i++) {
      const ynode *x = cv->items[i];
      static const char *const k[] = {"id", "kind", "label", NULL};
      tj_cond *s = &c->conds[c->nconds];
      if (!S_entry(l, x, "a condition", "id, kind and label", k, &s->id)) continue;
      s->kind = S_str(l, x, "kind", 1, "a condition");
      s->label = S_str(l, x, "label", 1, "a condition");
      if (s->kind && strcmp(s->kind, "plan") && strcmp(s->kind, "mip") && strcmp(s->kind, "region"))
        ERR(ynode_get(x, "kind")->pos, "bad-value",
            "condition kind '%s' must be plan, mip or region", s->kind);
      if (s->id && s->kind && s->label) c->nconds++;
    }
  }
  if (l->failed) {
    arena_free(a);
    return NULL;
  }
  catalog_index(c);
  return c;
}

tj_catalog *catalog_load(diag *d, const char *path, int *io_error) {
  arena *a = arena_new();
  ynode *y = ytree_read_file(a, d, path, path, io_error, NULL, NULL);
  if (!y) {
    arena_free(a);
    return NULL;
  }
  return S_catalog(d, a, y, path);
}

tj_catalog *catalog_load_bytes(diag *d, const char *data, size_t len, const char *shown) {
  arena *a = arena_new();
  ynode *y = ytree_read_bytes(a, d, data, len, shown);
  if (!y) {
    arena_free(a);
    return NULL;
  }
  return S_catalog(d, a, y, shown);
}

/* The header scan: libyaml's events of the root mapping, up to its `id` and `services`. */
typedef struct hscan {
  yaml_parser_t p;
  yaml_event_t e;
  int have;
  FILE *f;
} hscan;

/* libyaml decodes all the input it has been given before it scans a token: handed the file a
 * kilobyte at a time, it decodes little more than the head the scan reads (the id and the
 * services stand at the top of a manual), not the whole manual once more before its load. */
static int S_head_chunk(void *data, unsigned char *buffer, size_t size, size_t *size_read) {
  hscan *s = data;
  size_t n = fread(buffer, 1, size < 1024 ? size : 1024, s->f);
  *size_read = n;
  return n > 0 || !ferror(s->f);
}

static int S_next(hscan *s) {
  if (s->have) yaml_event_delete(&s->e);
  s->have = yaml_parser_parse(&s->p, &s->e) != 0;
  return s->have && s->e.type != YAML_NO_EVENT;
}

/* Skips the value that starts with the current event (a scalar, or a whole collection). */
static int S_skip(hscan *s) {
  int depth = 0;
  do {
    if (s->e.type == YAML_MAPPING_START_EVENT || s->e.type == YAML_SEQUENCE_START_EVENT)
      depth++;
    else if (s->e.type == YAML_MAPPING_END_EVENT || s->e.type == YAML_SEQUENCE_END_EVENT)
      depth--;
    if (depth == 0) return 1;
  } while (S_next(s));
  return 0;
}

int load_head_read(const char *path, load_head *h) {
  memset(h, 0, sizeof *h);
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    fclose(f);
    return -1;
  } /* a FIFO would block */
  hscan s;
  memset(&s, 0, sizeof s);
  yaml_parser_initialize(&s.p);
  s.f = f;
  yaml_parser_set_input(&s.p, S_head_chunk, &s);
  int ok = S_next(&s) && s.e.type == YAML_STREAM_START_EVENT && S_next(&s) &&
           s.e.type == YAML_DOCUMENT_START_EVENT && S_next(&s) &&
           s.e.type == YAML_MAPPING_START_EVENT;
  int got_id = 0, got_services = 0;
  while (ok && !(got_id && got_services) && S_next(&s) && s.e.type != YAML_MAPPING_END_EVENT) {
    if (s.e.type != YAML_SCALAR_EVENT) {
      ok = S_skip(&s) && S_next(&s) && S_skip(&s);
      continue;
    } /* a complex key */
    const char *k = (const char *)s.e.data.scalar.value;
    int is_id = !strcmp(k, "id") && !got_id, is_sv = !strcmp(k, "services") && !got_services;
    if (!S_next(&s)) {
      ok = 0;
      break;
    }
    diag_pos at = {path, (int)s.e.start_mark.line + 1, (int)s.e.start_mark.column + 1};
    if (is_id && s.e.type == YAML_SCALAR_EVENT) {
      h->id = xstrdup((const char *)s.e.data.scalar.value);
      h->id_pos = at;
      got_id = 1;
    } else if (is_sv && s.e.type == YAML_SEQUENCE_START_EVENT) {
      got_services = 1;
      int cap = 0;
      while ((ok = S_next(&s)) && s.e.type != YAML_SEQUENCE_END_EVENT) {
        if (s.e.type != YAML_SCALAR_EVENT) {
          ok = S_skip(&s);
          if (!ok) break;
          continue;
        }
        if (h->nservices == cap) {
          cap = cap ? cap * 2 : 8;
          h->services = xrealloc(h->services, (size_t)cap * sizeof *h->services);
          h->service_pos = xrealloc(h->service_pos, (size_t)cap * sizeof *h->service_pos);
        }
        h->service_pos[h->nservices].file = path;
        h->service_pos[h->nservices].line = (int)s.e.start_mark.line + 1;
        h->service_pos[h->nservices].col = (int)s.e.start_mark.column + 1;
        h->services[h->nservices++] = xstrdup((const char *)s.e.data.scalar.value);
      }
    } else
      ok = S_skip(&s);
  }
  if (s.have) yaml_event_delete(&s.e);
  yaml_parser_delete(&s.p);
  fclose(f);
  return got_id || got_services ? 0 : -1;
}

void load_head_free(load_head *h) {
  free(h->id);
  for (int i = 0; i < h->nservices; i++) free(h->services[i]);
  free(h->services);
  free(h->service_pos);
  memset(h, 0, sizeof *h);
}
