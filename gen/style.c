/* style.c: the ja-* rules. Sentences are split at 。！？ and line ends, Markdown marks removed. */
#include "style.h"
#include <stdlib.h>
#include <string.h>

typedef struct sent {
  uint32_t *cp;
  int n; /* the sentence's characters (Markdown marks removed) */
  uint32_t *key; /* the same with every number made one sign, for near-duplicates */
  int ascii; /* how many of them are ASCII */
  const tj_page *p;
  const tj_block *b;
  const tj_text *t;
  size_t byte;
  int tix; /* its text's index, in checking order */
  int located;
  diag_pos pos; /* its position, once it is known (near-duplicates name it) */
} sent;

typedef struct sents {
  sent *v;
  int n, cap;
} sents;

static void S_push(sents *ss, sent s) {
  if (ss->n == ss->cap) {
    ss->cap = ss->cap ? ss->cap * 2 : 64;
    ss->v = xrealloc(ss->v, (size_t)ss->cap * sizeof *ss->v);
  }
  ss->v[ss->n++] = s;
}

typedef struct sctx {
  checkctx *c;
  sents all;
  int ntexts;
} sctx; /* the walk's context (manual_each_text) */

static int S_ender(uint32_t cp) {
  return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == '\n';
}

/* Splits one text into sentences; also runs the per-character rules. */
/* The run of half-width katakana at s (at most 40 characters) into hw, and the same in
 * full-width katakana into fw: ｶﾞ → ガ, ﾊﾟ → パ, ｳﾞ → ヴ, ｰ → ー, ｡｢｣､･ → 。「」、・. */
static void S_fullwidth(const char *s, size_t n, buf *hw, buf *fw) {
  static const char *const base = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナ"
                                  "ニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
  static const uint32_t punct[5] = {0x3002, 0x300C, 0x300D, 0x3001, 0x30FB};
  size_t i = 0;
  uint32_t last = 0; /* the full-width character written last, which a sound mark may change */
  size_t last_at = 0;
  for (int chars = 0; i < n && chars < 40; chars++) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k <= 0 || cp < 0xFF61 || cp > 0xFF9F) break;
    buf_add(hw, s + i, (size_t)k);
    i += (size_t)k;
    uint32_t f;
    if (cp <= 0xFF65)
      f = punct[cp - 0xFF61];
    else if (cp <= 0xFF9D) {
      uint32_t b0;
      utf8_decode((const unsigned char *)base + (cp - 0xFF66) * 3, 3, &b0);
      f = b0;
    } else { /* ﾞ ﾟ: on the character before when it takes one, else the mark itself */
      int dak = cp == 0xFF9E;
      uint32_t m = 0;
      if (dak && last == 0x30A6)
        m = 0x30F4;
      else if (dak && ((last >= 0x30AB && last <= 0x30C8 && last != 0x30C3) ||
                       (last >= 0x30CF && last <= 0x30DB && (last - 0x30CF) % 3 == 0)))
        m = last + 1;
      else if (!dak && last >= 0x30CF && last <= 0x30DB && (last - 0x30CF) % 3 == 0)
        m = last + 2;
      if (m) {
        fw->len = last_at;
        utf8_encode(fw, m);
        last = 0;
        continue;
      }
      f = dak ? 0x309B : 0x309C;
    }
    last_at = fw->len;
    utf8_encode(fw, f);
    last = f;
  }
}

