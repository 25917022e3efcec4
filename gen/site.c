/* site.c: what the landing page lists: the manuals, their releases folders and the customer
 * profiles say what there is; the files under the output folder say what is linked. */
#include "site.h"
#include "xmlutil.h"
#include "manifest.h"
#include "release.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct s_redline {
  char *from;
  int html, md;
} s_redline;

/* One version of a manual: a release, or its version now when that is not released. */
typedef struct s_row {
  char *tag, *version, *date;
  char *summary; /* its change-log row's text, or NULL */
  int released, current;
  s_redline *rl;
  int nrl, caprl;
} s_row;

typedef struct s_man {
  s_row *rows;
  int nrows, caprows;
} s_man;

typedef struct ctx {
  diag *d;
  const site_input *in;
  arena *a;
  tj_ids ix; /* manual ids → index in in->manuals */
  s_man *ms; /* per manual */
  int *order; /* the manuals as listed: in catalog order of their first service */
  int failed;
} ctx;

static const char *S_key(const void *items, int i) {
  return ((const tj_manual *const *)items)[i]->id;
}

/* A release tag: [0-9]+(\.[0-9]+)*, at most 32 characters. */
static int S_tag_ok(const char *s, size_t n) {
  if (n == 0 || n > 32) return 0;
  int digit = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] >= '0' && s[i] <= '9')
      digit = 1;
    else if (s[i] == '.' && digit)
      digit = 0;
    else
      return 0;
  }
  return digit;
}

/* Tags compared part by part as numbers ("2.10" > "2.9"; missing parts count as 0), without
 * converting them (a part may be longer than a long); equal values by their spelling. */
static int S_tagcmp(const char *a, const char *b) {
  const char *a0 = a, *b0 = b;
  for (;;) {
    while (*a == '0' && a[1] >= '0' && a[1] <= '9') a++;
    while (*b == '0' && b[1] >= '0' && b[1] <= '9') b++;
    size_t la = strspn(a, "0123456789"), lb = strspn(b, "0123456789");
    if (la != lb) return la < lb ? -1 : 1;
    int c = memcmp(a, b, la);
    if (c) return c < 0 ? -1 : 1;
    a += la;
    b += lb;
    if (*a == '.') a++;
    if (*b == '.') b++;
    if (!*a || !*b) break;
  }
  const char *rest = *a ? a : b;
  if (*rest && strspn(rest, "0.") != strlen(rest)) return *a ? 1 : -1;
  int c = strcmp(a0, b0);
  return (c > 0) - (c < 0);
}

/* A relative link built from ids and tags: segments of [a-z0-9.-] that do not start with a
 * dot (so no "..", no scheme, no absolute path). Checked again here, whatever built it. */
static int S_href_ok(const char *s) {
  if (!*s) return 0;
  for (const char *p = s; *p; p++) {
    char ch = *p;
    int seg_start = p == s || p[-1] == '/';
    if (seg_start && !((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))) return 0;
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
          ch == '/'))
      return 0;
  }
  return s[strlen(s) - 1] != '/';
}

/* 1 when DIR/rel is a regular file (symlinks followed). */
static int S_file(const ctx *c, const char *rel) {
  buf p;
  buf_init(&p);
  buf_printf(&p, "%s/%s", c->in->out, rel);
  struct stat st;
  int ok = stat(buf_cstr(&p), &st) == 0 && S_ISREG(st.st_mode);
  buf_free(&p);
  return ok;
}

/* Outputs of a build carry the version they were built from in the manifest part of their
 * manual: one from another version than the manual's now is an error (the page would say one
 * version and open another). Outputs without a part (copied in) are taken as they are. */
static void S_stale(ctx *c, const tj_manual *m, const char *rel) {
  const tj_rev *r = manual_release(m);
  char *v = NULL, *dt = NULL;
  int got = r ? manifest_stamp(c->d, c->in->out, m->id, rel, &v, &dt) : 1;
  if (got < 0) c->failed = 1;
  if (got == 0 && (strcmp(v, r->version) || strcmp(dt, r->date))) {
    diag_report(c->d, DIAG_ERROR, r->version_pos, "site-stale",
                "%s/%s was built from %s (%s), but the manual is at %s (%s) now; build it again "
                "(make, or tejun build %s), then write the page",
                c->in->out, rel, v, dt, r->version, r->date, m->file);
    c->failed = 1;
  }
  free(v);
  free(dt);
}

