/* diag.c: collecting and printing diagnostics in the compiler format. */
#include "diag.h"
#include "util.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag *d, FILE *out, int color, int immediate) {
  memset(d, 0, sizeof *d);
  d->out = out;
  d->color = color;
  d->immediate = immediate;
}

void diag_free(diag *d) {
  for (size_t i = 0; i < d->n; i++) {
    free(d->items[i].file);
    free(d->items[i].msg);
    free(d->items[i].rule);
  }
  free(d->items);
  for (size_t i = 0; i < d->nsrc; i++) {
    free(d->srcs[i].file);
    free(d->srcs[i].data);
  }
  free(d->srcs);
  memset(d, 0, sizeof *d);
}

void diag_source(diag *d, const char *file, const char *data, size_t len) {
  if (!d->color) return;
  d->srcs = xrealloc(d->srcs, (d->nsrc + 1) * sizeof *d->srcs);
  d->srcs[d->nsrc].file = xstrdup(file);
  d->srcs[d->nsrc].data = xmalloc(len + 1);
  memcpy(d->srcs[d->nsrc].data, data, len);
  d->srcs[d->nsrc].data[len] = 0;
  d->srcs[d->nsrc].len = len;
  d->nsrc++;
}

void diag_put_safe(FILE *f, const char *s) { util_term_put(f, s, strlen(s), 0); }

/* The cells a terminal gives to shown text: two for wide (CJK) characters, one for others. */
static size_t S_cells(const buf *b) {
  size_t w = 0;
  for (size_t i = 0; i < b->len;) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)b->data + i, b->len - i, &cp);
    if (k <= 0) {
      k = 1;
      cp = '?';
    }
    w += cp >= 0x1100 ? 2 : 1;
    i += (size_t)k;
  }
  return w;
}

static void S_excerpt(diag *d, const diag_item *it) {
  for (size_t i = 0; i < d->nsrc; i++) {
    if (strcmp(d->srcs[i].file, it->file) != 0) continue;
    const char *p = d->srcs[i].data, *end = p + d->srcs[i].len;
    for (int l = 1; l < it->line && p < end; l++) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      if (!nl) return;
      p = nl + 1;
    }
    const char *e = memchr(p, '\n', (size_t)(end - p));
    if (!e) e = end;
    size_t len = (size_t)(e - p);
    if (len && p[len - 1] == '\r') len--; /* a CRLF file */
    buf shown;
    buf_init(&shown);
    util_term_escape(&shown, p, len, 0);
    fputs("  ", d->out);
    fputs(buf_cstr(&shown), d->out);
    fputc('\n', d->out);
    /* caret: each character before the column takes the cells of what was shown for it
     * (an escape such as \x1b its four letters, a wide CJK character two) */
    fputs("  ", d->out);
    const unsigned char *q = (const unsigned char *)p;
    for (int c = 1; c < it->col && len > 0; c++) {
      uint32_t cp;
      int k = utf8_decode(q, len, &cp);
      if (k <= 0) k = 1;
      shown.len = 0;
      util_term_escape(&shown, (const char *)q, (size_t)k, 0);
      for (size_t w = S_cells(&shown); w > 0; w--) fputc(' ', d->out);
      q += k;
      len -= (size_t)k;
    }
    fputs("\033[1;32m^\033[0m\n", d->out);
    buf_free(&shown);
    return;
  }
}

