/* cmd_build.c: compiling manuals into out/, one manual at a time, stylesheets parsed once. */
#include "cmd_build.h"
#include "cmd.h"
#include "cmd_run.h"
#include "cmd_watch.h"
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
#include "xmlutil.h"
#include "resolve.h"
#include "yaml_tree.h"
#include <libxml/xmlsave.h>
#include <libxml/hash.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *const tejun_version = TEJUN_VERSION;

typedef struct pending {
  char *path;
  char *data;
  size_t len;
  int borrowed;
} pending;
typedef struct batch {
  pending *v;
  int n, cap;
  buf part;
} batch;

static void S_add(batch *b, char *path, char *data, size_t len) {
  if (b->n == b->cap) {
    b->cap = b->cap ? b->cap * 2 : 16;
    b->v = xrealloc(b->v, (size_t)b->cap * sizeof *b->v);
  }
  b->v[b->n].path = path;
  b->v[b->n].data = data;
  b->v[b->n].len = len;
  b->v[b->n].borrowed = 0;
  b->n++;
}

static void S_batch_free(batch *b) {
  for (int i = 0; i < b->n; i++) {
    free(b->v[i].path);
    if (!b->v[i].borrowed) free(b->v[i].data);
  }
  free(b->v);
  buf_free(&b->part);
  memset(b, 0, sizeof *b);
}

char *build_catalog_path(const build_opts *o, const char *manual) {
  return prepare_catalog_path(o->catalog, manual);
}

/* Render a publication document into the batch: OUT/SUB/index.html and OUT/SUB/NAME.md, each with
 * its manifest row (manual ID, SERVICE or NULL, the release's VER and DATE, "" for none). 0, or
 * -1 after reporting. */
static int S_render(const build_opts *o, diag *d, xslt *r, batch *b, xmlDocPtr doc, const char *sub,
                    const char *name, const char *id, const char *service, const char *ver,
                    const char *date) {
  static const char *fmt[2] = {"html", "markdown"};
  for (int f = 0; f < 2; f++) {
    size_t len = 0;
    char *data =
        f == 0 ? xslt_apply(r, d, XSLT_HTML, doc, &len) : markdown_publication(d, doc, &len);
    if (!data) return -1;
    buf p;
    buf_init(&p);
    if (f == 0)
      buf_printf(&p, "%s/%s/index.html", o->out, sub);
    else
      buf_printf(&p, "%s/%s/%s.md", o->out, sub, name);
    manifest_row(&b->part, buf_cstr(&p) + strlen(o->out) + 1, id, service, fmt[f], ver, date);
    S_add(b, buf_detach(&p), data, len);
  }
  return 0;
}

/* Render one view into the batch: DIR/SUB/index.html and DIR/SUB/NAME.md. 0, or -1 after reporting.
 */
static int S_view(const build_opts *o, diag *d, xslt *r, batch *b, const tj_view *v,
                  const tj_view *full, const char *sub, const char *name, xmlDocPtr changes) {
  const tj_manual *m = v->m;
  const tj_rev *rel = manual_release(m);
  xmlDocPtr doc = pubxml_view(v, full, tejun_version);
  if (changes) diff_mark(doc, changes);
  int ok = S_render(o, d, r, b, doc, sub, name, m->id, v->service, rel ? rel->version : "",
                    rel ? rel->date : "") == 0;
  xmlFreeDoc(doc);
  /* the images its pages show, beside it under the path the HTML and the Markdown name */
  char *seen = ok && m->nimages ? xcalloc((size_t)m->nimages, 1) : NULL;
  for (int i = 0; seen && i < m->npages; i++) {
    const tj_page *p = m->pages[i];
    if (!v->pno[p->index]) continue;
    for (int k = 0; k < p->nblocks; k++) {
      const tj_block *bl = &p->blocks[k];
      int nshots;
      const tj_shot *shots = block_shots(bl, &nshots);
      for (int s = 0; s < nshots; s++) {
        const tj_image *im = shots[s].img;
        if (!im || seen[im->index]) continue;
        seen[im->index] = 1;
        buf ip;
        buf_init(&ip);
        buf_printf(&ip, "%s/%s/%s", o->out, sub, im->path);
        manifest_row(&b->part, buf_cstr(&ip) + strlen(o->out) + 1, m->id, v->service, "image",
                     rel ? rel->version : "", rel ? rel->date : "");
        S_add(b, buf_detach(&ip), (char *)im->data, im->len);
        b->v[b->n - 1].borrowed = 1;
      }
    }
  }
  free(seen);
  return ok ? 0 : -1;
}

