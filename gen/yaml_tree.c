/* yaml_tree.c: libyaml events → a positioned node tree, with limits and duplicate-key checks;
 * the characters a text may hold; where a byte of a value stands in the file. */
#include "yaml_tree.h"
#include <libxml/hash.h>
#include <limits.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

struct ysrc {
  const unsigned char *s;
  size_t len; /* the file's bytes (arena-owned) */
  arena *a;
  int breaks; /* it has line ends other than LF and CR LF (LS, PS) */
  size_t *line;
  size_t nline; /* where each line starts, indexed at the first use */
  int seek_line, seek_col;
  size_t seek_i; /* the place S_seek found last (line -1: none): the
                    values of a long line are placed left to right,
                    so each seek goes on from the one before */
};

/* ---- the characters a text may hold ---- */

static const char *const S_c0[32] = {"NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL",
                                     "BS",  "TAB", "LF",  "VT",  "FF",  "CR",  "SO",  "SI",
                                     "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB",
                                     "CAN", "EM",  "SUB", "ESC", "FS",  "GS",  "RS",  "US"};
static const char *const S_c1[32] = {"PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA",
                                     "HTS", "HTJ", "VTS", "PLD", "PLU", "RI",  "SS2", "SS3",
                                     "DCS", "PU1", "PU2", "STS", "CCH", "MW",  "SPA", "EPA",
                                     "SOS", "SGC", "SCI", "CSI", "ST",  "OSC", "PM",  "APC"};
/* What Windows-1252 shows for 0x80-0x9F: a C1 control in a text is usually one of these,
 * mis-decoded. */
static const char *const S_cp1252[32] = {"€", NULL, "‚",  "ƒ", "„",  "…",  "†", "‡",  "ˆ", "‰", "Š",
                                         "‹", "Œ",  NULL, "Ž", NULL, NULL, "‘", "’",  "“", "”", "•",
                                         "–", "—",  "˜",  "™", "š",  "›",  "œ", NULL, "ž", "Ÿ"};

/* Whether a text may hold cp: tab and line feed, and nothing a terminal would not show as it
 * is (util_term_unsafe: NUL and the other C0 controls, DEL, C1, the bidirectional controls and
 * marks), nor the non-characters U+FFFE/U+FFFF. */
static int S_allowed(uint32_t cp) {
  if (cp == '\t' || cp == '\n') return 1;
  return !util_term_unsafe(cp) && cp != 0xFFFE && cp != 0xFFFF;
}

/* The one report of a character a text may not hold, whether the file's bytes or an escape
 * ("\0", "\e", "\x9b", "\u202E") wrote it. */
static void S_bad_char(diag *d, diag_pos p, uint32_t cp) {
  if (cp == 0)
    diag_report(d, DIAG_ERROR, p, "encoding",
                "NUL character U+0000 cannot stand in a text; remove it");
  else if (cp < 0x20 || cp == 0x7F)
    diag_report(d, DIAG_ERROR, p, "encoding",
                "control character U+%04X (%s) is not text and would be passed on to pages, PDFs "
                "and terminals; remove it%s",
                (unsigned)cp, cp == 0x7F ? "DEL" : S_c0[cp],
                cp == '\r' ? " (a line break is a new line in the file, or \\n in double quotes)"
                           : "");
  else if (cp <= 0x9F) {
    char hint[80] = "";
    if (S_cp1252[cp - 0x80])
      snprintf(hint, sizeof hint,
               " (if you meant %s, byte 0x%02X in Windows-1252, write %s itself)",
               S_cp1252[cp - 0x80], (unsigned)cp, S_cp1252[cp - 0x80]);
    diag_report(d, DIAG_ERROR, p, "encoding",
                "control character U+%04X (%s) is not text and would be passed on to pages, PDFs "
                "and terminals; remove it%s",
                (unsigned)cp, S_c1[cp - 0x80], hint);
  } else if (cp >= 0xFFFE)
    diag_report(d, DIAG_ERROR, p, "encoding", "U+%04X is not a character; remove it", (unsigned)cp);
  else
    diag_report(
        d, DIAG_ERROR, p, "encoding",
        "bidirectional control character U+%04X changes the order in which the text is shown, "
        "so the page would not say what the file says; remove it",
        (unsigned)cp);
}

/* ---- reading a scalar's source again, to place a byte of its value ---- */

/* The length of the line break at s[i] as libyaml counts them (LF, CR, CR LF, NEL, LS, PS), or 0.
 */
static size_t S_break(const ysrc *f, size_t i) {
  const unsigned char *s = f->s;
  if (i >= f->len) return 0;
  if (s[i] == '\n') return 1;
  if (s[i] == '\r') return i + 1 < f->len && s[i + 1] == '\n' ? 2 : 1;
  if (s[i] == 0xC2 && i + 1 < f->len && s[i + 1] == 0x85) return 2;
  if (s[i] == 0xE2 && i + 2 < f->len && s[i + 1] == 0x80 && (s[i + 2] == 0xA8 || s[i + 2] == 0xA9))
    return 3;
  return 0;
}

static size_t S_clen(unsigned char b) { return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4; }

/* The next line start after *i, or 0 at the end. */
static size_t S_next_line(const ysrc *f, size_t *i) {
  if (!f->breaks) { /* LF (or CR LF) the only line ends: as fast as memchr */
    const unsigned char *nl = *i < f->len ? memchr(f->s + *i, '\n', f->len - *i) : NULL;
    if (!nl) {
      *i = f->len;
      return 0;
    }
    *i = (size_t)(nl - f->s) + 1;
    return 1;
  }
  while (*i < f->len) {
    size_t b = S_break(f, *i);
    if (b) {
      *i += b;
      return 1;
    }
    *i += S_clen(f->s[*i]);
  }
  return 0;
}