static void S_text(const tj_page *p, const tj_block *b, const tj_text *t, void *vsc) {
  sctx *sc = vsc;
  checkctx *c = sc->c;
  const unsigned char *s = (const unsigned char *)t->md;
  size_t len = strlen(t->md);
  uint32_t *chars = xmalloc((len + 1) * sizeof *chars);
  int n = 0;
  size_t start = 0, i = 0;
  uint32_t prev = 0;
  int reported_kana = 0, tix = sc->ntexts++;
  checkctx_cap doubled = {0};
  while (i <= len) {
    uint32_t cp = 0;
    int k = 1;
    if (i < len) {
      k = utf8_decode(s + i, len - i, &cp);
      if (k <= 0) {
        k = 1;
        cp = '?';
      }
    }
    if (i < len && cp >= 0xFF61 && cp <= 0xFF9F && !reported_kana) {
      buf hw, fw;
      buf_init(&hw);
      buf_init(&fw);
      S_fullwidth((const char *)s + i, len - i, &hw, &fw);
      checkctx_report(c, "ja-halfwidth-kana", p, b, checkctx_at(t, i),
                      "「%s」 is half-width katakana; write 「%s」", buf_cstr(&hw), buf_cstr(&fw));
      buf_free(&hw);
      buf_free(&fw);
      reported_kana = 1;
    }
    /* で＋できる (「コンソールでできます」) is a particle and a verb, not a doubled particle */
    uint32_t next = 0;
    if (i < len && cp == 0x3067 && i + (size_t)k < len)
      utf8_decode(s + i + k, len - i - (size_t)k, &next);
    if (i < len && cp == prev &&
        (cp == 0x3092 || cp == 0x304C || cp == 0x306B || (cp == 0x3067 && next != 0x304D) ||
         cp == 0x3078)) {
      char w[8] = {0};
      memcpy(w, s + i, (size_t)k);
      if (checkctx_take(&doubled, i - (size_t)k))
        checkctx_report(c, "ja-doubled-particle", p, b, checkctx_at(t, i - (size_t)k),
                        "the particle 「%s」 is written twice (「%s%s」); remove one", w, w, w);
    }
    prev = cp;
    int end = i >= len || S_ender(cp);
    if (i < len && cp != '*' && cp != '\\' && cp != '\n' && cp != ' ' && cp != 0x3000)
      chars[n++] = cp;
    if (end) {
      if (n > 0) {
        sent st = {xmalloc((size_t)n * sizeof(uint32_t)),
                   n,
                   xmalloc((size_t)n * sizeof(uint32_t)),
                   0,
                   p,
                   b,
                   t,
                   start,
                   tix,
                   0,
                   {0}};
        memcpy(st.cp, chars, (size_t)n * sizeof(uint32_t));
        for (int q = 0; q < n; q++) {
          uint32_t x = chars[q];
          int num = (x >= '0' && x <= '9') || (x >= 0xFF10 && x <= 0xFF19) ||
                    (x >= 0x2460 && x <= 0x2473) || (x >= 0x3251 && x <= 0x325F) ||
                    (x >= 0x32B1 && x <= 0x32BF);
          st.key[q] = num ? 0x23 : x;
          if (x < 0x80) st.ascii++;
        }
        S_push(&sc->all, st);
      }
      n = 0;
      start = i + (size_t)k;
    }
    i += (size_t)k;
  }
  free(chars);
  checkctx_untaken(c, &doubled, "ja-doubled-particle", p, b, t);
}

static int S_endswith(const sent *s, const char *tail) {
  /* compare the last characters with the UTF-8 tail */
  uint32_t t[8];
  int tn = 0;
  const unsigned char *q = (const unsigned char *)tail;
  size_t l = strlen(tail);
  while (l && tn < 8) {
    uint32_t cp;
    int k = utf8_decode(q, l, &cp);
    if (k <= 0) return 0;
    t[tn++] = cp;
    q += k;
    l -= (size_t)k;
  }
  if (s->n < tn) return 0;
  for (int i = 0; i < tn; i++)
    if (s->cp[s->n - tn + i] != t[i]) return 0;
  return 1;
}

static void S_utf8(buf *b, const sent *s, int max) {
  for (int i = 0; i < s->n && i < max; i++) utf8_encode(b, s->cp[i]);
  if (s->n > max) buf_puts(b, "…");
}

static int S_cmp_len(const void *x, const void *y) {
  const sent *a = *(const sent *const *)x, *b = *(const sent *const *)y;
  return a->n - b->n;
}

static diag_pos S_at(sent *s) {
  if (!s->located) {
    s->pos = checkctx_at(s->t, s->byte);
    s->located = 1;
  }
  return s->pos;
}

/* Equal once numbers are set aside: 「⑧の様に」 and 「⑫の様に」 say the same thing in the same way.
 */
static int S_same(const sent *a, const sent *b, long *cells) {
  if (a->n != b->n) return 0;
  int i = 0;
  while (i < a->n && a->key[i] == b->key[i]) i++;
  *cells += i + 1;
  return i == a->n;
}

/* What the near-duplicate rule compares at most in one manual, well under a second: pairs of
 * sentences of similar length, and characters compared in all (a pair of long sentences costs
 * five times their length). Real manuals have a few hundred sentences (tens of thousands of
 * pairs, a few million characters); a generated one with tens of thousands of look-alike
 * sentences, or thousands of long ones, would take hours. */
#ifndef NEAR_BUDGET /* the fuzz build makes it smaller (Makefile FUZZ_BUDGETS) */
#define NEAR_BUDGET 2000000L
#endif
#ifndef NEAR_CHARS /* the fuzz build makes it smaller (Makefile FUZZ_BUDGETS) */
#define NEAR_CHARS 100000000L
#endif

