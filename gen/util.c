/* util.c: arena allocation, byte buffers, UTF-8 decoding, reading a file whole and small string
 * helpers. */
#include "util.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

static void S_oom(void) {
  fputs("tejun: out of memory\n", stderr);
  abort();
}

void *xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p) S_oom();
  return p;
}
void *xcalloc(size_t n, size_t m) {
  void *p = calloc(n ? n : 1, m ? m : 1);
  if (!p) S_oom();
  return p;
}
void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) S_oom();
  return p;
}
char *xstrdup(const char *s) {
  size_t n = strlen(s);
  char *d = xmalloc(n + 1);
  memcpy(d, s, n + 1);
  return d;
}

/* data is 16-byte aligned (as arena_alloc promises): the header is padded to 32 bytes */
typedef struct chunk {
  struct chunk *next;
  size_t used, size;
  _Alignas(16) unsigned char data[];
} chunk;
struct arena {
  chunk *head;
};

arena *arena_new(void) { return xcalloc(1, sizeof(arena)); }

void arena_free(arena *a) {
  if (!a) return;
  chunk *c = a->head;
  while (c) {
    chunk *n = c->next;
    free(c);
    c = n;
  }
  free(a);
}

void *arena_alloc(arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  chunk *c = a->head;
  if (!c || c->size - c->used < n) {
    size_t size = n > 65536 ? n : 65536;
    c = xmalloc(sizeof(chunk) + size);
    c->used = 0;
    c->size = size;
    c->next = a->head;
    a->head = c;
  }
  void *p = c->data + c->used;
  c->used += n;
  memset(p, 0, n);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  char *d = arena_alloc(a, n + 1);
  memcpy(d, s, n);
  d[n] = 0;
  return d;
}

char *arena_strdup(arena *a, const char *s) { return arena_strndup(a, s, strlen(s)); }

void buf_init(buf *b) {
  b->data = NULL;
  b->len = b->cap = 0;
}
void buf_free(buf *b) {
  free(b->data);
  buf_init(b);
}

static void S_grow(buf *b, size_t extra) {
  if (b->data && b->len + extra + 1 <= b->cap) return;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + extra + 1) cap *= 2;
  b->data = xrealloc(b->data, cap);
  b->cap = cap;
}