static void S_index_lines(ysrc *f) {
  if (f->line) return;
  size_t n = 1, i = 0;
  while (S_next_line(f, &i)) n++;
  f->line = arena_alloc(f->a, n * sizeof *f->line);
  f->line[0] = 0;
  f->nline = 1;
  i = 0;
  while (f->nline < n && S_next_line(f, &i)) f->line[f->nline++] = i;
}

/* A place in the file: byte offset, and line and column (0-based, in characters) as libyaml counts.
 */
typedef struct ycur {
  const ysrc *f;
  size_t i;
  int line, col;
} ycur;

static int S_end(const ycur *c) { return c->i >= c->f->len; }
static unsigned char S_ch(const ycur *c) { return S_end(c) ? 0 : c->f->s[c->i]; }
static int S_blank(const ycur *c) { return S_ch(c) == ' ' || S_ch(c) == '\t'; }
static int S_is_break(const ycur *c) { return S_break(c->f, c->i) != 0; }
static void S_adv(ycur *c) {
  if (S_end(c)) return;
  size_t b = S_break(c->f, c->i);
  if (b) {
    c->i += b;
    c->line++;
    c->col = 0;
  } else {
    c->i += S_clen(c->f->s[c->i]);
    c->col++;
  }
  if (c->i > c->f->len) c->i = c->f->len;
}

/* Places c at 0-based line:col of f; 0 when the file has no such place. */
static int S_seek(ycur *c, ysrc *f, int line, int col) {
  S_index_lines(f);
  if (line < 0 || (size_t)line >= f->nline || col < 0) return 0;
  c->f = f;
  c->i = f->line[line];
  c->line = line;
  c->col = 0;
  if (f->seek_line == line && f->seek_col <= col && f->seek_i >= c->i) {
    c->i = f->seek_i;
    c->col = f->seek_col;
  }
  while (c->col < col) {
    if (S_end(c) || S_is_break(c)) return 0;
    S_adv(c);
  }
  f->seek_line = line;
  f->seek_col = col;
  f->seek_i = c->i;
  return 1;
}

/* The value being read back, and the byte whose place is sought. */
typedef struct yout {
  const unsigned char *want;
  size_t len; /* the value, as libyaml decoded it */
  size_t n; /* bytes of it read back so far */
  size_t target;
  int found, line, col; /* where target stands */
  int whole; /* read on to the scalar's end (block scalars) */
  int bad; /* the source did not read back into the value */
} yout;

static int S_stop(const yout *o) { return o->bad || (o->found && !o->whole); }

/* The source characters [from, to) wrote b[0..k) of the value. */
static void S_put(yout *o, const ycur *from, const ycur *to, const void *b, size_t k) {
  if (S_stop(o)) return;
  if (o->n + k > o->len || memcmp(o->want + o->n, b, k)) {
    o->bad = 1;
    return;
  }
  if (!o->found && o->target < o->n + k) {
    o->found = 1;
    o->line = from->line;
    o->col = from->col;
  }
  o->n += k;
  if (!o->found && o->n == o->len && o->target >= o->len) {
    o->found = 1;
    o->line = to->line;
    o->col = to->col;
  }
}

/* The character at c wrote itself. */
static void S_put_char(yout *o, ycur *c) {
  ycur from = *c;
  S_adv(c);
  S_put(o, &from, c, c->f->s + from.i, c->i - from.i);
}

/* The line break at c as libyaml writes it into a value: LS and PS as they are, the others as LF.
 */
static void S_put_break(yout *o, ycur *c) {
  ycur from = *c;
  size_t k = S_break(c->f, c->i);
  S_adv(c);
  if (k == 3)
    S_put(o, &from, c, c->f->s + from.i, 3);
  else
    S_put(o, &from, c, "\n", 1);
}

/* A run of blanks and line breaks inside a plain or quoted scalar: blanks within a line stay;
 * a line break folds into a space, or gives way to the further breaks of the run (LS and PS
 * never fold); after an escaped line break (escaped) only the further breaks count. The run is
 * walked twice, to put each output at the source character that made it. */
static void S_flow_blanks(ycur *c, yout *o, int escaped) {
  ycur start = *c, first = *c;
  int breaks = 0;
  for (;;) {
    if (S_blank(c))
      S_adv(c);
    else if (S_is_break(c)) {
      if (!breaks++) first = *c;
      S_adv(c);
    } else
      break;
  }
  ycur w = start;
  if (!escaped && !breaks) {
    while (w.i < c->i) S_put_char(o, &w);
    return;
  }
  if (!escaped) {
    w = first;
    if (S_break(w.f, w.i) == 3)
      S_put_break(o, &w);
    else {
      ycur from = w;
      S_adv(&w);
      if (breaks == 1) S_put(o, &from, &w, " ", 1);
    }
  }
  while (w.i < c->i) {
    if (S_is_break(&w))
      S_put_break(o, &w);
    else
      S_adv(&w);
  }
}