/* Removes the outputs the manual's last build wrote (the rows of its old part) that this build
 * did not write again: a picture no page shows any more, a service the manual dropped. Only
 * files tejun listed as its own outputs, below the output folder, are removed. */
static int S_remove_stale(const build_opts *o, diag *d, const batch *b, char *before) {
  xmlHashTablePtr now = xmlHashCreate(b->n + 1);
  size_t ol = strlen(o->out);
  for (int i = 0; i < b->n; i++) xmlHashAddEntry(now, BAD_CAST(b->v[i].path + ol + 1), (void *)1);
  int rc = 0;
  for (char *line = before; line && *line && !rc;) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = 0;
    char *tab = strchr(line, '\t');
    if (tab) *tab = 0;
    if (*line && !strstr(line, "..") && line[0] != '/' && !xmlHashLookup(now, BAD_CAST line)) {
      buf p;
      buf_init(&p);
      buf_printf(&p, "%s/%s", o->out, line);
      if (output_remove(d, buf_cstr(&p)) != 0) rc = -1;
      buf_free(&p);
    }
    line = nl ? nl + 1 : NULL;
  }
  xmlHashFree(now, NULL);
  return rc;
}

/* The releases folder of a manual: --releases, else releases/ beside it (malloc'ed). */
static char *S_releases_dir(const build_opts *o, const char *manual) {
  return prepare_releases_dir(o->releases, manual);
}

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
  free(rp);
  free(tag);
  free(rd);
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
  buf b;
  buf_init(&b);
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
    diag_pos pos = {bad, 0, 0};
    if (c < 0x20 || c == 0x7F)
      diag_report(d, DIAG_ERROR, pos, "usage",
                  "this name holds a control character (0x%02x), which make cannot read in the "
                  "dependency file %s; rename it",
                  c, o->depfile);
    else
      diag_report(d, DIAG_ERROR, pos, "usage",
                  "this name holds '%c', which make cannot read in the dependency file %s; rename "
                  "it (or its folder)",
                  c, o->depfile);
    rc = -1;
  } else
    rc = output_stage(d, o->depfile, b.data, b.len);
  buf_free(&b);
  return rc;
}

/* Writes a manual's outputs, its manifest part and its depfile (if any) as one set: every
 * file in full to its temporary file, then all renamed; a failure replaces none. 0, or -1
 * after reporting. */
static int S_commit(const build_opts *o, diag *d, batch *b, const char *part, const tj_manual *depm,
                    int *begun) {
  int ok = 1;
  for (int k = 0; ok && k < b->n; k++)
    if (output_stage(d, b->v[k].path, b->v[k].data, b->v[k].len) != 0) ok = 0;
  if (ok && output_stage(d, part, b->part.data ? b->part.data : "", b->part.len) != 0) ok = 0;
  if (ok && depm && S_depfile(o, d, depm) != 0) ok = 0;
  if (ok && S_begin(o, d, begun) != 0)
    ok = 0; /* the manifest says "building" before the first rename */
  if (!ok) {
    output_abort();
    return -1;
  }
  return output_commit(d) == 0 ? 0 : -1;
}

/* Renders a frozen release as it was published: DIR/<id>/index.html and <id>.md. 0, or -1
 * after reporting. */
/* A release's pictures with callouts get the radius of their drawn numbers, which a snapshot
 * does not hold (presentation): screenshots stand in pages and steps, two levels down. */
