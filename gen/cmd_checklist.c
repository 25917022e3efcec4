/* cmd_checklist.c: the checklist job: load, select, build, render HTML and PDF, write. */
#include "cmd_checklist.h"
#include "cmd.h"
#include "prepare.h"
#include "cmd_build.h"
#include "checklist.h"
#include "customer.h"
#include "load.h"
#include "output.h"
#include "pdf.h"
#include "xslt.h"
#include "resolve.h"
#include <libxml/xmlsave.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The first manual that lists the service, or -1. */
static int S_cover(const checklist_manual *cms, int n, const char *service) {
  for (int i = 0; i < n; i++)
    for (int s = 0; s < cms[i].m->nservices; s++)
      if (!strcmp(cms[i].m->services[s], service)) return i;
  return -1;
}

/* Render one checklist to HTML and PDF in memory, then write both; 0, 1 (rendering) or 2 (I/O). */
static int S_write(const cmd_checklist_opts *o, diag *d, xslt *r, pdf *p, xmlDocPtr doc,
                   const char *sub, const char *id) {
  size_t hlen = 0, plen = 0;
  int pages = 0;
  char *html = xslt_apply(r, d, XSLT_CHECKLIST, doc, &hlen);
  if (!html) return 1;
  char *pdfb = pdf_render(p, d, doc, &plen, &pages);
  if (!pdfb) {
    free(html);
    return 1;
  }
  int rc = 0;
  buf path;
  buf_init(&path);
  buf_printf(&path, "%s/%s%s.pdf", o->out, sub, id);
  /* the PDF and the HTML replace their earlier versions together, or neither does */
  if (output_stage(d, buf_cstr(&path), pdfb, plen) != 0) rc = 2;
  buf_free(&path);
  buf_printf(&path, "%s/%s%s.html", o->out, sub, id);
  if (!rc && output_stage(d, buf_cstr(&path), html, hlen) != 0) rc = 2;
  buf_free(&path);
  if (rc)
    output_abort();
  else if (output_commit(d) != 0)
    rc = 2;
  free(html);
  free(pdfb);
  return rc;
}

static void S_emit(xmlDocPtr doc) {
  if (isatty(1)) { /* read on a terminal: never raw */
    xmlChar *x = NULL;
    int n = 0;
    xmlDocDumpFormatMemoryEnc(doc, &x, &n, "UTF-8", 1);
    if (x) util_term_put(stdout, (const char *)x, (size_t)n, UTIL_TERM_LINES);
    xmlFree(x);
    fflush(stdout);
    return;
  }
  xmlSaveCtxtPtr sc = xmlSaveToFd(1, "UTF-8", XML_SAVE_FORMAT);
  xmlSaveDoc(sc, doc);
  xmlSaveClose(sc);
}

/* One checklist document (NULL: it failed, reported): printed (--emit=xml) or written as
 * OUT/SUB/ID.pdf and .html, then freed; *status takes the worst. */
static void S_output(cmd_checklist_opts *o, diag *d, xslt *r, pdf *p, xmlDocPtr doc,
                     const char *sub, const char *id, int *status) {
  if (!doc) {
    *status = exit_worst(*status, 1);
    return;
  }
  if (o->emit_xml)
    S_emit(doc);
  else {
    int rc = S_write(o, d, r, p, doc, sub, id);
    *status = exit_worst(*status, rc);
    if (!rc) o->written++;
  }
  xmlFreeDoc(doc);
}