/* An escape of a double-quoted scalar, at its backslash. */
static void S_escape(ycur *c, yout *o) {
  ycur from = *c;
  S_adv(c);
  unsigned char b[4];
  size_t k = 1;
  int hex = 0;
  uint32_t v = 0; /* the code point of \N \_ \L \P \x \u \U, written as UTF-8 */
  switch (S_ch(c)) {
  case '0': b[0] = 0; break;
  case 'a': b[0] = 0x07; break;
  case 'b': b[0] = 0x08; break;
  case 't':
  case '\t': b[0] = 0x09; break;
  case 'n': b[0] = 0x0A; break;
  case 'v': b[0] = 0x0B; break;
  case 'f': b[0] = 0x0C; break;
  case 'r': b[0] = 0x0D; break;
  case 'e': b[0] = 0x1B; break;
  case ' ':
  case '"':
  case '/':
  case '\\': b[0] = S_ch(c); break;
  case 'N': v = 0x85; break;
  case '_': v = 0xA0; break;
  case 'L': v = 0x2028; break;
  case 'P': v = 0x2029; break;
  case 'x': hex = 2; break;
  case 'u': hex = 4; break;
  case 'U': hex = 8; break;
  default: o->bad = 1; return;
  }
  S_adv(c);
  if (hex) {
    for (int h = 0; h < hex; h++, S_adv(c)) {
      unsigned char x = S_ch(c);
      int dg = x >= '0' && x <= '9'   ? x - '0'
               : x >= 'a' && x <= 'f' ? x - 'a' + 10
               : x >= 'A' && x <= 'F' ? x - 'A' + 10
                                      : -1;
      if (dg < 0 || v > 0x10FFFF) {
        o->bad = 1;
        return;
      }
      v = v << 4 | (uint32_t)dg;
    }
  }
  if (hex || v) k = utf8_put(b, v);
  S_put(o, &from, c, b, k);
}

/* A plain (q = 0), single-quoted (q = '\'') or double-quoted (q = '"') scalar, as libyaml's
 * scan_plain_scalar and scan_flow_scalar read it. A plain scalar's end is where its value ends. */
static void S_flow(ycur *c, yout *o, int q) {
  if (q) {
    if (S_ch(c) != q) {
      o->bad = 1;
      return;
    }
    S_adv(c);
  }
  while (!S_stop(o) && !S_end(c)) {
    unsigned char ch = S_ch(c);
    if (S_blank(c) || S_is_break(c))
      S_flow_blanks(c, o, 0);
    else if (q == '\'' && ch == '\'') {
      if (c->i + 1 >= c->f->len || c->f->s[c->i + 1] != '\'') return;
      ycur from = *c;
      S_adv(c);
      S_adv(c);
      S_put(o, &from, c, "'", 1);
    } else if (q == '"' && ch == '"')
      return;
    else if (q == '"' && ch == '\\' && S_break(c->f, c->i + 1)) {
      S_adv(c);
      S_adv(c);
      S_flow_blanks(c, o, 1);
    } else if (q == '"' && ch == '\\')
      S_escape(c, o);
    else
      S_put_char(o, c);
  }
}

/* libyaml's scan_block_scalar_breaks: the indentation and the empty lines before a line of
 * content; sets *indent when it is 0 (not given). Returns the number of line breaks. */
static int S_block_breaks(ycur *c, int *indent) {
  int max = 0, breaks = 0;
  for (;;) {
    while ((!*indent || c->col < *indent) && S_ch(c) == ' ') S_adv(c);
    if (c->col > max) max = c->col;
    if (!S_is_break(c)) break;
    S_adv(c);
    breaks++;
  }
  /* libyaml also raises it to the parent's indentation + 1: that only matters when no line is
   * indented enough to be content, and then there is nothing to place */
  if (!*indent) *indent = max < 1 ? 1 : max;
  return breaks;
}

/* The line breaks of [from, to), a stretch S_block_breaks went over. */
static void S_put_breaks(yout *o, ycur from, const ycur *to) {
  while (from.i < to->i) {
    if (S_is_break(&from))
      S_put_break(o, &from);
    else
      S_adv(&from);
  }
}

/* A literal (|) or folded (>) block scalar, as libyaml's scan_block_scalar reads it, with its
 * chomping (+ -) and indentation indicators. An indentation indicator counts from the parent's
 * indentation, which the source alone does not say: it is used as `given` (the indentation of
 * the content). Returns the indicator (0: none). */
static int S_block(ycur *c, yout *o, int folded, int given) {
  if (S_ch(c) != (folded ? '>' : '|')) {
    o->bad = 1;
    return 0;
  }
  S_adv(c);
  int chomp = 0, inc = 0;
  for (int k = 0; k < 2; k++) {
    unsigned char ch = S_ch(c);
    if (!chomp && (ch == '+' || ch == '-')) {
      chomp = ch == '+' ? 1 : -1;
      S_adv(c);
    } else if (!inc && ch >= '1' && ch <= '9') {
      inc = ch - '0';
      S_adv(c);
    }
  }
  if (inc && !given) return inc;
  while (S_blank(c)) S_adv(c);
  if (S_ch(c) == '#')
    while (!S_end(c) && !S_is_break(c)) S_adv(c);
  if (!S_end(c)) {
    if (!S_is_break(c)) {
      o->bad = 1;
      return inc;
    }
    S_adv(c);
  }
  int indent = inc ? given : 0;
  ycur tb = *c; /* the empty lines before the next content */
  int ntb = S_block_breaks(c, &indent);
  ycur te = *c, lb = *c; /* lb: the break that ended the last content line */
  int lead = 0, leading_blank = 0; /* lead: 0 none, 1 LF, 3 LS or PS */
  while (!S_stop(o) && c->col == indent && !S_end(c)) {
    int trailing_blank = S_blank(c);
    ycur w = lb;
    if (folded && lead == 1 && !leading_blank && !trailing_blank) {
      S_adv(&w);
      if (!ntb) S_put(o, &lb, &w, " ", 1);
    } else if (lead)
      S_put_break(o, &w);
    S_put_breaks(o, tb, &te);
    leading_blank = S_blank(c);
    while (!S_stop(o) && !S_end(c) && !S_is_break(c)) S_put_char(o, c);
    lb = *c;
    lead = S_end(c) ? 0 : (int)(S_break(c->f, c->i) == 3 ? 3 : 1);
    S_adv(c);
    tb = *c;
    ntb = S_block_breaks(c, &indent);
    te = *c;
  }
  if (chomp != -1 && lead) {
    ycur w = lb;
    S_put_break(o, &w);
  }
  if (chomp == 1) S_put_breaks(o, tb, &te);
  return inc;
}

