/* check.c: the rules of `tejun check`: numbering, page counters, literal references,
 * document titles, the change log and links. Japanese style is in style.c. */
#include "check.h"
#include "checkctx.h"
#include "image.h"
#include "load.h"
#include "view.h"
#include "resolve.h"
#include "style.h"
#include <cmark.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The functions that find the rules' findings (each row names its own; rows that share one
 * are found in one pass). ref-unknown and ref-words are resolve.c's, run before the checks. */
static void S_steps(checkctx *c);
static void S_counters(checkctx *c);
static void S_lit(checkctx *c);
static void S_doc(checkctx *c);
static void S_changelog(checkctx *c);
static void S_link(checkctx *c);
static void S_callouts(checkctx *c);
static void S_title_product(checkctx *c);

const check_rule check_rules[] = {
    {"step-number", DIAG_ERROR,
     "a step's number as printed (`number:`) differs from its computed number: steps count ①②③ "
     "across the pages of one procedure and restart with the next",
     S_steps},
    {"page-counter", DIAG_ERROR,
     "a page title as printed (`title:`) states a continuation counter （１）（２） that differs "
     "from the page's place in its procedure, or one on a procedure of a single page",
     S_counters},
    {"ref-unknown", DIAG_ERROR,
     "a symbolic reference {{page:ID}} / {{step:ID}} / {{doc:ID}}, or a `refs` entry, names a "
     "target that does not exist (the nearest id is suggested)",
     NULL},
    {"ref-words", DIAG_ERROR,
     "the words of a `refs` entry do not occur in the prose of its step or block", NULL},
    {"literal-ref", DIAG_ERROR,
     "a literal reference in the prose (P4, 前頁, 手順⑦, 前工程⑩ …) tied to its target in `refs` "
     "says something else than the target is numbered today",
     S_lit},
    {"literal-ref-untied", DIAG_WARNING,
     "a literal page or step reference in the prose is not tied to a target: write {{page:ID}} / "
     "{{step:ID}}, or record it in `refs`",
     S_lit},
    {"doc-unknown", DIAG_ERROR,
     "a document title in the prose (【…】…, 「…マニュアル」) is not in the catalog of manuals and "
     "documents (the nearest catalog title, at most two characters off, is suggested)",
     S_doc},
    {"changelog-order", DIAG_ERROR,
     "change-log versions must strictly increase (第1.0版 < 第1.1版 < … < 第2.0版)", S_changelog},
    {"changelog-date", DIAG_ERROR,
     "a change-log date is not a real date, or is earlier than the row before", S_changelog},
    {"changelog-format", DIAG_ERROR,
     "a change-log version is not written like the manual's other versions (第N.M版)", S_changelog},
    {"ja-doubled-particle", DIAG_WARNING,
     "the same particle twice in a row (をを, がが, にに, でで, へへ)", style_check},
    {"ja-near-duplicate", DIAG_WARNING,
     "the same sentence written two ways in one manual (they differ by one or two characters)",
     style_check},
    {"ja-halfwidth-kana", DIAG_WARNING, "half-width katakana (ｱｲｳ); write full-width katakana",
     style_check},
    {"ja-mixed-width", DIAG_WARNING,
     "full-width and half-width digits or brackets mixed in one manual's page titles (（１） "
     "beside (1))",
     style_check},
    {"ja-mixed-style", DIAG_WARNING, "です/ます style mixed with である style in one manual",
     style_check},
    {"ja-long-sentence", DIAG_WARNING,
     "a sentence longer than 100 characters (URLs, paths and other runs of 10 or more ASCII "
     "characters not counted; trademark lines exempt)",
     style_check},
    {"link-scheme", DIAG_ERROR,
     "a link that is not http(s) or relative (javascript:, file:, data:, mailto: …)", S_link},
    {"link-malformed", DIAG_ERROR,
     "a malformed http(s) link (no host, spaces, characters a URL cannot hold)", S_link},
    {"callout-step", DIAG_ERROR,
     "a screenshot's callout names a step the manual does not have (the nearest id is suggested)",
     S_callouts},
    {"callout-outside", DIAG_ERROR, "a callout's point (x, y) lies outside its image's pixels",
     S_callouts},
    {"callout-no-image", DIAG_ERROR, "a screenshot has callouts but no `image:` to draw them on",
     S_callouts},
    {"callout-twice", DIAG_WARNING, "the same step is called out twice on one screenshot",
     S_callouts},
    {"title-product", DIAG_WARNING,
     "the manual's title holds the catalog's product name, which the cover and the footer print "
     "beside the title (or the publisher, which the cover prints): it would stand there twice",
     S_title_product},
    {NULL, DIAG_NOTE, NULL, NULL}};

