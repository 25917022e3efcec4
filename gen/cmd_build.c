/* cmd_build.c: compiling manuals into out/, one manual at a time, stylesheets parsed once. */
#include "cmd_build.h"
#include "prepare.h"
#include "check.h"
#include "diff.h"
#include "pubxml.h"
#include "workers.h"
#include "load.h"
#include "manifest.h"
#include "markdown.h"
#include "view.h"
#include "output.h"
#include "release.h"
#include "xslt.h"
#include "image.h"
#include "resolve.h"
#include "yaml_tree.h"
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const tejun_version = "0.1.0";

typedef struct pending { char *path; char *data; size_t len; int borrowed; } pending;
typedef struct batch { pending *v; int n, cap; buf part; } batch;

static void S_add(batch *b, char *path, char *data, size_t len) {
  if (b->n == b->cap) { b->cap = b->cap ? b->cap * 2 : 16; b->v = xrealloc(b->v, (size_t)b->cap * sizeof *b->v); }
  b->v[b->n].path = path; b->v[b->n].data = data; b->v[b->n].len = len; b->v[b->n].borrowed = 0;
  b->n++;
}

static void S_batch_free(batch *b) {
  for (int i = 0; i < b->n; i++) { free(b->v[i].path); if (!b->v[i].borrowed) free(b->v[i].data); }
  free(b->v);
  buf_free(&b->part);
  memset(b, 0, sizeof *b);
}

char *build_catalog_path(const build_opts *o, const char *manual) { return prepare_catalog_path(o->catalog, manual); }


/* Render one view into the batch: DIR/SUB/index.html and DIR/SUB/NAME.md. */
static int S_view(const build_opts *o, diag *d, xslt *r, batch *b, const tj_view *v, const tj_view *full,
                  const char *sub, const char *name, xmlDocPtr changes) {
  const tj_manual *m = v->m;
  const tj_rev *rel = manual_release(m);
  xmlDocPtr doc = pubxml_view(v, full, tejun_version);
  if (changes) diff_mark(doc, changes);
  static const char *fmt[2] = {"html", "markdown"};
  int ok = 1;
  for (int f = 0; f < 2 && ok; f++) {
    size_t len = 0;
    char *data = f == 0 ? xslt_apply(r, d, XSLT_HTML, doc, &len) : markdown_publication(d, doc, &len);
    if (!data) { ok = 0; break; }
    buf p; buf_init(&p);
    if (f == 0) buf_printf(&p, "%s/%s/index.html", o->out, sub);
    else buf_printf(&p, "%s/%s/%s.md", o->out, sub, name);
    manifest_row(&b->part, buf_cstr(&p) + strlen(o->out) + 1, m->id, v->service, fmt[f],
                 rel ? rel->version : "", rel ? rel->date : "");
    S_add(b, buf_detach(&p), data, len);
  }
  xmlFreeDoc(doc);
  /* the images its pages show, beside it under the path the HTML and the Markdown name */
  char *seen = ok && m->nimages ? xcalloc((size_t)m->nimages, 1) : NULL;
  for (int i = 0; seen && i < m->npages; i++) {
    const tj_page *p = m->pages[i];
    if (!v->pno[p->index]) continue;
    for (int k = 0; k < p->nblocks; k++) {
      const tj_block *bl = &p->blocks[k];
      const tj_shot *shots = bl->kind == BK_SHOT ? &bl->shot : bl->kind == BK_STEP && bl->step ? bl->step->shots : NULL;
      int nshots = bl->kind == BK_SHOT ? 1 : bl->kind == BK_STEP && bl->step ? bl->step->nshots : 0;
      for (int s = 0; s < nshots; s++) {
        const tj_image *im = shots[s].img;
        if (!im || seen[im->index]) continue;
        seen[im->index] = 1;
        buf ip; buf_init(&ip);
        buf_printf(&ip, "%s/%s/%s", o->out, sub, im->path);
        manifest_row(&b->part, buf_cstr(&ip) + strlen(o->out) + 1, m->id, v->service, "image",
                     rel ? rel->version : "", rel ? rel->date : "");
        S_add(b, buf_detach(&ip), (char *)im->data, im->len);
        b->v[b->n - 1].borrowed = 1;
      }
    }
  }
  free(seen);
  return ok;
}