diag_pos ynode_at(const ynode *n, size_t off) {
  diag_pos p = n->pos;
  if (n->kind != YN_SCALAR || !n->src || !n->len || p.line < 1 || p.col < 1) return p;
  ycur c;
  if (!S_seek(&c, n->src, p.line - 1, p.col - 1)) return p;
  if (S_ch(&c) == '!') { /* a tag (`!!str "…"`) stands before the scalar */
    while (!S_end(&c) && !S_blank(&c) && !S_is_break(&c)) S_adv(&c);
    for (;;) {
      while (S_blank(&c) || S_is_break(&c)) S_adv(&c);
      if (S_ch(&c) != '#') break;
      while (!S_end(&c) && !S_is_break(&c)) S_adv(&c);
    }
  }
  yout o;
  memset(&o, 0, sizeof o);
  o.want = (const unsigned char *)n->str;
  o.len = n->len;
  o.target = off;
  switch (n->style) {
  case YS_PLAIN: S_flow(&c, &o, 0); break;
  case YS_SINGLE: S_flow(&c, &o, '\''); break;
  case YS_DOUBLE: S_flow(&c, &o, '"'); break;
  case YS_LITERAL:
  case YS_FOLDED: {
    o.whole = 1;
    ycur c0 = c;
    yout o0 = o;
    int inc = S_block(&c, &o, n->style == YS_FOLDED, 0);
    /* an indentation indicator: the parent's indentation is at most the scalar's column */
    for (int par = 0; inc && par < p.col; par++) {
      c = c0;
      o = o0;
      S_block(&c, &o, n->style == YS_FOLDED, par + inc);
      if (!o.bad && o.n == o.len) break;
    }
    if (o.n != o.len) o.bad = 1;
    break;
  }
  default: o.bad = 1;
  }
  if (o.bad || !o.found) return p;
  p.line = o.line + 1;
  p.col = o.col + 1;
  return p;
}

/* ---- the node tree ---- */

typedef struct reader {
  arena *a;
  diag *d;
  const char *file;
  ysrc *src;
  yaml_parser_t parser;
  size_t nodes;
  int failed; /* stop reading */
  int bad_text; /* a value holds a character it may not: go on, to report every one, then fail */
} reader;

static diag_pos S_pos(reader *r, yaml_mark_t m) {
  /* libyaml marks are 0-based: this is the one place that adds 1. */
  diag_pos p = {r->file, (int)m.line + 1, (int)m.column + 1};
  return p;
}

/* The character at a libyaml mark (c is placed there), or -1. */
static int S_char_at(reader *r, yaml_mark_t m, ycur *c) {
  return S_seek(c, r->src, (int)m.line, (int)m.column) && !S_end(c) ? S_ch(c) : -1;
}

/* Whether a mark is at the end of the file (libyaml's index counts characters, CR LF as two). */
static int S_at_eof(reader *r, yaml_mark_t m) {
  size_t chars = 0;
  for (size_t i = 0; i < r->src->len; i++) chars += (r->src->s[i] & 0xC0) != 0x80;
  return m.index >= chars;
}

/* Reports libyaml's error; where its wording would mislead, says what is wrong in the file's terms.
 */
