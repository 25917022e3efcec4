/* grow.h: the input of the `grow` fuzz target, a short description of a manual that grows,
 * and its expansion to YAML (in fuzz.c's translation unit; also a tool, see the end).
 *
 *   input  := stages:u8 record*             (the first GROW_RECORDS; the rest is ignored)
 *   record := construct:u8 reps:u16le times:u16le len:u8 unit:byte[len]
 *   unit   := P [0x01 M [0x01 S]]            an item is P + M × times + S, with each '#' made
 *                                            the item's index and each '@' one of アイウエオ by it
 *
 * The construct says where the reps items go (GROW_*, below): one text that the items are
 * appended to, pages, keys of a mapping, steps, notes, refs, change-log rows, table rows,
 * conditions, services, trademarks, ignore entries, includes (the target's folder holds an
 * include bomb, shared/b1.yaml …), `short`, `wait`, text blocks. The YAML is at most GROW_MAX
 * bytes: a few seconds of libFuzzer turn a description of forty bytes into a megabyte, which
 * tejun must handle in well under the target's 1 s if its work is linear.
 * grow_expand(div = 2) makes the same manual with half the repetitions, for a diff.
 * `stages` says what fuzz.c runs after the checks (GROW_STAGE_*): each input runs only the
 * stages it asks for, so that it stays cheap where it does not grow.
 * Ownership: the caller owns and frees out. */
#ifndef TEJUN_FUZZ_GROW_H
#define TEJUN_FUZZ_GROW_H
#include "../../gen/util.h"
#include <stdint.h>
#include <string.h>

#define GROW_MAX (64u << 10)
#define GROW_RECORDS 8
#define GROW_STAGE_PUBLISH 1   /* the publication (inline XML of every text) and its checklist */
#define GROW_STAGE_DIFF 2      /* the diff against half the manual, change marks, changed pages */
/* Items of the constructs that make pages, steps and blocks: each costs some milliseconds under
 * ASan and coverage in each stage, so the publishing stages take fewer (a growth with their
 * number is the pathological suite's to find: tests/pathological/run.py). */
#define GROW_NODES 4000
#define GROW_NODES_PUBLISHED 300
#define GROW_MAX_PUBLISHED (GROW_MAX / 4)   /* bytes, when a publishing stage runs (it reads each text four times more) */
enum { GROW_TEXT, GROW_PAGES, GROW_KEYS, GROW_STEPS, GROW_NOTES, GROW_REFS, GROW_CHANGELOG, GROW_ROWS,
       GROW_WHEN, GROW_SERVICES, GROW_TRADEMARKS, GROW_IGNORE, GROW_INCLUDES, GROW_SHORT, GROW_WAIT,
       GROW_BLOCKS, GROW_KINDS };

/* A YAML double-quoted scalar of s[0..n). */
static void grow_quote(buf *b, const char *s, size_t n) {
  buf_putc(b, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c != '"' && c != '\\' && c >= 0x20 && c != 0x7F) continue;
    buf_add(b, s + run, i - run);
    run = i + 1;
    if (c == '"' || c == '\\') { buf_putc(b, '\\'); buf_putc(b, (char)c); }
    else buf_printf(b, "\\x%02x", c);
  }
  buf_add(b, s + run, n - run);
  buf_putc(b, '"');
}

/* Appends a part of a unit to b, '#' and '@' made from index i. */
static void grow_part(buf *b, const unsigned char *s, size_t n, long i) {
  static const char *const kana[] = {"ア", "イ", "ウ", "エ", "オ"};
  size_t run = 0;
  for (size_t k = 0; k < n; k++) {
    if (s[k] != '#' && s[k] != '@') continue;
    buf_add(b, (const char *)s + run, k - run);
    run = k + 1;
    if (s[k] == '#') buf_printf(b, "%ld", i);
    else buf_puts(b, kana[i % 5]);
  }
  buf_add(b, (const char *)s + run, n - run);
}

/* Item i of a record: P + M × times + S, M repeated while b is shorter than max. */
static void grow_item(buf *b, const unsigned char *u, size_t n, unsigned times, long i, size_t max) {
  const unsigned char *m = memchr(u, 1, n), *s = m ? memchr(m + 1, 1, n - (size_t)(m + 1 - u)) : NULL;
  size_t pn = m ? (size_t)(m - u) : n;
  grow_part(b, u, pn, i);
  if (!m) return;
  size_t mn = (s ? (size_t)(s - m) : n - (size_t)(m - u)) - 1;
  for (unsigned t = 0; mn && t < times && b->len < max; t++) grow_part(b, m + 1, mn, i);
  if (s) grow_part(b, s + 1, n - (size_t)(s + 1 - u), i);
}