/* ID@N.M names a release in the releases folder; a path ending in .xml is a snapshot. */
static char *S_release_input(const build_opts *o, const char *arg) {
  size_t n = strlen(arg);
  if (n > 4 && !strcmp(arg + n - 4, ".xml")) return xstrdup(arg);
  const char *at = strchr(arg, '@');
  if (!at || strchr(arg, '/')) return NULL;
  char id[80];
  size_t il = (size_t)(at - arg);
  if (il == 0 || il >= sizeof id) return NULL;
  memcpy(id, arg, il); id[il] = 0;
  return release_path(o->releases ? o->releases : "manuals/releases", id, at + 1);
}

/* The releases folder of a manual: --releases, else releases/ beside it (malloc'ed). */
static char *S_releases_dir(const build_opts *o, const char *manual) { return prepare_releases_dir(o->releases, manual); }

/* --changes-since: the diff between that release and the manual, or NULL after reporting. */
static xmlDocPtr S_changes(const build_opts *o, diag *d, const tj_manual *m, const char *path) {
  char *rd = S_releases_dir(o, path);
  char *tag = release_tag(o->changes_since);
  char *rp = release_path(rd, m->id, tag ? tag : o->changes_since);
  xmlDocPtr old = release_read(d, rp), changes = NULL;
  if (old) {
    xmlDocPtr cur = release_publication(m, 1);
    changes = diff_publications(old, cur, rp, path, tejun_version);
    xmlFreeDoc(cur);
    xmlFreeDoc(old);
  }
  free(rp); free(tag); free(rd);
  return changes;
}

/* Before the first output of this run replaces one in o->out: mark the manifest "building".
 * Once *begun is set, the manifest is rewritten at the end of the run, whatever happens. */
static int S_begin(const build_opts *o, diag *d, int *begun) {
  if (*begun) return 0;
  if (manifest_begin(d, o->out) != 0) return -1;
  *begun = 1;
  return 0;
}

/* The make rule "TARGET: MANUAL INCLUDES... CATALOG", then an empty rule for each file read, so
 * that a removed shared page does not stop make. Every name is escaped for make (util.h:
 * "${shell id}" is written "$${shell\ id}"); a name make cannot read back ("a;b", "$(…)") is
 * refused (load.c refuses such include names at the include; this catches the command line's). */
static int S_depfile(const build_opts *o, diag *d, const tj_manual *m) {
  buf b; buf_init(&b);
  const char *target = o->deptarget ? o->deptarget : o->depfile, *bad = NULL;
  int c = util_make_escape(&b, target, 1);
  if (c) bad = target;
  buf_putc(&b, ':');
  for (int i = 0; i < m->ndeps && !bad; i++) {
    buf_putc(&b, ' ');
    if ((c = util_make_escape(&b, m->deps[i], 0))) bad = m->deps[i];
  }
  buf_putc(&b, '\n');
  for (int i = 1; i < m->ndeps && !bad; i++) {
    util_make_escape(&b, m->deps[i], 1);
    buf_puts(&b, ":\n");
  }
  int rc;
  if (bad) {
    diag_pos pos = { bad, 0, 0 };
    if (c < 0x20 || c == 0x7F) diag_report(d, DIAG_ERROR, pos, "usage", "this name holds a control character (0x%02x), which make cannot read in the dependency file %s; rename it", c, o->depfile);
    else diag_report(d, DIAG_ERROR, pos, "usage", "this name holds '%c', which make cannot read in the dependency file %s; rename it (or its folder)", c, o->depfile);
    rc = -1;
  } else rc = output_stage(d, o->depfile, b.data, b.len);
  buf_free(&b);
  return rc;
}