const check_rule check_format_ids[] = {
    {"yaml-syntax", DIAG_ERROR,
     "the file is not valid YAML (the parser's message says where and why)", NULL},
    {"yaml-empty", DIAG_ERROR, "the file is empty", NULL},
    {"yaml-documents", DIAG_ERROR, "more than one YAML document (`---`) in one file", NULL},
    {"yaml-anchor", DIAG_ERROR,
     "a YAML anchor or alias (&a, *a); write the content out, or share pages with `include:`",
     NULL},
    {"yaml-key", DIAG_ERROR, "a mapping key that is a list or a mapping, not a plain word", NULL},
    {"yaml-duplicate-key", DIAG_ERROR, "a key given twice in one mapping", NULL},
    {"encoding", DIAG_ERROR,
     "bytes that are not UTF-8, a NUL byte, or a bidirectional control character", NULL},
    {"limit-file", DIAG_ERROR, "a file larger than 16 MiB", NULL},
    {"limit-depth", DIAG_ERROR, "YAML nested deeper than 64 levels", NULL},
    {"limit-nodes", DIAG_ERROR, "too many YAML nodes in one file", NULL},
    {"limit-scalar", DIAG_ERROR, "one text longer than the limit", NULL},
    {"unknown-key", DIAG_ERROR,
     "a key the format does not have (the nearest known key is suggested)", NULL},
    {"misplaced-key", DIAG_ERROR, "a key of a step written beside `step:` instead of inside it",
     NULL},
    {"missing-key", DIAG_ERROR, "a required key is missing", NULL},
    {"wrong-type", DIAG_ERROR,
     "a value of the wrong kind (a text, a list or a mapping where another is needed)", NULL},
    {"empty", DIAG_ERROR,
     "a required text or list is empty, or holds only spaces or invisible characters", NULL},
    {"too-long", DIAG_ERROR, "a customer profile's text is longer than one line of the checklist",
     NULL},
    {"bad-id", DIAG_ERROR, "an id that is not lower-case letters, digits and '-' (at most 64)",
     NULL},
    {"bad-date", DIAG_ERROR, "a date not written YYYY-MM-DD", NULL},
    {"bad-path", DIAG_ERROR,
     "an image path that is not relative and inside manuals/, or a file name make cannot read",
     NULL},
    {"image-missing", DIAG_ERROR,
     "a screenshot's image file that does not exist in the manuals folder (or is a link leading "
     "out of it)",
     NULL},
    {"image-unreadable", DIAG_ERROR, "a screenshot's image file that cannot be read", NULL},
    {"image-format", DIAG_ERROR,
     "a screenshot's image file that is not a whole PNG or JPEG (recognised by its bytes)", NULL},
    {"image-too-large", DIAG_ERROR,
     "an image over 8 MiB or 10,000 pixels a side, or images over 64 MiB for one manual", NULL},
    {"limit-callouts", DIAG_ERROR, "more than 64 callouts on one screenshot", NULL},
    {"bad-value", DIAG_ERROR, "a value that is not one of those the key allows", NULL},
    {"block-kind", DIAG_ERROR,
     "a block that has not exactly one of text, heading, note, list, step, table, code, screenshot",
     NULL},
    {"table-shape", DIAG_ERROR,
     "a table row whose number of cells differs from the table's columns", NULL},
    {"duplicate-id", DIAG_ERROR, "a page or step id used twice in one manual", NULL},
    {"duplicate", DIAG_ERROR, "a service listed twice, or two profiles of one customer", NULL},
    {"duplicate-manual", DIAG_ERROR,
     "two manuals of one run with the same id, or listing the same service: both would write the "
     "same outputs",
     NULL},
    {"limit-inline", DIAG_ERROR, "emphasis, strong text, links and images nested deeper than 16",
     NULL},
    {"limit-refs", DIAG_ERROR, "more than 64 `refs` entries in one block", NULL},
    {"limit-ignore", DIAG_ERROR, "more than 32 `ignore` entries on one node", NULL},
    {"limit-services", DIAG_ERROR, "more than 64 services in the catalog", NULL},
    {"include-limit", DIAG_ERROR,
     "more than 1,000 includes, or 32 MiB of included files, for one manual", NULL},
    {"changelog-empty", DIAG_ERROR,
     "a manual without change-log rows (the last row gives every output its version)", NULL},
    {"ref-syntax", DIAG_ERROR, "`{{` that does not start {{page:ID}}, {{step:ID}} or {{doc:ID}}",
     NULL},
    {"ref-target", DIAG_ERROR, "a `refs` entry that names no target, or more than one", NULL},
    {"include", DIAG_ERROR, "`include:` where includes are not available", NULL},
    {"include-missing", DIAG_ERROR, "an included file that does not exist", NULL},
    {"include-outside", DIAG_ERROR, "an include that leads outside the manuals folder", NULL},
    {"include-cycle", DIAG_ERROR, "files that include each other", NULL},
    {"include-depth", DIAG_ERROR, "includes nested too deep", NULL},
    {"include-name", DIAG_ERROR,
     "an included file name that make cannot hold in a depfile (;, =, |, parentheses, backslash, "
     "control characters)",
     NULL},
    {"unknown-condition", DIAG_ERROR, "a `when` condition not in the catalog", NULL},
    {"unknown-service", DIAG_ERROR, "a service not in the catalog", NULL},
    {"unknown-plan", DIAG_ERROR, "a customer's plan not in the catalog", NULL},
    {"unknown-region", DIAG_ERROR, "a customer's region not in the catalog", NULL},
    {"no-manual", DIAG_ERROR, "a customer's service that none of the manuals given covers", NULL},
    {"release-unbumped", DIAG_ERROR,
     "the content differs from the release of the manual's last version: add a change-log row",
     NULL},
    {"release-exists", DIAG_ERROR, "a version released before with other content", NULL},
    {"release-missing", DIAG_ERROR, "a release snapshot that does not exist", NULL},
    {"release-corrupt", DIAG_ERROR,
     "a release snapshot that is damaged or does not match its digest", NULL},
    {"release-image", DIAG_WARNING,
     "a picture of a release that is not kept in its releases folder's images/ (tejun build of the "
     "release shows it missing)",
     NULL},
    {"release-unreadable", DIAG_ERROR,
     "a snapshot tejun release would write but could not read back (it is not written)", NULL},
    {"release-version", DIAG_ERROR,
     "a last change-log version that is not 第N.M版, so it cannot be released", NULL},
    {"diff-manuals", DIAG_ERROR, "the two sides of a diff are different manuals", NULL},
    {"manifest", DIAG_ERROR, "the manifest cannot be read", NULL},
    {"manifest-stale", DIAG_ERROR, "the manifest does not match the outputs on disk", NULL},
    {"site-stale", DIAG_ERROR,
     "tejun site: a manual's page in out/ was built from another version than the manual has now",
     NULL},
    {"site-missing", DIAG_WARNING,
     "tejun site: a manual's page is not in out/ yet, so it is listed without a link", NULL},
    {"site-orphan", DIAG_WARNING,
     "tejun site: a redline in out/diffs/ to a version that is neither a release nor the version "
     "now",
     NULL},
    {"template", DIAG_ERROR, "a stylesheet is missing, malformed or fails", NULL},
    {"pdf", DIAG_ERROR, "a checklist cannot be laid out or written as PDF", NULL},
    {"font", DIAG_WARNING, "the font asked for is not installed, or none is", NULL},
    {"io", DIAG_ERROR, "a file or folder cannot be read or written (the reason is named)", NULL},
    {"usage", DIAG_ERROR,
     "a command line tejun cannot carry out (options that do not go together, a diff side that is "
     "no release, snapshot or manual)",
     NULL},
    {"internal", DIAG_ERROR, "a fault in tejun itself; please report it", NULL},
    {NULL, DIAG_NOTE, NULL, NULL}};

/* ---- numbers ---- */

/* Parses digits (ASCII or full-width) at s; returns the value and stores the byte length. */
static int S_digits(const char *s, int *len) {
  int v = 0, k = 0, any = 0;
  for (;;) {
    unsigned char ch = (unsigned char)s[k];
    if (ch >= '0' && ch <= '9') {
      v = v < 100000 ? v * 10 + (ch - '0') : 100000;
      k++;
      any = 1;
      continue;
    }
    uint32_t cp;
    int n = utf8_decode((const unsigned char *)s + k, strnlen(s + k, 4), &cp);
    if (n > 0 && cp >= 0xFF10 && cp <= 0xFF19) {
      v = v < 100000 ? v * 10 + (int)(cp - 0xFF10) : 100000;
      k += n;
      any = 1;
      continue;
    }
    break;
  }
  if (len) *len = k;
  if (v > 100000) v = 100000;
  return any ? v : -1;
}

/* A page read from a shared file (`include:`) is numbered by each manual that includes it: a
 * number that is wrong in this manual may be right in another. A finding on such a number
 * says where the page stands and which manual numbers it so, and gives the fixes that keep
 * every manual right: `fix` (what to write in the shared page, so that each manual prints
 * its own number) or this manual's own copy of the page. `number` is what the plain fix
 * would write, which is wrong for the other manuals. Returns 0 (nothing written) when the
 * page is not shared. */
static int S_shared_fix(buf *w, const checkctx *c, const tj_page *p, const char *fix,
                        const char *number) {
  if (!p || !p->from) return 0;
  buf_printf(w,
             "; in %s, included by %s: %s, or give %s its own copy of the page (writing %s in the "
             "shared page would make it wrong in the other manuals that include it)",
             p->from, c->m->file, fix, c->m->file, number);
  return 1;
}

