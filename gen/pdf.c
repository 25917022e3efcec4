/* pdf.c: a checklist document → A4 PDF with cairo and pango: measure every block, break
 * pages between blocks, then draw each sheet with its running header and footer. */
#include "pdf.h"
#include "xmlutil.h"
#include "util.h"
#include <assert.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MM (72.0 / 25.4)
#define PAGE_W (210.0 * MM)
#define PAGE_H (297.0 * MM)
#define M_TOP (20.0 * MM)
#define M_BOTTOM (16.0 * MM)
#define M_SIDE (14.0 * MM)
#define CONTENT_W (PAGE_W - 2 * M_SIDE)
#define CONTENT_H (PAGE_H - M_TOP - M_BOTTOM)

/* the row grid: tick box, circled number, text */
#define BOX 9.0
#define MARK_X 13.0
#define TEXT_X 34.0
#define PAD 3.0

/* sizes in points, the same as templates/checklist.xsl */
#define SZ_TEXT 9.5
#define SZ_MARK 11.0
#define SZ_ITEM 8.0
#define SZ_NOTE 7.5
#define SZ_REF 7.0
#define SZ_SECTION 10.5
#define SZ_TITLE 16.0
#define SZ_SMALL 8.0
#define SZ_HEAD 7.5

/* layouts: the shaped text of every S_lay call, by everything that shapes it (see S_lay) */
struct pdf {
  PangoFontMap *map;
  PangoContext *ctx;
  char *family;
  GHashTable *layouts;
  int updated;
};

#define LAYOUT_CACHE_MAX                                                                           \
  20000 /* entries: a full cache takes no more during a PDF, and starts again at the next          \
           (customer texts vary) */

typedef struct rgb {
  double r, g, b;
} rgb;
static const rgb INK = {0.10, 0.10, 0.10}, MUTED = {0.33, 0.33, 0.33}, ACCENT = {0.04, 0.24, 0.43},
                 NOTE = {0.36, 0.24, 0.05}, COND = {0.55, 0.27, 0.0}, RULE = {0.75, 0.75, 0.75},
                 WAITBG = {1.0, 0.965, 0.87}, WAITINK = {0.55, 0.35, 0.0},
                 LABEL = {0.65, 0.08, 0.08}, HEADBG = {0.89, 0.925, 0.965};

/* ---- fonts ---- */

static int S_has_family(FcPattern *m, const char *want) {
  FcChar8 *f;
  for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &f) == FcResultMatch; i++)
    if (!strcasecmp((const char *)f, want)) return 1;
  return 0;
}

/* `name` when fontconfig has that family (for the generic sans-serif: the family it picks),
 * and whether the font matched covers Japanese; NULL when the family is not installed. */
static char *S_match(const char *name, int *japanese) {
  FcPattern *pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)name);
  FcPatternAddString(pat, FC_LANG, (const FcChar8 *)"ja");
  FcConfigSubstitute(NULL, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult r;
  FcPattern *m = FcFontMatch(NULL, pat, &r);
  FcPatternDestroy(pat);
  if (!m) return NULL;
  char *out = NULL;
  FcChar8 *f;
  if (S_has_family(m, name))
    out = xstrdup(name);
  else if (!strcmp(name, "sans-serif") && FcPatternGetString(m, FC_FAMILY, 0, &f) == FcResultMatch)
    out = xstrdup((const char *)f);
  FcLangSet *ls;
  *japanese = FcPatternGetLangSet(m, FC_LANG, 0, &ls) == FcResultMatch &&
              FcLangSetHasLang(ls, (const FcChar8 *)"ja") != FcLangDifferentLang;
  FcPatternDestroy(m);
  return out;
}

pdf *pdf_open(diag *d) {
  diag_pos nopos = {"tejun", 0, 0};
  if (!FcInit()) {
    diag_report(d, DIAG_ERROR, nopos, "font", "fontconfig cannot start");
    return NULL;
  }
  static const char *const families[] = {"Noto Sans CJK JP", "IPAexGothic", "IPAGothic",
                                         "Noto Sans JP", NULL};
  char *family = NULL;
  const char *want = getenv("TEJUN_FONT"); /* a family to use instead, when installed */
  if (want && *want) {
    int ja = 0;
    family = S_match(want, &ja);
    if (!family)
      diag_report(d, DIAG_WARNING, nopos, "font",
                  "TEJUN_FONT='%s' is not installed; using the default font", want);
  }
  for (int i = 0; families[i] && !family; i++) {
    int ja = 0;
    family = S_match(families[i], &ja);
    if (family && !ja) {
      free(family);
      family = NULL;
    }
  }
  if (!family) {
    int ja = 0;
    family = S_match("sans-serif", &ja);
    if (!family) family = xstrdup("sans-serif");
    diag_report(d, DIAG_WARNING, nopos, "font",
                "no Japanese font found (install fonts-noto-cjk or fonts-ipaexfont-gothic); the "
                "PDF uses '%s'%s",
                family, ja ? "" : ", which has no Japanese glyphs");
  }
  pdf *p = xcalloc(1, sizeof *p);
  p->family = family;
  p->map = pango_cairo_font_map_new();
  p->ctx = pango_font_map_create_context(p->map);
  pango_context_set_language(p->ctx, pango_language_from_string("ja-jp"));
  pango_cairo_context_set_resolution(p->ctx, 72.0);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(p->ctx, fo);
  cairo_font_options_destroy(fo);
  p->layouts = g_hash_table_new_full(g_str_hash, g_str_equal, free, g_object_unref);
  return p;
}

