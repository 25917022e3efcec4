/* markdown.c: publication and diff documents → CommonMark with GitHub's pipe tables, in the
 * manner of cmark's commonmark.c: what is escaped is decided per character and by where it
 * stands (a line start, a heading, a table cell, a code span or a code block). */
#include "markdown.h"
#include "inline.h"
#include "util.h"
#include "xmlutil.h"
#include <libxml/hash.h>
#include <string.h>

/* Where inline content stands: it decides what a <br/> becomes. */
typedef enum { CX_PARA, CX_HEADING, CX_ITEM, CX_CELL } md_cx;

typedef struct md {
  buf out;
  diag *d;
  int bad; /* an element without a rendering was met (reported once) */
  md_cx cx;
  int lead; /* at the start of a line's content, where a block could start; stays set
             * over digits (an ordered list marker `1.` may still come) */
  int start; /* at the start of a data string: a block marker there is escaped as well,
              * as it always was (harmless where no block can start) */
  int ndig; /* digits written since lead or start was set */
  int brk; /* hard line breaks that wait for the content after them */
  xmlChar **tmp;
  int ntmp, captmp; /* attribute values and contents that had to be copied */
  xmlHashTablePtr steps; /* step id → <step>, made at the first callout */
} md;

/* Characters that are escaped wherever they stand in text: inline markup (emphasis, code,
 * links, autolinks, raw HTML, strikethrough, entities, escapes) and GitHub's cell separator. */
#define MD_SPECIAL "\\`*_[]<>|~&\n\r"

static const char *S_keep(md *w, xmlChar *v) {
  if (!v) return NULL;
  if (w->ntmp == w->captmp) {
    w->captmp = w->captmp ? w->captmp * 2 : 16;
    w->tmp = xrealloc(w->tmp, (size_t)w->captmp * sizeof *w->tmp);
  }
  w->tmp[w->ntmp++] = v;
  return (const char *)v;
}

/* An attribute's value (NULL when absent), without a copy in the usual case of one text node;
 * a copy, when one is made, is kept until the end of the render. */
static const char *S_attr(md *w, xmlNodePtr n, const char *name) {
  xmlChar *owned;
  const char *v = xmlu_attr_view(n, name, &owned);
  if (owned) S_keep(w, owned);
  return v;
}

/* The text of an element (its one text child, or every descendant's text joined). */
static const char *S_content(md *w, xmlNodePtr n) {
  xmlNodePtr t = n->children;
  if (!t) return "";
  if (!t->next && t->type == XML_TEXT_NODE && t->content) return (const char *)t->content;
  const char *s = S_keep(w, xmlNodeGetContent(n));
  return s ? s : "";
}

/* Whitespace between elements (a snapshot written with indentation) carries nothing. */
static int S_ignorable(xmlNodePtr n) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
    return utf8_blank((const char *)n->content);
  return n->type != XML_ELEMENT_NODE; /* comments, processing instructions */
}

/* An element (or text) where the vocabulary has none: the renderer and pubxml.c/diff.c disagree. */
static void S_unknown(md *w, xmlNodePtr n) {
  if (w->bad++) return;
  diag_pos pos = {"markdown", 0, 0};
  const char *in = n->parent && n->parent->name ? (const char *)n->parent->name : "";
  if (n->type == XML_ELEMENT_NODE)
    diag_report(w->d, DIAG_ERROR, pos, "template",
                "the Markdown renderer has no rendering for element '%s' (in '%s')",
                (const char *)n->name, in);
  else
    diag_report(w->d, DIAG_ERROR, pos, "template",
                "the Markdown renderer has no rendering for text directly in '%s'", in);
}

/* The children of a list are all the element NAME: 1 when n is something else, reported (blank
 * text and comments silently), so that the caller passes it over. */
static int S_other(md *w, xmlNodePtr n, const char *name) {
  if (xmlu_is(n, name)) return 0;
  if (!S_ignorable(n)) S_unknown(w, n);
  return 1;
}

/* ---- output, with the context that decides the escaping ---- */

/* Hard line breaks are written once content follows them: a backslash at the end of a
 * paragraph would be shown as one. After one, a new line starts. */
static void S_flush(md *w) {
  for (; w->brk > 0; w->brk--) buf_add(&w->out, "\\\n", 2);
  w->lead = 1;
  w->start = 0;
  w->ndig = 0;
}

/* The start of a block's content, after its marker (written as is). */
static void S_begin(md *w, md_cx cx, int lead) {
  w->cx = cx;
  w->lead = lead;
  w->start = 0;
  w->ndig = 0;
  w->brk = 0;
}

/* The end of a block: a hard break with nothing after it is dropped. */
static void S_end(md *w, const char *s) {
  w->brk = 0;
  buf_puts(&w->out, s);
  w->lead = w->start = w->ndig = 0;
}

/* Markup that tejun writes (never data). */
static void S_mark(md *w, const char *s) {
  if (w->brk) S_flush(w);
  buf_puts(&w->out, s);
  w->lead = w->start = w->ndig = 0;
}