static void S_steps(checkctx *c) {
  for (int i = 0; i < c->m->npages; i++) {
    const tj_page *p = c->m->pages[i];
    for (int k = 0; k < p->nblocks; k++) {
      const tj_block *b = &p->blocks[k];
      if (b->kind != BK_STEP || !b->step || !b->step->number) continue;
      const tj_step *s = b->step;
      int len = 0;
      int stated = view_parse_mark(s->number, &len);
      if (!stated || s->number[len]) {
        int dl;
        stated = S_digits(s->number, &dl);
        if (stated < 0 || s->number[dl]) stated = 0;
      }
      int want = c->full.sno[s->index];
      buf mk;
      buf_init(&mk);
      view_mark(&mk, want);
      buf sh;
      buf_init(&sh);
      int shared = S_shared_fix(&sh, c, p, "remove `number:` so that each manual numbers the step",
                                buf_cstr(&mk));
      if (!stated)
        checkctx_report(c, "step-number", p, b, s->number_pos,
                        "step number '%s' is not a circled number; this step is %s%s%s", s->number,
                        buf_cstr(&mk), shared ? " here" : "", buf_cstr(&sh));
      else if (stated != want && shared)
        checkctx_report(c, "step-number", p, b, s->number_pos,
                        "step '%s' is printed %s but in %s it is step %s of %s%s%s (P%d)%s", s->id,
                        s->number, c->m->file, buf_cstr(&mk), p->procedure, p->qualifier ? " " : "",
                        p->qualifier ? p->qualifier : "", c->full.pno[p->index], buf_cstr(&sh));
      else if (stated != want)
        checkctx_report(c, "step-number", p, b, s->number_pos,
                        "step '%s' is printed %s but it is step %s of %s%s%s (P%d); renumber it %s",
                        s->id, s->number, buf_cstr(&mk), p->procedure, p->qualifier ? " " : "",
                        p->qualifier ? p->qualifier : "", c->full.pno[p->index], buf_cstr(&mk));
      buf_free(&sh);
      buf_free(&mk);
    }
  }
}

/* The counter a printed title states: （２） (2) （2） (２); -1 when it states none. */
static int S_title_counter(const char *t, size_t *at) {
  const char *p = t;
  while (*p) {
    int open = 0;
    if (!strncmp(p, "（", 3))
      open = 3;
    else if (*p == '(')
      open = 1;
    if (open) {
      const char *q = p + open;
      while (*q == ' ') q++;
      int len = 0;
      int v = S_digits(q, &len);
      if (v >= 0) {
        q += len;
        while (*q == ' ') q++;
        if (!strncmp(q, "）", 3) || *q == ')') {
          if (at) *at = (size_t)(p - t);
          return v;
        }
      }
    }
    p++;
  }
  return -1;
}

/* Callouts: each names a step of the manual (the nearest id suggested), stands inside its
 * image's pixels, and draws a step once per picture; a callout needs the picture. */
static const char *S_step_key(const void *items, int i) {
  return ((const tj_step *const *)items)[i]->id;
}

static void S_shot_callouts(checkctx *c, const tj_page *p, const tj_block *b, const tj_shot *sh,
                            util_near **near, long *budget) {
  const tj_manual *m = c->m;
  if (sh->ncallouts && !sh->image) {
    checkctx_report(
        c, "callout-no-image", p, b, sh->callouts[0].pos,
        "this screenshot has callouts but no `image:`; the numbers are drawn on the picture: add "
        "`image: images/…png`, or remove the callouts until the screenshot exists");
    return;
  }
  for (int i = 0; i < sh->ncallouts; i++) {
    const tj_callout *k = &sh->callouts[i];
    if (!manual_step(m, k->step)) {
      if (!*near) *near = util_near_new(S_step_key, m->steps, m->nsteps, 4, budget);
      int stopped = 0;
      const char *best = util_near_find(*near, k->step, &stopped);
      if (stopped)
        diag_report(c->d, DIAG_NOTE, k->step_pos, "callout-step",
                    "no more \"did you mean\" for unknown callout steps in this manual: the search "
                    "for the nearest id stopped after %ld character comparisons (correct the "
                    "callouts above first)",
                    UTIL_NEAR_BUDGET);
      if (best)
        checkctx_report(c, "callout-step", p, b, k->step_pos,
                        "callout to unknown step '%s'; did you mean '%s'?", k->step, best);
      else
        checkctx_report(
            c, "callout-step", p, b, k->step_pos,
            "callout to unknown step '%s'; a callout names the `id:` of a step of this manual",
            k->step);
    }
    const tj_image *im = sh->img;
    if (im && (k->x >= im->width || k->y >= im->height)) {
      int inx = k->x < im->width;
      checkctx_report(c, "callout-outside", p, b, inx ? k->y_pos : k->x_pos,
                      "callout at (%ld, %ld) is outside the image '%s', which is %d × %d pixels: "
                      "%s must be at most %d (pixels from the %s edge)",
                      k->x, k->y, sh->image, im->width, im->height, inx ? "y" : "x",
                      (inx ? im->height : im->width) - 1, inx ? "top" : "left");
    }
    for (int j = 0; j < i; j++)
      if (!strcmp(sh->callouts[j].step, k->step)) {
        checkctx_report(c, "callout-twice", p, b, k->pos,
                        "step '%s' is called out twice on this screenshot (also at %d:%d); the "
                        "decks draw each number once per picture: remove one",
                        k->step, sh->callouts[j].pos.line, sh->callouts[j].pos.col);
        break;
      }
    if (i >= 64) { /* the same-step search is quadratic: a picture carries a handful */
      checkctx_report(c, "limit-callouts", p, b, k->pos,
                      "more than 64 callouts on one screenshot; split the picture");
      break;
    }
  }
}

static void S_callouts(checkctx *c) {
  util_near *near = NULL;
  long budget = UTIL_NEAR_BUDGET;
  const tj_manual *m = c->m;
  for (int i = 0; i < m->npages; i++) {
    const tj_page *p = m->pages[i];
    for (int k = 0; k < p->nblocks; k++) {
      const tj_block *b = &p->blocks[k];
      int nshots;
      const tj_shot *shots = block_shots(b, &nshots);
      for (int s = 0; s < nshots; s++) S_shot_callouts(c, p, b, &shots[s], &near, &budget);
    }
  }
  util_near_free(near);
}

static void S_counters(checkctx *c) {
  for (int i = 0; i < c->m->npages; i++) {
    const tj_page *p = c->m->pages[i];
    if (!p->title || p->divider) continue;
    size_t at = 0;
    int stated = S_title_counter(p->title, &at);
    int want = c->full.counter[i];
    tj_text t = {p->title, p->title_pos, {0}, p->title_src};
    buf w;
    buf_init(&w);
    if (want) {
      buf_puts(&w, "（");
      view_fullwidth(&w, want);
      buf_puts(&w, "）");
    }
    buf ct;
    buf_init(&ct);
    view_computed_title(&c->full, i, &ct);
    buf sh;
    buf_init(&sh);
    int shared =
        S_shared_fix(&sh, c, p, "remove `title:` so that each manual prints its own counter",
                     want ? buf_cstr(&w) : "the title without a counter");
    if (stated >= 0 && !want && shared)
      checkctx_report_in(
          c, "page-counter", p, NULL, &t, at,
          "the title says (%d) but in %s %s is a procedure of one page (tejun prints '%s')%s",
          stated, c->m->file, p->procedure, buf_cstr(&ct), buf_cstr(&sh));
    else if (stated >= 0 && stated != want && shared)
      checkctx_report_in(c, "page-counter", p, NULL, &t, at,
                         "the title says (%d) but in %s this is page %s of %s (P%d)%s", stated,
                         c->m->file, buf_cstr(&w), p->procedure, c->full.pno[i], buf_cstr(&sh));
    else if (stated >= 0 && !want)
      checkctx_report_in(c, "page-counter", p, NULL, &t, at,
                         "the title says (%d) but %s is a procedure of one page; remove the "
                         "counter (tejun prints '%s')",
                         stated, p->procedure, buf_cstr(&ct));
    else if (stated >= 0 && stated != want)
      checkctx_report_in(c, "page-counter", p, NULL, &t, at,
                         "the title says (%d) but this is page %s of %s (P%d); write %s", stated,
                         buf_cstr(&w), p->procedure, c->full.pno[i], buf_cstr(&w));
    buf_free(&sh);
    buf_free(&w);
    buf_free(&ct);
  }
}