void pdf_close(pdf *p) {
  if (!p) return;
  g_hash_table_destroy(p->layouts);
  g_object_unref(p->ctx);
  g_object_unref(p->map);
  free(p->family);
  free(p);
}

const char *pdf_family(const pdf *p) { return p->family; }

/* cairo_debug_reset_static_data() and FcFini() are not called: both assert that nothing
 * holds a font any more, and pango may still be loading fontconfig in a thread of its own
 * when a run stops early (an output folder refused before the first page is laid out);
 * what the libraries keep is reachable, not leaked, for a leak checker. */
void pdf_cleanup(void) {}

/* ---- text ---- */

/* a span of a layout with its own size (0: the layout's), weight (1 bold, -1 normal, 0 the
 * layout's) and colour (NULL: the layout's) */
typedef struct run {
  size_t start, end;
  double size;
  int bold;
  const rgb *color;
} run;

typedef struct pc {
  pdf *p;
  cairo_t *cr;
  xmlNodePtr root;
  int kind_customer;
} pc;

static PangoLayout *S_lay_new(pc *c, const char *text, double size, int bold, double width,
                              const run *runs, int nruns) {
  PangoLayout *l = pango_layout_new(c->p->ctx);
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, c->p->family);
  pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
  pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(l, fd);
  pango_font_description_free(fd);
  if (width > 0) {
    pango_layout_set_width(l, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
  }
  PangoAttrList *al = pango_attr_list_new();
  pango_attr_list_insert(al, pango_attr_insert_hyphens_new(FALSE));
  for (int i = 0; i < nruns; i++) {
    PangoAttribute *a;
    if (runs[i].size > 0) {
      a = pango_attr_size_new_absolute((int)(runs[i].size * PANGO_SCALE));
      a->start_index = (guint)runs[i].start;
      a->end_index = (guint)runs[i].end;
      pango_attr_list_insert(al, a);
    }
    if (runs[i].bold) {
      a = pango_attr_weight_new(runs[i].bold > 0 ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
      a->start_index = (guint)runs[i].start;
      a->end_index = (guint)runs[i].end;
      pango_attr_list_insert(al, a);
    }
    if (runs[i].color) {
      a = pango_attr_foreground_new((guint16)(runs[i].color->r * 65535),
                                    (guint16)(runs[i].color->g * 65535),
                                    (guint16)(runs[i].color->b * 65535));
      a->start_index = (guint)runs[i].start;
      a->end_index = (guint)runs[i].end;
      pango_attr_list_insert(al, a);
    }
  }
  pango_layout_set_attributes(l, al);
  pango_attr_list_unref(al);
  pango_layout_set_text(l, text, -1);
  return l;
}

/* A layout of text (the caller unrefs it; it must not change it: use S_lay_new for that).
 * Shaping and line breaking are most of a checklist's cost, and the same rows come back in
 * both passes of a PDF (measure, then draw) and in every customer's PDF, so the layouts are
 * kept in p->layouts, keyed by everything S_lay_new gives them. A layout follows its
 * context: if the context changes, pango lays it out again. */
static PangoLayout *S_lay(pc *c, const char *text, double size, int bold, double width,
                          const run *runs, int nruns) {
  buf k;
  buf_init(&k);
  buf_printf(&k, "%a|%d|%a|%d|", size, bold, width, nruns);
  for (int i = 0; i < nruns; i++)
    buf_printf(&k, "%zu,%zu,%a,%d,%p;", runs[i].start, runs[i].end, runs[i].size, runs[i].bold,
               (const void *)runs[i].color);
  buf_puts(&k, text);
  PangoLayout *l = g_hash_table_lookup(c->p->layouts, buf_cstr(&k));
  if (l) {
    buf_free(&k);
    return g_object_ref(l);
  }
  l = S_lay_new(c, text, size, bold, width, runs, nruns);
  /* full: the layouts kept stay (the drawing pass finds the first pages' again); emptying it
   * here would lose them all before they are drawn, in a checklist of many thousand rows */
  if (g_hash_table_size(c->p->layouts) < LAYOUT_CACHE_MAX)
    g_hash_table_insert(c->p->layouts, buf_detach(&k), g_object_ref(l));
  else
    buf_free(&k);
  return l;
}

static double S_h(PangoLayout *l) {
  PangoRectangle r;
  pango_layout_get_extents(l, NULL, &r);
  return (double)r.height / PANGO_SCALE;
}
static double S_w(PangoLayout *l) {
  PangoRectangle r;
  pango_layout_get_extents(l, NULL, &r);
  return (double)r.width / PANGO_SCALE;
}
static double S_base(PangoLayout *l) { return (double)pango_layout_get_baseline(l) / PANGO_SCALE; }

static void S_color(pc *c, const rgb *k) { cairo_set_source_rgb(c->cr, k->r, k->g, k->b); }

static void S_show(pc *c, PangoLayout *l, double x, double y, const rgb *k) {
  S_color(c, k);
  cairo_move_to(c->cr, x, y);
  pango_cairo_show_layout(c->cr, l);
}

static void S_rect(pc *c, double x, double y, double w, double h, const rgb *fill,
                   const rgb *stroke, double lw) {
  cairo_rectangle(c->cr, x, y, w, h);
  if (fill) {
    S_color(c, fill);
    if (stroke)
      cairo_fill_preserve(c->cr);
    else
      cairo_fill(c->cr);
  }
  if (stroke) {
    S_color(c, stroke);
    cairo_set_line_width(c->cr, lw);
    cairo_stroke(c->cr);
  }
}

static void S_hline(pc *c, double x0, double x1, double y, const rgb *k, double lw) {
  S_color(c, k);
  cairo_set_line_width(c->cr, lw);
  cairo_move_to(c->cr, x0, y);
  cairo_line_to(c->cr, x1, y);
  cairo_stroke(c->cr);
}

/* ---- the document ---- */

static char *S_content(xmlNodePtr n) {
  xmlChar *v = xmlNodeGetContent(n);
  char *s = xstrdup(v ? (const char *)v : "");
  if (v) xmlFree(v);
  return s;
}

typedef enum { B_TITLE, B_DETAILS, B_FIELDS, B_SECTION, B_NOTE, B_ROW, B_TABLE, B_SIGNOFF } bkind;
typedef struct blk {
  bkind kind;
  xmlNodePtr node;
  double h;
  int keep;
  int page;
  double y;
} blk;

/* Each block is drawn (draw = 1) or only measured at (x0, y0); returns its height. */

static double S_title(pc *c, xmlNodePtr root, double x0, double y0, int draw) {
  char *product = xmlu_attr(root, "product"), *title = xmlu_attr(root, "title"),
       *label = xmlu_attr(root, "label");
  PangoLayout *lp = S_lay(c, product ? product : "", SZ_SMALL, 0, CONTENT_W - 90, NULL, 0);
  PangoLayout *lt = S_lay(c, title ? title : "", SZ_TITLE, 1, CONTENT_W - 90, NULL, 0);
  PangoLayout *ll = S_lay(c, label ? label : "", 10.0, 1, 0, NULL, 0);
  double h = S_h(lp) + 2 + S_h(lt) + 6;
  if (draw) {
    S_show(c, lp, x0, y0, &MUTED);
    S_show(c, lt, x0, y0 + S_h(lp) + 2, &INK);
    double lw = S_w(ll) + 14, lh = S_h(ll) + 6;
    S_rect(c, x0 + CONTENT_W - lw, y0 + 2, lw, lh, NULL, &LABEL, 1.2);
    S_show(c, ll, x0 + CONTENT_W - lw + 7, y0 + 5, &LABEL);
    S_hline(c, x0, x0 + CONTENT_W, y0 + h - 3, &ACCENT, 1.5);
  }
  g_object_unref(lp);
  g_object_unref(lt);
  g_object_unref(ll);
  free(product);
  free(title);
  free(label);
  return h;
}

#define KEY_W 82.0

/* details: label | value, one row each */
static double S_details(pc *c, xmlNodePtr n, double x0, double y0, int draw) {
  double y = y0;
  for (xmlNodePtr d = n->children; d; d = d->next) {
    if (!xmlu_is(d, "detail")) continue;
    char *label = xmlu_attr(d, "label"), *value = S_content(d);
    PangoLayout *lk = S_lay(c, label ? label : "", SZ_SMALL, 1, KEY_W - 8, NULL, 0);
    PangoLayout *lv = S_lay(c, value, 9.0, 0, CONTENT_W - KEY_W - 8, NULL, 0);
    double h = (S_h(lk) > S_h(lv) ? S_h(lk) : S_h(lv)) + 5;
    if (draw) {
      S_rect(c, x0, y, KEY_W, h, &HEADBG, NULL, 0);
      S_show(c, lk, x0 + 4, y + 2.5 + (S_base(lv) - S_base(lk)), &ACCENT);
      S_show(c, lv, x0 + KEY_W + 6, y + 2.5, &INK);
      S_hline(c, x0, x0 + CONTENT_W, y + h, &RULE, 0.4);
    }
    y += h;
    g_object_unref(lk);
    g_object_unref(lv);
    free(label);
    free(value);
  }
  if (draw) S_hline(c, x0, x0 + CONTENT_W, y0, &RULE, 0.4);
  return y - y0 + 6;
}

/* fields to write in: label and where to find the value | the value, or a line to write on */
static double S_fields(pc *c, xmlNodePtr n, double x0, double y0, int draw) {
  double y = y0;
  double kw = 150.0;
  for (xmlNodePtr f = n->children; f; f = f->next) {
    if (!xmlu_is(f, "field")) continue;
    char *label = xmlu_attr(f, "label"), *source = xmlu_attr(f, "source"), *value = S_content(f);
    PangoLayout *lk = S_lay(c, label ? label : "", 9.0, 1, kw - 6, NULL, 0);
    PangoLayout *ls = S_lay(c, source ? source : "", 6.5, 0, kw - 6, NULL, 0);
    PangoLayout *lv = S_lay(c, value, 10.0, 0, CONTENT_W - kw - 12, NULL, 0);
    double h = S_h(lk) + S_h(ls) + 6;
    if (S_h(lv) + 8 > h) h = S_h(lv) + 8;
    if (h < 25) h = 25;
    if (draw) {
      S_show(c, lk, x0, y + 3, &INK);
      S_show(c, ls, x0, y + 3 + S_h(lk), &MUTED);
      if (*value) S_show(c, lv, x0 + kw + 6, y + h - 5 - S_h(lv), &INK);
      S_hline(c, x0 + kw, x0 + CONTENT_W, y + h - 3, &INK, 0.6);
    }
    y += h;
    g_object_unref(lk);
    g_object_unref(ls);
    g_object_unref(lv);
    free(label);
    free(source);
    free(value);
  }
  return y - y0 + 8;
}

/* s with a word joiner (U+2060) between its characters: pango never breaks the line inside */
static void S_nobreak(buf *b, const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = strlen(s);
  int first = 1;
  while (n) {
    uint32_t cp;
    int k = utf8_decode(p, n, &cp);
    if (k <= 0) k = 1;
    if (!first) utf8_encode(b, 0x2060);
    buf_add(b, (const char *)p, (size_t)k);
    first = 0;
    p += k;
    n -= (size_t)k;
  }
}

static double S_section(pc *c, xmlNodePtr n, double x0, double y0, int draw) {
  char *title = xmlu_attr(n, "title"), *mt = c->kind_customer ? xmlu_attr(n, "manual-title") : NULL;
  buf b;
  buf_init(&b);
  buf_puts(&b, title ? title : "");
  run r[1];
  int nr = 0;
  if (mt) {
    buf_puts(&b, "　");
    size_t s = b.len;
    S_nobreak(&b, mt);
    r[0] = (run){s, b.len, SZ_SMALL, 0, &MUTED};
    nr = 1;
  }
  PangoLayout *l = S_lay(c, buf_cstr(&b), SZ_SECTION, 1, CONTENT_W - 7, r, nr);
  double top = 9.0, h = top + S_h(l) + 3;
  if (draw) {
    S_rect(c, x0, y0 + top, 3.0, S_h(l), &ACCENT, NULL, 0);
    S_show(c, l, x0 + 7, y0 + top, &ACCENT);
    S_hline(c, x0, x0 + CONTENT_W, y0 + h - 0.5, &ACCENT, 0.8);
  }
  g_object_unref(l);
  buf_free(&b);
  free(title);
  free(mt);
  return h;
}

static void S_when_prefix(buf *b, run *r, int *nr, xmlNodePtr n) {
  char *wl = xmlu_attr(n, "when-label");
  if (!wl) return;
  size_t s = b->len;
  buf_printf(b, "【%s】", wl);
  r[(*nr)++] = (run){s, b->len, SZ_NOTE, 1, &COND};
  free(wl);
}

/* A ※ note or a ・ sub-item: `lead`, the 【condition】 it holds under, its text, in `size`. */
static PangoLayout *S_lead_layout(pc *c, xmlNodePtr n, const char *lead, double size,
                                  double width) {
  buf b;
  buf_init(&b);
  run r[1];
  int nr = 0;
  buf_puts(&b, lead);
  S_when_prefix(&b, r, &nr, n);
  char *t = S_content(n);
  buf_puts(&b, t);
  free(t);
  PangoLayout *l = S_lay(c, buf_cstr(&b), size, 0, width, r, nr);
  buf_free(&b);
  return l;
}

static PangoLayout *S_note_layout(pc *c, xmlNodePtr n, double width) {
  return S_lead_layout(c, n, "※", SZ_NOTE, width);
}

/* a section's own ※ note */
static double S_snote(pc *c, xmlNodePtr n, double x0, double y0, int draw) {
  PangoLayout *l = S_note_layout(c, n, CONTENT_W - TEXT_X);
  double h = S_h(l) + 3;
  if (draw) S_show(c, l, x0 + TEXT_X, y0 + 2, &NOTE);
  g_object_unref(l);
  return h;
}

/* a row: tick box, circled number (or a tag), the line with its page reference, the
 * sub-items, the ※ notes; a wait row has a tinted band and fields for the times */
static double S_row(pc *c, xmlNodePtr n, double x0, double y0, int draw) {
  int wait = xmlu_is(n, "wait"), check = xmlu_is(n, "check");
  double tw = CONTENT_W - TEXT_X;
  char *mark = xmlu_attr(n, "mark"), *page = xmlu_attr(n, "page");
  xmlNodePtr tn = xmlu_child(n, "text");
  char *text = tn ? S_content(tn) : xstrdup("");
  buf b;
  buf_init(&b);
  run r[3];
  int nr = 0;
  S_when_prefix(&b, r, &nr, n);
  buf_puts(&b, text);
  if (page) {
    size_t s = b.len;
    buf ref;
    buf_init(&ref);
    buf_printf(&ref, "→\u00a0マニュアル\u00a0P%s", page);
    buf_puts(&b, "　");
    S_nobreak(&b, buf_cstr(&ref));
    buf_free(&ref);
    r[nr++] = (run){s, b.len, SZ_REF, -1, &MUTED};
  }
  PangoLayout *lt = S_lay(c, buf_cstr(&b), SZ_TEXT, wait, tw, r, nr);
  buf_free(&b);
  PangoLayout *lm = S_lay(c,
                          mark ? mark
                               : (wait    ? "待機"
                                  : check ? "確認"
                                          : ""),
                          mark ? SZ_MARK : 7.0, 1, 0, NULL, 0);
  /* sub-items and notes */
  PangoLayout *subs[64];
  int kinds[64];
  int ns = 0;
  for (xmlNodePtr k = n->children; k && ns < 64; k = k->next) {
    if (xmlu_is(k, "item")) {
      subs[ns] = S_lead_layout(c, k, "・", SZ_ITEM, tw);
      kinds[ns++] = 0;
    } else if (xmlu_is(k, "note")) {
      subs[ns] = S_note_layout(c, k, tw);
      kinds[ns++] = 1;
    }
  }
  double h = PAD + S_h(lt);
  for (int i = 0; i < ns; i++) h += 1.0 + S_h(subs[i]);
  double times_y = h + 3.0;
  if (wait) h += 18.0;
  h += PAD;
  if (draw) {
    if (wait) S_rect(c, x0, y0, CONTENT_W, h, &WAITBG, NULL, 0);
    double base = y0 + PAD + S_base(lt);
    S_rect(c, x0 + 1.5, base - BOX + 1.2, BOX, BOX, NULL, &INK, 0.8);
    if (mark)
      S_show(c, lm, x0 + MARK_X, base - S_base(lm), &ACCENT);
    else {
      double w = S_w(lm) + 4, hh = S_h(lm);
      const rgb *k = wait ? &WAITINK : &ACCENT;
      S_rect(c, x0 + MARK_X - 1, base - S_base(lm) - 1, w, hh + 1, NULL, k, 0.6);
      S_show(c, lm, x0 + MARK_X + 1, base - S_base(lm) - 0.5, k);
    }
    S_show(c, lt, x0 + TEXT_X, y0 + PAD, wait ? &WAITINK : &INK);
    double y = y0 + PAD + S_h(lt);
    for (int i = 0; i < ns; i++) {
      y += 1.0;
      S_show(c, subs[i], x0 + TEXT_X, y, kinds[i] ? &NOTE : &INK);
      y += S_h(subs[i]);
    }
    if (wait) {
      /* one line of text (so text tools read it as one), with blanks to write the times on */
      PangoLayout *ll =
          S_lay(c, "開始時刻 ＿＿＿：＿＿＿　　完了時刻 ＿＿＿：＿＿＿", SZ_SMALL, 0, 0, NULL, 0);
      S_show(c, ll, x0 + TEXT_X, y0 + times_y + 2, &WAITINK);
      g_object_unref(ll);
    }
    S_hline(c, x0, x0 + CONTENT_W, y0 + h, &RULE, 0.4);
  }
  g_object_unref(lt);
  g_object_unref(lm);
  for (int i = 0; i < ns; i++) g_object_unref(subs[i]);
  free(mark);
  free(page);
  free(text);
  return h;
}

/* a table of values that depend on the customer: columns sized to their text */
static double S_table(pc *c, xmlNodePtr n, double x0, double y0, int draw) {
  double tx = x0 + TEXT_X, tw = CONTENT_W - TEXT_X, cp = 3.0;
  int ncols = 0;
  for (xmlNodePtr r = n->children; r; r = r->next) {
    int k = 0;
    for (xmlNodePtr cl = r->children; cl; cl = cl->next)
      if (xmlu_is(cl, "cell")) k++;
    if (k > ncols) ncols = k;
  }
  if (ncols == 0) return 0;
  if (ncols > 16) ncols = 16;
  double nat[16] = {0}, colw[16];
  for (xmlNodePtr r = n->children; r; r = r->next) {
    int k = 0;
    for (xmlNodePtr cl = r->children; cl && k < ncols; cl = cl->next) {
      if (!xmlu_is(cl, "cell")) continue;
      char *t = S_content(cl);
      PangoLayout *l = S_lay(c, t, SZ_ITEM, xmlu_is(r, "head"), 0, NULL, 0);
      if (S_w(l) + 2 * cp > nat[k]) nat[k] = S_w(l) + 2 * cp;
      g_object_unref(l);
      free(t);
      k++;
    }
  }
  double sum = 0;
  for (int k = 0; k < ncols; k++) sum += nat[k];
  for (int k = 0; k < ncols; k++) colw[k] = sum > tw ? nat[k] * tw / sum : nat[k];
  char *page = xmlu_attr(n, "page");
  buf cap;
  buf_init(&cap);
  buf_printf(&cap, "表　→ マニュアル P%s", page ? page : "");
  PangoLayout *lc = S_lay(c, buf_cstr(&cap), SZ_REF, 0, tw, NULL, 0);
  buf_free(&cap);
  free(page);
  double y = y0 + PAD;
  if (draw) S_show(c, lc, tx, y, &MUTED);
  y += S_h(lc) + 1.5;
  g_object_unref(lc);
  for (xmlNodePtr r = n->children; r; r = r->next) {
    if (!xmlu_is(r, "head") && !xmlu_is(r, "row")) continue;
    PangoLayout *ls[16];
    int k = 0;
    double rh = 0;
    for (xmlNodePtr cl = r->children; cl && k < ncols; cl = cl->next) {
      if (!xmlu_is(cl, "cell")) continue;
      char *t = S_content(cl);
      ls[k] = S_lay(c, t, SZ_ITEM, xmlu_is(r, "head"), colw[k] - 2 * cp, NULL, 0);
      if (S_h(ls[k]) > rh) rh = S_h(ls[k]);
      free(t);
      k++;
    }
    rh += 2 * cp - 1;
    if (draw) {
      double x = tx;
      for (int i = 0; i < k; i++) {
        S_rect(c, x, y, colw[i], rh, xmlu_is(r, "head") ? &HEADBG : NULL, &RULE, 0.5);
        S_show(c, ls[i], x + cp, y + cp - 0.5, &INK);
        x += colw[i];
      }
    }
    for (int i = 0; i < k; i++) g_object_unref(ls[i]);
    y += rh;
  }
  return y - y0 + PAD;
}

static double S_signoff(pc *c, xmlNodePtr n, double x0, double y0, int draw) {
  PangoLayout *lh = S_lay(c, "確認欄", SZ_SECTION, 1, 0, NULL, 0);
  double top = 12.0, gap = 8.0, bh = 44.0;
  int k = 0;
  for (xmlNodePtr s = n->children; s; s = s->next)
    if (xmlu_is(s, "sign")) k++;
  double bw = k ? (CONTENT_W - gap * (k - 1)) / k : CONTENT_W;
  double h = top + S_h(lh) + 4 + bh;
  if (draw) {
    S_show(c, lh, x0, y0 + top, &ACCENT);
    double x = x0, y = y0 + top + S_h(lh) + 4;
    for (xmlNodePtr s = n->children; s; s = s->next) {
      if (!xmlu_is(s, "sign")) continue;
      char *label = xmlu_attr(s, "label");
      PangoLayout *l = S_lay(c, label ? label : "", SZ_SMALL, 1, bw - 8, NULL, 0);
      S_rect(c, x, y, bw, bh, NULL, &INK, 0.7);
      S_rect(c, x, y, bw, S_h(l) + 4, &HEADBG, &INK, 0.7);
      S_show(c, l, x + 4, y + 2, &ACCENT);
      g_object_unref(l);
      free(label);
      x += bw + gap;
    }
  }
  g_object_unref(lh);
  return h;
}

static double S_block(pc *c, const blk *b, double x0, double y0, int draw) {
  switch (b->kind) {
  case B_TITLE: return S_title(c, b->node, x0, y0, draw);
  case B_DETAILS: return S_details(c, b->node, x0, y0, draw);
  case B_FIELDS: return S_fields(c, b->node, x0, y0, draw);
  case B_SECTION: return S_section(c, b->node, x0, y0, draw);
  case B_NOTE: return S_snote(c, b->node, x0, y0, draw);
  case B_ROW: return S_row(c, b->node, x0, y0, draw);
  case B_TABLE: return S_table(c, b->node, x0, y0, draw);
  case B_SIGNOFF: return S_signoff(c, b->node, x0, y0, draw);
  default: assert(0);
  }
  return 0;
}

/* running header: the information label and the title; footer: the version tag and x / y */
static void S_margins(pc *c, int page, int pages) {
  char *label = xmlu_attr(c->root, "label"), *title = xmlu_attr(c->root, "title"),
       *foot = xmlu_attr(c->root, "foot");
  buf lb;
  buf_init(&lb);
  buf_printf(&lb, "情報ラベル：%s", label ? label : "");
  PangoLayout *ll = S_lay(c, buf_cstr(&lb), SZ_HEAD, 1, 0, NULL, 0);
  buf_free(&lb);
  double hy = 9.0 * MM;
  double lw = S_w(ll) + 8;
  S_rect(c, M_SIDE, hy - 1.5, lw, S_h(ll) + 3, NULL, &LABEL, 0.7);
  S_show(c, ll, M_SIDE + 4, hy, &LABEL);
  PangoLayout *lt = S_lay_new(c, title ? title : "", SZ_HEAD, 0, CONTENT_W - lw - 12, NULL, 0);
  pango_layout_set_alignment(lt, PANGO_ALIGN_RIGHT);
  pango_layout_set_ellipsize(lt, PANGO_ELLIPSIZE_END);
  S_show(c, lt, M_SIDE + lw + 12, hy, &MUTED);
  S_hline(c, M_SIDE, PAGE_W - M_SIDE, hy + S_h(ll) + 3.5, &RULE, 0.5);
  buf pb;
  buf_init(&pb);
  buf_printf(&pb, "%d / %d", page, pages);
  PangoLayout *lp = S_lay(c, buf_cstr(&pb), SZ_SMALL, 0, 0, NULL, 0);
  buf_free(&pb);
  double fy = PAGE_H - 11.0 * MM;
  S_hline(c, M_SIDE, PAGE_W - M_SIDE, fy - 2.5, &RULE, 0.5);
  PangoLayout *lf = S_lay_new(c, foot ? foot : "", 6.5, 0, CONTENT_W - S_w(lp) - 16, NULL, 0);
  pango_layout_set_ellipsize(lf, PANGO_ELLIPSIZE_END);
  S_show(c, lf, M_SIDE, fy, &MUTED);
  S_show(c, lp, PAGE_W - M_SIDE - S_w(lp), fy, &INK);
  g_object_unref(ll);
  g_object_unref(lt);
  g_object_unref(lp);
  g_object_unref(lf);
  free(label);
  free(title);
  free(foot);
}

static void S_add(blk **v, int *n, int *cap, bkind k, xmlNodePtr node, int keep) {
  if (*n == *cap) {
    *cap = *cap ? *cap * 2 : 64;
    *v = xrealloc(*v, (size_t)*cap * sizeof **v);
  }
  (*v)[*n] = (blk){k, node, 0, keep, 0, 0};
  (*n)++;
}

static cairo_status_t S_write(void *closure, const unsigned char *data, unsigned int len) {
  buf_add(closure, (const char *)data, len);
  return CAIRO_STATUS_SUCCESS;
}

char *pdf_render(pdf *p, diag *d, xmlDocPtr doc, size_t *len, int *pages) {
  xmlNodePtr root = xmlDocGetRootElement(doc);
  diag_pos nopos = {"tejun", 0, 0};
  if (!xmlu_is(root, "checklist")) {
    diag_report(d, DIAG_ERROR, nopos, "pdf", "not a checklist document");
    return NULL;
  }
  /* the blocks, in reading order */
  blk *v = NULL;
  int n = 0, cap = 0;
  S_add(&v, &n, &cap, B_TITLE, root, 0);
  for (xmlNodePtr e = root->children; e; e = e->next) {
    if (xmlu_is(e, "details"))
      S_add(&v, &n, &cap, B_DETAILS, e, 0);
    else if (xmlu_is(e, "fields"))
      S_add(&v, &n, &cap, B_FIELDS, e, 0);
    else if (xmlu_is(e, "signoff")) {
      if (n) v[n - 1].keep = 1; /* the sign-off never stands alone on the last sheet */
      S_add(&v, &n, &cap, B_SIGNOFF, e, 0);
    } else if (xmlu_is(e, "section")) {
      S_add(&v, &n, &cap, B_SECTION, e, 1);
      for (xmlNodePtr r = e->children; r; r = r->next) {
        if (xmlu_is(r, "note"))
          S_add(&v, &n, &cap, B_NOTE, r, 0);
        else if (xmlu_is(r, "step") || xmlu_is(r, "wait") || xmlu_is(r, "check"))
          S_add(&v, &n, &cap, B_ROW, r, 0);
        else if (xmlu_is(r, "table"))
          S_add(&v, &n, &cap, B_TABLE, r, 0);
      }
    }
  }
  buf out;
  buf_init(&out);
  cairo_surface_t *s = cairo_pdf_surface_create_for_stream(S_write, &out, PAGE_W, PAGE_H);
  char *title = xmlu_attr(root, "title"), *publisher = xmlu_attr(root, "publisher"),
       *product = xmlu_attr(root, "product"), *tejun = xmlu_attr(root, "tejun"),
       *kind = xmlu_attr(root, "kind");
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title ? title : "");
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, publisher ? publisher : "");
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, product ? product : "");
  buf cr;
  buf_init(&cr);
  buf_printf(&cr, "tejun %s", tejun ? tejun : "");
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, buf_cstr(&cr));
  buf_free(&cr);
  /* reproducible: the date of the newest manual, not the time of the run */
  char date[11] = "";
  for (xmlNodePtr e = root->children; e; e = e->next)
    if (xmlu_is(e, "manual")) {
      char *dt = xmlu_attr(e, "date");
      if (dt && strlen(dt) == 10 && strcmp(dt, date) > 0) memcpy(date, dt, 11);
      free(dt);
    }
  if (*date) {
    char iso[32];
    snprintf(iso, sizeof iso, "%sT00:00:00Z", date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, iso);
  }
  free(title);
  free(publisher);
  free(product);
  free(tejun);
  if (g_hash_table_size(p->layouts) >= LAYOUT_CACHE_MAX)
    g_hash_table_remove_all(p->layouts); /* room for this PDF's */
  pc c = {p, cairo_create(s), root, kind && !strcmp(kind, "customer")};
  free(kind);
  /* every PDF surface is the same (A4, identity matrix, the same font options): update the
   * context from the first one only, since each update makes pango lay the cached layouts
   * out again */
  if (!p->updated) {
    pango_cairo_update_context(c.cr, p->ctx);
    p->updated = 1;
  }
  /* measure, then break pages between blocks: a section title stays with its first row */
  for (int i = 0; i < n; i++) v[i].h = S_block(&c, &v[i], 0, 0, 0);
  int page = 1;
  double y = 0;
  for (int i = 0; i < n; i++) {
    double need = v[i].h;
    for (int j = i; v[j].keep && j + 1 < n; j++) need += v[j + 1].h;
    if (y > 0 && y + need > CONTENT_H) {
      page++;
      y = 0;
    }
    if (v[i].h > CONTENT_H) {
      diag_report(d, DIAG_WARNING, nopos, "pdf",
                  "a row of the checklist is taller than a page; it is cut at the bottom");
    }
    v[i].page = page;
    v[i].y = y;
    y += v[i].h;
  }
  int total = page;
  for (int pg = 1, i = 0; pg <= total; pg++) { /* the blocks are in page order */
    S_margins(&c, pg, total);
    for (; i < n && v[i].page == pg; i++) S_block(&c, &v[i], M_SIDE, M_TOP + v[i].y, 1);
    cairo_show_page(c.cr);
  }
  cairo_status_t st = cairo_status(c.cr);
  cairo_destroy(c.cr);
  cairo_surface_finish(s);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
  cairo_surface_destroy(s);
  free(v);
  if (st != CAIRO_STATUS_SUCCESS) {
    diag_report(d, DIAG_ERROR, nopos, "pdf", "cairo could not write the PDF: %s",
                cairo_status_to_string(st));
    buf_free(&out);
    return NULL;
  }
  *len = out.len;
  if (pages) *pages = total;
  return buf_detach(&out);
}