static void S_syntax_error(reader *r) {
  yaml_parser_t *p = &r->parser;
  diag_pos pos = S_pos(r, p->problem_mark);
  const char *ctx = p->context ? p->context : "";
  ycur c;
  if (p->error == YAML_READER_ERROR) {
    pos.line = 0; /* reader errors carry an offset, not a mark; UTF-8 is checked before */
  } else if (p->error == YAML_SCANNER_ERROR && S_char_at(r, p->problem_mark, &c) == '\t') {
    size_t i = r->src->line[c.line];
    while (i < c.i && (r->src->s[i] == ' ' || r->src->s[i] == '\t')) i++;
    if (i == c.i)
      diag_report(
          r->d, DIAG_ERROR, pos, "yaml-syntax",
          "a tab in the indentation; YAML indents with spaces only: replace the tab with spaces");
    else
      diag_report(r->d, DIAG_ERROR, pos, "yaml-syntax",
                  "a tab where YAML needs a space; replace the tab with a space");
    return;
  }
  int seq = !strcmp(ctx, "while parsing a flow sequence"),
      map = !strcmp(ctx, "while parsing a flow mapping");
  if (p->error != YAML_READER_ERROR && S_at_eof(r, p->problem_mark)) {
    int q = S_char_at(r, p->context_mark, &c);
    if (!strcmp(ctx, "while scanning a quoted scalar") && (q == '"' || q == '\'')) {
      diag_report(r->d, DIAG_ERROR, S_pos(r, p->context_mark), "yaml-syntax",
                  "this quoted text is never closed; add the closing %c", q);
      return;
    }
    /* the [ or { still open: the one libyaml names, else the innermost (flow collections nest
     * only in flow collections) */
    yaml_mark_t open = p->context_mark;
    int have = seq || map;
    if (!have && p->flow_level > 0 && p->marks.top > p->marks.start) {
      open = p->marks.top[-1];
      have = 1;
    }
    int b = have ? S_char_at(r, open, &c) : -1;
    if (b == '[' || b == '{') {
      diag_report(r->d, DIAG_ERROR, S_pos(r, open), "yaml-syntax",
                  "this %s is never closed; add the closing %c", b == '[' ? "[ list" : "{ mapping",
                  b == '[' ? ']' : '}');
      return;
    }
  } else if (seq || map) {
    diag_pos o = S_pos(r, p->context_mark);
    diag_report(r->d, DIAG_ERROR, pos, "yaml-syntax",
                "invalid YAML: expected ',' or '%c' here, in the %s that opens at line %d, column "
                "%d; close it with %c, or separate its %s with commas",
                seq ? ']' : '}', seq ? "[ list" : "{ mapping", o.line, o.col, seq ? ']' : '}',
                seq ? "items" : "entries");
    return;
  }
  diag_report(r->d, DIAG_ERROR, pos, "yaml-syntax",
              "invalid YAML: %s%s%s; check the indentation and quoting near here (quote a value "
              "that starts with `*`, `&`, `!`, `[`, `{`, `|`, `>`, `%%`, `@` or holds `: `)",
              p->problem ? p->problem : "syntax error", *ctx ? " " : "", ctx);
}

static int S_next(reader *r, yaml_event_t *ev) {
  if (!yaml_parser_parse(&r->parser, ev)) {
    S_syntax_error(r);
    r->failed = 1;
    return 0;
  }
  return 1;
}

static ynode *S_node(reader *r, yaml_event_t *ev, int depth);

static int S_refuse_anchor(reader *r, yaml_event_t *ev, const unsigned char *anchor) {
  if (!anchor) return 0;
  diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "yaml-anchor",
              "YAML anchors (&%s) are not supported; write the content out, or move shared pages "
              "to manuals/shared/ and use `include:`",
              (const char *)anchor);
  r->failed = 1;
  return 1;
}

static ynode *S_new(reader *r, yn_kind k, yaml_event_t *ev) {
  if (++r->nodes > YTREE_MAX_NODES) {
    diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "limit-nodes",
                "more than %d YAML nodes in one file; split the manual into shared files",
                YTREE_MAX_NODES);
    r->failed = 1;
    return NULL;
  }
  ynode *n = arena_alloc(r->a, sizeof *n);
  n->kind = k;
  n->pos = S_pos(r, ev->start_mark);
  n->src = r->src;
  return n;
}

/* A value holds only what S_allowed lets a text hold, as the file's bytes did: a character an
 * escape wrote is reported where its backslash stands. Only a double-quoted scalar has escapes:
 * any other value is the file's characters (checked already) and the spaces and line feeds of
 * folding, so this looks at double-quoted values only. One look at each byte: only a control
 * byte or the lead bytes C2 (C1 controls), D8 (U+061C), E2 (bidirectional controls and marks),
 * EF (U+FFFE, U+FFFF)
 * can start a refused character. */
static int S_check_value(reader *r, const ynode *n) {
  static unsigned char look[256]; /* the bytes to look at closer */
  if (!look[0]) {
    for (int b = 0; b < 0x20; b++) look[b] = b != '\t' && b != '\n';
    look[0x7F] = look[0xC2] = look[0xD8] = look[0xE2] = look[0xEF] = 1;
  }
  const unsigned char *s = (const unsigned char *)n->str;
  size_t len = n->len;
  for (size_t i = 0; i < len; i++) {
    unsigned char b = s[i];
    if (!look[b]) continue;
    if (b >= 0xC2 &&
        (i + 1 >= len || (b == 0xC2 && s[i + 1] > 0x9F) || (b == 0xD8 && s[i + 1] != 0x9C) ||
         (b == 0xE2 && s[i + 1] != 0x80 && s[i + 1] != 0x81) || (b == 0xEF && s[i + 1] != 0xBF)))
      continue;
    uint32_t cp;
    int k = utf8_decode(s + i, len - i, &cp);
    if (k == 0) continue; /* libyaml writes UTF-8 */
    if (!S_allowed(cp)) {
      S_bad_char(r->d, ynode_at(n, i), cp);
      return 0;
    }
    i += (size_t)k - 1;
  }
  return 1;
}

typedef struct vec {
  ynode **v;
  size_t n, cap;
} vec;
static void S_push(vec *v, ynode *n) {
  if (v->n == v->cap) {
    v->cap = v->cap ? v->cap * 2 : 8;
    v->v = xrealloc(v->v, v->cap * sizeof *v->v);
  }
  v->v[v->n++] = n;
}
static ynode **S_keep(reader *r, vec *v) {
  ynode **out = arena_alloc(r->a, (v->n ? v->n : 1) * sizeof *out);
  if (v->n) memcpy(out, v->v, v->n * sizeof *out);
  free(v->v);
  return out;
}

/* The keys of one mapping so far, hashed (open addressing; slots hold index + 1 in the keys
 * vector, 0 empty), so that the duplicate check is linear in the mapping's size. */
typedef struct keyset {
  size_t *slot;
  size_t mask;
} keyset;