/* Writes a manual's outputs, its manifest part and its depfile (if any) as one set: every
 * file in full to its temporary file, then all renamed; a failure replaces none. */
static int S_commit(const build_opts *o, diag *d, batch *b, const char *part, const tj_manual *depm, int *begun) {
  int ok = 1;
  for (int k = 0; ok && k < b->n; k++) if (output_stage(d, b->v[k].path, b->v[k].data, b->v[k].len) != 0) ok = 0;
  if (ok && output_stage(d, part, b->part.data ? b->part.data : "", b->part.len) != 0) ok = 0;
  if (ok && depm && S_depfile(o, d, depm) != 0) ok = 0;
  if (ok && S_begin(o, d, begun) != 0) ok = 0;   /* the manifest says "building" before the first rename */
  if (!ok) { output_abort(); return 0; }
  return output_commit(d) == 0;
}

/* Renders a frozen release as it was published: DIR/<id>/index.html and <id>.md. */
static int S_build_release(const build_opts *o, diag *d, xslt *r, const char *path, int *begun) {
  xmlDocPtr pub = release_read(d, path);
  if (!pub) return 0;
  xmlNodePtr root = xmlDocGetRootElement(pub);
  xmlSetProp(root, BAD_CAST "tejun", BAD_CAST tejun_version);
  xmlChar *id = xmlGetProp(root, BAD_CAST "manual"), *ver = xmlGetProp(root, BAD_CAST "version"), *date = xmlGetProp(root, BAD_CAST "date");
  int ok = id && util_safe_id((const char *)id);
  if (!ok) { diag_pos pp = { path, 0, 0 }; diag_report(d, DIAG_ERROR, pp, "release-corrupt", "the snapshot has no valid manual id"); }
  batch b;
  memset(&b, 0, sizeof b);
  buf_init(&b.part);
  static const char *fmt[2] = {"html", "markdown"};
  for (int f = 0; ok && f < 2; f++) {
    size_t len = 0;
    char *data = f == 0 ? xslt_apply(r, d, XSLT_HTML, pub, &len) : markdown_publication(d, pub, &len);
    if (!data) { ok = 0; break; }
    buf p; buf_init(&p);
    if (f == 0) buf_printf(&p, "%s/%s/index.html", o->out, (const char *)id);
    else buf_printf(&p, "%s/%s/%s.md", o->out, (const char *)id, (const char *)id);
    manifest_row(&b.part, buf_cstr(&p) + strlen(o->out) + 1, (const char *)id, NULL, fmt[f], ver ? (const char *)ver : "", date ? (const char *)date : "");
    S_add(&b, buf_detach(&p), data, len);
  }
  if (ok) {
    buf pp; buf_init(&pp);
    buf_printf(&pp, "%s/.tejun/parts/%s.tsv", o->out, (const char *)id);
    ok = S_commit(o, d, &b, buf_cstr(&pp), NULL, begun);
    buf_free(&pp);
  }
  S_batch_free(&b);
  if (id) xmlFree(id);
  if (ver) xmlFree(ver);
  if (date) xmlFree(date);
  xmlFreeDoc(pub);
  return ok;
}

/* What a run has done so far. */
typedef struct run { int status, built, begun; } run;

