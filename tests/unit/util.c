/* tests/unit/util.c: gen/util.c — UTF-8 helpers, buf, arena, util_distance, lists, ids. */
#define UNIT_NAME "util"
#include "unit.h"
#include "util.h"
#include <stdint.h>
#include <stdlib.h>

static int S_dec(const char *s, uint32_t *cp) { return utf8_decode((const unsigned char *)s, strlen(s), cp); }

static void t_utf8_decode(void) {
  uint32_t cp = 0;
  EQ_INT(S_dec("A", &cp), 1); EQ_INT(cp, 'A');
  EQ_INT(S_dec("\xC3\xA9", &cp), 2); EQ_INT(cp, 0xE9);                 /* é */
  EQ_INT(S_dec("手", &cp), 3); EQ_INT(cp, 0x624B);
  EQ_INT(S_dec("\xF0\x9F\x98\x80", &cp), 4); EQ_INT(cp, 0x1F600);      /* 😀 */
  EQ_INT(S_dec("①", &cp), 3); EQ_INT(cp, 0x2460);
  /* what is not UTF-8: 0, and cp untouched */
  cp = 7;
  EQ_INT(S_dec("\x80", &cp), 0);                /* a continuation byte first */
  EQ_INT(S_dec("\xC0\xAF", &cp), 0);            /* overlong '/' */
  EQ_INT(S_dec("\xE0\x80\xAF", &cp), 0);        /* overlong, 3 bytes */
  EQ_INT(S_dec("\xED\xA0\x80", &cp), 0);        /* a surrogate, U+D800 */
  EQ_INT(S_dec("\xF4\x90\x80\x80", &cp), 0);    /* past U+10FFFF */
  EQ_INT(S_dec("\xF8\x88\x80\x80\x80", &cp), 0);/* a 5-byte form */
  EQ_INT(S_dec("\xE6\x89", &cp), 0);            /* 手 cut short */
  EQ_INT(S_dec("\xE6\x41\x8B", &cp), 0);        /* a bad continuation */
  EQ_INT(cp, 7);
  EQ_INT(utf8_decode((const unsigned char *)"x", 0, &cp), 0);
  /* the length bounds the read: 手 with 2 bytes available */
  EQ_INT(utf8_decode((const unsigned char *)"手", 2, &cp), 0);
}

static void t_utf8_encode_round_trip(void) {
  const uint32_t cps[] = { 0x24, 0x7F, 0x80, 0xA2, 0x7FF, 0x800, 0x20AC, 0x3000, 0xFFFF, 0x10000, 0x10348, 0x10FFFF };
  const char *want[] = { "$", "\x7F", "\xC2\x80", "\xC2\xA2", "\xDF\xBF", "\xE0\xA0\x80", "€", "\xE3\x80\x80",
                         "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF0\x90\x8D\x88", "\xF4\x8F\xBF\xBF" };
  for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
    buf b; buf_init(&b);
    utf8_encode(&b, cps[i]);
    EQ_MEM(b.data, b.len, want[i]);
    uint32_t back = 0;
    EQ_INT(utf8_decode((const unsigned char *)b.data, b.len, &back), (long long)b.len);
    EQ_INT(back, cps[i]);
    unsigned char t[4];
    size_t n = utf8_put(t, cps[i]);
    EQ_MEM((const char *)t, n, want[i]);
    buf_free(&b);
  }
}

static void t_utf8_count_and_blank(void) {
  EQ_INT(utf8_count("", 0), 0);
  EQ_INT(utf8_count("abc", 3), 3);
  EQ_INT(utf8_count("手順書", strlen("手順書")), 3);
  EQ_INT(utf8_count("P4にて", strlen("P4にて")), 4);
  EQ_INT(utf8_count("手順書", 3), 1);            /* the first character only */
  CHECK(utf8_blank(""));
  CHECK(utf8_blank(" \t\r\n"));
  CHECK(utf8_blank("\xC2\xA0\xE3\x80\x80"));      /* U+00A0, U+3000 */
  CHECK(utf8_blank("\xE2\x80\x8B\xE2\x81\xA0\xEF\xBB\xBF")); /* U+200B, U+2060, U+FEFF */
  CHECK(!utf8_blank(" a "));
  CHECK(!utf8_blank("\xE3\x80\x81"));             /* 、 shows */
  CHECK(!utf8_blank("\xFF"));                     /* not UTF-8 is not blank */
}