static size_t S_hash(const ynode *k) { return util_hash(k->str, k->len); }

static int S_same_key(const ynode *a, const ynode *b) {
  return a->len == b->len && !memcmp(a->str, b->str, a->len);
}

/* The earlier key equal to `key` (among keys->v[0..n)), or NULL; then `key` will be
 * keys->v[n] (the caller pushes it), and it is entered. */
static const ynode *S_seen(keyset *ks, const vec *keys, const ynode *key) {
  if ((keys->n + 1) * 2 > (ks->slot ? ks->mask + 1 : 0)) { /* grow, at most half full */
    size_t cap = ks->slot ? (ks->mask + 1) * 2 : 16;
    free(ks->slot);
    ks->slot = xcalloc(cap, sizeof *ks->slot);
    ks->mask = cap - 1;
    for (size_t i = 0; i < keys->n; i++) {
      size_t h = S_hash(keys->v[i]) & ks->mask;
      while (ks->slot[h]) h = (h + 1) & ks->mask;
      ks->slot[h] = i + 1;
    }
  }
  size_t h = S_hash(key) & ks->mask;
  for (; ks->slot[h]; h = (h + 1) & ks->mask)
    if (S_same_key(keys->v[ks->slot[h] - 1], key)) return keys->v[ks->slot[h] - 1];
  ks->slot[h] = keys->n + 1;
  return NULL;
}

/* Reads the node that starts with *ev (already parsed); deletes ev. */
static ynode *S_node(reader *r, yaml_event_t *ev, int depth) {
  ynode *n = NULL;
  switch (ev->type) {
  case YAML_ALIAS_EVENT:
    diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "yaml-anchor",
                "YAML aliases (*%s) are not supported; write the content out or use `include:`",
                (const char *)ev->data.alias.anchor);
    r->failed = 1;
    yaml_event_delete(ev);
    return NULL;
  case YAML_SCALAR_EVENT:
    if (S_refuse_anchor(r, ev, ev->data.scalar.anchor)) {
      yaml_event_delete(ev);
      return NULL;
    }
    if (ev->data.scalar.length > YTREE_MAX_SCALAR) {
      diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "limit-scalar",
                  "a text of %zu bytes is longer than the limit of %u bytes; split it",
                  ev->data.scalar.length, YTREE_MAX_SCALAR);
      r->failed = 1;
      yaml_event_delete(ev);
      return NULL;
    }
    n = S_new(r, YN_SCALAR, ev);
    if (n) {
      n->str = arena_strndup(r->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
      n->len = ev->data.scalar.length;
      n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
      yaml_scalar_style_t st = ev->data.scalar.style;
      n->style = st == YAML_SINGLE_QUOTED_SCALAR_STYLE   ? YS_SINGLE
                 : st == YAML_DOUBLE_QUOTED_SCALAR_STYLE ? YS_DOUBLE
                 : st == YAML_LITERAL_SCALAR_STYLE       ? YS_LITERAL
                 : st == YAML_FOLDED_SCALAR_STYLE        ? YS_FOLDED
                                                         : YS_PLAIN;
      if (n->style == YS_DOUBLE && !S_check_value(r, n)) r->bad_text = 1;
    }
    yaml_event_delete(ev);
    return n;
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT: {
    int is_map = ev->type == YAML_MAPPING_START_EVENT;
    const unsigned char *anchor =
        is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    if (S_refuse_anchor(r, ev, anchor)) {
      yaml_event_delete(ev);
      return NULL;
    }
    if (depth >= YTREE_MAX_DEPTH) {
      diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "limit-depth",
                  "nesting deeper than %d levels; a manual needs far fewer", YTREE_MAX_DEPTH);
      r->failed = 1;
      yaml_event_delete(ev);
      return NULL;
    }
    n = S_new(r, is_map ? YN_MAP : YN_SEQ, ev);
    yaml_event_delete(ev);
    if (!n) return NULL;
    vec keys = {0}, vals = {0};
    keyset seen = {0};
    for (;;) {
      yaml_event_t e;
      if (!S_next(r, &e)) break;
      if (e.type == YAML_MAPPING_END_EVENT || e.type == YAML_SEQUENCE_END_EVENT) {
        yaml_event_delete(&e);
        break;
      }
      ynode *child = S_node(r, &e, depth + 1);
      if (r->failed || !child) {
        r->failed = 1;
        break;
      }
      if (!is_map) {
        S_push(&vals, child);
        continue;
      }
      ynode *key = child;
      if (key->kind != YN_SCALAR) {
        diag_report(r->d, DIAG_ERROR, key->pos, "yaml-key",
                    "a mapping key must be a plain word, not a list or mapping");
        r->failed = 1;
        break;
      }
      const ynode *first = S_seen(&seen, &keys, key);
      if (first) {
        diag_report(r->d, DIAG_ERROR, key->pos, "yaml-duplicate-key",
                    "duplicate key '%s' (first at line %d); YAML allows a key once per mapping: "
                    "remove or merge one",
                    key->str, first->pos.line);
        r->failed = 1;
        break;
      }
      yaml_event_t ve;
      if (!S_next(r, &ve)) break;
      ynode *val = S_node(r, &ve, depth + 1);
      if (r->failed) break;
      S_push(&keys, key);
      S_push(&vals, val);
    }
    free(seen.slot);
    if (r->failed) {
      free(keys.v);
      free(vals.v);
      return NULL;
    }
    n->n = vals.n;
    if (is_map) {
      n->keys = S_keep(r, &keys);
      n->vals = S_keep(r, &vals);
    } else {
      free(keys.v);
      n->items = S_keep(r, &vals);
    }
    return n;
  }
  default:
    diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "yaml-syntax",
                "unexpected YAML structure");
    r->failed = 1;
    yaml_event_delete(ev);
    return NULL;
  }
}