/* One manual (or release) of the run: load, check, render, write. */
static void S_one(build_opts *o, diag *d, const tj_catalog *cat, xslt *r, int i, run *st) {
  const char *path = o->manuals[i];
  char *snap = S_release_input(o, path);
  if (snap) {
    if (o->check_only || o->freeze || o->emit_xml) {
      diag_pos pp = { path, 0, 0 };
      diag_report(d, DIAG_ERROR, pp, "usage", "a release can only be built; check and release take MANUAL.yaml files");
      st->status = 2;
    } else if (S_build_release(o, d, r, snap, &st->begun)) st->built++;
    else if (!st->status) st->status = 1;
    free(snap);
    return;
  }
  char *root = util_dirname(path);
  int mio = 0;
  int before = d->errors;
  tj_manual *m = load_manual(d, cat, path, root, &mio);
  free(root);
  if (o->loaded) o->loaded(o->ctx, i, m);
  if (!m) { if (mio && st->status < 2) st->status = 2; else if (!st->status) st->status = 1; return; }
  int wbefore = d->warnings;
  check_stats cs = {0};
  char *rd = S_releases_dir(o, path);
  prepare_check(d, m, o->freeze ? NULL : rd, &cs);
  if (o->freeze && (d->errors == before || o->force)) {
    int written = 0;
    int rc = release_freeze(d, m, rd, &written);
    if (rc == 2) st->status = 2;
    else if (rc && !st->status) st->status = 1;
    o->frozen += written;
  }
  free(rd);
  o->silenced += cs.silenced;
  o->nchecked++;
  if (d->errors > before || (o->werror && d->warnings > wbefore) || o->check_only || o->freeze) {
    /* check: any finding is 1; build and release: errors (and warnings with --werror) */
    int bad = d->errors > before || (d->warnings > wbefore && (o->check_only || o->werror));
    if (!st->status && bad) st->status = 1;
    manual_free(m);
    return;
  }
  tj_view full;
  view_init(&full, m, NULL);
  /* --changes-since: the diff against that release marks the outputs */
  xmlDocPtr changes = o->changes_since ? S_changes(o, d, m, path) : NULL;
  if (o->changes_since && !changes) {
    if (!st->status) st->status = 1;
    view_free(&full);
    manual_free(m);
    return;
  }
  if (o->emit_xml) {
    xmlDocPtr doc = pubxml_view(&full, &full, tejun_version);
    if (changes) { diff_mark(doc, changes); xmlFreeDoc(changes); }
    xmlSaveCtxtPtr sc = xmlSaveToFd(1, "UTF-8", XML_SAVE_FORMAT);
    xmlSaveDoc(sc, doc);
    xmlSaveClose(sc);
    xmlFreeDoc(doc);
    view_free(&full);
    manual_free(m);
    return;
  }
  batch b;
  memset(&b, 0, sizeof b);
  buf_init(&b.part);
  int ok = S_view(o, d, r, &b, &full, &full, m->id, m->id, changes);
  for (int s = 0; ok && o->services && s < m->nservices; s++) {
    tj_view sv;
    view_init(&sv, m, m->services[s]);
    buf sub; buf_init(&sub);
    buf_printf(&sub, "services/%s", m->services[s]);
    ok = S_view(o, d, r, &b, &sv, &full, buf_cstr(&sub), m->services[s], changes);
    buf_free(&sub);
    view_free(&sv);
  }
  /* everything rendered in memory: now write, each file atomically; a stop asked for
   * before this point leaves the manual out, one asked for after waits for its files */
  if (ok && output_stopped()) ok = 0;
  if (ok) {
    buf pp; buf_init(&pp);
    buf_printf(&pp, "%s/.tejun/parts/%s.tsv", o->out, m->id);
    if (!S_commit(o, d, &b, buf_cstr(&pp), o->depfile ? m : NULL, &st->begun)) { ok = 0; st->status = 2; }
    buf_free(&pp);
  }
  if (ok) { st->built++; if (o->written) o->written[i] = b.n; }
  else if (!st->status && !output_stopped()) st->status = 1;
  S_batch_free(&b);
  if (changes) xmlFreeDoc(changes);
  view_free(&full);
  manual_free(m);
}

/* Two manuals of one run with the same id would write the same out/<id>/, two listing the same
 * service the same out/services/<service>/: the later one is refused, at its `id:` (or that
 * service), naming the earlier, and not built. Decided in this process before any worker starts,
 * by a cheap pre-scan: the top-level `id` and `services` of each YAML manual, read only that far
 * (load_head_read; its errors are left to the load), the `manual` of each release snapshot. `tejun check` reports the same
 * and still checks the manual. Sets skip[i]; returns how many it refused. */