void buf_add(buf *b, const char *s, size_t n) {
  if (!b->data || b->len + n + 1 > b->cap) S_grow(b, n);
  if (n) memcpy(b->data + b->len, s, n);
  b->len += n;
  b->data[b->len] = 0;
}
void buf_puts(buf *b, const char *s) { buf_add(b, s, strlen(s)); }
void buf_putc(buf *b, char c) {
  if (!b->data || b->len + 2 > b->cap) S_grow(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = 0;
}

void buf_printf(buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  S_grow(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *buf_detach(buf *b) {
  S_grow(b, 0);
  b->data[b->len] = 0;
  char *d = b->data;
  buf_init(b);
  return d;
}

const char *buf_cstr(buf *b) {
  S_grow(b, 0);
  b->data[b->len] = 0;
  return b->data;
}

int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp) {
  if (len == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  int n;
  uint32_t v, min;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    v = c & 0x1F;
    min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    v = c & 0x0F;
    min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    v = c & 0x07;
    min = 0x10000;
  } else
    return 0;
  if ((size_t)n > len) return 0;
  for (int i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

size_t utf8_put(unsigned char out[4], uint32_t cp) {
  if (cp < 0x80) {
    out[0] = (unsigned char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (unsigned char)(0xC0 | (cp >> 6));
    out[1] = (unsigned char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (unsigned char)(0xE0 | (cp >> 12));
    out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (unsigned char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (unsigned char)(0xF0 | (cp >> 18));
  out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

void utf8_encode(buf *b, uint32_t cp) {
  unsigned char t[4];
  size_t n = utf8_put(t, cp);
  buf_add(b, (const char *)t, n);
}

size_t utf8_count(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) k++;
  return k;
}

int util_term_unsafe(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

void util_term_escape(buf *b, const char *s, size_t n, int flags) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, plain = 0; /* p[plain..i) is safe and not yet copied */
  while (i < n) {
    uint32_t cp;
    int k = utf8_decode(p + i, n - i, &cp);
    if (k > 0 &&
        (!util_term_unsafe(cp) || ((flags & UTIL_TERM_LINES) && (cp == '\n' || cp == '\t')))) {
      i += (size_t)k;
      continue;
    }
    buf_add(b, s + plain, i - plain);
    if (k == 0) {
      buf_printf(b, "\\x%02x", p[i]);
      k = 1;
    } /* not UTF-8 */
    else if (cp == '\n')
      buf_puts(b, "\\n");
    else if (cp == '\t')
      buf_puts(b, "\\t");
    else if (cp < 0x80)
      buf_printf(b, "\\x%02x", (unsigned)cp);
    else
      buf_printf(b, "\\u%04x", (unsigned)cp);
    i += (size_t)k;
    plain = i;
  }
  buf_add(b, s + plain, n - plain);
}

void util_term_put(FILE *f, const char *s, size_t n, int flags) {
  buf b;
  buf_init(&b);
  util_term_escape(&b, s, n, flags);
  if (b.len) fwrite(b.data, 1, b.len, f);
  buf_free(&b);
}

size_t util_read_full(int fd, void *data, size_t len) {
  size_t got = 0;
  while (got < len) {
    ssize_t r = read(fd, (char *)data + got, len - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  return got;
}

size_t util_hash(const char *s, size_t n) {
  size_t h = 14695981039346656037u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 1099511628211u;
  }
  return h;
}

char *util_dirname(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return xstrdup(".");
  buf b;
  buf_init(&b);
  buf_add(&b, path, (size_t)(slash - path));
  return buf_detach(&b);
}

int util_distance_cp(const uint32_t *a, int la, const uint32_t *b, int lb, int max, long *cost) {
  if (abs(la - lb) > max) return max + 1;
  /* rows of the edit-distance table, only the band |i - j| <= max (cells outside count as max + 1)
   */
  int rows[2][65], *heap = NULL, *prev = rows[0], *cur = rows[1];
  if (lb > 64) {
    heap = xmalloc(2 * ((size_t)lb + 1) * sizeof *heap);
    prev = heap;
    cur = heap + lb + 1;
  }
  for (int j = 0; j <= lb; j++) prev[j] = j <= max ? j : max + 1;
  long n = 0;
  int result = -1;
  for (int i = 1; i <= la && result < 0; i++) {
    int lo = i - max > 1 ? i - max : 1, hi = i + max < lb ? i + max : lb, best = max + 1;
    cur[0] = i <= max ? i : max + 1;
    if (lo > 1) cur[lo - 1] = max + 1;
    for (int j = lo; j <= hi; j++) {
      int v = prev[j - 1] + (a[i - 1] != b[j - 1]);
      if (prev[j] + 1 < v) v = prev[j] + 1;
      if (cur[j - 1] + 1 < v) v = cur[j - 1] + 1;
      if (v > max) v = max + 1;
      cur[j] = v;
      if (v < best) best = v;
    }
    n += hi - lo + 1;
    if (hi < lb) cur[hi + 1] = max + 1;
    if (best > max && cur[0] > max) result = max + 1;
    int *t = prev;
    prev = cur;
    cur = t;
  }
  if (result < 0) result = prev[lb];
  if (cost) *cost += n;
  free(heap);
  return result;
}

int util_distance(const char *a, const char *b, int max, long *cost) {
  int la = (int)strnlen(a, 65), lb = (int)strnlen(b, 65);
  if (la > 64 || lb > 64 || abs(la - lb) > max) return max + 1;
  uint32_t ca[64], cb[64];
  for (int i = 0; i < la; i++) ca[i] = (unsigned char)a[i];
  for (int i = 0; i < lb; i++) cb[i] = (unsigned char)b[i];
  return util_distance_cp(ca, la, cb, lb, max, cost);
}

/* Appends the characters of s to pool (as uint32_t), at most UTIL_NEAR_CHARS; returns their
 * number, or UTIL_NEAR_CHARS + 1 when s has more (it is then near nothing). Invalid UTF-8
 * counts byte by byte. */
#define UTIL_NEAR_CHARS 1024
static int S_chars(buf *pool, const char *s) {
  size_t len = strnlen(s, (size_t)UTIL_NEAR_CHARS * 4 + 1), i = 0;
  int k = 0;
  for (; i < len && k < UTIL_NEAR_CHARS; k++) {
    uint32_t cp;
    int l = utf8_decode((const unsigned char *)s + i, len - i, &cp);
    if (l <= 0) {
      cp = (unsigned char)s[i];
      l = 1;
    }
    buf_add(pool, (const char *)&cp, sizeof cp);
    i += (size_t)l;
  }
  return i < len || s[len] ? UTIL_NEAR_CHARS + 1 : k;
}

typedef struct near_memo {
  size_t id;
  const char *answer;
} near_memo; /* id: offset in names + 1 (0: empty) */
struct util_near {
  const char *(*key)(const void *items, int i);
  const void *items;
  int n, max;
  buf chars;
  size_t *at;
  int *nchars; /* the candidates' characters (uint32_t), made at the first look-up:
                  candidate i's start in chars, in bytes, and their number */
  long *budget;
  near_memo *slot;
  size_t mask, used; /* open addressing */
  buf names; /* the ids asked for, each NUL-terminated */
};

static size_t S_hash(const char *s) { return util_hash(s, strlen(s)); }

util_near *util_near_new(const char *(*key)(const void *items, int i), const void *items, int n,
                         int max, long *budget) {
  util_near *x = xcalloc(1, sizeof *x);
  x->key = key;
  x->items = items;
  x->n = n;
  x->max = max;
  x->budget = budget;
  x->slot = xcalloc(16, sizeof *x->slot);
  x->mask = 15;
  buf_init(&x->names);
  return x;
}

void util_near_free(util_near *x) {
  if (!x) return;
  buf_free(&x->names);
  buf_free(&x->chars);
  free(x->at);
  free(x->nchars);
  free(x->slot);
  free(x);
}

static near_memo *S_memo(util_near *x, const char *id) {
  size_t h = S_hash(id) & x->mask;
  while (x->slot[h].id && strcmp(x->names.data + x->slot[h].id - 1, id)) h = (h + 1) & x->mask;
  return &x->slot[h];
}

/* Remembers the answer for id (the table grows first, so that it stays at most half full). */
static void S_remember(util_near *x, const char *id, const char *answer) {
  if ((x->used + 1) * 2 > x->mask + 1) {
    near_memo *old = x->slot;
    size_t oldn = x->mask + 1;
    x->mask = oldn * 2 - 1;
    x->slot = xcalloc(oldn * 2, sizeof *x->slot);
    for (size_t i = 0; i < oldn; i++)
      if (old[i].id) *S_memo(x, x->names.data + old[i].id - 1) = old[i];
    free(old);
  }
  near_memo *m = S_memo(x, id);
  m->id = x->names.len + 1;
  m->answer = answer;
  buf_add(&x->names, id, strlen(id) + 1);
  x->used++;
}

const char *util_near_find(util_near *x, const char *id, int *exhausted) {
  const near_memo *m = S_memo(x, id);
  if (m->id) return m->answer;
  const char *best = NULL;
  int bd = x->max + 1;
  if (*x->budget > 0) {
    long spent = 0;
    if (!x->nchars) {
      x->at = xcalloc((size_t)x->n + 1, sizeof *x->at);
      x->nchars = xcalloc((size_t)x->n + 1, sizeof *x->nchars);
      for (int i = 0; i < x->n; i++) {
        x->at[i] = x->chars.len;
        x->nchars[i] = S_chars(&x->chars, x->key(x->items, i));
      }
    }
    buf ib;
    buf_init(&ib);
    int nid = S_chars(&ib, id);
    const uint32_t *cid = (const uint32_t *)(void *)ib.data;
    for (int i = 0; i < x->n && nid <= UTIL_NEAR_CHARS; i++) {
      if (x->nchars[i] > UTIL_NEAR_CHARS) continue;
      const uint32_t *ci =
          x->nchars[i] ? (const uint32_t *)(void *)(x->chars.data + x->at[i]) : NULL;
      int d =
          util_distance_cp(cid, nid, ci, x->nchars[i], bd - 1 < x->max ? bd - 1 : x->max, &spent);
      if (d < bd) {
        bd = d;
        best = x->key(x->items, i);
      }
      if (spent > *x->budget) break;
    }
    buf_free(&ib);
    *x->budget -= spent;
    if (*x->budget < 0) { /* cut short: no answer, rather than a partial one */
      best = NULL;
      *exhausted = 1;
    }
  }
  if (bd > x->max) best = NULL;
  S_remember(x, id, best);
  return best;
}

void util_list_add(buf *b, int *n, const char *item) {
  if (*n < UTIL_LIST_MAX) {
    if (*n) buf_puts(b, ", ");
    buf_puts(b, item);
  }
  (*n)++;
}

void util_list_end(buf *b, int n) {
  if (n > UTIL_LIST_MAX) buf_printf(b, ", … (%d more)", n - UTIL_LIST_MAX);
  if (!b->data) buf_puts(b, "");
}

int utf8_blank(const char *s) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k == 0) return 0;
    if (!(cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x3000 ||
          (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF))
      return 0;
    i += (size_t)k;
  }
  return 1;
}

int util_safe_id(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > 64) return 0;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) return 0;
  }
  return 1;
}

int util_make_unsafe(const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if (*p < 0x20 || *p == 0x7F || strchr(";=|()\\", *p) ||
        (*p == '~' && p == (const unsigned char *)s))
      return *p;
  return 0;
}

int util_make_escape(buf *out, const char *s, int target) {
  int bad = util_make_unsafe(s);
  if (bad) return bad;
  for (const char *p = s; *p; p++) {
    if (*p == '$')
      buf_putc(out, '$');
    else if (strchr(" #:*?[]", *p) || (*p == '%' && target))
      buf_putc(out, '\\');
    buf_putc(out, *p);
  }
  return 0;
}