/* Sets attr to rel when DIR/rel is a file; returns 1 when it did. */
static int S_link(ctx *c, xmlNodePtr e, const char *attr, const char *rel,
                  const tj_manual *stamped) {
  if (!S_href_ok(rel) || !S_file(c, rel)) return 0;
  if (stamped) S_stale(c, stamped, rel);
  xmlNewProp(e, BAD_CAST attr, BAD_CAST rel);
  return 1;
}

static s_row *S_row_add(s_man *sm, const char *tag, size_t n) {
  if (sm->nrows == sm->caprows) {
    sm->caprows = sm->caprows ? sm->caprows * 2 : 8;
    sm->rows = xrealloc(sm->rows, (size_t)sm->caprows * sizeof *sm->rows);
  }
  s_row *r = &sm->rows[sm->nrows++];
  memset(r, 0, sizeof *r);
  r->tag = xmalloc(n + 1);
  memcpy(r->tag, tag, n);
  r->tag[n] = 0;
  return r;
}

static int S_row_cmp(const void *pa, const void *pb) { /* newest first */
  return -S_tagcmp(((const s_row *)pa)->tag, ((const s_row *)pb)->tag);
}

static int S_row_key(const void *key, const void *row) {
  return -S_tagcmp(key, ((const s_row *)row)->tag);
}

/* The row of tag tag[0..n) among rows sorted newest first (S_tagcmp orders every spelling:
 * equal means the same string), or NULL. */
static s_row *S_row_find(s_man *sm, const char *tag, size_t n) {
  char key[40];
  if (n >= sizeof key || !sm->nrows) return NULL;
  memcpy(key, tag, n);
  key[n] = 0;
  return bsearch(key, sm->rows, (size_t)sm->nrows, sizeof *sm->rows, S_row_key);
}

static int S_rl_cmp(const void *pa, const void *pb) { /* the nearest older version first */
  return -S_tagcmp(((const s_redline *)pa)->from, ((const s_redline *)pb)->from);
}

/* Every <id>@<tag>.xml of each releases folder, each folder read once, for the manuals whose
 * folder it is. */
static void S_scan_releases(ctx *c) {
  const site_input *in = c->in;
  const char **seen = xcalloc((size_t)in->nmanuals + 1, sizeof *seen);
  int nseen = 0;
  for (int i = 0; i < in->nmanuals; i++) {
    const char *dir = in->releases[i];
    int dup = 0;
    for (int k = 0; k < nseen && !dup; k++) dup = !strcmp(seen[k], dir);
    if (dup) continue;
    seen[nseen++] = dir;
    DIR *dh = opendir(dir);
    if (!dh) continue; /* no releases yet */
    struct dirent *e;
    while ((e = readdir(dh))) {
      const char *nm = e->d_name, *at = strchr(nm, '@');
      size_t l = strlen(nm);
      if (!at || l < 5 || strcmp(nm + l - 4, ".xml")) continue;
      const char *tag = at + 1;
      size_t tl = (size_t)(nm + l - 4 - tag);
      if (!S_tag_ok(tag, tl)) continue;
      char *id = arena_strndup(c->a, nm, (size_t)(at - nm));
      int k = ids_find(&c->ix, S_key, in->manuals, id);
      if (k < 0 || strcmp(in->releases[k], dir)) continue; /* names are unique: a tag once */
      S_row_add(&c->ms[k], tag, tl)->released = 1;
    }
    closedir(dh);
  }
  free(seen);
}

/* The text of the change-log row of version `tag` in a frozen publication, or NULL. */
static char *S_summary(xmlNodePtr pub, const char *tag) {
  char *text = NULL;
  for (xmlNodePtr cl = pub->children; cl && !text; cl = cl->next) {
    if (!xmlu_is(cl, "changelog")) continue;
    for (xmlNodePtr rv = cl->children; rv; rv = rv->next) {
      if (!xmlu_is(rv, "revision")) continue;
      xmlChar *v = xmlGetProp(rv, BAD_CAST "version");
      char *t = v ? release_tag((const char *)v) : NULL;
      if (t && !strcmp(t, tag)) { /* the last row of that version wins, as it stamps the release */
        xmlChar *s = xmlNodeGetContent(rv);
        free(text);
        text = xstrdup(s ? (const char *)s : "");
        xmlFree(s);
      }
      free(t);
      xmlFree(v);
    }
  }
  return text;
}