/* A value from data where nothing can start a block (a date, a page number, a step's mark,
 * the version of tejun): inline markup escaped, line breaks as spaces. */
static void S_plain(md *w, const char *s) {
  if (!s || !*s) return;
  if (w->brk) S_flush(w);
  buf *b = &w->out;
  while (*s) {
    size_t run = strcspn(s, MD_SPECIAL);
    buf_add(b, s, run);
    s += run;
    if (!*s) break;
    if (*s == '\n' || *s == '\r')
      buf_putc(b, ' ');
    else {
      buf_putc(b, '\\');
      buf_putc(b, *s);
    }
    s++;
  }
  w->lead = w->start = w->ndig = 0;
}

/* Text from data. Inline markup is escaped everywhere; at the start of a line's content (and
 * of every data string) also what would start a block: `#`, `-`, `+`, `=` (headings, lists,
 * setext underlines, thematic breaks) and the `.` or `)` after digits (ordered lists). `>`,
 * `*`, `_`, fences (backticks, tildes) and `|` are escaped everywhere already. Spaces at the
 * start of a line, which would make an indented code block, are written as entities. */
static void S_data(md *w, const char *s) {
  if (!s || !*s) return;
  if (w->brk) S_flush(w);
  buf *b = &w->out;
  if (!w->lead) w->ndig = 0;
  w->start = 1;
  while (*s && (w->lead || w->start)) {
    char c = (*s == '\n' || *s == '\r') ? ' ' : *s;
    if (!w->ndig && (c == ' ' || (c == '\t' && w->lead))) {
      if (w->lead)
        buf_puts(b, c == ' ' ? "&#32;" : "&#9;");
      else
        buf_putc(b, c);
      s++;
      continue;
    }
    if (c >= '0' && c <= '9') {
      buf_putc(b, c);
      w->ndig++;
      s++;
      continue;
    }
    int esc = w->ndig ? (c == '.' || c == ')') : (c == '#' || c == '-' || c == '+' || c == '=');
    w->lead = w->start = 0;
    w->ndig = 0;
    if (esc) {
      buf_putc(b, '\\');
      buf_putc(b, c);
      s++;
    }
  }
  if (*s) S_plain(w, s);
}

/* A date as the decks print it: 2021-08-25 → 2021年08月25日 (anything else as it is). */
static void S_date(md *w, const char *s) {
  if (s && strlen(s) == 10 && s[4] == '-' && s[7] == '-' && strspn(s, "0123456789-") == 10) {
    buf d;
    buf_init(&d);
    buf_printf(&d, "%.4s年%.2s月%.2s日", s, s + 5, s + 8);
    S_data(w, buf_cstr(&d));
    buf_free(&d);
  } else
    S_plain(w, s);
}

/* A release as the outputs name it, from attributes of n: VERSION（DATE）. */
static void S_version_date(md *w, xmlNodePtr n, const char *version, const char *date) {
  S_data(w, S_attr(w, n, version));
  S_mark(w, "（");
  S_date(w, S_attr(w, n, date));
  S_mark(w, "）");
}

/* A heading's line ends in `#` after a space (or is only `#`): that would be taken for the
 * closing sequence and dropped; its first `#` is escaped. `from` is where the content starts. */
static void S_heading_tail(md *w, size_t from) {
  buf *b = &w->out;
  size_t e = b->len;
  while (e > from && (b->data[e - 1] == ' ' || b->data[e - 1] == '\t')) e--;
  size_t s = e;
  while (s > from && b->data[s - 1] == '#') s--;
  if (s == e || (s > from && b->data[s - 1] != ' ' && b->data[s - 1] != '\t')) return;
  buf_add(b, "\\", 1);
  memmove(b->data + s + 1, b->data + s, b->len - 1 - s);
  b->data[s] = '\\';
}

/* A code span: delimited by the shortest run of backticks that the code does not hold, so
 * no run inside closes it early; padded with a space on each side (which CommonMark strips)
 * so code that starts or ends with a backtick or a space stays whole; code of spaces only is
 * written bare (it would not be stripped). In a table cell each `|` is `\|`: GitHub splits
 * the row before it parses code spans, and takes `\|` back as `|` inside them too. */
static void S_code(md *w, const char *s) {
  size_t n = strlen(s);
  if (!n) return;
  unsigned char *seen = xcalloc(n + 2, 1); /* seen[k]: the code holds a run of exactly k */
  size_t run = 0;
  int nonspace = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && s[i] != ' ' && s[i] != '\n' && s[i] != '\r') nonspace = 1;
    if (i < n && s[i] == '`') {
      run++;
      continue;
    }
    seen[run] = 1;
    run = 0;
  }
  size_t ticks = 1;
  while (seen[ticks]) ticks++;
  free(seen);
  if (w->brk) S_flush(w);
  buf *b = &w->out;
  for (size_t k = 0; k < ticks; k++) buf_putc(b, '`');
  if (nonspace) buf_putc(b, ' ');
  for (const char *p = s; *p; p++) {
    if (*p == '\n' || *p == '\r')
      buf_putc(b, ' ');
    else if (*p == '|' && w->cx == CX_CELL)
      buf_add(b, "\\|", 2);
    else
      buf_putc(b, *p);
  }
  if (nonspace) buf_putc(b, ' ');
  for (size_t k = 0; k < ticks; k++) buf_putc(b, '`');
  w->lead = w->start = w->ndig = 0;
}