/* The file's bytes: UTF-8, and only characters a text may hold (S_allowed), comments too.
 * Lines and columns as libyaml counts them: CR LF, LS and PS end lines (a lone CR or NEL is
 * refused before it could end one), a byte-order mark is a column. */
static int S_check_utf8(diag *d, ysrc *f, const char *file) {
  const unsigned char *s = f->s;
  size_t len = f->len, i = 0;
  int line = 1, col = 1;
  while (i < len) {
    if (s[i] >= 0x20 && s[i] < 0x7F) {
      col++;
      i++;
      continue;
    } /* ASCII fast path */
    /* and one for kana, kanji and the full-width forms (U+3000–U+CFFF, U+F000–U+FFBF): always
     * well-formed and allowed when the two bytes after the lead continue it */
    if (((s[i] >= 0xE3 && s[i] <= 0xEC) || (s[i] == 0xEF && i + 1 < len && s[i + 1] != 0xBF)) &&
        i + 2 < len && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
      col++;
      i += 3;
      continue;
    }
    if (s[i] == '\n' || (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')) {
      i += s[i] == '\r' ? 2 : 1;
      line++;
      col = 1;
      continue;
    }
    uint32_t cp;
    int k = utf8_decode(s + i, len - i, &cp);
    if (k == 0 || !S_allowed(cp)) {
      diag_pos p = {file, line, col};
      if (k)
        S_bad_char(d, p, cp);
      else
        diag_report(
            d, DIAG_ERROR, p, "encoding",
            "byte 0x%02x is not valid UTF-8; save the file as UTF-8 (not Shift_JIS or CP932)",
            s[i]);
      return 0;
    }
    i += (size_t)k;
    if (cp == 0x2028 || cp == 0x2029) {
      line++;
      col = 1;
      f->breaks = 1;
    } else
      col++;
  }
  return 1;
}

/* Reads the bytes at data (arena-owned: the nodes point into them). */
static ynode *S_read(arena *a, diag *d, const char *data, size_t len, const char *shown) {
  reader r;
  memset(&r, 0, sizeof r);
  r.a = a;
  r.d = d;
  r.file = arena_strdup(a, shown);
  r.src = arena_alloc(a, sizeof *r.src);
  r.src->s = (const unsigned char *)data;
  r.src->len = len;
  r.src->a = a;
  r.src->breaks = 0;
  r.src->line = NULL;
  r.src->nline = 0;
  r.src->seek_line = -1;
  r.src->seek_col = 0;
  r.src->seek_i = 0;
  if (!S_check_utf8(d, r.src, r.file)) return NULL;
  if (!yaml_parser_initialize(&r.parser)) {
    diag_pos p = {r.file, 0, 0};
    diag_report(d, DIAG_ERROR, p, "internal", "cannot start the YAML parser");
    return NULL;
  }
  yaml_parser_set_input_string(&r.parser, (const unsigned char *)data, len);
  yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
  ynode *root = NULL;
  yaml_event_t ev;
  int docs = 0;
  while (!r.failed && S_next(&r, &ev)) {
    yaml_event_type_t t = ev.type;
    if (t == YAML_STREAM_END_EVENT) {
      yaml_event_delete(&ev);
      break;
    }
    if (t == YAML_STREAM_START_EVENT || t == YAML_DOCUMENT_END_EVENT) {
      yaml_event_delete(&ev);
      continue;
    }
    if (t == YAML_DOCUMENT_START_EVENT) {
      if (++docs > 1) {
        diag_report(d, DIAG_ERROR, S_pos(&r, ev.start_mark), "yaml-documents",
                    "a second YAML document (`---`) in one file; write one manual per file");
        r.failed = 1;
      }
      yaml_event_delete(&ev);
      continue;
    }
    root = S_node(&r, &ev, 0);
  }
  yaml_parser_delete(&r.parser);
  if (r.failed || r.bad_text) return NULL;
  if (!root || (root->kind == YN_SCALAR && ynode_is_null(root))) {
    diag_pos p = {r.file, 1, 1};
    diag_report(d, DIAG_ERROR, p, "yaml-empty",
                "the file is empty; a manual starts with `id:`, `title:` and `pages:`");
    return NULL;
  }
  return root;
}

ynode *ytree_read_bytes(arena *a, diag *d, const char *data, size_t len, const char *shown) {
  if (len > YTREE_MAX_FILE) {
    diag_pos p = {arena_strdup(a, shown), 0, 0};
    diag_report(d, DIAG_ERROR, p, "limit-file",
                "file of %zu bytes is larger than the limit of 16 MiB", len);
    return NULL;
  }
  return S_read(a, d, arena_strndup(a, data, len), len, shown);
}

ynode *ytree_read_file(arena *a, diag *d, const char *path, const char *shown, int *io_error,
                       const char **bytes, size_t *nbytes) {
  diag_pos nopos = {shown, 0, 0};
  *io_error = 0;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    diag_report(d, DIAG_ERROR, nopos, "io", "cannot open: %s", strerror(errno));
    *io_error = 1;
    return NULL;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    diag_report(d, DIAG_ERROR, nopos, "io", "not a regular file; give a .yaml file");
    close(fd);
    *io_error = 1;
    return NULL;
  }
  if ((unsigned long long)st.st_size > YTREE_MAX_FILE) {
    diag_report(d, DIAG_ERROR, nopos, "limit-file",
                "file of %lld bytes is larger than the limit of 16 MiB", (long long)st.st_size);
    close(fd);
    return NULL;
  }
  size_t len = (size_t)st.st_size;
  char *data = arena_alloc(a, len + 1);
  size_t got = util_read_full(fd, data, len);
  close(fd);
  if (got != len) {
    diag_report(d, DIAG_ERROR, nopos, "io", "could not read the whole file");
    *io_error = 1;
    return NULL;
  }
  data[len] = 0;
  diag_source(d, shown, data, len);
  if (bytes) {
    *bytes = data;
    *nbytes = len;
  }
  return S_read(a, d, data, len, shown);
}