/* ---- literal references ---- */

typedef enum { LIT_PAGE, LIT_PREV_PAGE, LIT_NEXT_PAGE, LIT_STEP, LIT_PREV_PAGE_STEP } lit_kind;
typedef struct lit {
  size_t start, end;
  lit_kind kind;
  int n;
} lit;

static int S_is(const char *s, const char *w) { return !strncmp(s, w, strlen(w)); }

static int S_circled_at(const char *s, int *len) { return view_parse_mark(s, len); }

/* A step number after 手順: circled or digits. */
static int S_step_no(const char *s, int *len) {
  int n = S_circled_at(s, len);
  if (n) return n;
  const char *q = s;
  while (*q == ' ') q++;
  int dl = 0;
  int v = S_digits(q, &dl);
  if (v >= 0) {
    *len = (int)(q - s) + dl;
    return v;
  }
  return 0;
}

/* Finds the literal page and step references of a text. */
static int S_literals(const char *s, lit *out, int max) {
  int n = 0;
  size_t len = strlen(s);
  for (size_t i = 0; i < len && n < max;) {
    const char *p = s + i;
    int k = 0, v;
    /* a reference starts with P, a digit, 前 (E5 89), 手 (E6 89), 次 (E6 AC), a circled
     * number (E2 91, E3 89, E3 8A) or a full-width digit (EF BC): skip the rest quickly */
    unsigned char lead = (unsigned char)*p, b2 = lead >= 0xE0 ? (unsigned char)p[1] : 0;
    int maybe = lead == 'P' || (lead >= '0' && lead <= '9') || (lead == 0xE2 && b2 == 0x91) ||
                (lead == 0xE3 && (b2 == 0x89 || b2 == 0x8A)) || (lead == 0xE5 && b2 == 0x89) ||
                (lead == 0xE6 && (b2 == 0x89 || b2 == 0xAC)) || (lead == 0xEF && b2 == 0xBC);
    if (!maybe) {
      i += lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      continue;
    }
    if (S_is(p, "前頁の手順") && (v = S_step_no(p + strlen("前頁の手順"), &k))) {
      out[n++] = (lit){i, i + strlen("前頁の手順") + (size_t)k, LIT_PREV_PAGE_STEP, v};
      i += strlen("前頁の手順") + (size_t)k;
      continue;
    }
    if (S_is(p, "前工程") && (v = S_step_no(p + strlen("前工程"), &k))) {
      out[n++] = (lit){i, i + strlen("前工程") + (size_t)k, LIT_STEP, v};
      i += strlen("前工程") + (size_t)k;
      continue;
    }
    if (S_is(p, "手順") && (v = S_step_no(p + strlen("手順"), &k))) {
      /* 手順① … as a heading label (手順①：MIPアカウントを追加する) is not a reference */
      const char *after = p + strlen("手順") + k;
      if (!(i == 0 && (S_is(after, "：") || *after == ':'))) {
        out[n++] = (lit){i, i + strlen("手順") + (size_t)k, LIT_STEP, v};
        i += strlen("手順") + (size_t)k;
        continue;
      }
    }
    if ((v = S_circled_at(p, &k)) && S_is(p + k, "で表示された")) {
      out[n++] = (lit){i, i + (size_t)k, LIT_STEP, v};
      i += (size_t)k;
      continue;
    }
    if (S_is(p, "前頁") || S_is(p, "前ページ")) {
      size_t l = S_is(p, "前頁") ? strlen("前頁") : strlen("前ページ");
      out[n++] = (lit){i, i + l, LIT_PREV_PAGE, 0};
      i += l;
      continue;
    }
    if (S_is(p, "次頁") || S_is(p, "次ページ")) {
      size_t l = S_is(p, "次頁") ? strlen("次頁") : strlen("次ページ");
      out[n++] = (lit){i, i + l, LIT_NEXT_PAGE, 0};
      i += l;
      continue;
    }
    if (*p == 'P' &&
        (i == 0 || !((s[i - 1] >= 'A' && s[i - 1] <= 'Z') || (s[i - 1] >= 'a' && s[i - 1] <= 'z') ||
                     (s[i - 1] >= '0' && s[i - 1] <= '9') || s[i - 1] == '/' || s[i - 1] == '_' ||
                     s[i - 1] == '-'))) {
      const char *q = p + 1;
      if (*q == '.') q++;
      if (*q >= '0' && *q <= '9') {
        int dl = 0;
        v = S_digits(q, &dl);
        const char *e = q + dl;
        int alnum_after =
            (*e >= 'A' && *e <= 'Z') || (*e >= 'a' && *e <= 'z') || *e == '.' || *e == '/';
        if (!alnum_after) {
          out[n++] = (lit){i, (size_t)(e - s), LIT_PAGE, v};
          i = (size_t)(e - s);
          continue;
        }
      }
    }
    {
      int dl = 0;
      v = S_digits(p, &dl);
      if (v >= 0 && dl && S_is(p + dl, "ページ") &&
          (i == 0 || !(s[i - 1] >= '0' && s[i - 1] <= '9'))) {
        out[n++] = (lit){i, i + (size_t)dl + strlen("ページ"), LIT_PAGE, v};
        i += (size_t)dl + strlen("ページ");
        continue;
      }
      if (dl) {
        i += (size_t)dl;
        continue;
      }
    }
    uint32_t cp;
    int cl = utf8_decode((const unsigned char *)p, len - i, &cp);
    i += cl > 0 ? (size_t)cl : 1;
  }
  return n;
}

/* Which `refs` entry of block b covers each literal ls[0..n) of s (tie[i], NULL: none): the
 * first entry whose words contain the literal at its place in the text. Each entry's words are
 * looked for once in the text (their occurrences, in order), then each literal is looked up
 * among them: linear in the text for each of the at most LOAD_MAX_REFS entries. */
static void S_ties(const tj_block *b, const char *s, const lit *ls, int n, const tj_ref **tie) {
  for (int i = 0; i < n; i++) tie[i] = NULL;
  if (!b || !b->nrefs || !n) return;
  size_t *occ = NULL, cap = 0;
  int open = n;
  for (int r = 0; r < b->nrefs && open; r++) {
    const char *w = b->refs[r].text;
    size_t wl = strlen(w), k = 0;
    if (!wl) continue;
    for (const char *q = strstr(s, w); q; q = strstr(q + 1, w)) {
      if (k == cap) {
        cap = cap ? cap * 2 : 16;
        occ = xrealloc(occ, cap * sizeof *occ);
      }
      occ[k++] = (size_t)(q - s);
    }
    for (int i = 0; i < n; i++) {
      if (tie[i] || ls[i].end - ls[i].start > wl) continue;
      /* an occurrence at qs covers the literal when end - wl <= qs <= start: the first at or after
       * end - wl */
      size_t lo = ls[i].end >= wl ? ls[i].end - wl : 0, a = 0, z = k;
      while (a < z) {
        size_t mid = (a + z) / 2;
        if (occ[mid] < lo)
          a = mid + 1;
        else
          z = mid;
      }
      if (a < k && occ[a] <= ls[i].start) {
        tie[i] = &b->refs[r];
        open--;
      }
    }
  }
  free(occ);
}