/* A code block: fenced with backticks, one more than the longest run of backticks or tildes
 * in the code (at least three), so no line of the code closes it. */
static void S_fence(md *w, const char *s) {
  size_t run = 0, longest = 0;
  char last = 0;
  for (const char *p = s; *p; p++) {
    if (*p == '`' || *p == '~')
      run = run && *p == last ? run + 1 : 1;
    else
      run = 0;
    last = *p;
    if (run > longest) longest = run;
  }
  size_t ticks = longest >= 3 ? longest + 1 : 3;
  buf *b = &w->out;
  for (size_t k = 0; k < ticks; k++) buf_putc(b, '`');
  buf_putc(b, '\n');
  size_t n = strlen(s);
  buf_add(b, s, n);
  if (!n || s[n - 1] != '\n') buf_putc(b, '\n');
  for (size_t k = 0; k < ticks; k++) buf_putc(b, '`');
  S_end(w, "\n\n");
}

/* A link destination inside <…>: what could end it or escape in it is percent-encoded. */
static void S_url(md *w, const char *u, int spaces) {
  static const char hex[] = "0123456789ABCDEF";
  for (const unsigned char *p = (const unsigned char *)u; *p; p++) {
    if (*p < 0x20 || *p == 0x7F || *p == '<' || *p == '>' || *p == '\\' || (*p == ' ' && !spaces)) {
      char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
      buf_add(&w->out, e, 3);
    } else
      buf_putc(&w->out, (char)*p);
  }
}

/* A value inside the header comment: nothing that could end the comment (`>`) or the line. */
static void S_comment(md *w, const char *s, int label) {
  for (const char *p = s ? s : ""; *p; p++) {
    if (*p == '>')
      buf_puts(&w->out, "＞");
    else if (*p == '-' && label)
      buf_puts(&w->out, "‐");
    else if (*p == '\n' || *p == '\r')
      buf_putc(&w->out, ' ');
    else
      buf_putc(&w->out, *p);
  }
}

/* One field of the header comment, ` KEY=VALUE`: `key` is written as it is, with its blank. */
static void S_field(md *w, const char *key, const char *value, int label) {
  buf_puts(&w->out, key);
  S_comment(w, value, label);
}

/* The header comment's last field, the version of tejun that wrote the file, and its end. */
static void S_field_end(md *w, xmlNodePtr root) {
  S_field(w, " generator=tejun ", S_attr(w, root, "tejun"), 0);
  buf_puts(&w->out, " -->\n\n");
}

/* ---- inline content (text, strong, em, code, br, a, span, ref), walked without recursion ---- */

static int S_link(md *w, xmlNodePtr a) {
  const char *href = S_attr(w, a, "href");
  return href && inline_url_ok(href);
}

/* Writes what opens n; returns 1 when its children are to be walked (S_close follows). */
static int S_open(md *w, xmlNodePtr n) {
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    S_data(w, (const char *)n->content);
    return 0;
  }
  if (n->type != XML_ELEMENT_NODE) return 0;
  const char *e = (const char *)n->name;
  if (!strcmp(e, "strong")) {
    S_mark(w, "**");
    return 1;
  }
  if (!strcmp(e, "em")) {
    S_mark(w, "*");
    return 1;
  }
  if (!strcmp(e, "span")) return 1;
  if (!strcmp(e, "code")) {
    S_code(w, S_content(w, n));
    return 0;
  }
  if (!strcmp(e, "ref")) {
    S_data(w, S_content(w, n));
    return 0;
  }
  if (!strcmp(e, "br")) {
    if (w->cx == CX_PARA)
      w->brk++;
    else
      S_mark(w, " "); /* one line: a cell, a list item, a heading */
    return 0;
  }
  if (!strcmp(e, "a")) {
    if (!S_link(w, n)) return 1;
    const char *text = S_content(w, n);
    if (!strcmp(text, S_attr(w, n, "href"))) {
      S_data(w, text);
      return 0;
    } /* GitHub links it */
    S_mark(w, "[");
    return 1;
  }
  S_unknown(w, n);
  return 0;
}

static void S_close(md *w, xmlNodePtr n) {
  const char *e = (const char *)n->name;
  if (!strcmp(e, "strong"))
    S_mark(w, "**");
  else if (!strcmp(e, "em"))
    S_mark(w, "*");
  else if (!strcmp(e, "a") && S_link(w, n)) {
    S_mark(w, "](<");
    S_url(w, S_attr(w, n, "href"), 0);
    S_mark(w, ">)");
  }
}

static void S_inlines(md *w, xmlNodePtr parent) {
  xmlNodePtr n = parent->children;
  while (n) {
    int walk = S_open(w, n);
    if (walk && n->children) {
      n = n->children;
      continue;
    }
    if (walk) S_close(w, n);
    while (!n->next) {
      n = n->parent;
      if (n == parent) return;
      S_close(w, n);
    }
    n = n->next;
  }
}