/* ---- the cache of shared files (one arena per file, so that a failed read frees its own) ---- */

typedef struct ycached {
  struct ycached *next;
  arena *a;
  char *path, *shown;
  dev_t dev;
  ino_t ino;
  off_t size;
  struct timespec mtime;
  ynode *root;
} ycached;
static struct {
  int open;
  ycached *head;
  size_t n, bytes;
} S_cache;

/* realpath results of the run (the manuals folder, the shared files every manual includes):
 * each `realpath` reads every component of its path as a link (readlink), a few dozen system
 * calls per manual; a path resolved once in the run is not resolved again. */
static xmlHashTablePtr S_real;

void ytree_cache_open(void) { S_cache.open = 1; }

static void S_real_free(void *payload, const xmlChar *name) {
  (void)name;
  free(payload);
}

const char *ytree_realpath(const char *path, char *out) {
  if (S_cache.open && S_real) {
    const char *r = xmlHashLookup(S_real, BAD_CAST path);
    if (r) return memcpy(out, r, strlen(r) + 1);
  }
  if (!realpath(path, out)) return NULL;
  if (!S_cache.open) return out;
  if (!S_real) S_real = xmlHashCreate(64);
  if (S_real && xmlHashSize(S_real) < YTREE_CACHE_FILES * 4) {
    char *copy = xstrdup(out);
    if (xmlHashAddEntry(S_real, BAD_CAST path, copy) != 0) free(copy);
  }
  return out;
}

void ytree_cache_close(void) {
  for (ycached *c = S_cache.head, *nx; c; c = nx) {
    nx = c->next;
    arena_free(c->a);
    free(c->path);
    free(c->shown);
    free(c);
  }
  memset(&S_cache, 0, sizeof S_cache);
  xmlHashFree(S_real, S_real_free);
  S_real = NULL;
}

ynode *ytree_read_cached(arena *a, diag *d, const char *path, const char *shown, int *io_error) {
  struct stat st;
  if (!S_cache.open || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
    return ytree_read_file(a, d, path, shown, io_error, NULL, NULL);
  for (ycached *c = S_cache.head; c; c = c->next)
    if (c->dev == st.st_dev && c->ino == st.st_ino && c->size == st.st_size &&
        c->mtime.tv_sec == st.st_mtim.tv_sec && c->mtime.tv_nsec == st.st_mtim.tv_nsec &&
        !strcmp(c->path, path) && !strcmp(c->shown, shown)) {
      *io_error = 0;
      /* as a read would: the source for the excerpts of later diagnostics */
      diag_source(d, shown, (const char *)c->root->src->s, c->root->src->len);
      return c->root;
    }
  if (S_cache.n >= YTREE_CACHE_FILES || (size_t)st.st_size > YTREE_CACHE_BYTES - S_cache.bytes)
    return ytree_read_file(a, d, path, shown, io_error, NULL, NULL);
  arena *ca = arena_new();
  ynode *root = ytree_read_file(ca, d, path, shown, io_error, NULL, NULL);
  if (!root) {
    arena_free(ca);
    return NULL;
  } /* reported (diag keeps copies); not kept */
  ycached *c = xcalloc(1, sizeof *c);
  c->a = ca;
  c->path = xstrdup(path);
  c->shown = xstrdup(shown);
  c->dev = st.st_dev;
  c->ino = st.st_ino;
  c->size = st.st_size;
  c->mtime = st.st_mtim;
  c->root = root;
  c->next = S_cache.head;
  S_cache.head = c;
  S_cache.n++;
  S_cache.bytes += (size_t)st.st_size;
  return root;
}

ynode *ynode_get(const ynode *map, const char *key) {
  if (!map || map->kind != YN_MAP) return NULL;
  for (size_t i = 0; i < map->n; i++)
    if (strcmp(map->keys[i]->str, key) == 0) return map->vals[i];
  return NULL;
}

int ynode_is_null(const ynode *n) {
  if (!n || n->kind != YN_SCALAR || !n->plain) return 0;
  const char *s = n->str;
  return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

int ynode_unknown_keys(diag *d, const ynode *map, const char *what, const char *const *allowed) {
  int n = 0;
  for (size_t i = 0; i < map->n; i++) {
    const char *k = map->keys[i]->str;
    int ok = 0;
    for (const char *const *a = allowed; *a; a++)
      if (!strcmp(*a, k)) {
        ok = 1;
        break;
      }
    if (ok) continue;
    diag_choices ch = {.what = "key", .in = what, .label = "allowed", .max = 3};
    for (const char *const *a = allowed; *a; a++) diag_choice(&ch, k, *a);
    diag_unknown(d, map->keys[i]->pos, "unknown-key", k, &ch);
    n++;
  }
  return n;
}
