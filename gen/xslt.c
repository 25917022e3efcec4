/* xslt.c: locked-down libxml2/libxslt, stylesheets parsed once, the extension function
 * tj:css (a CSS string literal). */
#include "xslt.h"
#include "htmlwrite.h"
#include "util.h"
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/imports.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define TJ_NS "urn:x-tejun"
#define XML_OPTS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NSCLEAN)

struct xslt {
  xsltStylesheetPtr style[XSLT_SHEETS];
  xsltSecurityPrefsPtr sec;
};

static const char *S_names[XSLT_SHEETS] = {"html.xsl", "checklist.xsl", "diff-html.xsl",
                                           "site.xsl"};
static char S_tpl_dir[PATH_MAX]; /* the only folder the entity loader reads, while loading */
static int S_loading;

/* Every external resource is refused, except the stylesheets' own xsl:import/include while
 * xslt_open parses them. */
static xmlParserInputPtr S_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt) {
  (void)id;
  if (S_loading && url) {
    const char *p = url;
    if (!strncmp(p, "file://", 7)) p += 7;
    char real[PATH_MAX];
    size_t n = strlen(S_tpl_dir);
    if (realpath(p, real) && !strncmp(real, S_tpl_dir, n) && real[n] == '/')
      return xmlNewInputFromFile(ctxt, real);
  }
  return NULL;
}

static void S_silent(void *ctx, const char *msg, ...) {
  (void)ctx;
  (void)msg;
}

/* tj:css(string): a CSS string literal ("…") with quotes, backslashes, control characters
 * and '<' escaped, for the print margin boxes of @page. */
static void S_css(xmlXPathParserContextPtr ctxt, int nargs) {
  if (nargs != 1) {
    xmlXPathSetArityError(ctxt);
    return;
  }
  xmlChar *s = xmlXPathPopString(ctxt);
  buf b;
  buf_init(&b);
  buf_putc(&b, '"');
  for (const unsigned char *p = s; *p; p++) {
    if (*p == '"' || *p == '\\' || *p < 0x20 || *p == 0x7F || *p == '<' || *p == '>')
      buf_printf(&b, "\\%x ", *p);
    else
      buf_putc(&b, (char)*p);
  }
  buf_putc(&b, '"');
  xmlFree(s);
  xmlXPathReturnString(ctxt, xmlStrdup((const xmlChar *)buf_cstr(&b)));
  buf_free(&b);
}

/* The process-wide lock-down: every external entity or DTD is refused (while no stylesheet
 * is loading), nothing is printed by the libraries on their own. Idempotent. */
static void S_lockdown(void) {
  static int done;
  if (done) return;
  done = 1;
  xmlInitParser();
  xmlSetExternalEntityLoader(S_loader);
  xmlSetGenericErrorFunc(NULL, S_silent);
  xsltSetGenericErrorFunc(NULL, S_silent);
  xmlSubstituteEntitiesDefault(0);
  xmlLoadExtDtdDefaultValue = 0;
}

xmlDocPtr xslt_parse_xml(const char *data, size_t len) {
  S_lockdown();
  if (len > (size_t)INT_MAX) return NULL;
  return xmlReadMemory(data, (int)len, "input.xml", NULL, XML_OPTS);
}