/* ---- the publication ---- */

/* The label of a change: a page's or step's `changed`, a change's `status` (diff documents), as
 * templates/common.xsl's change-label prints it; NULL for a value it does not know. */
static const char *S_label(const char *s) {
  static const char *const k[][2] = {{"added", "追加"},
                                     {"removed", "削除"},
                                     {"changed", "変更"},
                                     {"moved", "移動"},
                                     {"moved-changed", "移動・変更"},
                                     {"moved-away", "他のページへ移動"},
                                     {"renumbered", "番号のみ変更"}};
  for (size_t i = 0; s && i < sizeof k / sizeof *k; i++)
    if (!strcmp(s, k[i][0])) return k[i][1];
  return NULL;
}

/* The label of a change mark (a page's `changed`, a change's `status`): 変更 when absent. */
static const char *S_change_label(const char *s) {
  const char *l = S_label(s);
  return l ? l : "変更";
}

static void S_when_inline(md *w, xmlNodePtr n) {
  const char *l = S_attr(w, n, "when-label");
  if (!l) return;
  S_mark(w, "**［条件：");
  S_data(w, l);
  S_mark(w, "］** ");
}

static void S_when_block(md *w, xmlNodePtr n) {
  const char *l = S_attr(w, n, "when-label");
  if (!l) return;
  S_begin(w, CX_PARA, 1);
  S_mark(w, "**［条件］");
  S_data(w, l);
  S_end(w, "**\n\n");
}

/* A heading: the marker, then content that starts a line. */
static size_t S_heading(md *w, const char *marker) {
  buf_puts(&w->out, marker);
  S_begin(w, CX_HEADING, 1);
  return w->out.len;
}

static void S_heading_end(md *w, size_t from) {
  w->brk = 0;
  S_heading_tail(w, from);
  S_end(w, "\n\n");
}

static void S_cell(md *w, xmlNodePtr cell, const char *when) {
  buf_putc(&w->out, ' ');
  S_begin(w, CX_CELL, 0);
  if (when) {
    S_mark(w, "［条件：");
    S_data(w, when);
    S_mark(w, "］ ");
  }
  S_inlines(w, cell);
  S_end(w, " |");
}

/* A GitHub pipe table; one without a head gets a head of empty cells (else it is no table). */
static void S_table(md *w, xmlNodePtr t) {
  int ncols = 0, widest = 0;
  for (xmlNodePtr r = t->children; r; r = r->next) {
    int k = 0;
    for (xmlNodePtr c = r->children; c; c = c->next)
      if (xmlu_is(c, "cell")) k++;
    if (xmlu_is(r, "head") && k > ncols)
      ncols = k;
    else if (xmlu_is(r, "row") && k > widest)
      widest = k;
    else if (!xmlu_is(r, "head") && !xmlu_is(r, "row") && !S_ignorable(r))
      S_unknown(w, r);
  }
  int head = ncols > 0;
  if (!head) ncols = widest;
  if (ncols) {
    buf_putc(&w->out, '|');
    if (head) {
      for (xmlNodePtr r = t->children; r; r = r->next)
        if (xmlu_is(r, "head")) {
          for (xmlNodePtr c = r->children; c; c = c->next)
            if (xmlu_is(c, "cell")) S_cell(w, c, NULL);
          break;
        }
    } else
      for (int i = 0; i < ncols; i++) buf_puts(&w->out, "  |");
    buf_add(&w->out, "\n|", 2);
    for (int i = 0; i < ncols; i++) buf_puts(&w->out, " --- |");
    buf_putc(&w->out, '\n');
  }
  for (xmlNodePtr r = t->children; r; r = r->next) {
    if (!xmlu_is(r, "row") || !ncols) continue;
    const char *when = S_attr(w, r, "when-label");
    buf_putc(&w->out, '|');
    int first = 1;
    for (xmlNodePtr c = r->children; c; c = c->next) {
      if (S_other(w, c, "cell")) continue;
      S_cell(w, c, first ? when : NULL);
      first = 0;
    }
    buf_putc(&w->out, '\n');
  }
  S_end(w, "\n");
}

static void S_index_steps(md *w, xmlNodePtr n) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (xmlu_is(c, "step")) {
      xmlChar *id = xmlGetProp(c, BAD_CAST "id");
      if (id) {
        xmlHashAddEntry(w->steps, id, c);
        xmlFree(id);
      }
    } else
      S_index_steps(w, c); /* pages and the publication: two levels */
  }
}

/* The numbers a screenshot carries cannot be drawn on the picture in Markdown: they are
 * listed under it, each with its step's text. */