static void S_release_radius(xmlNodePtr n) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (xmlu_is(c, "screenshot")) {
      xmlChar *w = xmlGetProp(c, BAD_CAST "width"), *h = xmlGetProp(c, BAD_CAST "height");
      if (w && h && xmlu_child(c, "callout")) {
        char t[16];
        snprintf(t, sizeof t, "%d",
                 pubxml_callout_radius(atoi((const char *)w), atoi((const char *)h)));
        xmlSetProp(c, BAD_CAST "r", BAD_CAST t);
      }
      xmlFree(w);
      xmlFree(h);
    } else if (xmlu_is(c, "page") || xmlu_is(c, "step"))
      S_release_radius(c);
  }
}

/* The pictures of a release, from where tejun release kept them (the snapshot's folder,
 * images/SHA.png|jpg), published under the path its pages name. A picture not kept there (a
 * release made before tejun kept pictures, or a folder that lost them) is a warning, and the
 * page shows it missing. 0, or -1 after reporting. */
static int S_release_images(const build_opts *o, diag *d, batch *b, xmlDocPtr pub, const char *path,
                            const char *id, const xmlChar *ver, const xmlChar *date) {
  char *dir = util_dirname(path);
  xmlHashTablePtr done = xmlHashCreate(8);
  int rc = 0;
  xmlNodePtr root = xmlDocGetRootElement(pub);
  /* a screenshot's own children (its marks) are passed over */
  for (xmlNodePtr n = root; n && !rc;
       n = xmlu_is(n, "screenshot") ? xmlu_skip(n, root) : xmlu_next(n, root)) {
    if (xmlu_is(n, "screenshot")) {
      xmlChar *src = xmlGetProp(n, BAD_CAST "src"), *sha = xmlGetProp(n, BAD_CAST "sha256"),
              *type = xmlGetProp(n, BAD_CAST "type");
      if (src && sha && !xmlHashLookup(done, src)) {
        xmlHashAddEntry(done, src, (void *)1);
        char *kept = release_image_path(dir, (const char *)sha, (const char *)type);
        size_t len = 0;
        char *data = release_image_read(kept, (const char *)sha, &len);
        if (!data) {
          diag_pos pp = {path, 0, 0};
          diag_report(
              d, DIAG_WARNING, pp, "release-image",
              "the picture '%s' of this release (sha256 %.12s…) is not kept in %s: the page shows "
              "it missing; `tejun release` keeps the pictures of the releases it makes",
              (const char *)src, (const char *)sha, kept);
        } else {
          buf p;
          buf_init(&p);
          buf_printf(&p, "%s/%s/%s", o->out, id, (const char *)src);
          manifest_row(&b->part, buf_cstr(&p) + strlen(o->out) + 1, id, NULL, "image",
                       ver ? (const char *)ver : "", date ? (const char *)date : "");
          S_add(b, buf_detach(&p), data, len);
        }
        free(kept);
      }
      xmlFree(src);
      xmlFree(sha);
      xmlFree(type);
    }
  }
  xmlHashFree(done, NULL);
  free(dir);
  return rc;
}

static int S_build_release(const build_opts *o, diag *d, xslt *r, const char *path, int *begun) {
  xmlDocPtr pub = release_read(d, path);
  if (!pub) return -1;
  xmlNodePtr root = xmlDocGetRootElement(pub);
  xmlSetProp(root, BAD_CAST "tejun", BAD_CAST tejun_version);
  xmlChar *id = xmlGetProp(root, BAD_CAST "manual"), *ver = xmlGetProp(root, BAD_CAST "version"),
          *date = xmlGetProp(root, BAD_CAST "date");
  int ok = id && util_safe_id((const char *)id);
  if (!ok) {
    diag_pos pp = {path, 0, 0};
    diag_report(d, DIAG_ERROR, pp, "release-corrupt", "the snapshot has no valid manual id");
  }
  batch b;
  memset(&b, 0, sizeof b);
  buf_init(&b.part);
  S_release_radius(xmlDocGetRootElement(pub));
  if (ok)
    ok = S_render(o, d, r, &b, pub, (const char *)id, (const char *)id, (const char *)id, NULL,
                  ver ? (const char *)ver : "", date ? (const char *)date : "") == 0;
  if (ok) ok = S_release_images(o, d, &b, pub, path, (const char *)id, ver, date) == 0;
  if (ok) {
    buf pp;
    buf_init(&pp);
    buf_printf(&pp, "%s/.tejun/parts/%s.tsv", o->out, (const char *)id);
    ok = S_commit(o, d, &b, buf_cstr(&pp), NULL, begun) == 0;
    buf_free(&pp);
  }
  S_batch_free(&b);
  if (id) xmlFree(id);
  if (ver) xmlFree(ver);
  if (date) xmlFree(date);
  xmlFreeDoc(pub);
  return ok ? 0 : -1;
}

