/* util.h: the arena that owns a loaded manual, a growable byte buffer, UTF-8 helpers.
 * Ownership: an arena owns every block it hands out; arena_free releases them all.
 * A buf owns its bytes until buf_detach hands them to the caller (free()).
 * Allocation failure aborts the process with a message: tejun has no partial state to save. */
#ifndef TEJUN_UTIL_H
#define TEJUN_UTIL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct arena arena;
arena *arena_new(void);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t n); /* zeroed, 16-byte aligned */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

typedef struct buf {
  char *data;
  size_t len, cap;
} buf;
void buf_init(buf *b);
void buf_free(buf *b);
void buf_add(buf *b, const char *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *buf_detach(buf *b); /* NUL-terminated, caller frees */
const char *buf_cstr(buf *b); /* NUL-terminated view, still owned */

/* Decode one UTF-8 character at s (len bytes available). Returns its byte length
 * (>=1) and stores the code point, or 0 when the bytes are not valid UTF-8. */
int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Encode cp (at most 0x10FFFF) as UTF-8 into out: returns its byte length, 1 to 4. */
size_t utf8_put(unsigned char out[4], uint32_t cp);
/* The same, appended to b. */
void utf8_encode(buf *b, uint32_t cp);
/* Number of characters in s[0..n). */
size_t utf8_count(const char *s, size_t n);
/* Whether s shows nothing: only spaces (ASCII, U+00A0, U+3000), line breaks, tabs and
 * zero-width characters (U+200B-U+200D, U+2060, U+FEFF). True for "". */
int utf8_blank(const char *s);

/* Text for a terminal. A character is unsafe there when it acts on the terminal or changes
 * the order in which the line is shown: C0 controls (ESC among them), DEL, C1 controls
 * (U+0080-U+009F: U+009B is a CSI on many terminals), and the bidirectional controls and
 * marks (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C). */
int util_term_unsafe(uint32_t cp);
#define UTIL_TERM_LINES 1 /* let line feeds and tabs through (multi-line text) */
/* Appends s[0..n) to b with every unsafe character shown as a visible escape: \n and \t
 * (unless UTIL_TERM_LINES), \xNN for the other C0 controls and DEL, \uNNNN for C1 and the
 * bidirectional ones, and \xNN for each byte that is not part of valid UTF-8. Everything
 * tejun prints to a terminal from data goes through here. */
void util_term_escape(buf *b, const char *s, size_t n, int flags);
/* The same, written to f. */
void util_term_put(FILE *f, const char *s, size_t n, int flags);

/* The hash of the bytes s[0..n) for the tables of ids and keys (64-bit FNV-1a). */
size_t util_hash(const char *s, size_t n);

/* Reads up to len bytes of fd into data, again after a signal, until the end of the file or an
 * error (errno then set): returns how many it read. A file read whole gives len. */
size_t util_read_full(int fd, void *data, size_t len);

/* The folder part of a path ("manuals/box.yaml" → "manuals", "box.yaml" → "."), malloc'ed. */
char *util_dirname(const char *path);

/* Edit distance (in bytes) between two short ASCII ids, for "did you mean", when it is at most
 * `max`; otherwise (and for ids over 64 bytes) max + 1. Costs at most (2·max+1)·length
 * comparisons; *cost (when given) is increased by the comparisons made. */
int util_distance(const char *a, const char *b, int max, long *cost);
/* The same between two strings of characters a[0..la) and b[0..lb), of any length (the
 * Japanese near-duplicate sentences, the catalog's titles). */
int util_distance_cp(const uint32_t *a, int la, const uint32_t *b, int lb, int max, long *cost);

/* "Did you mean": the nearest of a set of candidates (ids or titles, compared by characters:
 * util_distance_cp), with bounded work. Answers are
 * remembered per unknown id, so an id misspelt the same way a thousand times is looked up
 * once, and every look-up draws on *budget (character comparisons, shared by the caller's
 * look-ups: UTIL_NEAR_BUDGET per manual). Once the budget is spent there are no more
 * suggestions; util_near_find sets *exhausted the first time that happens, and the caller
 * says so in a note.
 * Ownership: util_near_new's result is freed with util_near_free; the candidates must outlive it.
 */
#ifndef UTIL_NEAR_BUDGET /* the fuzz build makes it smaller (Makefile FUZZ_BUDGETS) */
#define UTIL_NEAR_BUDGET 20000000L
#endif
typedef struct util_near util_near;
util_near *util_near_new(const char *(*key)(const void *items, int i), const void *items, int n,
                         int max, long *budget);
/* The candidate nearest to id (the first of equal distance), at most max edits away, or NULL. */
const char *util_near_find(util_near *x, const char *id, int *exhausted);
void util_near_free(util_near *x);

/* Lists in messages ("allowed: a, b, c"): at most UTIL_LIST_MAX items, then "… (N more)", so
 * that a message does not grow with the catalog. util_list_add appends one item (n counts the
 * items added so far); util_list_end closes the list. */
#define UTIL_LIST_MAX 16
void util_list_add(buf *b, int *n, const char *item);
void util_list_end(buf *b, int n);
/* True when s matches ^[a-z0-9][a-z0-9-]*$ and is at most 64 bytes. */
int util_safe_id(const char *s);

/* File names in make rules (the --depfile that `make` reads; GNU make, checked with make 4.3).
 * Escaped: '$' as "$$"; space, '#', ':', '*', '?', '[' and ']' with a backslash; '%' with a
 * backslash in a target (in a prerequisite it is literal). No writing of these can be read
 * back as the same file, so they are refused: control characters, ';' (starts a recipe: make
 * would run the rest of the line), '=' (a variable assignment), '|' (order-only), '(' and ')'
 * (an archive member), '\', and a leading '~' (a home folder). */
/* The first character of s that no make rule can hold, or 0. */
int util_make_unsafe(const char *s);
/* Appends s escaped for make (as a target when `target`); returns 0, or the character that
 * cannot be written (util_make_unsafe), appending nothing. */
int util_make_escape(buf *out, const char *s, int target);
#endif