static void S_callouts(md *w, xmlNodePtr n) {
  int any = 0;
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (!xmlu_is(c, "callout")) continue;
    if (!any) {
      if (!w->steps) {
        w->steps = xmlHashCreate(64);
        if (w->steps) S_index_steps(w, xmlDocGetRootElement(n->doc));
      }
      S_begin(w, CX_PARA, 1);
      S_mark(w, "*画面中の番号*");
      S_end(w, "\n\n");
      any = 1;
    }
    buf_puts(&w->out, "- ");
    S_begin(w, CX_ITEM, 1);
    S_plain(w, S_attr(w, c, "mark"));
    const char *id = S_attr(w, c, "step");
    xmlNodePtr st = id && w->steps ? xmlHashLookup(w->steps, BAD_CAST id) : NULL;
    for (xmlNodePtr t = st ? st->children : NULL; t; t = t->next)
      if (xmlu_is(t, "text")) {
        S_mark(w, " ");
        S_inlines(w, t);
        break;
      }
    S_end(w, "\n");
  }
  if (any) S_end(w, "\n");
}

static void S_screenshot(md *w, xmlNodePtr n) {
  const char *src = S_attr(w, n, "src"), *caption = S_attr(w, n, "caption");
  S_begin(w, CX_PARA, 1);
  if (src && *src && inline_url_ok(src)) {
    S_mark(w, "![画面：");
    S_data(w, caption);
    S_mark(w, "](<");
    S_url(w, src, 1);
    S_mark(w, ">)");
  } else {
    S_mark(w, "*［画面：");
    S_data(w, caption);
    S_mark(w, "］*");
  }
  S_end(w, "\n\n");
  S_callouts(w, n);
}

static void S_para(md *w, xmlNodePtr n, const char *marker) {
  buf_puts(&w->out, marker);
  S_begin(w, CX_PARA, !*marker);
  S_when_inline(w, n);
  S_inlines(w, n);
  S_end(w, "\n\n");
}

static void S_list(md *w, xmlNodePtr l) {
  for (xmlNodePtr it = l->children; it; it = it->next) {
    if (S_other(w, it, "item")) continue;
    buf_puts(&w->out, "- ");
    S_begin(w, CX_ITEM, 1);
    S_when_inline(w, it);
    S_inlines(w, it);
    S_end(w, "\n");
  }
  S_end(w, "\n");
}

/* What a step or a page holds besides a step's own text. */
static void S_part(md *w, xmlNodePtr n) {
  if (xmlu_is(n, "note"))
    S_para(w, n, "> ※");
  else if (xmlu_is(n, "list"))
    S_list(w, n);
  else if (xmlu_is(n, "table"))
    S_table(w, n);
  else if (xmlu_is(n, "code"))
    S_fence(w, S_content(w, n));
  else if (xmlu_is(n, "screenshot"))
    S_screenshot(w, n);
  else if (!S_ignorable(n))
    S_unknown(w, n);
}

static void S_step(md *w, xmlNodePtr s) {
  S_when_block(w, s);
  S_begin(w, CX_PARA, 1);
  const char *changed = S_attr(w, s, "changed");
  if (changed) {
    S_mark(w, "**［");
    S_mark(w, S_change_label(changed));
    S_mark(w, "］** ");
  }
  S_mark(w, "**");
  S_plain(w, S_attr(w, s, "mark"));
  S_mark(w, "** ");
  for (xmlNodePtr c = s->children; c; c = c->next)
    if (xmlu_is(c, "text")) S_inlines(w, c);
  S_end(w, "\n\n");
  for (xmlNodePtr c = s->children; c; c = c->next)
    if (!xmlu_is(c, "text")) S_part(w, c);
}

static void S_page(md *w, xmlNodePtr p) {
  size_t from = S_heading(w, "## ");
  S_mark(w, "P");
  S_plain(w, S_attr(w, p, "n"));
  S_mark(w, " ");
  S_data(w, S_attr(w, p, "title"));
  const char *changed = S_attr(w, p, "changed");
  if (changed) {
    S_mark(w, "（");
    S_mark(w, S_change_label(changed));
    S_mark(w, "あり）");
  }
  S_heading_end(w, from);
  S_when_block(w, p);
  for (xmlNodePtr c = p->children; c; c = c->next) {
    if (xmlu_is(c, "para"))
      S_para(w, c, "");
    else if (xmlu_is(c, "heading")) {
      size_t f = S_heading(w, "### ");
      S_inlines(w, c);
      S_heading_end(w, f);
    } else if (xmlu_is(c, "step"))
      S_step(w, c);
    else
      S_part(w, c);
  }
}

static void S_cover(md *w, xmlNodePtr root) {
  size_t from = S_heading(w, "# ");
  S_data(w, S_attr(w, root, "title"));
  const char *view = S_attr(w, root, "view");
  if (view && !strcmp(view, "service")) {
    S_mark(w, "［");
    S_data(w, S_attr(w, root, "service-name"));
    S_mark(w, "］");
  }
  S_heading_end(w, from);
  S_begin(w, CX_PARA, 1);
  S_data(w, S_attr(w, root, "product"));
  S_end(w, "  \n");
  S_begin(w, CX_PARA, 1);
  S_data(w, S_attr(w, root, "publisher"));
  S_end(w, "  \n");
  S_begin(w, CX_PARA, 1);
  S_version_date(w, root, "version", "date");
  S_end(w, "\n\n");
}