static void t_term_escape(void) {
  buf b; buf_init(&b);
  const char s[] = "a\x1b[31m\tb\nc\xC2\x9B" "d\xE2\x80\xAE" "e\xFF手";
  util_term_escape(&b, s, sizeof s - 1, 0);
  EQ_STR(buf_cstr(&b), "a\\x1b[31m\\tb\\nc\\u009bd\\u202ee\\xff手");
  b.len = 0;
  util_term_escape(&b, "x\ty\nz\x07", 6, UTIL_TERM_LINES);
  EQ_STR(buf_cstr(&b), "x\ty\nz\\x07");
  CHECK(util_term_unsafe(0x1B) && util_term_unsafe(0x7F) && util_term_unsafe(0x9B) && util_term_unsafe(0x2067));
  CHECK(!util_term_unsafe('a') && !util_term_unsafe(0x624B) && !util_term_unsafe(0xA0));
  buf_free(&b);
}

static void t_buf(void) {
  buf b; buf_init(&b);
  EQ_STR(buf_cstr(&b), "");                       /* an empty buf is "" */
  buf_puts(&b, "手順");
  buf_putc(&b, '-');
  buf_add(&b, "abcdef", 3);
  buf_printf(&b, "%d:%s", 42, "x");
  EQ_STR(buf_cstr(&b), "手順-abc42:x");
  EQ_INT(b.len, strlen("手順-abc42:x"));
  /* growth: 100 000 bytes appended one at a time, then a long printf */
  for (int i = 0; i < 100000; i++) buf_putc(&b, (char)('a' + i % 26));
  EQ_INT(b.len, strlen("手順-abc42:x") + 100000);
  CHECK(b.cap >= b.len);
  buf_printf(&b, "%5000s", "z");
  EQ_INT(b.len, strlen("手順-abc42:x") + 105000);
  EQ_INT(b.data[b.len - 1], 'z');
  EQ_INT(b.data[b.len - 2], ' ');
  char *d = buf_detach(&b);
  EQ_INT(strlen(d), strlen("手順-abc42:x") + 105000);
  CHECK(b.data == NULL && b.len == 0);             /* the buf is empty again after detach */
  free(d);
  buf_add(&b, "", 0);
  char *e = buf_detach(&b);
  EQ_STR(e, "");
  free(e);
  buf_free(&b);
}

static void t_arena(void) {
  arena *a = arena_new();
  char *first = arena_alloc(a, 1);
  CHECK(((uintptr_t)first & 15) == 0);
  /* many blocks of odd sizes, some larger than any chunk: each zeroed, aligned, and kept */
  enum { N = 2000 };
  unsigned char *p[N];
  int aligned = 1, zero = 1;
  for (int i = 0; i < N; i++) {
    size_t n = (size_t)(i % 97) + 1 + (i % 500 == 0 ? 200000 : 0);
    p[i] = arena_alloc(a, n);
    aligned &= ((uintptr_t)p[i] & 15) == 0;
    for (size_t k = 0; k < n; k++) zero &= p[i][k] == 0;
    memset(p[i], i & 0xFF, n);
  }
  CHECK(aligned);
  CHECK(zero);
  int kept = 1;
  for (int i = 0; i < N; i++) kept &= p[i][0] == (i & 0xFF) && p[i][i % 97] == (i & 0xFF);
  CHECK(kept);
  char *s = arena_strndup(a, "手順書です", 6);
  EQ_STR(s, "手順");
  EQ_STR(arena_strdup(a, "box"), "box");
  arena_free(a);
}

static void t_distance(void) {
  EQ_INT(util_distance("prep-password", "prep-password", 3, NULL), 0);
  EQ_INT(util_distance("prep-pasword", "prep-password", 3, NULL), 1);      /* a deletion */
  EQ_INT(util_distance("prep-passwort", "prep-password", 3, NULL), 1);     /* a substitution */
  EQ_INT(util_distance("perp-password", "prep-password", 3, NULL), 2);     /* a swap is two */
  EQ_INT(util_distance("kitten", "sitting", 3, NULL), 3);
  EQ_INT(util_distance("kitten", "sitting", 2, NULL), 3);                  /* over max: max + 1 */
  EQ_INT(util_distance("", "abc", 3, NULL), 3);
  EQ_INT(util_distance("abc", "", 2, NULL), 3);
  EQ_INT(util_distance("a", "abcdefgh", 3, NULL), 4);                       /* lengths alone say it */
  EQ_INT(util_distance("flaw", "lawn", 2, NULL), 2);
  /* symmetric */
  EQ_INT(util_distance("login-open", "logn-opem", 4, NULL), util_distance("logn-opem", "login-open", 4, NULL));
  /* ids over 64 bytes are never near */
  char l1[70], l2[70];
  memset(l1, 'a', 69); l1[69] = 0; memcpy(l2, l1, 70); l2[0] = 'b';
  EQ_INT(util_distance(l1, l2, 3, NULL), 4);
  l1[64] = 0; l2[64] = 0;
  EQ_INT(util_distance(l1, l2, 3, NULL), 1);
  /* the work is bounded by the band: (2·max+1)·length comparisons at most */
  long cost = 0;
  util_distance(l1, l2, 2, &cost);
  CHECK(cost > 0 && cost <= 5 * 64);
}