static void S_print(diag *d, const diag_item *it) {
  static const char *names[] = {"note", "warning", "error"};
  static const char *colors[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m"};
  FILE *f = d->out;
  if (d->color) fputs("\033[1m", f);
  diag_put_safe(f, it->file);
  if (it->line > 0) fprintf(f, ":%d:%d", it->line, it->col);
  fputs(": ", f);
  if (d->color)
    fprintf(f, "%s%s:\033[0m ", colors[it->level], names[it->level]);
  else
    fprintf(f, "%s: ", names[it->level]);
  diag_put_safe(f, it->msg);
  if (it->rule && *it->rule) fprintf(f, " [%s]", it->rule);
  fputc('\n', f);
  if (d->color && it->line > 0) S_excerpt(d, it);
}

/* Prints an item unless the cap is reached; counts it as hidden then. Notes are always
 * printed and not counted: there are few, and they say what tejun did not do (a budget spent). */
static void S_show(diag *d, const diag_item *it) {
  if (it->level == DIAG_NOTE)
    S_print(d, it);
  else if (d->shown < DIAG_MAX_SHOWN) {
    S_print(d, it);
    d->shown++;
  } else
    d->hidden++;
}

void diag_choice(diag_choices *c, const char *name, const char *value) {
  util_list_add(&c->list, &c->n, value);
  if (c->max <= 0) return;
  int dd = util_distance(name, value, c->max, NULL);
  if (dd <= c->max && (!c->near || dd < c->neard)) {
    c->near = value;
    c->neard = dd;
  }
}

void diag_unknown(diag *d, diag_pos pos, const char *rule, const char *name, diag_choices *c) {
  util_list_end(&c->list, c->n);
  buf m;
  buf_init(&m);
  buf_printf(&m, "unknown %s '%s'", c->what, name);
  if (c->in) buf_printf(&m, " in %s", c->in);
  if (c->near)
    buf_printf(&m, "; did you mean '%s'? (%s: ", c->near, c->label);
  else if (c->where)
    buf_printf(&m, " (%s in %s: ", c->label, c->where);
  else
    buf_printf(&m, " (%s: ", c->label);
  buf_puts(&m, buf_cstr(&c->list));
  if (c->more) buf_puts(&m, c->more);
  buf_putc(&m, ')');
  if (!c->near && c->hint) buf_printf(&m, "; %s", c->hint);
  diag_report(d, DIAG_ERROR, pos, rule, "%s", buf_cstr(&m));
  buf_free(&m);
  buf_free(&c->list);
}

void diag_report(diag *d, diag_level lv, diag_pos pos, const char *rule, const char *fmt, ...) {
  va_list ap;
  buf b;
  buf_init(&b);
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n > 0) {
    char *m = xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(m, (size_t)n + 1, fmt, ap);
    va_end(ap);
    buf_add(&b, m, (size_t)n);
    free(m);
  }
  if (d->n == d->cap) {
    d->cap = d->cap ? d->cap * 2 : 16;
    d->items = xrealloc(d->items, d->cap * sizeof *d->items);
  }
  diag_item *it = &d->items[d->n++];
  it->level = lv;
  it->seq = d->n - 1;
  it->file = xstrdup(pos.file ? pos.file : "tejun");
  it->line = pos.line;
  it->col = pos.col;
  it->msg = b.data ? buf_detach(&b) : xstrdup("");
  it->rule = xstrdup(rule ? rule : "");
  if (lv == DIAG_ERROR)
    d->errors++;
  else if (lv == DIAG_WARNING)
    d->warnings++;
  if (d->immediate) S_show(d, it);
}

static int S_cmp(const void *x, const void *y) {
  const diag_item *a = x, *b = y;
  int c = strcmp(a->file, b->file);
  if (c) return c;
  if (a->line != b->line) return a->line < b->line ? -1 : 1;
  if (a->col != b->col) return a->col < b->col ? -1 : 1;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void diag_sort(diag *d) {
  if (d->n > 1) qsort(d->items, d->n, sizeof *d->items, S_cmp);
}

void diag_summary(diag *d, const char *what) {
  if (!d->immediate)
    for (size_t i = 0; i < d->n; i++) S_show(d, &d->items[i]);
  if (d->hidden) {
    fprintf(d->out,
            "tejun: %zu more diagnostic%s not shown (the first %d are printed; the counts include "
            "them all)\n",
            d->hidden, d->hidden == 1 ? "" : "s", DIAG_MAX_SHOWN);
    d->hidden = 0;
  }
  if (what && (d->errors || d->warnings))
    fprintf(d->out, "%s: %d error%s, %d warning%s\n", what, d->errors, d->errors == 1 ? "" : "s",
            d->warnings, d->warnings == 1 ? "" : "s");
}