typedef struct seen { char *id, *file; char **svc; int nsvc; } seen;

static int S_duplicates(const build_opts *o, diag *d, char *skip) {
  if (o->nmanuals < 2) return 0;
  int services = o->services && !o->freeze, refused = 0;
  seen *v = xcalloc((size_t)o->nmanuals, sizeof *v);
  for (int i = 0; i < o->nmanuals; i++) {
    const char *path = o->manuals[i];
    char *snap = S_release_input(o, path);
    load_head h;
    memset(&h, 0, sizeof h);
    h.id_pos.file = path;
    if (snap) {   /* a release: the manual it says it is */
      diag scratch;
      diag_init(&scratch, NULL, 0, 0);
      xmlDocPtr pub = release_read(&scratch, snap);
      xmlChar *m = pub ? xmlGetProp(xmlDocGetRootElement(pub), BAD_CAST "manual") : NULL;
      if (m) { h.id = xstrdup((const char *)m); xmlFree(m); }
      if (pub) xmlFreeDoc(pub);
      diag_free(&scratch);
      free(snap);
    } else load_head_read(path, &h);
    int dup = -1;
    for (int k = 0; h.id && k < i && dup < 0; k++) if (v[k].id && !strcmp(v[k].id, h.id)) dup = k;
    if (dup >= 0) {
      buf what; buf_init(&what);
      if (o->freeze) buf_printf(&what, " (both would be frozen as %s@N.M.xml)", h.id);
      else if (!o->check_only) buf_printf(&what, " (both would write %s/%s/)", o->out, h.id);
      diag_report(d, DIAG_ERROR, h.id_pos, "duplicate-manual", "manual id '%s' is also the id of %s; give each manual its own id%s", h.id, v[dup].file, buf_cstr(&what));
      buf_free(&what);
      skip[i] = 1;
    }
    if (services && !skip[i]) {
      v[i].svc = xcalloc((size_t)h.nservices + 1, sizeof *v[i].svc);
      for (int s = 0; s < h.nservices && !skip[i]; s++) {
        const char *sv = h.services[s], *by = NULL;
        for (int k = 0; k < i && !by; k++)
          for (int q = 0; q < v[k].nsvc && !by; q++) if (!strcmp(v[k].svc[q], sv)) by = v[k].file;
        for (int q = 0; q < v[i].nsvc && !by; q++) if (!strcmp(v[i].svc[q], sv)) by = "this manual";
        if (by) {
          diag_report(d, DIAG_ERROR, h.service_pos[s], "duplicate-manual", "service '%s' is also listed by %s; both would write %s/services/%s/: list it in one manual, or build them into separate folders (-o)", sv, by, o->out ? o->out : "out", sv);
          skip[i] = 1;
        } else v[i].svc[v[i].nsvc++] = xstrdup(sv);
      }
    }
    if (skip[i]) {   /* refused: what it lists does not count for the manuals after it */
      refused++;
      for (int q = 0; q < v[i].nsvc; q++) free(v[i].svc[q]);
      v[i].nsvc = 0;
    } else { v[i].id = h.id; h.id = NULL; }
    v[i].file = xstrdup(path);
    load_head_free(&h);
  }
  for (int i = 0; i < o->nmanuals; i++) {
    free(v[i].id); free(v[i].file);
    for (int q = 0; q < v[i].nsvc; q++) free(v[i].svc[q]);
    free(v[i].svc);
  }
  free(v);
  if (o->check_only) memset(skip, 0, (size_t)o->nmanuals);   /* check: reported; still checked */
  return refused;
}

/* -j N: the manuals in N worker processes (workers.h); what S_one changes in o and st comes
 * back as counters. */