static void S_toc(md *w, xmlNodePtr root) {
  xmlNodePtr cl = xmlu_child(root, "changelog"), tm = xmlu_child(root, "trademarks");
  buf_puts(&w->out, "## 目次\n\n- P");
  S_begin(w, CX_ITEM, 0);
  if (cl) S_plain(w, S_attr(w, cl, "n"));
  S_end(w, " 変更履歴\n");
  for (xmlNodePtr p = root->children; p; p = p->next) {
    if (!xmlu_is(p, "page")) continue;
    buf_puts(&w->out, "- P");
    S_begin(w, CX_ITEM, 0);
    S_plain(w, S_attr(w, p, "n"));
    S_mark(w, " ");
    S_data(w, S_attr(w, p, "title"));
    S_end(w, "\n");
  }
  buf_puts(&w->out, "- P");
  S_begin(w, CX_ITEM, 0);
  if (tm) S_plain(w, S_attr(w, tm, "n"));
  S_end(w, " 商標について\n\n");
}

/* The revision rows of a change log as a table: date, version, text. */
static void S_revisions(md *w, xmlNodePtr parent) {
  buf_puts(&w->out, "| 年月日 | 版 | 変更内容等 |\n| --- | --- | --- |\n");
  for (xmlNodePtr r = parent->children; r; r = r->next) {
    if (S_other(w, r, "revision")) continue;
    buf_puts(&w->out, "| ");
    S_begin(w, CX_CELL, 0);
    S_date(w, S_attr(w, r, "date"));
    S_mark(w, " | ");
    S_data(w, S_attr(w, r, "version"));
    S_mark(w, " | ");
    S_data(w, S_content(w, r));
    S_end(w, " |\n");
  }
  S_end(w, "\n");
}

/* The heading of a page tejun adds (the change log, the trademarks): `## PN TITLE`. */
static void S_page_heading(md *w, xmlNodePtr n, const char *title) {
  size_t from = S_heading(w, "## ");
  S_mark(w, "P");
  S_plain(w, S_attr(w, n, "n"));
  S_mark(w, " ");
  S_mark(w, title);
  S_heading_end(w, from);
}

static void S_changelog(md *w, xmlNodePtr cl) {
  S_page_heading(w, cl, "変更履歴");
  S_revisions(w, cl);
}

/* --changes-since: the list of what changed, after the table of contents. */
static void S_changes(md *w, xmlNodePtr ch) {
  size_t from = S_heading(w, "## ");
  S_mark(w, "変更点（");
  S_data(w, S_attr(w, ch, "since"));
  S_mark(w, "から）");
  S_heading_end(w, from);
  int any = 0;
  for (xmlNodePtr r = ch->children; r; r = r->next) {
    if (!xmlu_is(r, "revision")) continue;
    buf_puts(&w->out, "- ");
    S_begin(w, CX_ITEM, 1);
    S_version_date(w, r, "version", "date");
    S_data(w, S_content(w, r));
    S_end(w, "\n");
  }
  for (xmlNodePtr c = ch->children; c; c = c->next) {
    if (xmlu_is(c, "revision")) continue;
    if (S_other(w, c, "change")) continue;
    any = 1;
    buf_puts(&w->out, "- ");
    S_begin(w, CX_ITEM, 1);
    const char *page = S_attr(w, c, "page"), *old = S_attr(w, c, "old-page"),
               *mark = S_attr(w, c, "mark");
    if (page) {
      S_mark(w, "P");
      S_plain(w, page);
      S_mark(w, " ");
      S_data(w, S_attr(w, c, "title"));
    } else if (old) {
      S_mark(w, "（旧P");
      S_plain(w, old);
      S_mark(w, "） ");
      S_data(w, S_attr(w, c, "old-title"));
    } else
      S_data(w, S_attr(w, c, "what"));
    if (mark) {
      S_mark(w, " 手順");
      S_plain(w, mark);
    }
    S_mark(w, "：");
    S_mark(w, S_change_label(S_attr(w, c, "status")));
    S_end(w, "\n");
  }
  if (!any) buf_puts(&w->out, "内容の変更はありません。\n");
  S_end(w, "\n");
}

static void S_trademarks(md *w, xmlNodePtr tm) {
  S_page_heading(w, tm, "商標について");
  for (xmlNodePtr t = tm->children; t; t = t->next) {
    if (S_other(w, t, "trademark")) continue;
    buf_puts(&w->out, "- ");
    S_begin(w, CX_ITEM, 1);
    S_inlines(w, t);
    S_end(w, "\n");
  }
  S_end(w, "\n");
}

