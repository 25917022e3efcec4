/* fuzz.c: libFuzzer targets for tejun, one binary per target (make fuzz):
 *   FUZZ_MANUAL    manual YAML → model → references → checks
 *   FUZZ_PIPELINE  the same → intermediate XML → HTML and Markdown (full and a service view)
 *   FUZZ_CUSTOMER  customer profile YAML → checked profile → its checklist (XML, then HTML)
 *                  from the four real manuals (the PDF is left to tests/checklist: pango and
 *                  cairo are too slow to fuzz, and keep caches for the process)
 *   FUZZ_SNAPSHOT  release snapshot XML → verified publication → HTML
 *   FUZZ_DIFF      two manuals (the input split at the first 0xFF byte, or in half) → diff
 *                  (text, HTML and Markdown redlines), and the change marks in HTML and Markdown
 *   FUZZ_GROW      a short description of a manual that grows (grow.h), expanded to up to
 *                  GROW_MAX bytes of YAML → checks → publication (as `release --force`
 *                  makes it, errors or not) → its checklist → a diff and change marks
 *                  against the same manual at half its repetitions; a super-linear path
 *                  takes more than the 1 s that run.sh allows an input
 * Run from the repository root: the catalog and the stylesheets are read once, at start. */
#include "../../gen/check.h"
#include "../../gen/checklist.h"
#include "../../gen/customer.h"
#include "../../gen/diff.h"
#include "../../gen/pubxml.h"
#include "../../gen/load.h"
#include "../../gen/markdown.h"
#include "../../gen/view.h"
#include "../../gen/release.h"
#include "../../gen/xslt.h"
#include "../../gen/resolve.h"
#if defined(FUZZ_GROW)
#include "grow.h"
#include <sys/stat.h>
#include <unistd.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tj_catalog *S_cat;
static xslt *S_r;
static FILE *S_null;
#if defined(FUZZ_CUSTOMER)
static const char *const S_manuals[] = {"manuals/google-workspace.yaml", "manuals/box.yaml", "manuals/microsoft-365.yaml", "manuals/dropbox.yaml"};
#define NMAN (int)(sizeof S_manuals / sizeof *S_manuals)
static tj_view S_views[NMAN];
static checklist_manual S_cms[NMAN];
#endif
#if defined(FUZZ_GROW)
/* A folder for includes: shared/b1.yaml … b7.yaml, each including the next ten times (an
 * include bomb to reach with construct GROW_INCLUDES); removed at exit. */
static char S_root[64];
static void S_rmroot(void) {
  char p[128];
  for (int i = 1; i <= 7; i++) { snprintf(p, sizeof p, "%s/shared/b%d.yaml", S_root, i); unlink(p); }
  snprintf(p, sizeof p, "%s/shared", S_root); rmdir(p);
  rmdir(S_root);
}
static void S_mkroot(void) {
  snprintf(S_root, sizeof S_root, "/tmp/tejun-grow-XXXXXX");
  if (!mkdtemp(S_root)) { perror("fuzz: mkdtemp"); exit(2); }
  char p[128];
  snprintf(p, sizeof p, "%s/shared", S_root);
  if (mkdir(p, 0700) != 0) { perror("fuzz: mkdir"); exit(2); }
  atexit(S_rmroot);
  for (int i = 1; i <= 7; i++) {
    snprintf(p, sizeof p, "%s/shared/b%d.yaml", S_root, i);
    FILE *f = fopen(p, "w");
    if (!f) { perror(p); exit(2); }
    fputs(i < 7 ? "pages:\n" : "pages: []\n", f);
    for (int k = 0; i < 7 && k < 10; k++) fprintf(f, "  - include: shared/b%d.yaml\n", i + 1);
    fclose(f);
  }
}
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  S_null = fopen("/dev/null", "w");
  diag d;
  diag_init(&d, stderr, 0, 1);
  int io = 0;
  S_cat = catalog_load(&d, "manuals/shared/catalog.yaml", &io);
  S_r = xslt_open(&d, "templates");
  if (!S_cat || !S_r) { fputs("fuzz: run from the repository root\n", stderr); exit(2); }
#if defined(FUZZ_GROW)
  S_mkroot();
#endif
#if defined(FUZZ_CUSTOMER)
  for (int i = 0; i < NMAN; i++) {   /* loaded once; they live as long as the process */
    tj_manual *m = manual_load(&d, S_cat, S_manuals[i], "manuals", &io);
    if (!m) { fputs("fuzz: cannot load the manuals\n", stderr); exit(2); }
    resolve_manual(&d, m);
    view_init(&S_views[i], m, NULL);
    S_cms[i].m = m; S_cms[i].full = &S_views[i];
  }
#endif
  diag_free(&d);
  return 0;
}

static tj_manual *S_manual(diag *d, const char *data, size_t len, const char *name) {
  tj_manual *m = manual_load_bytes(d, S_cat, data, len, name, "manuals");
  if (!m) return NULL;
  resolve_manual(d, m);
  check_stats st = {0};
  check_manual(d, m, &st);
  return m;
}

static void S_render(diag *d, xmlDocPtr doc) {
  size_t n = 0;
  free(xslt_apply(S_r, d, XSLT_HTML, doc, &n));
  free(markdown_publication(d, doc, &n));
}