/* Each release as frozen (verified against its digest): its version and date; then the
 * manual's version now, when it is not a release; newest first. */
static void S_read_releases(ctx *c, int i) {
  const tj_manual *m = c->in->manuals[i];
  s_man *sm = &c->ms[i];
  for (int k = 0; k < sm->nrows; k++) {
    s_row *r = &sm->rows[k];
    char *path = release_path(c->in->releases[i], m->id, r->tag);
    xmlDocPtr pub = release_read(c->d, path);
    if (!pub) {
      c->failed = 1;
      free(path);
      continue;
    }
    xmlNodePtr root = xmlDocGetRootElement(pub);
    xmlChar *man = xmlGetProp(root, BAD_CAST "manual"), *ver = xmlGetProp(root, BAD_CAST "version"),
            *date = xmlGetProp(root, BAD_CAST "date");
    char *vtag = ver ? release_tag((const char *)ver) : NULL;
    if (!man || !ver || !date || strcmp((const char *)man, m->id) || !vtag ||
        strcmp(vtag, r->tag)) {
      diag_pos pos = {path, 0, 0};
      diag_report(c->d, DIAG_ERROR, pos, "release-corrupt",
                  "this snapshot holds manual '%s' at %s, not %s@%s as its file name says; restore "
                  "it from version control",
                  man ? (const char *)man : "?", ver ? (const char *)ver : "no version", m->id,
                  r->tag);
      c->failed = 1;
    } else {
      r->version = xstrdup((const char *)ver);
      r->date = xstrdup((const char *)date);
      r->summary = S_summary(root, r->tag);
    }
    free(vtag);
    xmlFree(man);
    xmlFree(ver);
    xmlFree(date);
    xmlFreeDoc(pub);
    free(path);
  }
  if (sm->nrows > 1) qsort(sm->rows, (size_t)sm->nrows, sizeof *sm->rows, S_row_cmp);
  const tj_rev *now = manual_release(m);
  char *tag = now ? release_tag(now->version) : NULL;
  if (tag) {
    s_row *r = S_row_find(sm, tag, strlen(tag));
    if (!r) {
      r = S_row_add(sm, tag, strlen(tag));
      r->version = xstrdup(now->version);
      r->date = xstrdup(now->date);
      if (now->text) r->summary = xstrdup(now->text);
    }
    r->current = 1;
  }
  free(tag);
  if (sm->nrows > 1)
    qsort(sm->rows, (size_t)sm->nrows, sizeof *sm->rows, S_row_cmp); /* with that version */
}

/* The redlines in DIR/diffs/: <id>-<old>..<new>.html and .md, each under the version <new>
 * of its manual. An id holds no '.', a tag no "..": the first ".." splits the name. */