static void S_publication(md *w, xmlNodePtr root) {
  S_field(w, "<!-- tejun: manual=", S_attr(w, root, "manual"), 0);
  const char *service = S_attr(w, root, "service");
  if (service) S_field(w, " service=", service, 0);
  S_field(w, " version=", S_attr(w, root, "version"), 0);
  S_field(w, " date=", S_attr(w, root, "date"), 0);
  S_field(w, " label=", S_attr(w, root, "label"), 1);
  S_field_end(w, root);
  S_begin(w, CX_PARA, 1);
  S_mark(w, "**情報ラベル：");
  S_data(w, S_attr(w, root, "label"));
  S_end(w, "**\n\n");
  for (xmlNodePtr c = root->children; c; c = c->next)
    if (xmlu_is(c, "cover")) S_cover(w, root);
  S_toc(w, root);
  for (xmlNodePtr c = root->children; c; c = c->next)
    if (xmlu_is(c, "changes")) S_changes(w, c);
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (xmlu_is(c, "changelog"))
      S_changelog(w, c);
    else if (xmlu_is(c, "page"))
      S_page(w, c);
    else if (xmlu_is(c, "trademarks"))
      S_trademarks(w, c);
    else if (!xmlu_is(c, "services") && !xmlu_is(c, "cover") && !xmlu_is(c, "changes") &&
             !xmlu_is(c, "lines") && !S_ignorable(c))
      S_unknown(w, c); /* lines: the checklists' lines of a snapshot (format 2), not shown */
  }
  buf_puts(&w->out, "---\n\n");
  S_begin(w, CX_PARA, 1);
  S_data(w, S_attr(w, root, "product"));
  S_mark(w, "　");
  S_data(w, S_attr(w, root, "title"));
  S_mark(w, "　");
  S_version_date(w, root, "version", "date");
  S_mark(w, "　情報ラベル：");
  S_data(w, S_attr(w, root, "label"));
  S_mark(w, "　tejun ");
  S_plain(w, S_attr(w, root, "tejun"));
  S_end(w, "\n");
}

/* ---- the diff document (the redline) ---- */

/* The labels of the HTML redline (templates/common.xsl, change-label), word for word. */
static void S_status(md *w, const char *s) {
  const char *l = S_label(s);
  if (l)
    S_mark(w, l);
  else
    S_plain(w, s);
}

static void S_kind(md *w, const char *s) {
  static const char *const k[][2] = {
      {"title", "ページタイトル"}, {"para", "本文"}, {"note", "※注記"},  {"heading", "見出し"},
      {"list", "箇条書き"},        {"table", "表"},  {"code", "コード"}, {"screenshot", "画面"}};
  for (size_t i = 0; s && i < sizeof k / sizeof *k; i++)
    if (!strcmp(s, k[i][0])) {
      S_mark(w, k[i][1]);
      return;
    }
  S_plain(w, s);
}

/* A changed text: unchanged runs as text, insertions <ins>…</ins>, deletions <del>…</del>
 * (GitHub keeps both, and unlike ** and ~~ they show next to any punctuation), their
 * content escaped like any text. */
static void S_runs(md *w, xmlNodePtr parent) {
  for (xmlNodePtr t = parent->children; t; t = t->next) {
    if (!xmlu_is(t, "text")) continue;
    for (xmlNodePtr r = t->children; r; r = r->next) {
      if (xmlu_is(r, "same"))
        S_data(w, S_content(w, r));
      else if (xmlu_is(r, "ins")) {
        S_mark(w, "<ins>");
        S_data(w, S_content(w, r));
        S_mark(w, "</ins>");
      } else if (xmlu_is(r, "del")) {
        S_mark(w, "<del>");
        S_data(w, S_content(w, r));
        S_mark(w, "</del>");
      } else if (!S_ignorable(r))
        S_unknown(w, r);
    }
  }
}

static int S_has_text(xmlNodePtr n) { return xmlu_child(n, "text") != NULL; }

static void S_diff_item(md *w, xmlNodePtr it) {
  buf_puts(&w->out, "- ");
  S_begin(w, CX_ITEM, 1);
  if (xmlu_is(it, "step")) {
    const char *mark = S_attr(w, it, "mark"), *old = S_attr(w, it, "old-mark");
    S_mark(w, "手順 ");
    S_plain(w, mark ? mark : old);
    if (mark && old && strcmp(mark, old)) {
      S_mark(w, "（旧");
      S_plain(w, old);
      S_mark(w, "）");
    }
  } else
    S_kind(w, S_attr(w, it, "kind"));
  S_mark(w, "（");
  S_status(w, S_attr(w, it, "status"));
  S_mark(w, "）");
  const char *from = S_attr(w, it, "from-page"), *to = S_attr(w, it, "to-page");
  if (from) {
    S_mark(w, " P");
    S_plain(w, from);
    S_mark(w, "から移動");
  }
  if (to) {
    S_mark(w, " P");
    S_plain(w, to);
    S_mark(w, "へ移動");
  }
  if (S_has_text(it)) {
    S_mark(w, "：");
    S_runs(w, it);
  }
  for (xmlNodePtr im = it->children; im; im = im->next) { /* a replaced picture: old → new */
    if (!xmlu_is(im, "image")) continue;
    S_mark(w, " ［画像の差し替え：");
    S_data(w, S_attr(w, im, "caption"));
    S_mark(w, "］");
    int first = 1;
    for (xmlNodePtr sd = im->children; sd; sd = sd->next) {
      if (!xmlu_is(sd, "old") && !xmlu_is(sd, "new")) continue;
      const char *href = S_attr(w, sd, "href"), *sha = S_attr(w, sd, "sha256");
      S_mark(w, first ? " " : " → ");
      first = 0;
      S_mark(w, xmlu_is(sd, "old") ? "旧" : "新");
      if (href && inline_url_ok(href)) {
        S_mark(w, " ![画面](<");
        S_url(w, href, 1);
        S_mark(w, ">)");
      } else if (sha) {
        S_mark(w, " sha256:");
        S_plain(w, sha);
      } else
        S_mark(w, " なし");
    }
  }
  S_end(w, "\n");
}