static xmlDocPtr S_pub(diag *d, const char *data, size_t len, const char *name) {
  tj_manual *m = S_manual(d, data, len, name);
  if (!m) return NULL;
  xmlDocPtr p = d->errors ? NULL : release_publication(m, RELEASE_FORMAT);
  manual_free(m);
  return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  diag d;
  diag_init(&d, S_null, 0, 0);
  const char *s = (const char *)data;
#if defined(FUZZ_MANUAL)
  tj_manual *m = S_manual(&d, s, size, "fuzz.yaml");
  manual_free(m);
#elif defined(FUZZ_PIPELINE)
  tj_manual *m = S_manual(&d, s, size, "fuzz.yaml");
  if (m && !d.errors) {
    tj_view full;
    view_init(&full, m, NULL);
    xmlDocPtr doc = pubxml_view(&full, &full, "fuzz");
    S_render(&d, doc);
    xmlFreeDoc(doc);
    if (m->nservices) {
      tj_view sv;
      view_init(&sv, m, m->services[0]);
      doc = pubxml_view(&sv, &full, "fuzz");
      S_render(&d, doc);
      xmlFreeDoc(doc);
      view_free(&sv);
    }
    view_free(&full);
  }
  manual_free(m);
#elif defined(FUZZ_CUSTOMER)
  tj_customer *cu = customer_load_bytes(&d, S_cat, s, size, "manuals/customers/fuzz.yaml");
  if (cu) {
    xmlDocPtr doc = checklist_customer(&d, S_cms, NMAN, cu, "fuzz");
    if (doc) {
      size_t n = 0;
      free(xslt_apply(S_r, &d, XSLT_CHECKLIST, doc, &n));
      xmlFreeDoc(doc);
    }
  }
  customer_free(cu);
#elif defined(FUZZ_SNAPSHOT)
  xmlDocPtr pub = release_parse(&d, s, size, "fuzz.xml");
  if (pub) { S_render(&d, pub); xmlFreeDoc(pub); }
#elif defined(FUZZ_DIFF)
  const uint8_t *cut = memchr(data, 0xFF, size);
  size_t a = cut ? (size_t)(cut - data) : size / 2, b0 = cut ? a + 1 : a;
  xmlDocPtr x = S_pub(&d, s, a, "old.yaml"), y = S_pub(&d, s + b0, size - b0, "new.yaml");
  if (x && y) {
    xmlDocPtr df = diff_publications(x, y, "old", "new", "fuzz");
    diff_text(S_null, df, 1);
    size_t n = 0;
    free(xslt_apply(S_r, &d, XSLT_DIFF_HTML, df, &n));
    free(markdown_diff(&d, df, &n));
    xmlDocPtr pub = xmlCopyDoc(y, 1);
    diff_mark(pub, df);
    S_render(&d, pub);
    xmlFreeDoc(pub);
    xmlFreeDoc(df);
  }
  if (x) xmlFreeDoc(x);
  if (y) xmlFreeDoc(y);
#elif defined(FUZZ_GROW)
  buf y; buf_init(&y);
  grow_expand(&y, data, size, 1);
  tj_manual *m = manual_load_bytes(&d, S_cat, y.data ? y.data : "", y.len, "grow.yaml", S_root);
  buf_free(&y);
  int stages = size ? data[0] : 0;
  if (m) {
    resolve_manual(&d, m);
    check_stats st = {0};
    check_manual(&d, m, &st);
  }
  if (m && (stages & (GROW_STAGE_PUBLISH | GROW_STAGE_DIFF))) {
    xmlDocPtr cur = release_publication(m, RELEASE_FORMAT);   /* as `release --force` makes it, errors or not */
    if (stages & GROW_STAGE_PUBLISH) {
      tj_view full;
      view_init(&full, m, NULL);
      checklist_manual cm = { m, &full };
      if (m->nservices) { xmlDocPtr cl = checklist_service(&d, &cm, m->services[0], "fuzz"); if (cl) xmlFreeDoc(cl); }
      view_free(&full);
    }
    /* the same manual at half its repetitions, diffed against it */
    tj_manual *m2 = NULL;
    if (stages & GROW_STAGE_DIFF) {
      buf h; buf_init(&h);
      grow_expand(&h, data, size, 2);
      m2 = manual_load_bytes(&d, S_cat, h.data ? h.data : "", h.len, "half.yaml", S_root);
      buf_free(&h);
    }
    if (m2) {
      resolve_manual(&d, m2);
      xmlDocPtr old = release_publication(m2, RELEASE_FORMAT);
      xmlDocPtr df = diff_publications(old, cur, "half", "grow", "fuzz");
      diff_text(S_null, df, 0);
      diff_mark(cur, df);
      buf pages; buf_init(&pages);
      release_changed_pages(old, cur, &pages);
      buf_free(&pages);
      xmlFreeDoc(df);
      xmlFreeDoc(old);
      manual_free(m2);
    }
    xmlFreeDoc(cur);
  }
  manual_free(m);
#else
#error "define one FUZZ_* target"
#endif
  diag_free(&d);
  return 0;
}
