/* fuzz.c: libFuzzer targets for tejun, one binary per target (make fuzz):
 *   FUZZ_MANUAL    manual YAML → model → references → checks
 *   FUZZ_PIPELINE  the same → intermediate XML → HTML and Markdown (full and a service view)
 *   FUZZ_CUSTOMER  customer profile YAML → checked profile → its checklist (XML, then HTML)
 *                  from the four real manuals (the PDF is left to tests/checklist: pango and
 *                  cairo are too slow to fuzz, and keep caches for the process)
 *   FUZZ_SNAPSHOT  release snapshot XML → verified publication → HTML
 *   FUZZ_DIFF      two manuals (the input split at the first 0xFF byte, or in half) → diff
 *                  (text, HTML and Markdown redlines), and the change marks in HTML and Markdown
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

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc; (void)argv;
  S_null = fopen("/dev/null", "w");
  diag d;
  diag_init(&d, stderr, 0, 1);
  int io = 0;
  S_cat = load_catalog(&d, "manuals/shared/catalog.yaml", &io);
  S_r = xslt_open(&d, "templates");
  if (!S_cat || !S_r) { fputs("fuzz: run from the repository root\n", stderr); exit(2); }
#if defined(FUZZ_CUSTOMER)
  for (int i = 0; i < NMAN; i++) {   /* loaded once; they live as long as the process */
    tj_manual *m = load_manual(&d, S_cat, S_manuals[i], "manuals", &io);
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
  tj_manual *m = load_manual_bytes(d, S_cat, data, len, name, "manuals");
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
  xmlDocPtr p = d->errors ? NULL : release_publication(m);
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
#else
#error "define one FUZZ_* target"
#endif
  diag_free(&d);
  return 0;
}