static void S_scan_redlines(ctx *c) {
  buf dp;
  buf_init(&dp);
  buf_printf(&dp, "%s/diffs", c->in->out);
  DIR *dh = opendir(buf_cstr(&dp));
  buf_free(&dp);
  if (!dh) return;
  struct dirent *e;
  while ((e = readdir(dh))) {
    const char *nm = e->d_name;
    size_t l = strlen(nm);
    int html = l > 5 && !strcmp(nm + l - 5, ".html"),
        md = !html && l > 3 && !strcmp(nm + l - 3, ".md");
    if (!html && !md) continue;
    const char *end = nm + l - (html ? 5 : 3);
    const char *dots = strstr(nm, "..");
    if (!dots || dots >= end) continue;
    const char *to = dots + 2, *dash = dots;
    while (dash > nm && dash[-1] != '-') dash--;
    if (dash <= nm + 1) continue;
    const char *from = dash;
    if (!S_tag_ok(to, (size_t)(end - to)) || !S_tag_ok(from, (size_t)(dots - from))) continue;
    char *id = arena_strndup(c->a, nm, (size_t)(dash - 1 - nm));
    int k = ids_find(&c->ix, S_key, c->in->manuals, id);
    if (k < 0) continue; /* a manual not given */
    buf rel;
    buf_init(&rel);
    buf_printf(&rel, "diffs/%s", nm);
    int there = S_file(c, buf_cstr(&rel));
    if (!there) {
      buf_free(&rel);
      continue;
    }
    s_row *r = S_row_find(&c->ms[k], to, (size_t)(end - to));
    if (!r) {
      const tj_rev *now = manual_release(c->in->manuals[k]);
      buf shown;
      buf_init(&shown);
      buf_printf(&shown, "%s/%s", c->in->out, buf_cstr(&rel));
      diag_pos pos = {buf_cstr(&shown), 0, 0};
      diag_report(c->d, DIAG_WARNING, pos, "site-orphan",
                  "a redline to version %.*s, which is neither a release of '%s' nor its version "
                  "now (%s): left off the page; remove it, or make it again with tejun diff",
                  (int)(end - to), to, id, now ? now->version : "none");
      buf_free(&shown);
      buf_free(&rel);
      continue;
    }
    buf_free(&rel);
    if (r->nrl == r->caprl) {
      r->caprl = r->caprl ? r->caprl * 2 : 2;
      r->rl = xrealloc(r->rl, (size_t)r->caprl * sizeof *r->rl);
    }
    s_redline *x = &r->rl[r->nrl++]; /* one per file: the HTML and the Markdown are merged below */
    size_t fl = (size_t)(dots - from);
    x->from = xmalloc(fl + 1);
    memcpy(x->from, from, fl);
    x->from[fl] = 0;
    x->html = html;
    x->md = md;
  }
  closedir(dh);
  for (int i = 0; i < c->in->nmanuals; i++)
    for (int k = 0; k < c->ms[i].nrows; k++) {
      s_row *r = &c->ms[i].rows[k];
      if (r->nrl > 1) qsort(r->rl, (size_t)r->nrl, sizeof *r->rl, S_rl_cmp);
      int w = 0;
      for (int q = 0; q < r->nrl; q++) {
        if (w && !strcmp(r->rl[w - 1].from, r->rl[q].from)) {
          r->rl[w - 1].html |= r->rl[q].html;
          r->rl[w - 1].md |= r->rl[q].md;
          free(r->rl[q].from);
        } else
          r->rl[w++] = r->rl[q];
      }
      r->nrl = w;
    }
}

/* The catalog position of a manual's first service (manuals without one last). */
static int S_rank(const tj_catalog *cat, const tj_manual *m) {
  const tj_service *sv = m->nservices ? catalog_service(cat, m->services[0]) : NULL;
  return sv ? (int)(sv - cat->services) : cat->nservices;
}

typedef struct s_rank {
  int rank, i;
} s_rank;
static int S_rank_cmp(const void *pa, const void *pb) {
  const s_rank *a = pa, *b = pb;
  return a->rank != b->rank ? (a->rank > b->rank) - (a->rank < b->rank)
                            : (a->i > b->i) - (a->i < b->i);
}

/* The order of the manuals on the page: as the catalog orders their services (Google
 * Workspace, Box, Microsoft 365, Dropbox), the order given among equals. */
static void S_order(ctx *c) {
  const site_input *in = c->in;
  s_rank *v = xcalloc((size_t)in->nmanuals + 1, sizeof *v);
  for (int i = 0; i < in->nmanuals; i++) {
    v[i].rank = S_rank(in->cat, in->manuals[i]);
    v[i].i = i;
  }
  if (in->nmanuals > 1) qsort(v, (size_t)in->nmanuals, sizeof *v, S_rank_cmp);
  for (int i = 0; i < in->nmanuals; i++) c->order[i] = v[i].i;
  free(v);
}

static void S_count(xmlNodePtr root, const char *attr, int n) {
  char v[16];
  snprintf(v, sizeof v, "%d", n);
  xmlNewProp(root, BAD_CAST attr, BAD_CAST v);
}

static void S_prop(xmlNodePtr e, const char *attr, const char *v) {
  xmlNewProp(e, BAD_CAST attr, BAD_CAST(v ? v : ""));
}