static void grow_expand(buf *out, const uint8_t *data, size_t size, unsigned div) {
  buf part[GROW_KINDS];
  for (int k = 0; k < GROW_KINDS; k++) buf_init(&part[k]);
  size_t total = 0, at = 1;   /* data[0]: the stages */
  int published = size && data[0] & (GROW_STAGE_PUBLISH | GROW_STAGE_DIFF);
  unsigned nodes = published ? GROW_NODES_PUBLISHED : GROW_NODES, made = 0;
  size_t max = published ? GROW_MAX_PUBLISHED : GROW_MAX;
  for (int r = 0; r < GROW_RECORDS && at + 6 <= size; r++) {
    int kind = data[at] % GROW_KINDS;
    unsigned reps = (data[at + 1] | (unsigned)data[at + 2] << 8) / div, times = data[at + 3] | (unsigned)data[at + 4] << 8;
    size_t len = data[at + 5];
    at += 6;
    if (len > size - at) len = size - at;
    const unsigned char *u = data + at;
    at += len;
    buf *p = &part[kind], item;
    buf_init(&item);
    int node = kind == GROW_PAGES || kind == GROW_STEPS || kind == GROW_BLOCKS || kind == GROW_ROWS ||
               kind == GROW_CHANGELOG || kind == GROW_INCLUDES || kind == GROW_NOTES;
    for (unsigned i = 0; i < reps && total < max && (!node || made < nodes); i++, made += (unsigned)node) {
      size_t before = p->len;
      item.len = 0;
      grow_item(&item, u, len, times, (long)i, max - total);
      const char *s = item.data ? item.data : "";
      switch (kind) {
      case GROW_TEXT: case GROW_SHORT: case GROW_WAIT: buf_add(p, s, item.len); break;   /* one text, quoted when assembled */
      case GROW_PAGES:
        buf_printf(p, "  - id: p%u\n    procedure: 手順%u\n    service: box\n    body:\n      - step: {id: s%u, text: ", i, i, i);
        grow_quote(p, s, item.len); buf_puts(p, "}\n");
        break;
      case GROW_KEYS: buf_puts(p, "    "); grow_quote(p, s, item.len); buf_puts(p, ": v\n"); break;
      case GROW_STEPS: buf_printf(p, "      - step: {id: t%u, text: ", i); grow_quote(p, s, item.len); buf_puts(p, "}\n"); break;
      case GROW_NOTES: case GROW_WHEN: case GROW_SERVICES: case GROW_TRADEMARKS:
        buf_puts(p, ", "); grow_quote(p, s, item.len);
        break;
      case GROW_REFS: buf_puts(p, ", {text: "); grow_quote(p, s, item.len); buf_puts(p, ", page: p}"); break;
      case GROW_CHANGELOG: buf_puts(p, "  - {version: "); grow_quote(p, s, item.len); buf_puts(p, ", date: 2024-01-10, text: 改訂}\n"); break;
      case GROW_ROWS: buf_puts(p, "          - ["); grow_quote(p, s, item.len); buf_puts(p, "]\n"); break;
      case GROW_IGNORE: buf_puts(p, ", {rule: "); grow_quote(p, s, item.len); buf_puts(p, ", reason: r}"); break;
      case GROW_INCLUDES: buf_puts(p, "  - include: "); grow_quote(p, s, item.len); buf_putc(p, '\n'); break;
      case GROW_BLOCKS: buf_puts(p, "      - text: "); grow_quote(p, s, item.len); buf_putc(p, '\n'); break;
      default: break;
      }
      total += p->len - before;
    }
    buf_free(&item);
  }
  const char *z = "";
#define P(k) (part[k].data ? part[k].data : z)
  buf_printf(out, "id: g\ntitle: 成長\nservices: [box%s]\ntrademarks: [x%s]\nchangelog:\n  - {version: 第1.0版, date: 2024-01-10, text: 初版}\n%s",
             P(GROW_SERVICES), P(GROW_TRADEMARKS), P(GROW_CHANGELOG));
  buf_printf(out, "pages:\n  - id: p\n    procedure: 手順\n    service: box\n");
  if (part[GROW_WHEN].len) buf_printf(out, "    when: [%s]\n", P(GROW_WHEN) + 2);
  if (part[GROW_IGNORE].len) buf_printf(out, "    ignore: [%s]\n", P(GROW_IGNORE) + 2);
  buf_puts(out, P(GROW_KEYS));
  buf_puts(out, "    body:\n      - step:\n          id: s\n          text: ");
  grow_quote(out, P(GROW_TEXT), part[GROW_TEXT].len);
  if (part[GROW_SHORT].len) { buf_puts(out, "\n          short: "); grow_quote(out, P(GROW_SHORT), part[GROW_SHORT].len); }
  if (part[GROW_WAIT].len) { buf_puts(out, "\n          wait: "); grow_quote(out, P(GROW_WAIT), part[GROW_WAIT].len); }
  if (part[GROW_NOTES].len) buf_printf(out, "\n          notes: [%s]", P(GROW_NOTES) + 2);
  if (part[GROW_REFS].len) buf_printf(out, "\n          refs: [%s]", P(GROW_REFS) + 2);
  buf_putc(out, '\n');
  buf_puts(out, P(GROW_STEPS));
  if (part[GROW_ROWS].len) buf_printf(out, "      - table:\n          columns: [c]\n          rows:\n%s", P(GROW_ROWS));
  buf_puts(out, P(GROW_BLOCKS));
  buf_puts(out, P(GROW_PAGES));
  buf_puts(out, P(GROW_INCLUDES));
#undef P
  for (int k = 0; k < GROW_KINDS; k++) buf_free(&part[k]);
}

#if defined(GROW_MAIN)
/* `cc -DGROW_MAIN -x c tests/fuzz/grow.h gen/util.c -o grow-expand`: a description on
 * standard input, its YAML on standard output (to read a reproducer). */
#include <stdio.h>
int main(void) {
  static uint8_t in[1 << 16];
  size_t n = fread(in, 1, sizeof in, stdin);
  buf y; buf_init(&y);
  grow_expand(&y, in, n, 1);
  fwrite(y.data ? y.data : "", 1, y.len, stdout);
  buf_free(&y);
  return 0;
}
#endif
#endif