static void S_diff_page(md *w, xmlNodePtr p) {
  size_t from = S_heading(w, "## ");
  const char *n = S_attr(w, p, "n"), *old = S_attr(w, p, "old-n");
  if (n) {
    S_mark(w, "P");
    S_plain(w, n);
    S_mark(w, " ");
    S_data(w, S_attr(w, p, "title"));
  } else {
    S_mark(w, "（旧P");
    S_plain(w, old);
    S_mark(w, "） ");
    S_data(w, S_attr(w, p, "old-title"));
  }
  S_mark(w, "（");
  S_status(w, S_attr(w, p, "status"));
  S_mark(w, "）");
  if (n && old && strcmp(n, old)) {
    S_mark(w, "（旧P");
    S_plain(w, old);
    S_mark(w, "）");
  }
  S_heading_end(w, from);
  int items = 0;
  for (xmlNodePtr c = p->children; c; c = c->next) {
    if (xmlu_is(c, "step") || xmlu_is(c, "block")) {
      S_diff_item(w, c);
      items++;
    } else if (!S_ignorable(c))
      S_unknown(w, c);
  }
  if (items) S_end(w, "\n");
}

static void S_diff(md *w, xmlNodePtr root) {
  S_field(w, "<!-- tejun diff: manual=", S_attr(w, root, "manual"), 0);
  S_field(w, " old=", S_attr(w, root, "old-version"), 0);
  S_field(w, " new=", S_attr(w, root, "new-version"), 0);
  S_field(w, " changes=", S_attr(w, root, "changes"), 0);
  S_field_end(w, root);
  size_t from = S_heading(w, "# ");
  S_mark(w, "変更点：");
  S_data(w, S_attr(w, root, "title"));
  S_heading_end(w, from);
  S_begin(w, CX_PARA, 1);
  S_version_date(w, root, "old-version", "old-date");
  S_mark(w, "→ ");
  S_version_date(w, root, "new-version", "new-date");
  S_mark(w, "、変更 ");
  S_plain(w, S_attr(w, root, "changes"));
  S_end(w, " 件\n\n## 変更履歴（この間の版）\n\n");
  xmlNodePtr rows = xmlu_child(root, "rows");
  if (rows && xmlu_child(rows, "revision"))
    S_revisions(w, rows);
  else
    buf_puts(&w->out, "変更履歴に新しい行はありません。\n\n");
  int any = 0;
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (xmlu_is(c, "field") || xmlu_is(c, "page"))
      any = 1;
    else if (!xmlu_is(c, "rows") && !S_ignorable(c))
      S_unknown(w, c);
  }
  if (!any) buf_puts(&w->out, "内容の変更はありません。\n\n");
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (xmlu_is(c, "field")) {
      size_t f = S_heading(w, "## ");
      S_data(w, S_attr(w, c, "label"));
      S_mark(w, "（変更）");
      S_heading_end(w, f);
      S_begin(w, CX_PARA, 1);
      S_runs(w, c);
      S_end(w, "\n\n");
    } else if (xmlu_is(c, "page"))
      S_diff_page(w, c);
  }
}

/* ---- entry points ---- */

static char *S_run(diag *d, xmlDocPtr doc, const char *root_name, void (*fn)(md *, xmlNodePtr),
                   size_t *len) {
  md w;
  memset(&w, 0, sizeof w);
  buf_init(&w.out);
  w.d = d;
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  if (!root || !xmlu_is(root, root_name)) {
    diag_pos pos = {"markdown", 0, 0};
    diag_report(d, DIAG_ERROR, pos, "template", "the Markdown renderer expects a <%s> document",
                root_name);
    w.bad = 1;
  } else
    fn(&w, root);
  for (int i = 0; i < w.ntmp; i++) xmlFree(w.tmp[i]);
  free(w.tmp);
  if (w.steps) xmlHashFree(w.steps, NULL);
  if (w.bad) {
    buf_free(&w.out);
    return NULL;
  }
  *len = w.out.len;
  if (!w.out.data) buf_puts(&w.out, "");
  return buf_detach(&w.out);
}

char *markdown_publication(diag *d, xmlDocPtr publication, size_t *len) {
  return S_run(d, publication, "publication", S_publication, len);
}

char *markdown_diff(diag *d, xmlDocPtr diff, size_t *len) {
  return S_run(d, diff, "diff", S_diff, len);
}