static const char *S_key(const void *items, int i) { return ((const char *const *)items)[i]; }

static void t_near(void) {
  const char *ids[] = { "prep-password", "login-open", "login-agree", "alpha-add" };
  long budget = UTIL_NEAR_BUDGET;
  int ex = 0;
  util_near *x = util_near_new(S_key, ids, 4, 2, &budget);
  EQ_STR(util_near_find(x, "login-agre", &ex), "login-agree");
  EQ_STR(util_near_find(x, "logn-open", &ex), "login-open");
  EQ_STR(util_near_find(x, "zzz", &ex), NULL);
  CHECK(!ex);
  util_near_free(x);
  /* a budget too small for one look-up: no partial answer, and the look-up that spent it
   * says so; after it, no more suggestions */
  budget = 5; ex = 0;
  x = util_near_new(S_key, ids, 4, 2, &budget);
  EQ_STR(util_near_find(x, "login-agre", &ex), NULL);
  CHECK(ex);
  CHECK(budget < 0);
  ex = 0;
  EQ_STR(util_near_find(x, "logn-open", &ex), NULL);
  util_near_free(x);
}

static void t_list_and_ids(void) {
  buf b; buf_init(&b);
  int n = 0;
  for (int i = 0; i < 3; i++) util_list_add(&b, &n, i == 0 ? "a" : i == 1 ? "b" : "c");
  util_list_end(&b, n);
  EQ_STR(buf_cstr(&b), "a, b, c");
  b.len = 0; n = 0;
  for (int i = 0; i < UTIL_LIST_MAX + 4; i++) util_list_add(&b, &n, "x");
  util_list_end(&b, n);
  CHECK(strstr(buf_cstr(&b), ", … (4 more)") != NULL);
  EQ_INT(utf8_count(b.data, b.len) > 0, 1);
  buf_free(&b);
  CHECK(util_safe_id("box") && util_safe_id("microsoft-365") && util_safe_id("a1-"));
  CHECK(!util_safe_id("") && !util_safe_id("-box") && !util_safe_id("Box") && !util_safe_id("a_b") && !util_safe_id("手順"));
  char id[66]; memset(id, 'a', 65); id[65] = 0;
  CHECK(!util_safe_id(id));
  id[64] = 0;
  CHECK(util_safe_id(id));
  char *d = util_dirname("manuals/shared/x.yaml"); EQ_STR(d, "manuals/shared"); free(d);
  d = util_dirname("box.yaml"); EQ_STR(d, "."); free(d);
}

static void t_make_escape(void) {
  buf b; buf_init(&b);
  EQ_INT(util_make_escape(&b, "out/a b#c:$d%e", 1), 0);
  EQ_STR(buf_cstr(&b), "out/a\\ b\\#c\\:$$d\\%e");
  b.len = 0;
  EQ_INT(util_make_escape(&b, "x%y", 0), 0);
  EQ_STR(buf_cstr(&b), "x%y");
  b.len = 0;
  EQ_INT(util_make_escape(&b, "a;rm", 0), ';');
  EQ_INT(b.len, 0);
  EQ_INT(util_make_unsafe("~/x"), '~');
  EQ_INT(util_make_unsafe("a~"), 0);
  EQ_INT(util_make_unsafe("a\nb"), '\n');
  buf_free(&b);
}

int main(void) {
  RUN(t_utf8_decode);
  RUN(t_utf8_encode_round_trip);
  RUN(t_utf8_count_and_blank);
  RUN(t_term_escape);
  RUN(t_buf);
  RUN(t_arena);
  RUN(t_distance);
  RUN(t_near);
  RUN(t_list_and_ids);
  RUN(t_make_escape);
  return UNIT_END();
}