/* What a run has done so far. */
typedef struct run {
  int status, built, begun;
} run;

/* One manual (or release) of the run: load, check, render, write. */
static void S_one(build_opts *o, diag *d, const tj_catalog *cat, xslt *r, int i, run *st) {
  const char *path = o->manuals[i];
  char *snap = run_release_input(o->releases, path);
  if (snap) {
    if (o->emit_xml) {
      diag_pos pp = {path, 0, 0};
      diag_report(d, DIAG_ERROR, pp, "usage",
                  "a release can only be built; check and release take MANUAL.yaml files");
      st->status = 2;
    } else if (S_build_release(o, d, r, snap, &st->begun) == 0)
      st->built++;
    else
      st->status = exit_worst(st->status, 1);
    free(snap);
    return;
  }
  int before = d->errors;
  tj_manual *m = prepare_read(d, cat, path, &st->status);
  if (o->loaded) o->loaded(o->ctx, i, m);
  if (!m) return;
  int wbefore = d->warnings;
  check_stats cs = {0};
  char *rd = S_releases_dir(o, path);
  prepare_check(d, m, rd, &cs);
  free(rd);
  o->silenced += cs.silenced;
  o->nchecked++;
  if (d->errors > before ||
      (o->werror && d->warnings > wbefore)) { /* errors, or warnings with --werror */
    st->status = exit_worst(st->status, 1);
    manual_free(m);
    return;
  }
  tj_view full;
  view_init(&full, m, NULL);
  /* --changes-since: the diff against that release marks the outputs */
  xmlDocPtr changes = o->changes_since ? S_changes(o, d, m, path) : NULL;
  if (o->changes_since && !changes) {
    st->status = exit_worst(st->status, 1);
    view_free(&full);
    manual_free(m);
    return;
  }
  if (o->emit_xml) {
    xmlDocPtr doc = pubxml_view(&full, &full, tejun_version);
    if (changes) {
      diff_mark(doc, changes);
      xmlFreeDoc(changes);
    }
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
  int ok = S_view(o, d, r, &b, &full, &full, m->id, m->id, changes) == 0;
  for (int s = 0; ok && o->services && s < m->nservices; s++) {
    tj_view sv;
    view_init(&sv, m, m->services[s]);
    buf sub;
    buf_init(&sub);
    buf_printf(&sub, "services/%s", m->services[s]);
    ok = S_view(o, d, r, &b, &sv, &full, buf_cstr(&sub), m->services[s], changes) == 0;
    buf_free(&sub);
    view_free(&sv);
  }
  /* everything rendered in memory: now write, each file atomically; a stop asked for
   * before this point leaves the manual out, one asked for after waits for its files */
  if (ok && output_stopped()) ok = 0;
  if (ok) {
    buf pp;
    buf_init(&pp);
    buf_printf(&pp, "%s/.tejun/parts/%s.tsv", o->out, m->id);
    char *last = NULL; /* what the last build of this manual wrote (its part) */
    size_t llen = 0;
    diag quiet; /* an unreadable old part only means nothing is known to be stale: the commit
                   reports the folder */
    diag_init(&quiet, NULL, 0, 0);
    if (output_read(&quiet, buf_cstr(&pp), &last, &llen) != 0) last = NULL;
    diag_free(&quiet);
    if (S_commit(o, d, &b, buf_cstr(&pp), o->depfile ? m : NULL, &st->begun) != 0) {
      ok = 0;
      st->status = 2;
    } else if (last && S_remove_stale(o, d, &b, last) != 0) {
      ok = 0;
      st->status = 2;
    }
    free(last);
    buf_free(&pp);
  }
  if (ok) {
    st->built++;
    if (o->written) o->written[i] = b.n;
  } else if (!output_stopped())
    st->status = exit_worst(st->status, 1);
  S_batch_free(&b);
  if (changes) xmlFreeDoc(changes);
  view_free(&full);
  manual_free(m);
}

/* -j N: the manuals in N worker processes (workers.h); what S_one changes in o and st comes
 * back as counters. */
typedef struct wctx {
  build_opts *o;
  const tj_catalog *cat;
  xslt *r;
  const char *skip;
} wctx;

static void S_work(void *ctx, int i, diag *d, int *counters) {
  wctx *w = ctx;
  run st = {counters[0], 0, counters[2]}; /* begun: the manifest is marked once per worker */
  int silenced = w->o->silenced, nchecked = w->o->nchecked;
  if (!w->skip[i]) S_one(w->o, d, w->cat, w->r, i, &st);
  counters[0] = st.status;
  counters[1] += st.built;
  counters[2] = st.begun;
  counters[3] += w->o->silenced - silenced;
  counters[4] += w->o->nchecked - nchecked;
}

static void S_workers(build_opts *o, diag *d, const tj_catalog *cat, xslt *r, const char *skip,
                      run *st) {
  wctx w = {o, cat, r, skip};
  int counters[WORKERS_COUNTERS] = {0};
  if (output_lock(d, 0) != 0) {
    st->status = 2;
    return;
  } /* taken before the fork: the workers share it */
  if (workers_run(o->jobs, o->nmanuals, S_work, &w, d, counters, o->progress) != 0) {
    st->status = 2;
    return;
  }
  st->status = counters[0];
  st->built = counters[1];
  st->begun = counters[2];
  o->silenced += counters[3];
  o->nchecked += counters[4];
}

int build_run(build_opts *o, diag *d) {
  int status = 0;
  tj_catalog *cat = o->cat ? NULL : run_catalog(d, o->catalog, o->manuals, o->nmanuals, &status);
  if (status) return status;
  xslt *r = o->xslt;
  if (!r && !o->emit_xml) {
    r = xslt_open(d, o->templates);
    if (!r) {
      catalog_free(cat);
      return 2;
    }
  }
  if (!o->emit_xml) output_root(o->out); /* locked by the first write (output.h) */
  char *skip = xcalloc((size_t)o->nmanuals + 1, 1);
  int dups = o->emit_xml ? 0
                         : run_duplicates(d, RUN_BUILD, o->manuals, o->nmanuals, o->releases,
                                          o->out, o->services, skip);
  run st = {0, 0, 0};
  if (o->cat) cat = (tj_catalog *)o->cat; /* the caller's: not freed below */
  output_graceful(1);
  ytree_cache_open(); /* the shared files the manuals include: parsed once in this run */
  if (o->jobs > 1 && o->nmanuals > 1 && !o->emit_xml)
    S_workers(o, d, cat, r, skip, &st);
  else
    for (int i = 0; i < o->nmanuals && !output_stopped(); i++) {
      if (o->progress) { /* the file name escaped: it is data */
        fprintf(stderr, "\r\033[K[%d/%d] ", i + 1, o->nmanuals);
        util_term_put(stderr, o->manuals[i], strlen(o->manuals[i]), 0);
        fflush(stderr);
      }
      if (!skip[i]) S_one(o, d, cat, r, i, &st);
    }
  free(skip);
  ytree_cache_close(); /* every manual of the run is freed by now */
  if (dups) st.status = exit_worst(st.status, 1);
  status = st.status;
  int built = st.built, begun = st.begun;
  if (o->progress) {
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
  }
  /* also after a stop: the manifest then lists the outputs as they are */
  if (!o->emit_xml && (built || begun) && o->manifest &&
      manifest_write(d, o->out, tejun_version) != 0)
    status = 2;
  output_graceful(0);
  if (r != o->xslt) xslt_close(r);
  if (cat != o->cat) catalog_free(cat);
  return status;
}

/* The command line of `tejun build` and `tejun watch` (build --watch). */

const char cmd_build_usage[] =
    "usage: tejun build [-o DIR] [options] MANUAL.yaml|ID@N.M...\n"
    "\n"
    "Compile each manual into DIR/<id>/index.html and DIR/<id>/<id>.md, and each of\n"
    "its services into DIR/services/<service>/index.html and <service>.md; then write\n"
    "DIR/manifest.json. A manual with errors writes nothing; earlier outputs stay.\n"
    "ID@N.M (or a snapshot .xml) builds a frozen release as published, into DIR/<id>/.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR     where outputs go (default: out)\n"
    "      --emit=xml       print the intermediate XML of each manual; write nothing\n"
    "      --catalog FILE   the catalog (default: <manual folder>/shared/catalog.yaml)\n"
    "      --templates DIR  the XSLT stylesheets (default: $TEJUN_TEMPLATES, else\n"
    "                       templates/ beside the tejun program)\n"
    "      --no-services    build only the full manuals\n"
    "      --no-manifest    do not rewrite DIR/manifest.json\n"
    "      --werror         warnings of the checks stop the build too\n"
    "      --changes-since N.M  mark the pages and steps changed since release N.M\n"
    "                       (a change bar, and a list of changes at the top)\n"
    "      --releases DIR   where releases are (default: releases/ beside the manual;\n"
    "                       for ID@N.M inputs: manuals/releases)\n"
    "      --depfile FILE   write a make rule listing every file read\n"
    "      --deptarget T    the target of that rule (default: FILE)\n"
    "  -j, --jobs N         build the manuals in N processes (1 to 64, or auto: one\n"
    "                       per processor; default 1). Diagnostics come worker by\n"
    "                       worker, each sorted; the outputs are the same\n"
    "  -q, --quiet          no progress line\n"
    "      --watch          then rebuild on every save: `tejun watch` (see its --help)\n"
    "  -h, --help           show this help\n"
    "\n"
    "The checks of `tejun check` run first: an error stops a manual's outputs, a\n"
    "warning does not (unless --werror).\n"
    "\n"
    "exit status: 0 built, 1 problems in the manuals, 2 usage or I/O error.\n";

/* `tejun watch`, or `tejun build --watch`: the options of build, minus those that write
 * something else than out/ (usage errors). */
static int S_watch(build_opts *o, int quiet) {
  if (o->emit_xml)
    return cmd_usage_error("watch", "%s", "watch writes out/: --emit=xml is for build");
  if (o->depfile || o->deptarget)
    return cmd_usage_error("watch", "%s", "watch does not write depfiles (--depfile is for make)");
  if (!o->manifest)
    return cmd_usage_error(
        "watch", "%s",
        "watch rewrites the manifest after each rebuild (--no-manifest is for make)");
  if (o->jobs > 1)
    return cmd_usage_error("watch", "%s", "watch builds in one process (-j is for build)");
  for (int i = 0; i < o->nmanuals; i++) {
    size_t n = strlen(o->manuals[i]);
    if ((n > 4 && !strcmp(o->manuals[i] + n - 4, ".xml")) ||
        (strchr(o->manuals[i], '@') && !strchr(o->manuals[i], '/')))
      return cmd_usage_error("watch", "watch takes MANUAL.yaml files, not releases ('%s')",
                             o->manuals[i]);
  }
  o->progress = !quiet && isatty(2); /* for a rebuild of eight manuals or more */
  return cmd_watch_run(o, cmd_color());
}

enum {
  O_EMIT = 256,
  O_CATALOG,
  O_TEMPLATES,
  O_DEPFILE,
  O_DEPTARGET,
  O_NO_SERVICES,
  O_NO_MANIFEST,
  O_WERROR,
  O_RELEASES,
  O_CHANGES,
  O_WATCH
};
static const struct option S_longs[] = {{"output", required_argument, NULL, 'o'},
                                        {"emit", required_argument, NULL, O_EMIT},
                                        {"catalog", required_argument, NULL, O_CATALOG},
                                        {"templates", required_argument, NULL, O_TEMPLATES},
                                        {"depfile", required_argument, NULL, O_DEPFILE},
                                        {"deptarget", required_argument, NULL, O_DEPTARGET},
                                        {"no-services", no_argument, NULL, O_NO_SERVICES},
                                        {"no-manifest", no_argument, NULL, O_NO_MANIFEST},
                                        {"werror", no_argument, NULL, O_WERROR},
                                        {"releases", required_argument, NULL, O_RELEASES},
                                        {"changes-since", required_argument, NULL, O_CHANGES},
                                        {"jobs", required_argument, NULL, 'j'},
                                        {"quiet", no_argument, NULL, 'q'},
                                        {"watch", no_argument, NULL, O_WATCH},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};

/* Parses the options into o and files; returns -1 to go on, else the exit status. */
static int S_parse(int argc, char **argv, build_opts *o, const char **files, int *nf, int *watch,
                   int *quiet) {
  cmd_args a = {argc, argv, *watch ? "watch" : "build", "o:qj:h", S_longs, NULL, 0};
  for (int c; (c = cmd_next(&a)) != CMD_END;) {
    const char *v = a.arg;
    switch (c) {
    case CMD_BAD: return 2;
    case CMD_FILE: files[(*nf)++] = v; break;
    case 'h': fputs(*watch ? cmd_watch_usage : cmd_build_usage, stdout); return 0;
    case O_WATCH:
      *watch = 1;
      a.cmd = "watch";
      break;
    case 'o': o->out = v; break;
    case O_EMIT:
      if (strcmp(v, "xml"))
        return cmd_usage_error(a.cmd, "unknown --emit format '%s' (known: xml)", v);
      o->emit_xml = 1;
      break;
    case O_CATALOG: o->catalog = v; break;
    case O_TEMPLATES: o->templates = v; break;
    case O_DEPFILE: o->depfile = v; break;
    case O_DEPTARGET: o->deptarget = v; break;
    case O_NO_SERVICES: o->services = 0; break;
    case O_NO_MANIFEST: o->manifest = 0; break;
    case 'q': *quiet = 1; break;
    case O_WERROR: o->werror = 1; break;
    case O_RELEASES: o->releases = v; break;
    case O_CHANGES: o->changes_since = v; break;
    case 'j': {
      char *end;
      long j = strtol(v, &end, 10);
      if (!strcmp(v, "auto")) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        o->jobs = n > 0 ? (int)(n > 64 ? 64 : n) : 1;
      } else if (*end || j < 1 || j > 64)
        return cmd_usage_error(
            a.cmd, "-j takes a number of processes from 1 to 64, or auto (not '%s')", v);
      else
        o->jobs = (int)j;
      break;
    }
    default: return 2;
    }
  }
  if (*nf == 0)
    return cmd_usage_error(a.cmd, "%s",
                           *watch ? "watch needs at least one MANUAL.yaml"
                                  : "build needs at least one MANUAL.yaml");
  if (!*o->out) return cmd_usage_error(a.cmd, "%s", "-o needs a folder");
  return -1;
}

