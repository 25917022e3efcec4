/* cmd_site.c: the landing page job: load, decide (site.c), present (site.xsl), write. */
#include "cmd_site.h"
#include "cmd.h"
#include "prepare.h"
#include "cmd_build.h"
#include "customer.h"
#include "load.h"
#include "manifest.h"
#include "output.h"
#include "site.h"
#include "xslt.h"
#include <libxml/xmlsave.h>
#include <stdlib.h>
#include <string.h>

const char cmd_site_usage[] =
    "usage: tejun site [-o DIR] [--customer FILE]... MANUAL.yaml...\n"
    "\n"
    "Write DIR/index.html, the landing page of the output folder (in Japanese): each\n"
    "manual with its title, version, date and information label, linking its HTML and\n"
    "Markdown; under it its service pages, and its releases newest first, each with the\n"
    "redline DIR/diffs/<id>-<old>..<new>.html and .md where there is one; then the\n"
    "checklists per service and per customer (the company from the profile).\n"
    "Only files that are on disk under DIR are linked, by relative links: DIR opens from\n"
    "disk and from any web server. Run it after build, diff and checklist (make does).\n"
    "The page is listed in DIR/manifest.json.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR     the output folder (default: out)\n"
    "      --customer FILE  list this customer's checklist (repeatable)\n"
    "      --releases DIR   where releases are (default: releases/ beside each manual)\n"
    "      --catalog FILE   the catalog (default: <manual folder>/shared/catalog.yaml)\n"
    "      --templates DIR  the XSLT stylesheets (default: as for build)\n"
    "      --emit=xml       print the page's XML (templates/site.rng); write nothing\n"
    "      --no-manifest    do not rewrite DIR/manifest.json\n"
    "  -h, --help           show this help\n"
    "\n"
    "A page built from another version than its manual says now is an error: build it\n"
    "again first. A manual without its page, or a customer without a checklist, is a\n"
    "warning (the manual is listed without that link, the customer is left off).\n"
    "\n"
    "exit status: 0 written, 1 problems in the manuals, profiles or releases (nothing\n"
    "written), 2 usage or I/O error.\n";

/* The releases folder of a manual: --releases, else releases/ beside it (malloc'ed). */
static char *S_releases_dir(const cmd_site_opts *o, const char *manual) {
  return prepare_releases_dir(o->releases, manual);
}

/* Renders the page and writes it with its manifest part, as one set. 0, 1 or 2. */
static int S_write(const cmd_site_opts *o, diag *d, xmlDocPtr doc) {
  xslt *r = xslt_open(d, o->templates);
  if (!r) return 2;
  size_t len = 0;
  char *html = xslt_apply(r, d, XSLT_SITE, doc, &len);
  xslt_close(r);
  if (!html) return 1;
  buf part;
  buf_init(&part);
  manifest_row(&part, "index.html", "", NULL, "html", "", "");
  buf p;
  buf_init(&p);
  buf_printf(&p, "%s/index.html", o->out);
  int rc = output_stage(d, buf_cstr(&p), html, len) == 0 ? 0 : 2;
  buf_free(&p);
  buf_printf(&p, "%s/.tejun/parts/_site.tsv", o->out);
  if (!rc && output_stage(d, buf_cstr(&p), part.data, part.len) != 0) rc = 2;
  buf_free(&p);
  if (!rc && manifest_begin(d, o->out) != 0) rc = 2; /* "building" before the first rename */
  if (rc)
    output_abort();
  else if (output_commit(d) != 0)
    rc = 2;
  if (!rc && o->manifest && manifest_write(d, o->out, tejun_version) != 0) rc = 2;
  buf_free(&part);
  free(html);
  return rc;
}