/* One manual's card: its page, its service pages, its versions and their redlines. */
static void S_manual(ctx *c, xmlNodePtr root, int i, int *pages, int *releases, int *redlines) {
  const tj_manual *m = c->in->manuals[i];
  const tj_rev *now = manual_release(m);
  xmlNodePtr e = xmlNewChild(root, NULL, BAD_CAST "manual", NULL);
  S_prop(e, "id", m->id);
  S_prop(e, "title", m->title);
  S_prop(e, "version", now ? now->version : "");
  S_prop(e, "date", now ? now->date : "");
  S_prop(e, "label", m->label);
  buf rel;
  buf_init(&rel);
  buf_printf(&rel, "%s/index.html", m->id);
  if (!S_link(c, e, "html", buf_cstr(&rel), m)) {
    diag_pos pos = {m->file, 0, 0};
    diag_report(c->d, DIAG_WARNING, pos, "site-missing",
                "%s/%s does not exist: the manual is listed without its page; build it first "
                "(make, or tejun build -o %s %s)",
                c->in->out, buf_cstr(&rel), c->in->out, m->file);
  }
  buf_free(&rel);
  buf_printf(&rel, "%s/%s.md", m->id, m->id);
  S_link(c, e, "md", buf_cstr(&rel), m);
  buf_free(&rel);
  for (int s = 0; s < m->nservices; s++) {
    const tj_service *sv = catalog_service(c->in->cat, m->services[s]);
    xmlNodePtr se = xmlNewNode(NULL, BAD_CAST "service");
    S_prop(se, "id", m->services[s]);
    S_prop(se, "name", sv ? sv->name : m->services[s]);
    buf_printf(&rel, "services/%s/index.html", m->services[s]);
    int n = S_link(c, se, "html", buf_cstr(&rel), m);
    buf_free(&rel);
    buf_printf(&rel, "services/%s/%s.md", m->services[s], m->services[s]);
    n += S_link(c, se, "md", buf_cstr(&rel), m);
    buf_free(&rel);
    if (n) {
      xmlAddChild(e, se);
      (*pages)++;
    } else
      xmlFreeNode(se); /* not built (--no-services): not listed */
  }
  const s_man *sm = &c->ms[i];
  for (int k = 0; k < sm->nrows; k++) {
    const s_row *r = &sm->rows[k];
    if (!r->version) continue; /* unreadable: reported */
    xmlNodePtr re = xmlNewChild(e, NULL, BAD_CAST "release", NULL);
    S_prop(re, "tag", r->tag);
    S_prop(re, "version", r->version);
    S_prop(re, "date", r->date);
    S_prop(re, "released", r->released ? "yes" : "no");
    if (r->current) S_prop(re, "current", "yes");
    if (r->released) (*releases)++;
    if (r->summary && *r->summary)
      xmlNewTextChild(re, NULL, BAD_CAST "summary", BAD_CAST r->summary);
    for (int q = 0; q < r->nrl; q++) {
      const s_redline *x = &r->rl[q];
      xmlNodePtr xe = xmlNewChild(re, NULL, BAD_CAST "redline", NULL);
      S_prop(xe, "from", x->from);
      const s_row *fr = S_row_find(&c->ms[i], x->from, strlen(x->from));
      if (fr && fr->version)
        S_prop(xe, "from-version", fr->version);
      else {
        buf v;
        buf_init(&v);
        buf_printf(&v, "第%s版", x->from);
        S_prop(xe, "from-version", buf_cstr(&v));
        buf_free(&v);
      }
      int n = 0;
      buf_printf(&rel, "diffs/%s-%s..%s.html", m->id, x->from, r->tag);
      if (x->html) n += S_link(c, xe, "html", buf_cstr(&rel), NULL);
      buf_free(&rel);
      buf_printf(&rel, "diffs/%s-%s..%s.md", m->id, x->from, r->tag);
      if (x->md) n += S_link(c, xe, "md", buf_cstr(&rel), NULL);
      buf_free(&rel);
      if (n)
        (*redlines)++;
      else {
        xmlUnlinkNode(xe);
        xmlFreeNode(xe);
      }
    }
  }
}

/* A checklist's links: 0 when neither its PDF nor its HTML is on disk. */
static int S_checklist_links(ctx *c, xmlNodePtr e, const char *sub, const char *id) {
  buf rel;
  buf_init(&rel);
  buf_printf(&rel, "checklists/%s%s.pdf", sub, id);
  int n = S_link(c, e, "pdf", buf_cstr(&rel), NULL);
  buf_free(&rel);
  buf_printf(&rel, "checklists/%s%s.html", sub, id);
  n += S_link(c, e, "html", buf_cstr(&rel), NULL);
  buf_free(&rel);
  return n;
}