static void S_near_duplicates(checkctx *c, sents *ss, int nt) {
  int n = ss->n;
  long pairs = 0, cells = 0;
  sent **by = xmalloc((size_t)(n ? n : 1) * sizeof *by);
  for (int i = 0; i < n; i++) by[i] = &ss->v[i];
  qsort(by, (size_t)n, sizeof *by, S_cmp_len);
  char *reported = xcalloc((size_t)(n ? n : 1), 1);
  /* per text: the findings reported in it (later sentences) and the positions found in it
   * (earlier sentences), at most CHECK_MAX_PER_TEXT each; the first sentence held back */
  checkctx_cap *late_cap = xcalloc((size_t)nt + 1, sizeof *late_cap);
  int *early_n = xcalloc((size_t)nt + 1, sizeof *early_n);
  const sent **held = xcalloc((size_t)nt + 1, sizeof *held);
  for (int i = 0; i < n; i++) {
    sent *a = by[i];
    if (a->n < 12 || a->ascii * 2 > a->n) continue; /* short, or mostly URLs and names: not prose */
    for (int j = i + 1; j < n && by[j]->n - a->n <= 2; j++) {
      if (pairs >= NEAR_BUDGET || cells >= NEAR_CHARS) {
        diag_report(
            c->d, DIAG_NOTE, checkctx_at(a->t, a->byte), "ja-near-duplicate",
            "stopped after comparing %ld pairs of the manual's %d sentences (%ld characters); "
            "sentences of %d characters or more were not compared (split the manual to check them)",
            pairs, n, cells, a->n);
        i = n;
        break;
      }
      pairs++;
      sent *b = by[j];
      if (b->ascii * 2 > b->n || S_same(a, b, &cells)) continue;
      if (util_distance_cp(a->key, a->n, b->key, b->n, 2, &cells) > 2) continue;
      /* report the one that comes later in the manual, naming the other */
      sent *late = a > b ? a : b, *early = a > b ? b : a;
      size_t li = (size_t)(late - ss->v);
      if (reported[li]) continue;
      reported[li] = 1;
      checkctx_cap *lc = &late_cap[late->tix];
      int room = early->located || early_n[early->tix] < CHECK_MAX_PER_TEXT;
      if (!room || !checkctx_take(lc, late->byte)) {
        if (!room && !lc->more++) lc->first = late->byte;
        if (!held[late->tix]) held[late->tix] = late;
        continue;
      }
      if (!early->located) early_n[early->tix]++;
      diag_pos ep = S_at(early);
      buf w;
      buf_init(&w);
      S_utf8(&w, early, 40);
      checkctx_report(c, "ja-near-duplicate", late->p, late->b, S_at(late),
                      "this sentence differs by a character or two from 「%s」 at %s:%d:%d; write "
                      "the same thing the same way",
                      buf_cstr(&w), ep.file, ep.line, ep.col);
      buf_free(&w);
    }
  }
  for (int t = 0; t < nt; t++)
    if (late_cap[t].more)
      checkctx_untaken(c, &late_cap[t], "ja-near-duplicate", held[t]->p, held[t]->b, held[t]->t);
  free(late_cap);
  free(early_n);
  free(held);
  free(reported);
  free(by);
}

/* The findings of one rule in the text being read (sentence by sentence, text by text). */
typedef struct per {
  const tj_text *t;
  const sent *held;
  checkctx_cap cap;
} per;

/* Moves on to s's text (NULL: the end), reporting what the text before held back. */
static void S_per_text(checkctx *c, per *pt, const sent *s, const char *rule) {
  if (s && s->t == pt->t) return;
  if (pt->held) checkctx_untaken(c, &pt->cap, rule, pt->held->p, pt->held->b, pt->held->t);
  memset(pt, 0, sizeof *pt);
  if (s) pt->t = s->t;
}

static int S_take(per *pt, const sent *s) {
  if (checkctx_take(&pt->cap, s->byte)) return 1;
  if (!pt->held) pt->held = s;
  return 0;
}