int cmd_checklist_run(cmd_checklist_opts *o, diag *d) {
  diag_pos nopos = {"tejun checklist", 0, 0};
  output_root(o->out);
  int status = 0;
  char *catpath = prepare_catalog_path(o->catalog, o->manuals[0]);
  int io = 0;
  tj_catalog *cat = catalog_load(d, catpath, &io);
  free(catpath);
  if (!cat) return io ? 2 : 1;

  /* the manuals: all of them must load and resolve, or nothing is written */
  tj_manual **ms = xcalloc((size_t)o->nmanuals, sizeof *ms);
  tj_view *views = xcalloc((size_t)o->nmanuals, sizeof *views);
  checklist_manual *cms = xcalloc((size_t)o->nmanuals, sizeof *cms);
  int nm = 0;
  for (int i = 0; i < o->nmanuals; i++) {
    /* checked as tejun check checks it (every rule, and against the release of its version):
     * a checklist carries the version, so it prints only what that version says */
    char *rd = prepare_releases_dir(o->releases, o->manuals[i]);
    check_stats cs = {0};
    tj_manual *m = prepare_load(d, cat, o->manuals[i], rd, 0, &cs, &status);
    free(rd);
    if (!m) continue;
    ms[nm] = m;
    view_init(&views[nm], m, NULL);
    cms[nm].m = m;
    cms[nm].full = &views[nm];
    nm++;
  }

  /* the services */
  const char **svc = xcalloc((size_t)cat->nservices + (size_t)o->nservices + 1, sizeof *svc);
  int ns = 0;
  for (int i = 0; !status && i < o->nservices; i++) {
    if (S_cover(cms, nm, o->services[i]) < 0) {
      buf list;
      buf_init(&list);
      for (int k = 0; k < nm; k++)
        for (int s = 0; s < ms[k]->nservices; s++) {
          if (list.len) buf_puts(&list, ", ");
          buf_puts(&list, ms[k]->services[s]);
        }
      diag_report(d, DIAG_ERROR, nopos, "usage",
                  "--service '%s' is not a service of the manuals given (they have: %s)",
                  o->services[i], buf_cstr(&list));
      buf_free(&list);
      status = 2;
      continue;
    }
    int dup = 0;
    for (int k = 0; k < ns; k++)
      if (!strcmp(svc[k], o->services[i])) dup = 1;
    if (!dup) svc[ns++] = o->services[i];
  }
  if (o->all_services && !o->nservices)
    for (int i = 0; i < nm; i++)
      for (int s = 0; s < ms[i]->nservices; s++) {
        int dup = 0;
        for (int k = 0; k < ns; k++)
          if (!strcmp(svc[k], ms[i]->services[s])) dup = 1;
        if (!dup) svc[ns++] = ms[i]->services[s];
      }

  /* the customers */
  tj_customer **cus = xcalloc((size_t)o->ncustomers + 1, sizeof *cus);
  int nc = customer_load_list(d, cat, o->customers, o->ncustomers, "checklists/customers/", cus,
                              &status);

  if (o->emit_xml && ns + nc != 1 && !status) {
    diag_report(d, DIAG_ERROR, nopos, "usage",
                "--emit=xml prints one checklist: give one --service or one --customer (this run "
                "selects %d)",
                ns + nc);
    status = 2;
  }

  xslt *r = NULL;
  pdf *p = NULL;
  if (nm && !o->emit_xml && (ns || nc) && status != 2) {
    r = xslt_open(d, o->templates);
    if (r) p = pdf_open(d);
    if (!r || !p) status = 2;
  }
  /* a run with errors in the manuals writes nothing; a bad profile stops only its own checklist */
  int go = nm == o->nmanuals && status != 2 && (o->emit_xml || (r && p));
  for (int i = 0; go && i < ns; i++) {
    int k = S_cover(cms, nm, svc[i]);
    S_output(o, d, r, p, checklist_service(d, &cms[k], svc[i], tejun_version), "checklists/",
             svc[i], &status);
  }
  for (int i = 0; go && i < nc; i++)
    S_output(o, d, r, p, checklist_customer(d, cms, nm, cus[i], tejun_version),
             "checklists/customers/", cus[i]->id, &status);

  pdf_close(p);
  xslt_close(r);
  for (int i = 0; i < nc; i++) customer_free(cus[i]);
  free(cus);
  free(svc);
  for (int i = 0; i < nm; i++) {
    view_free(&views[i]);
    manual_free(ms[i]);
  }
  free(ms);
  free(views);
  free(cms);
  catalog_free(cat);
  return status;
}

/* The command line of `tejun checklist`. */