xslt *xslt_open(diag *d, const char *dir) {
  diag_pos nopos = {dir, 0, 0};
  S_lockdown();
  xsltRegisterExtModuleFunction(BAD_CAST "css", BAD_CAST TJ_NS, S_css);
  if (!realpath(dir, S_tpl_dir)) {
    diag_report(d, DIAG_ERROR, nopos, "io", "templates folder not found");
    return NULL;
  }
  xslt *r = xcalloc(1, sizeof *r);
  /* transform-time prohibitions: no file or network access, no directories, no writes */
  r->sec = xsltNewSecurityPrefs();
  xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
  xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
  xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
  xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
  xsltSetSecurityPrefs(r->sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
  S_loading = 1;
  for (int i = 0; i < XSLT_SHEETS; i++) {
    buf p;
    buf_init(&p);
    buf_printf(&p, "%s/%s", S_tpl_dir, S_names[i]);
    xmlDocPtr doc = xmlReadFile(buf_cstr(&p), NULL, XML_OPTS);
    if (!doc) {
      diag_pos pp = {buf_cstr(&p), 0, 0};
      diag_report(d, DIAG_ERROR, pp, "template",
                  "cannot read the stylesheet (missing or not well-formed XML)");
      buf_free(&p);
      S_loading = 0;
      xslt_close(r);
      return NULL;
    }
    r->style[i] = xsltParseStylesheetDoc(doc);
    if (!r->style[i]) {
      diag_pos pp = {buf_cstr(&p), 0, 0};
      diag_report(d, DIAG_ERROR, pp, "template", "the stylesheet does not compile");
      xmlFreeDoc(doc);
      buf_free(&p);
      S_loading = 0;
      xslt_close(r);
      return NULL;
    }
    buf_free(&p);
  }
  S_loading = 0;
  xsltSetDefaultSecurityPrefs(r->sec);
  return r;
}

void xslt_close(xslt *r) {
  if (!r) return;
  for (int i = 0; i < XSLT_SHEETS; i++)
    if (r->style[i]) xsltFreeStylesheet(r->style[i]);
  xsltSetDefaultSecurityPrefs(NULL);
  if (r->sec) xsltFreeSecurityPrefs(r->sec);
  free(r);
}

char *xslt_apply(xslt *r, diag *d, xslt_format f, xmlDocPtr doc, size_t *len) {
  diag_pos nopos = {S_names[f], 0, 0};
  xsltTransformContextPtr ctxt = xsltNewTransformContext(r->style[f], doc);
  if (!ctxt) {
    diag_report(d, DIAG_ERROR, nopos, "template", "cannot start the transformation");
    return NULL;
  }
  xsltSetCtxtSecurityPrefs(r->sec, ctxt);
  xsltSetCtxtParseOptions(ctxt, XML_OPTS);
  xmlDocPtr res = xsltApplyStylesheetUser(r->style[f], doc, NULL, NULL, NULL, ctxt);
  int failed = ctxt->state != XSLT_STATE_OK;
  xsltFreeTransformContext(ctxt);
  if (!res || failed) {
    if (res) xmlFreeDoc(res);
    diag_report(d, DIAG_ERROR, nopos, "template",
                "the stylesheet stopped (an element it does not handle, or a forbidden file or "
                "network access)");
    return NULL;
  }
  /* our own writer for the html output method without indentation (every stylesheet of
   * tejun); TEJUN_HTML_WRITER=libxml2 uses libxml2's, which writes the same bytes (tests) */
  const xmlChar *method = NULL;
  int indent = 0;
  XSLT_GET_IMPORT_PTR(method, r->style[f], method)
  XSLT_GET_IMPORT_INT(indent, r->style[f], indent)
  const char *w = getenv("TEJUN_HTML_WRITER");
  if (method && xmlStrEqual(method, BAD_CAST "html") && indent == 0 &&
      !(w && !strcmp(w, "libxml2"))) {
    buf b;
    buf_init(&b);
    if (htmlwrite_doc(res, &b) == 0) {
      xmlFreeDoc(res);
      *len = b.len;
      return b.data ? buf_detach(&b) : xstrdup("");
    }
    buf_free(&b);
  }
  xmlChar *out = NULL;
  int n = 0;
  if (xsltSaveResultToString(&out, &n, res, r->style[f]) != 0) {
    xmlFreeDoc(res);
    diag_report(d, DIAG_ERROR, nopos, "template", "cannot serialise the result");
    return NULL;
  }
  xmlFreeDoc(res);
  char *s = xmalloc((size_t)n + 1);
  if (n) memcpy(s, out, (size_t)n);
  s[n] = 0;
  xmlFree(out);
  *len = (size_t)n;
  return s;
}

void xslt_cleanup(void) {
  xsltCleanupGlobals();
  xmlCleanupParser();
}