static void S_styles(checkctx *c, sents *ss) {
  int desu = 0, dearu = 0;
  for (int i = 0; i < ss->n; i++) {
    const sent *s = &ss->v[i];
    if (S_endswith(s, "ます。") || S_endswith(s, "です。") || S_endswith(s, "ません。") ||
        S_endswith(s, "ください。"))
      desu++;
    else if (S_endswith(s, "である。") || S_endswith(s, "だ。") || S_endswith(s, "であった。"))
      dearu++;
  }
  /* at most CHECK_MAX_PER_TEXT findings of a rule per text: the sentences come text by text */
  per pt = {0};
  if (desu && dearu) {
    int minority_dearu = dearu <= desu;
    for (int i = 0; i < ss->n; i++) {
      const sent *s = &ss->v[i];
      S_per_text(c, &pt, s, "ja-mixed-style");
      int is_dearu =
          S_endswith(s, "である。") || S_endswith(s, "だ。") || S_endswith(s, "であった。");
      int is_desu = S_endswith(s, "ます。") || S_endswith(s, "です。") ||
                    S_endswith(s, "ません。") || S_endswith(s, "ください。");
      if (((minority_dearu && is_dearu) || (!minority_dearu && is_desu)) && S_take(&pt, s))
        checkctx_report(c, "ja-mixed-style", s->p, s->b, checkctx_at(s->t, s->byte),
                        "this sentence ends in %s style while the manual writes %s (%d sentences); "
                        "use one style",
                        is_dearu ? "である" : "です/ます", is_dearu ? "です/ます" : "である",
                        is_dearu ? desu : dearu);
    }
    S_per_text(c, &pt, NULL, "ja-mixed-style");
  }
  for (int i = 0; i < ss->n; i++) {
    const sent *s = &ss->v[i];
    S_per_text(c, &pt, s, "ja-long-sentence");
    if (!s->p) continue; /* trademark lines are legal text, lists of names */
    /* URLs, paths and names (runs of 10 or more ASCII characters) do not count */
    int len = 0;
    for (int k = 0; k < s->n;) {
      int r = k;
      while (r < s->n && s->cp[r] < 0x80) r++;
      if (r - k >= 10) {
        k = r;
        continue;
      }
      if (r > k) {
        len += r - k;
        k = r;
        continue;
      }
      len++;
      k++;
    }
    if (len > STYLE_MAX_SENTENCE && S_take(&pt, s))
      checkctx_report(c, "ja-long-sentence", s->p, s->b, checkctx_at(s->t, s->byte),
                      "a sentence of %d characters (more than %d); split it", len,
                      STYLE_MAX_SENTENCE);
  }
  S_per_text(c, &pt, NULL, "ja-long-sentence");
}

/* The counters of printed titles: （１） full-width, (1) half-width, （1） or (１) mixed. */
static int S_counter_kind(const char *t) {
  for (const char *p = t; *p; p++) {
    int open_full = !strncmp(p, "（", 3), open_half = *p == '(';
    if (!open_full && !open_half) continue;
    const char *q = p + (open_full ? 3 : 1);
    int full = 0, half = 0;
    for (;;) {
      if (*q >= '0' && *q <= '9') {
        half = 1;
        q++;
        continue;
      }
      if ((unsigned char)q[0] == 0xEF && (unsigned char)q[1] == 0xBC &&
          (unsigned char)q[2] >= 0x90 && (unsigned char)q[2] <= 0x99) {
        full = 1;
        q += 3;
        continue;
      }
      break;
    }
    if (!full && !half) continue;
    int close_full = !strncmp(q, "）", 3), close_half = *q == ')';
    if (!close_full && !close_half) continue;
    if (open_full && close_full && full && !half) return 1;
    if (open_half && close_half && half && !full) return 2;
    return 3;
  }
  return 0;
}

static void S_title_widths(checkctx *c) {
  const tj_manual *m = c->m;
  int count[4] = {0};
  int *kind = xcalloc((size_t)(m->npages ? m->npages : 1), sizeof *kind);
  for (int i = 0; i < m->npages; i++)
    if (m->pages[i]->title) count[kind[i] = S_counter_kind(m->pages[i]->title)]++;
  int kinds = (count[1] > 0) + (count[2] > 0) + (count[3] > 0);
  if (kinds > 1 || count[3]) {
    int want = count[1] >= count[2] ? 1 : 2;
    for (int i = 0; i < m->npages; i++) {
      const tj_page *p = m->pages[i];
      if (!kind[i] || kind[i] == want) continue;
      checkctx_report(c, "ja-mixed-width", p, NULL, p->title_pos,
                      "the counter of 「%s」 is written %s while %d other titles of this manual "
                      "write %s; write them one way",
                      p->title,
                      kind[i] == 2   ? "half-width (1)"
                      : kind[i] == 1 ? "full-width （１）"
                                     : "with full- and half-width mixed",
                      count[want], want == 1 ? "（１）" : "(1)");
    }
  }
  free(kind);
}

void style_check(checkctx *c) {
  sctx sc;
  memset(&sc, 0, sizeof sc);
  sc.c = c;
  manual_each_text(c->m, S_text, &sc);
  S_near_duplicates(c, &sc.all, sc.ntexts);
  S_styles(c, &sc.all);
  S_title_widths(c);
  for (int i = 0; i < sc.all.n; i++) {
    free(sc.all.v[i].cp);
    free(sc.all.v[i].key);
  }
  free(sc.all.v);
}