static int S_main(int argc, char **argv, int watch) {
  build_opts o;
  memset(&o, 0, sizeof o);
  o.out = "out";
  o.templates = cmd_templates();
  o.services = 1;
  o.manifest = 1;
  int quiet = 0, nf = 0;
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  int rc = S_parse(argc, argv, &o, files, &nf, &watch, &quiet);
  o.manuals = files;
  o.nmanuals = nf;
  if (rc < 0 && watch) rc = S_watch(&o, quiet);
  if (rc >= 0) {
    free(files);
    return rc;
  }
  o.progress = !quiet && !o.emit_xml && nf >= 8 && isatty(2);
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  diag d;
  diag_init(&d, stderr, cmd_color(), 0);
  rc = build_run(&o, &d);
  diag_sort(&d);
  diag_summary(&d, "tejun build");
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (rc == 0 && !quiet && !o.emit_xml && isatty(2)) /* a person ran it: say what happened */
    fprintf(stderr, "tejun build: %d manual%s%s written to %s/ in %.2f s\n", nf, nf == 1 ? "" : "s",
            o.services ? (nf == 1 ? " and its service pages" : " and their service pages") : "",
            o.out, (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
  diag_free(&d);
  free(files);
  return rc;
}

int cmd_build_main(int argc, char **argv) { return S_main(argc, argv, 0); }
int cmd_watch_main(int argc, char **argv) { return S_main(argc, argv, 1); }