static void S_checklists(ctx *c, xmlNodePtr root, int *checklists) {
  const site_input *in = c->in;
  xmlNodePtr cl = xmlNewNode(NULL, BAD_CAST "checklists");
  char *seen = xcalloc((size_t)in->cat->nservices + 1, 1);
  for (int i = 0; i < in->nmanuals; i++) {
    const tj_manual *m = in->manuals[c->order[i]];
    for (int s = 0; s < m->nservices; s++) {
      const tj_service *sv = catalog_service(in->cat, m->services[s]);
      if (!sv || seen[sv - in->cat->services])
        continue; /* the first manual that lists it covers it */
      seen[sv - in->cat->services] = 1;
      xmlNodePtr e = xmlNewNode(NULL, BAD_CAST "checklist");
      S_prop(e, "kind", "service");
      S_prop(e, "id", sv->id);
      S_prop(e, "name", sv->name);
      S_prop(e, "manual", m->id);
      S_prop(e, "manual-title", m->title);
      if (S_checklist_links(c, e, "", sv->id)) {
        xmlAddChild(cl, e);
        (*checklists)++;
      } else
        xmlFreeNode(e);
    }
  }
  free(seen);
  for (int i = 0; i < in->ncustomers; i++) {
    const tj_customer *cu = in->customers[i];
    xmlNodePtr e = xmlNewNode(NULL, BAD_CAST "checklist");
    S_prop(e, "kind", "customer");
    S_prop(e, "id", cu->id);
    S_prop(e, "name", cu->company);
    if (!S_checklist_links(c, e, "customers/", cu->id)) {
      diag_pos pos = {cu->file, 0, 0};
      diag_report(
          c->d, DIAG_WARNING, pos, "site-missing",
          "no checklist of this customer in %s/checklists/customers/ (%s.pdf, %s.html): left off "
          "the page; make it with tejun checklist -o %s --customer %s MANUAL.yaml...",
          in->out, cu->id, cu->id, in->out, cu->file);
      xmlFreeNode(e);
      continue;
    }
    for (int s = 0; s < cu->nservices; s++) {
      const tj_service *sv = catalog_service(in->cat, cu->services[s]);
      xmlNodePtr o = xmlNewChild(e, NULL, BAD_CAST "ordered", NULL);
      S_prop(o, "id", cu->services[s]);
      S_prop(o, "name", sv ? sv->name : cu->services[s]);
    }
    xmlAddChild(cl, e);
    (*checklists)++;
  }
  if (cl->children)
    xmlAddChild(root, cl);
  else
    xmlFreeNode(cl);
}

xmlDocPtr site_document(diag *d, const site_input *in, const char *tejun_version) {
  ctx c;
  memset(&c, 0, sizeof c);
  c.d = d;
  c.in = in;
  c.a = arena_new();
  c.ms = xcalloc((size_t)in->nmanuals + 1, sizeof *c.ms);
  ids_build(&c.ix, c.a, S_key, in->manuals, in->nmanuals, NULL);
  c.order = xcalloc((size_t)in->nmanuals + 1, sizeof *c.order);
  S_order(&c);
  S_scan_releases(&c);
  for (int i = 0; i < in->nmanuals; i++) S_read_releases(&c, i);
  S_scan_redlines(&c);

  xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
  xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "site");
  xmlDocSetRootElement(doc, root);
  S_prop(root, "product", in->cat->product);
  S_prop(root, "publisher", in->cat->publisher);
  S_prop(root, "label", in->cat->label);
  S_prop(root, "tejun", tejun_version);
  int pages = 0, releases = 0, redlines = 0, checklists = 0;
  for (int i = 0; i < in->nmanuals; i++)
    S_manual(&c, root, c.order[i], &pages, &releases, &redlines);
  S_checklists(&c, root, &checklists);
  S_count(root, "manuals", in->nmanuals);
  S_count(root, "pages", pages);
  S_count(root, "releases", releases);
  S_count(root, "redlines", redlines);
  S_count(root, "checklists", checklists);

  for (int i = 0; i < in->nmanuals; i++) {
    for (int k = 0; k < c.ms[i].nrows; k++) {
      s_row *r = &c.ms[i].rows[k];
      for (int q = 0; q < r->nrl; q++) free(r->rl[q].from);
      free(r->rl);
      free(r->tag);
      free(r->version);
      free(r->date);
      free(r->summary);
    }
    free(c.ms[i].rows);
  }
  free(c.ms);
  free(c.order);
  arena_free(c.a);
  if (c.failed) {
    xmlFreeDoc(doc);
    return NULL;
  }
  return doc;
}