/* S_shared_fix for a literal reference: the fix is the symbolic reference {{kind:id}}. */
static int S_shared_ref(buf *sh, const checkctx *c, const tj_page *p, const char *kind,
                        const char *id, const char *number) {
  if (!p || !p->from) return 0;
  buf fx;
  buf_init(&fx);
  buf_printf(&fx, "write {{%s:%s}} so that each manual prints its own number", kind, id);
  S_shared_fix(sh, c, p, buf_cstr(&fx), number);
  buf_free(&fx);
  return 1;
}

static void S_lit_text(const tj_page *p, const tj_block *b, const tj_text *t, void *vc) {
  checkctx *c = vc;
  lit ls[64];
  const tj_ref *ties[64];
  int n = S_literals(t->md, ls, 64);
  S_ties(b, t->md, ls, n, ties);
  for (int i = 0; i < n; i++) {
    const lit *l = &ls[i];
    char words[256]; /* a literal of hundreds of digits is cut, on a character boundary, with … */
    size_t wl = l->end - l->start, room = sizeof words - sizeof "…";
    int cut = wl > room;
    if (cut) {
      wl = room;
      while (wl && ((unsigned char)t->md[l->start + wl] & 0xC0) == 0x80) wl--;
    }
    memcpy(words, t->md + l->start, wl);
    words[wl] = 0;
    if (cut) strcat(words, "…");
    diag_pos pos = checkctx_at(t, l->start);
    const tj_ref *r = ties[i];
    int here = p ? c->full.pno[p->index] : 0;
    if (!r) {
      int is_step = l->kind == LIT_STEP || l->kind == LIT_PREV_PAGE_STEP;
      checkctx_report(c, "literal-ref-untied", p, b, pos,
                      "「%s」 is a literal %s reference tied to no target; write {{%s:ID}} or add "
                      "`refs: [{text: %s, %s: ID}]`",
                      words, is_step ? "step" : "page", is_step ? "step" : "page", words,
                      is_step ? "step" : "page");
      continue;
    }
    if (r->kind == REF_DOC) continue;
    if (r->kind == REF_PAGE) {
      const tj_page *tp = manual_page(c->m, r->target);
      if (!tp) continue; /* ref-unknown reports it */
      int tn = c->full.pno[tp->index];
      buf sh, num;
      buf_init(&sh);
      buf_init(&num);
      buf_printf(&num, "P%d", tn);
      int shared = S_shared_ref(&sh, c, p, "page", tp->id, buf_cstr(&num));
      if (shared &&
          ((l->kind == LIT_PAGE && l->n != tn) || (l->kind == LIT_PREV_PAGE && tn != here - 1) ||
           (l->kind == LIT_NEXT_PAGE && tn != here + 1)))
        checkctx_report(c, "literal-ref", p, b, pos,
                        "「%s」 means page '%s', which is P%d in %s%s%s", words, tp->id, tn,
                        c->m->file,
                        l->kind == LIT_PAGE        ? ""
                        : l->kind == LIT_PREV_PAGE ? ", not the page before this one"
                                                   : ", not the page after this one",
                        buf_cstr(&sh));
      else if (l->kind == LIT_PAGE && l->n != tn)
        checkctx_report(c, "literal-ref", p, b, pos,
                        "「%s」 means page '%s', which is P%d now; write P%d, or {{page:%s}} so "
                        "that tejun keeps it right",
                        words, tp->id, tn, tn, tp->id);
      else if (l->kind == LIT_PREV_PAGE && tn != here - 1)
        checkctx_report(
            c, "literal-ref", p, b, pos,
            "「%s」 (the previous page) means page '%s', which is P%d, but this is P%d; write P%d",
            words, tp->id, tn, here, tn);
      else if (l->kind == LIT_NEXT_PAGE && tn != here + 1)
        checkctx_report(
            c, "literal-ref", p, b, pos,
            "「%s」 (the next page) means page '%s', which is P%d, but this is P%d; write P%d",
            words, tp->id, tn, here, tn);
      else if (l->kind == LIT_STEP || l->kind == LIT_PREV_PAGE_STEP)
        checkctx_report(c, "literal-ref", p, b, pos,
                        "「%s」 names a step but its ref points at page '%s'; point it at the step",
                        words, tp->id);
      buf_free(&sh);
      buf_free(&num);
      continue;
    }
    const tj_step *ts = manual_step(c->m, r->target);
    if (!ts) continue;
    int sn = c->full.sno[ts->index], sp = c->full.pno[ts->page];
    buf mk;
    buf_init(&mk);
    view_mark(&mk, sn);
    buf sh, num;
    buf_init(&sh);
    buf_init(&num);
    int shared = p && p->from;
    if (shared && (l->kind == LIT_STEP || l->kind == LIT_PREV_PAGE_STEP) && l->n != sn) {
      S_shared_ref(&sh, c, p, "step", ts->id, buf_cstr(&mk));
      checkctx_report(c, "literal-ref", p, b, pos,
                      "「%s」 means step '%s', which is %s on P%d in %s%s", words, ts->id,
                      buf_cstr(&mk), sp, c->m->file, buf_cstr(&sh));
    } else if (shared && l->kind == LIT_PREV_PAGE_STEP && sp != here - 1) {
      buf fx;
      buf_init(&fx);
      buf_printf(&fx,
                 "write {{page:%s}}の手順{{step:%s}} so that each manual prints its own numbers",
                 c->m->pages[ts->page]->id, ts->id);
      buf_printf(&num, "P%dの手順%s", sp, buf_cstr(&mk));
      S_shared_fix(&sh, c, p, buf_cstr(&fx), buf_cstr(&num));
      buf_free(&fx);
      checkctx_report(
          c, "literal-ref", p, b, pos,
          "「%s」 says the previous page, but in %s step '%s' (%s) is on P%d and this is P%d%s",
          words, c->m->file, ts->id, buf_cstr(&mk), sp, here, buf_cstr(&sh));
    } else if (shared && l->kind == LIT_PAGE && l->n != sp) {
      buf_printf(&num, "P%d", sp);
      S_shared_ref(&sh, c, p, "page", c->m->pages[ts->page]->id, buf_cstr(&num));
      checkctx_report(c, "literal-ref", p, b, pos,
                      "「%s」 means the page of step '%s', which is P%d in %s%s", words, ts->id, sp,
                      c->m->file, buf_cstr(&sh));
    } else if ((l->kind == LIT_STEP || l->kind == LIT_PREV_PAGE_STEP) && l->n != sn)
      checkctx_report(c, "literal-ref", p, b, pos,
                      "「%s」 means step '%s', which is %s on P%d now; write %s, or {{step:%s}} so "
                      "that tejun keeps it right",
                      words, ts->id, buf_cstr(&mk), sp, buf_cstr(&mk), ts->id);
    else if (l->kind == LIT_PREV_PAGE_STEP && sp != here - 1)
      checkctx_report(c, "literal-ref", p, b, pos,
                      "「%s」 says the previous page, but step '%s' (%s) is on P%d and this is P%d",
                      words, ts->id, buf_cstr(&mk), sp, here);
    else if (l->kind == LIT_PAGE && l->n != sp)
      checkctx_report(c, "literal-ref", p, b, pos,
                      "「%s」 means the page of step '%s', which is P%d now; write P%d", words,
                      ts->id, sp, sp);
    buf_free(&sh);
    buf_free(&num);
    buf_free(&mk);
  }
  /* refs whose words are not a detected literal (「①でいずれかの方法で」): check the number */
  for (int r = 0; b && r < b->nrefs; r++) {
    const tj_ref *ref = &b->refs[r];
    if (ref->kind != REF_STEP) continue;
    const char *q = strstr(t->md, ref->text);
    if (!q) continue;
    int covered = 0;
    for (int i = 0; i < n; i++)
      if ((size_t)(q - t->md) <= ls[i].start &&
          (size_t)(q - t->md) + strlen(ref->text) >= ls[i].end)
        covered = 1;
    if (covered) continue;
    int k = 0;
    int v = view_parse_mark(ref->text, &k);
    if (!v || ref->text[k]) continue;
    const tj_step *ts = manual_step(c->m, ref->target);
    if (!ts) continue;
    int sn = c->full.sno[ts->index];
    if (v != sn) {
      buf mk;
      buf_init(&mk);
      view_mark(&mk, sn);
      buf sh;
      buf_init(&sh);
      if (S_shared_ref(&sh, c, p, "step", ts->id, buf_cstr(&mk)))
        checkctx_report(c, "literal-ref", p, b, checkctx_at(t, (size_t)(q - t->md)),
                        "「%s」 means step '%s', which is %s in %s%s", ref->text, ts->id,
                        buf_cstr(&mk), c->m->file, buf_cstr(&sh));
      else
        checkctx_report(c, "literal-ref", p, b, checkctx_at(t, (size_t)(q - t->md)),
                        "「%s」 means step '%s', which is %s now; write %s", ref->text, ts->id,
                        buf_cstr(&mk), buf_cstr(&mk));
      buf_free(&sh);
      buf_free(&mk);
    }
  }
}