int cmd_site_run(const cmd_site_opts *o, diag *d) {
  diag_pos nopos = {"tejun site", 0, 0};
  if (!o->emit_xml) output_root(o->out);
  char *catpath = prepare_catalog_path(o->catalog, o->manuals[0]);
  int io = 0;
  tj_catalog *cat = catalog_load(d, catpath, &io);
  free(catpath);
  if (!cat) return io ? 2 : 1;

  int status = 0;
  tj_manual **ms = xcalloc((size_t)o->nmanuals + 1, sizeof *ms);
  char **rdirs = xcalloc((size_t)o->nmanuals + 1, sizeof *rdirs);
  int nm = 0;
  for (int i = 0; i < o->nmanuals; i++) {
    char *root = util_dirname(o->manuals[i]);
    int mio = 0;
    tj_manual *m = manual_load(d, cat, o->manuals[i], root, &mio);
    free(root);
    if (!m) {
      status = exit_worst(status, mio ? 2 : 1);
      continue;
    }
    int dup = -1;
    for (int k = 0; k < nm && dup < 0; k++)
      if (!strcmp(ms[k]->id, m->id)) dup = k;
    if (dup >= 0) {
      diag_report(d, DIAG_ERROR, m->pos, "duplicate",
                  "manual '%s' is given twice (also %s); give each manual once", m->id,
                  ms[dup]->file);
      manual_free(m);
      status = exit_worst(status, 1);
      continue;
    }
    rdirs[nm] = S_releases_dir(o, o->manuals[i]);
    ms[nm++] = m;
  }
  tj_customer **cus = xcalloc((size_t)o->ncustomers + 1, sizeof *cus);
  int nc = customer_load_list(d, cat, o->customers, o->ncustomers, NULL, cus, &status);

  if (!status) {
    site_input in = {o->out,
                     cat,
                     (const tj_manual *const *)ms,
                     nm,
                     (const char *const *)rdirs,
                     (const tj_customer *const *)cus,
                     nc};
    xmlDocPtr doc = site_document(d, &in, tejun_version);
    if (!doc)
      status = 1;
    else if (o->emit_xml) {
      xmlSaveCtxtPtr sc = xmlSaveToFd(1, "UTF-8", XML_SAVE_FORMAT);
      xmlSaveDoc(sc, doc);
      xmlSaveClose(sc);
    } else
      status = S_write(o, d, doc);
    if (doc) xmlFreeDoc(doc);
  }
  if (status == 1 && !o->emit_xml)
    diag_report(d, DIAG_NOTE, nopos, "io",
                "%s/index.html not written (an earlier page stays): fix the errors reported",
                o->out);

  for (int i = 0; i < nc; i++) customer_free(cus[i]);
  free(cus);
  for (int i = 0; i < nm; i++) {
    manual_free(ms[i]);
    free(rdirs[i]);
  }
  free(ms);
  free(rdirs);
  catalog_free(cat);
  return status;
}

enum { O_CUSTOMER = 256, O_RELEASES, O_CATALOG, O_TEMPLATES, O_EMIT, O_NO_MANIFEST };
static const struct option S_longs[] = {{"output", required_argument, NULL, 'o'},
                                        {"customer", required_argument, NULL, O_CUSTOMER},
                                        {"releases", required_argument, NULL, O_RELEASES},
                                        {"catalog", required_argument, NULL, O_CATALOG},
                                        {"templates", required_argument, NULL, O_TEMPLATES},
                                        {"emit", required_argument, NULL, O_EMIT},
                                        {"no-manifest", no_argument, NULL, O_NO_MANIFEST},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};

static int S_parse(int argc, char **argv, cmd_site_opts *o, const char **files, const char **cus) {
  cmd_args a = {argc, argv, "site", "o:h", S_longs, NULL, 0};
  for (int c; (c = cmd_next(&a)) != CMD_END;) {
    const char *v = a.arg;
    switch (c) {
    case 'h': fputs(cmd_site_usage, stdout); return 0;
    case 'o': o->out = v; break;
    case O_CUSTOMER: cus[o->ncustomers++] = v; break;
    case O_RELEASES: o->releases = v; break;
    case O_CATALOG: o->catalog = v; break;
    case O_TEMPLATES: o->templates = v; break;
    case O_EMIT:
      if (strcmp(v, "xml"))
        return cmd_usage_error("site", "unknown --emit format '%s' (known: xml)", v);
      o->emit_xml = 1;
      break;
    case O_NO_MANIFEST: o->manifest = 0; break;
    case CMD_FILE: files[o->nmanuals++] = v; break;
    default: return 2;
    }
  }
  if (o->nmanuals == 0) return cmd_usage_error("site", "%s", "site needs at least one MANUAL.yaml");
  if (!*o->out) return cmd_usage_error("site", "%s", "-o needs a folder");
  return -1;
}

int cmd_site_main(int argc, char **argv) {
  cmd_site_opts o;
  memset(&o, 0, sizeof o);
  o.out = "out";
  o.templates = cmd_templates();
  o.manifest = 1;
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  const char **cus = xcalloc((size_t)argc + 1, sizeof *cus);
  o.manuals = files;
  o.customers = cus;
  int rc = S_parse(argc, argv, &o, files, cus);
  if (rc < 0) {
    diag d;
    diag_init(&d, stderr, cmd_color(), 0);
    rc = cmd_site_run(&o, &d);
    diag_sort(&d);
    diag_summary(&d, "tejun site");
    diag_free(&d);
  }
  free(files);
  free(cus);
  return rc;
}