const char cmd_checklist_usage[] =
    "usage: tejun checklist [-o DIR] [--service ID]... [--customer FILE]... MANUAL.yaml...\n"
    "\n"
    "Make printable checklists, each as an A4 PDF (written by tejun, Japanese font\n"
    "embedded) and as print-ready HTML:\n"
    "  DIR/checklists/<service>.pdf, .html              one per service\n"
    "  DIR/checklists/customers/<customer-id>.pdf, .html one per customer profile\n"
    "Without --service and --customer: every service of the manuals given. With\n"
    "--customer only: only those customers' checklists. A profile is a YAML file\n"
    "(manuals/customers/*.yaml, see manuals/README.md); its name is the customer id.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR     where outputs go (default: out)\n"
    "      --service ID     the checklist of this service (repeatable)\n"
    "      --customer FILE  the checklist of this customer (repeatable)\n"
    "      --emit=xml       print the checklist XML (one checklist); write nothing\n"
    "      --catalog FILE   the catalog (default: <manual folder>/shared/catalog.yaml)\n"
    "      --releases DIR   the release snapshots each manual is checked against\n"
    "                       (default: <manual folder>/releases)\n"
    "      --templates DIR  the XSLT stylesheets (default: as for build)\n"
    "  -h, --help           show this help\n"
    "\n"
    "example, for a new customer:\n"
    "  tejun checklist --customer manuals/customers/sample-shoji.yaml manuals/*.yaml\n"
    "\n"
    "exit status: 0 written, 1 problems in the manuals or profiles, 2 usage or I/O error.\n";

enum { O_SERVICE = 256, O_CUSTOMER, O_EMIT, O_CATALOG, O_RELEASES, O_TEMPLATES };
static const struct option S_longs[] = {{"output", required_argument, NULL, 'o'},
                                        {"service", required_argument, NULL, O_SERVICE},
                                        {"customer", required_argument, NULL, O_CUSTOMER},
                                        {"emit", required_argument, NULL, O_EMIT},
                                        {"catalog", required_argument, NULL, O_CATALOG},
                                        {"releases", required_argument, NULL, O_RELEASES},
                                        {"templates", required_argument, NULL, O_TEMPLATES},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};

static int S_parse(int argc, char **argv, cmd_checklist_opts *o, const char **files,
                   const char **svcs, const char **cus) {
  cmd_args a = {argc, argv, "checklist", "o:h", S_longs, NULL, 0};
  for (int c; (c = cmd_next(&a)) != CMD_END;) {
    const char *v = a.arg;
    switch (c) {
    case 'h': fputs(cmd_checklist_usage, stdout); return 0;
    case 'o': o->out = v; break;
    case O_SERVICE: svcs[o->nservices++] = v; break;
    case O_CUSTOMER: cus[o->ncustomers++] = v; break;
    case O_EMIT:
      if (strcmp(v, "xml"))
        return cmd_usage_error("checklist", "unknown --emit format '%s' (known: xml)", v);
      o->emit_xml = 1;
      break;
    case O_CATALOG: o->catalog = v; break;
    case O_RELEASES: o->releases = v; break;
    case O_TEMPLATES: o->templates = v; break;
    case CMD_FILE: files[o->nmanuals++] = v; break;
    default: return 2;
    }
  }
  if (o->nmanuals == 0)
    return cmd_usage_error("checklist", "%s", "checklist needs at least one MANUAL.yaml");
  if (!*o->out) return cmd_usage_error("checklist", "%s", "-o needs a folder");
  return -1;
}

int cmd_checklist_main(int argc, char **argv) {
  cmd_checklist_opts o;
  memset(&o, 0, sizeof o);
  o.out = "out";
  o.templates = cmd_templates();
  const char **files = xcalloc((size_t)argc + 1, sizeof *files);
  const char **svcs = xcalloc((size_t)argc + 1, sizeof *svcs);
  const char **cus = xcalloc((size_t)argc + 1, sizeof *cus);
  o.manuals = files;
  o.services = svcs;
  o.customers = cus;
  int rc = S_parse(argc, argv, &o, files, svcs, cus);
  if (rc < 0) {
    o.all_services = o.ncustomers == 0;
    diag d;
    diag_init(&d, stderr, cmd_color(), 1);
    rc = cmd_checklist_run(&o, &d);
    diag_summary(&d, "tejun checklist");
    if (rc == 0 && !o.emit_xml && isatty(2))
      fprintf(stderr, "tejun checklist: %d checklist%s (PDF and HTML) written to %s/checklists/\n",
              o.written, o.written == 1 ? "" : "s", o.out);
    diag_free(&d);
    pdf_cleanup();
  }
  free(files);
  free(svcs);
  free(cus);
  return rc;
}