/* ---- document titles ---- */

/* Titles are looked for in the prose at every 【 and 「: in the text with Markdown's `*` and
 * `\` left out, made once per text, so that each look-up costs at most a catalog title's
 * length (LOAD_MAX_TITLE characters), the manual's own title compared by its length first. */
typedef struct plain {
  char *s;
  uint32_t *at;
} plain; /* at[i]: bytes of s before byte i of the text */

static void S_plain(plain *pl, const char *s, size_t len) {
  pl->s = xmalloc(len + 1);
  pl->at = xmalloc((len + 1) * sizeof *pl->at);
  uint32_t k = 0;
  for (size_t i = 0; i < len; i++) {
    pl->at[i] = k;
    if (s[i] != '*' && s[i] != '\\') pl->s[k++] = s[i];
  }
  pl->at[len] = k;
  pl->s[k] = 0;
}

static int S_known_title(checkctx *c, const char *t, size_t n) {
  if (n == c->title_len && !memcmp(c->m->title, t, n)) return 1;
  if (n > (size_t)LOAD_MAX_TITLE * 4) return 0; /* longer than any catalog title */
  char *z = xmalloc(n + 1);
  memcpy(z, t, n);
  z[n] = 0;
  int known = catalog_doc_titled(c->m->cat, z) != NULL;
  free(z);
  return known;
}

/* A title as quoted in a message: at most 80 characters. */
static void S_quote(buf *b, const char *s, size_t n) {
  size_t i = 0;
  for (int chars = 0; i < n && chars < 80; chars++) {
    i++;
    while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
  }
  buf_add(b, s, i);
  if (i < n) buf_puts(b, "…");
}

/* The first occurrence of w at or after s + from (len: strlen(s); len when there is none),
 * remembered in *next: the look-ups of one text go forward, so the text is scanned once. */
static size_t S_next(const char *s, size_t len, size_t from, const char *w, size_t *next) {
  if (*next == (size_t)-1 || *next < from) {
    const char *x = from <= len ? strstr(s + from, w) : NULL;
    *next = x ? (size_t)(x - s) : len;
  }
  return *next;
}

static const char *S_doc_title(const void *items, int i) {
  return ((const tj_doc *)items)[i].title;
}

/* An unknown title at byte qi of t: the nearest title of the catalog (at most two characters
 * off) is suggested, as ref-unknown suggests the nearest id. */
static void S_doc_unknown(checkctx *c, const tj_page *p, const tj_block *b, const tj_text *t,
                          size_t qi, const char *title, size_t tl) {
  buf w;
  buf_init(&w);
  S_quote(&w, title, tl);
  if (!c->titles)
    c->titles = util_near_new(S_doc_title, c->m->cat->docs, c->m->cat->ndocs, 2, &c->near_budget);
  int stopped = 0;
  const char *near = NULL;
  if (tl <= (size_t)(LOAD_MAX_TITLE + 2) *
                4) { /* longer: more than two characters off any catalog title */
    char *z = xmalloc(tl + 1);
    memcpy(z, title, tl);
    z[tl] = 0;
    near = util_near_find(c->titles, z, &stopped);
    free(z);
  }
  if (stopped)
    diag_report(c->d, DIAG_NOTE, checkctx_at(t, qi), "doc-unknown",
                "no more \"did you mean\" for unknown titles in this manual: the search for the "
                "nearest title "
                "stopped after %ld character comparisons (correct the titles above first)",
                UTIL_NEAR_BUDGET);
  if (near)
    checkctx_report(c, "doc-unknown", p, b, checkctx_at(t, qi),
                    "「%s」 is not a document of the catalog; did you mean 「%s」? (or add it to "
                    "shared/catalog.yaml `documents`)",
                    buf_cstr(&w), near);
  else
    checkctx_report(c, "doc-unknown", p, b, checkctx_at(t, qi),
                    "「%s」 is not a document of the catalog; add it to shared/catalog.yaml "
                    "`documents`, or correct the title",
                    buf_cstr(&w));
  buf_free(&w);
}