typedef struct wctx { build_opts *o; const tj_catalog *cat; xslt *r; const char *skip; } wctx;

static void S_work(void *ctx, int i, diag *d, int *counters) {
  wctx *w = ctx;
  run st = { counters[0], 0, counters[2] };   /* begun: the manifest is marked once per worker */
  int silenced = w->o->silenced, nchecked = w->o->nchecked;
  if (!w->skip[i]) S_one(w->o, d, w->cat, w->r, i, &st);
  counters[0] = st.status;
  counters[1] += st.built;
  counters[2] = st.begun;
  counters[3] += w->o->silenced - silenced;
  counters[4] += w->o->nchecked - nchecked;
}

static void S_workers(build_opts *o, diag *d, const tj_catalog *cat, xslt *r, const char *skip, run *st) {
  wctx w = { o, cat, r, skip };
  int counters[WORKERS_COUNTERS] = {0};
  if (output_lock(d, 0) != 0) { st->status = 2; return; }   /* taken before the fork: the workers share it */
  if (workers_run(o->jobs, o->nmanuals, S_work, &w, d, counters, o->progress) != 0) { st->status = 2; return; }
  st->status = counters[0];
  st->built = counters[1];
  st->begun = counters[2];
  o->silenced += counters[3];
  o->nchecked += counters[4];
}

int build_run(build_opts *o, diag *d) {
  /* the catalog beside the first YAML manual (a release carries its catalog data in itself) */
  const char *first = NULL;
  for (int i = 0; i < o->nmanuals && !first; i++) { char *rp = S_release_input(o, o->manuals[i]); if (!rp) first = o->manuals[i]; free(rp); }
  tj_catalog *cat = NULL;
  if (first && !o->cat) {
    char *catpath = prepare_catalog_path(o->catalog, first);
    int io = 0;
    cat = load_catalog(d, catpath, &io);
    free(catpath);
    if (!cat) return io ? 2 : 1;
  }
  xslt *r = o->xslt;
  if (!r && !o->emit_xml && !o->check_only && !o->freeze) {
    r = xslt_open(d, o->templates);
    if (!r) { catalog_free(cat); return 2; }
  }
  if (!o->emit_xml && !o->check_only && !o->freeze) output_root(o->out);   /* locked by the first write (output.h) */
  char *skip = xcalloc((size_t)o->nmanuals + 1, 1);
  int dups = o->emit_xml ? 0 : S_duplicates(o, d, skip);
  run st = { 0, 0, 0 };
  if (o->cat) cat = (tj_catalog *)o->cat;   /* the caller's: not freed below */
  output_graceful(1);
  ytree_cache_open();   /* the shared files the manuals include: parsed once in this run */
  if (o->jobs > 1 && o->nmanuals > 1 && !o->emit_xml && !o->check_only && !o->freeze)
    S_workers(o, d, cat, r, skip, &st);
  else
    for (int i = 0; i < o->nmanuals && !output_stopped(); i++) {
      if (o->progress) {   /* the file name escaped: it is data */
        fprintf(stderr, "\r\033[K[%d/%d] ", i + 1, o->nmanuals);
        util_term_put(stderr, o->manuals[i], strlen(o->manuals[i]), 0);
        fflush(stderr);
      }
      if (!skip[i]) S_one(o, d, cat, r, i, &st);
    }
  free(skip);
  ytree_cache_close();   /* every manual of the run is freed by now */
  if (dups && !st.status) st.status = 1;
  int status = st.status, built = st.built, begun = st.begun;
  if (o->progress) { fprintf(stderr, "\r\033[K"); fflush(stderr); }
  /* also after a stop: the manifest then lists the outputs as they are */
  if (!o->emit_xml && (built || begun) && o->manifest && manifest_write(d, o->out, tejun_version) != 0) status = 2;
  output_graceful(0);
  if (r != o->xslt) xslt_close(r);
  if (cat != o->cat) catalog_free(cat);
  return status;
}