static void S_doc_text(const tj_page *p, const tj_block *b, const tj_text *t, void *vc) {
  checkctx *c = vc;
  const char *s = t->md;
  if (!strstr(s, "【") && !strstr(s, "「")) return;
  size_t len = strlen(s);
  plain pl;
  S_plain(&pl, s, len);
  static const char *const stops[] = {"。", "、", "「", "」",   "（",     "）", "を", "に", "は",
                                      "が", "と", "や", "及び", "の設定", " ",  "\n", NULL};
  size_t next[16], close = (size_t)-1;
  for (int k = 0; k < 16; k++) next[k] = (size_t)-1;
  checkctx_cap cap = {0};
  for (const char *q = strstr(s, "【"); q; q = strstr(q + 3, "【")) {
    size_t qi = (size_t)(q - s), e = len;
    for (int k = 0; stops[k]; k++) {
      size_t x = S_next(s, len, qi + 3, stops[k], &next[k]);
      if (x < e) e = x;
    }
    size_t cl = S_next(s, len, qi, "】", &close);
    /* a title goes on after 】 (【ポリシー設定】高度な…); 【参照】 alone is a UI label */
    if (cl == len || cl + 3 >= e) continue;
    const char *title = pl.s + pl.at[qi];
    size_t tl = pl.at[e] - pl.at[qi];
    if (!S_known_title(c, title, tl) && checkctx_take(&cap, qi))
      S_doc_unknown(c, p, b, t, qi, title, tl);
  }
  size_t closeq = (size_t)-1, ml = strlen("マニュアル");
  for (const char *q = strstr(s, "「"); q; q = strstr(q + 3, "「")) {
    size_t qi = (size_t)(q - s), e = S_next(s, len, qi + 3, "」", &closeq);
    if (e == len) break;
    const char *title = pl.s + pl.at[qi + 3];
    size_t tl = pl.at[e] - pl.at[qi + 3];
    if (tl > ml && !memcmp(title + tl - ml, "マニュアル", ml) && !S_known_title(c, title, tl) &&
        checkctx_take(&cap, qi))
      S_doc_unknown(c, p, b, t, qi, title, tl);
  }
  free(pl.s);
  free(pl.at);
  checkctx_untaken(c, &cap, "doc-unknown", p, b, t);
}

/* ---- links ---- */

/* Where a link of a text is: cmark gives the links in the order of the text, so the search goes
 * on from the one before (*from); 0 (the text's start) when cmark's form of it is not in the
 * text as written. Only a link reported is looked for. */
static size_t S_url_at(const tj_text *t, const char *url, size_t *from) {
  const char *q = strstr(t->md + *from, url);
  if (q) *from = (size_t)(q - t->md);
  return q ? (size_t)(q - t->md) : 0;
}

/* The links of one text: where the search for the next one goes on, and how many of each rule. */
typedef struct links {
  size_t from;
  checkctx_cap malformed, scheme;
} links;

static void S_url(checkctx *c, const tj_page *p, const tj_block *b, const tj_text *t,
                  const char *url, links *ls) {
  if (!strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8)) {
    const char *h = url + (url[4] == ':' ? 7 : 8);
    size_t hl = strcspn(h, "/?#");
    int bad = hl == 0;
    for (const char *x = url; *x; x++)
      if ((unsigned char)*x <= 0x20 || *x == '"' || *x == '<' || *x == '>' || *x == '\\' ||
          *x == '^' || *x == '`' || *x == '{' || *x == '|' || *x == '}')
        bad = 1;
    if (!bad && !memchr(h, '.', hl) && strncmp(h, "localhost", 9)) bad = 1;
    size_t at = bad ? S_url_at(t, url, &ls->from) : 0;
    if (bad && checkctx_take(&ls->malformed, at))
      checkctx_report(c, "link-malformed", p, b, checkctx_at(t, at),
                      "link '%s' is not a well-formed http(s) URL (a host with a dot, no spaces or "
                      "<>\"{}|\\^`)",
                      url);
    return;
  }
  const char *colon = strchr(url, ':');
  const char *slash = strpbrk(url, "/?#");
  if ((colon && (!slash || colon < slash)) || !strncmp(url, "//", 2)) {
    size_t at = S_url_at(t, url, &ls->from);
    if (checkctx_take(&ls->scheme, at))
      checkctx_report(c, "link-scheme", p, b, checkctx_at(t, at),
                      "link '%s' is not http(s); only http(s) and relative links are published",
                      url);
  }
}

static void S_link_text(const tj_page *p, const tj_block *b, const tj_text *t, void *vc) {
  checkctx *c = vc;
  if (!strchr(t->md, ':')) return;
  cmark_node *doc = cmark_parse_document(t->md, strlen(t->md), CMARK_OPT_DEFAULT);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  links ls;
  memset(&ls, 0, sizeof ls);
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    if (ev != CMARK_EVENT_ENTER) continue;
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type ty = cmark_node_get_type(n);
    if (ty == CMARK_NODE_LINK || ty == CMARK_NODE_IMAGE) {
      const char *u = cmark_node_get_url(n);
      if (u && *u) S_url(c, p, b, t, u, &ls);
    } else if (ty == CMARK_NODE_TEXT) {
      const char *s = cmark_node_get_literal(n);
      const char *h = s ? strstr(s, "http") : NULL;
      while (h) {
        if (strncmp(h, "http://", 7) && strncmp(h, "https://", 8)) {
          h = strstr(h + 4, "http");
          continue;
        }
        size_t l = 0;
        while (h[l] && (unsigned char)h[l] > 0x20 && (unsigned char)h[l] < 0x7F &&
               !strchr("<>\"'`", h[l]))
          l++;
        size_t end = l; /* the scan goes on after the whole run */
        while (l && strchr(".,;:!?)", h[l - 1])) l--;
        char u[2048];
        if (l >= sizeof u) l = sizeof u - 1;
        memcpy(u, h, l);
        u[l] = 0;
        S_url(c, p, b, t, u, &ls);
        h = strstr(h + end, "http");
      }
    }
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  checkctx_untaken(c, &ls.malformed, "link-malformed", p, b, t);
  checkctx_untaken(c, &ls.scheme, "link-scheme", p, b, t);
}

/* ---- the change log ---- */

static int S_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/* The numbers of a version (第N.M版) have at most this many digits: a version is printed in
 * every page's header and footer, in the manifest and in file names (box@2.1.xml). */
#define VERSION_DIGITS 6

/* A number of a version: ASCII or full-width digits at s. Returns its value (-1: no digit),
 * stores its byte length and its number of digits (the value is exact up to VERSION_DIGITS). */
static int S_version_part(const char *s, int *len, int *digits) {
  int v = 0, k = 0, nd = 0;
  for (;;) {
    unsigned char ch = (unsigned char)s[k];
    int d = -1, n = 1;
    uint32_t cp;
    if (ch >= '0' && ch <= '9')
      d = ch - '0';
    else if ((n = utf8_decode((const unsigned char *)s + k, strnlen(s + k, 4), &cp)) > 0 &&
             cp >= 0xFF10 && cp <= 0xFF19)
      d = (int)(cp - 0xFF10);
    if (d < 0) break;
    if (nd < VERSION_DIGITS) v = v * 10 + d;
    nd++;
    k += n;
  }
  *len = k;
  *digits = nd;
  return nd ? v : -1;
}

static void S_changelog(checkctx *c) {
  const tj_manual *m = c->m;
  int pmaj = -1, pmin = -1;
  char prevdate[11] = "";
  int fmt0 = -1;
  for (int i = 0; i < m->nrevs; i++) {
    const tj_rev *r = &m->revs[i];
    /* 第N.M版 (format 0) or 第N版 (format 1) */
    int maj = -1, min = 0, fmt = -1, len = 0, nd = 0, digits = 0;
    if (S_is(r->version, "第")) {
      const char *q = r->version + strlen("第");
      maj = S_version_part(q, &len, &nd);
      q += len;
      if (maj >= 0 && *q == '.') {
        q++;
        min = S_version_part(q, &len, &digits);
        q += len;
        if (min >= 0 && !strcmp(q, "版")) fmt = 0;
      } else if (maj >= 0 && !strcmp(q, "版"))
        fmt = 1;
      if (digits > nd) nd = digits;
    }
    if (fmt >= 0 && nd > VERSION_DIGITS) {
      buf w;
      buf_init(&w);
      S_quote(&w, r->version, strlen(r->version));
      checkctx_report(
          c, "changelog-format", NULL, NULL, r->version_pos,
          "version '%s' has a number of %d digits; the numbers of 第N.M版 have at most %d",
          buf_cstr(&w), nd, VERSION_DIGITS);
      buf_free(&w);
      continue;
    }
    if (fmt < 0) {
      buf w;
      buf_init(&w);
      S_quote(&w, r->version, strlen(r->version));
      /* full-width digits or a full-width period (第１．１版): say what to write */
      buf h;
      buf_init(&h);
      int wide = 0;
      for (const char *x = r->version; *x;) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)x, strlen(x), &cp);
        if (k <= 0) break;
        if (cp >= 0xFF10 && cp <= 0xFF19) {
          buf_putc(&h, (char)('0' + (cp - 0xFF10)));
          wide = 1;
        } else if (cp == 0xFF0E) {
          buf_putc(&h, '.');
          wide = 1;
        } else
          buf_add(&h, x, (size_t)k);
        x += k;
      }
      if (wide && h.len < 64)
        checkctx_report(c, "changelog-format", NULL, NULL, r->version_pos,
                        "version '%s' is written with full-width digits or period; write 第N.M版 "
                        "with half-width ones: %s",
                        buf_cstr(&w), buf_cstr(&h));
      else
        checkctx_report(c, "changelog-format", NULL, NULL, r->version_pos,
                        "version '%s' is not written 第N.M版 (for example 第2.1版)", buf_cstr(&w));
      buf_free(&h);
      buf_free(&w);
      continue;
    }
    if (fmt0 < 0)
      fmt0 = fmt;
    else if (fmt != fmt0)
      checkctx_report(
          c, "changelog-format", NULL, NULL, r->version_pos,
          "version '%s' is written %s but the first row uses %s; use one format in a manual",
          r->version, fmt ? "第N版" : "第N.M版", fmt0 ? "第N版" : "第N.M版");
    if (pmaj >= 0 && maj == pmaj && min == pmin)
      checkctx_report(c, "changelog-order", NULL, NULL, r->version_pos,
                      "version %s is given twice (the row before has it too); a new row needs a "
                      "new version, for example 第%d.%d版",
                      r->version, maj, min + 1);
    else if (pmaj >= 0 && (maj < pmaj || (maj == pmaj && min <= pmin)))
      checkctx_report(
          c, "changelog-order", NULL, NULL, r->version_pos,
          "version %s does not come after %s (the row before); versions strictly increase",
          r->version, m->revs[i - 1].version);
    pmaj = maj;
    pmin = min;
    int y = 0, mo = 0, d = 0;
    if (sscanf(r->date, "%4d-%2d-%2d", &y, &mo, &d) == 3) {
      static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int ok = y >= 1990 && y <= 2100 && mo >= 1 && mo <= 12 && d >= 1 &&
               d <= days[mo - 1] + (mo == 2 && S_leap(y));
      if (!ok)
        checkctx_report(c, "changelog-date", NULL, NULL, r->date_pos, "date %s is not a real date",
                        r->date);
      else if (*prevdate && strcmp(r->date, prevdate) < 0)
        checkctx_report(
            c, "changelog-date", NULL, NULL, r->date_pos,
            "date %s is earlier than %s of the row before; rows are in order, oldest first",
            r->date, prevdate);
      else
        memcpy(prevdate, r->date, 11);
    }
  }
}

/* ---- the title beside the product name ---- */

/* Leading (back 0) or trailing (back 1) spaces, ASCII or full-width, of s[0..n): their bytes. */
static size_t S_spaces(const char *s, size_t n, int back) {
  size_t k = 0;
  for (;;) {
    if (k < n && s[back ? n - 1 - k : k] == ' ') {
      k++;
      continue;
    }
    if (n - k >= 3 && !memcmp(back ? s + n - k - 3 : s + k, "　", 3)) {
      k += 3;
      continue;
    }
    return k;
  }
}

/* The cover prints the catalog's product and its publisher beside the manual's title, and the
 * footer of every page prints the product, then the title (html.xsl, markdown.c; the
 * checklists print the service's name instead, page titles are printed alone).
 * A title that holds the name prints it twice: say so at the name, with the title without it. */
static void S_title_name(checkctx *c, const char *name, const char *what, const char *where) {
  const tj_manual *m = c->m;
  const char *at = name && *name ? strstr(m->title, name) : NULL;
  if (!at) return;
  size_t nl = strlen(name), before = (size_t)(at - m->title);
  buf rest;
  buf_init(&rest);
  buf_add(&rest, m->title, before);
  const char *after = at + nl;
  after += S_spaces(after, strlen(after), 0);
  if (!*after) rest.len -= S_spaces(m->title, rest.len, 1);
  buf_puts(&rest, after);
  size_t lead = S_spaces(buf_cstr(&rest), rest.len, 0),
         trail = S_spaces(buf_cstr(&rest) + lead, rest.len - lead, 1);
  tj_text t = {m->title, m->title_src ? m->title_pos : m->pos, {0}, m->title_src};
  buf w;
  buf_init(&w);
  S_quote(&w, name, nl);
  if (rest.len - lead - trail == 0)
    checkctx_report_in(
        c, "title-product", NULL, NULL, &t, before,
        "the title is the %s 「%s」, which %s, so it would stand there twice; give the manual a "
        "title of its own (the service and the procedure, as 「Box アクティベーション手順」)",
        what, buf_cstr(&w), where);
  else {
    buf r;
    buf_init(&r);
    S_quote(&r, buf_cstr(&rest) + lead, rest.len - lead - trail);
    checkctx_report_in(c, "title-product", NULL, NULL, &t, before,
                       "the title repeats the %s 「%s」, which %s, so it would stand there twice; "
                       "remove it from the title: 「%s」",
                       what, buf_cstr(&w), where, buf_cstr(&r));
    buf_free(&r);
  }
  buf_free(&w);
  buf_free(&rest);
}

static void S_title_product(checkctx *c) {
  S_title_name(c, c->m->cat->product, "product name",
               "the cover and the footer of every page print beside the title");
  S_title_name(c, c->m->cat->publisher, "publisher", "the cover prints beside the title");
}

static void S_lit(checkctx *c) { manual_each_text(c->m, S_lit_text, c); }
static void S_doc(checkctx *c) { manual_each_text(c->m, S_doc_text, c); }
static void S_link(checkctx *c) { manual_each_text(c->m, S_link_text, c); }

void check_manual(diag *d, const tj_manual *m, check_stats *st) {
  checkctx c;
  memset(&c, 0, sizeof c);
  c.d = d;
  c.m = m;
  c.st = st;
  c.near_budget = UTIL_NEAR_BUDGET;
  c.title_len = strlen(m->title);
  view_init(&c.full, m, NULL);
  /* the registry, in its order: each rule's function once, however many rules it finds */
  for (const check_rule *r = check_rules; r->id; r++) {
    int ran = !r->run;
    for (const check_rule *q = check_rules; !ran && q < r; q++) ran = q->run == r->run;
    if (!ran) r->run(&c);
  }
  util_near_free(c.titles);
  view_free(&c.full);
}
