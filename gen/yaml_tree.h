/* yaml_tree.h: reading one YAML file into a tree of positioned nodes, with libyaml's event parser.
 * The reader enforces the limits (file size, depth, node count, scalar length), refuses
 * anchors, aliases and duplicate keys, and checks UTF-8 before libyaml sees the bytes. Every
 * character a text holds passes one test, whether the file wrote it or an escape did: no NUL,
 * no control character but tab and line feed, no bidirectional control (a located error).
 * It also knows where each byte of a value stands in the file (ynode_at).
 * Ownership: every node and string lives in the caller's arena, and so do the file's bytes,
 * which the nodes point at (ytree_read_bytes copies them there). */
#ifndef TEJUN_YAML_TREE_H
#define TEJUN_YAML_TREE_H
#include "diag.h"
#include "util.h"

#define YTREE_MAX_FILE (16u << 20) /* 16 MiB */
#define YTREE_MAX_DEPTH 64
#define YTREE_MAX_NODES 1000000
#define YTREE_MAX_SCALAR (1u << 20) /* 1 MiB */

typedef enum { YN_SCALAR, YN_MAP, YN_SEQ } yn_kind;
/* How a scalar is written: plain, '…', "…", | (literal) or > (folded). */
typedef enum { YS_PLAIN, YS_SINGLE, YS_DOUBLE, YS_LITERAL, YS_FOLDED } yn_style;
typedef struct ysrc ysrc; /* one file's bytes, read again to place a position inside a value */

typedef struct ynode ynode;
struct ynode {
  yn_kind kind;
  diag_pos pos; /* file (arena string), 1-based line and column (characters) */
  const char *str; /* YN_SCALAR: the value, NUL-terminated */
  size_t len;
  int plain; /* YN_SCALAR: written without quotes (so `true`, `null` mean what YAML says) */
  yn_style style; /* YN_SCALAR: how it is written */
  ysrc *src; /* the file it was read from */
  size_t n; /* YN_MAP: pairs; YN_SEQ: items */
  ynode **keys, **vals; /* YN_MAP */
  ynode **items; /* YN_SEQ */
};

/* Reads and parses `path`; `shown` is the name used in diagnostics. Returns the root node,
 * or NULL after reporting every problem found to d (exit status 1 for data errors).
 * *io_error is set to 1 when the file could not be read at all (exit status 2).
 * When `bytes` is not NULL, *bytes receives the file's contents (arena-owned) and *nbytes its size.
 */
ynode *ytree_read_file(arena *a, diag *d, const char *path, const char *shown, int *io_error,
                       const char **bytes, size_t *nbytes);
/* The same, for files many manuals of one run include (shared pages): while a cache is open
 * (ytree_cache_open), a file that read without error is parsed once and its tree handed out
 * again as long as the file stays the same (device, inode, size, modification time) and is
 * shown under the same name; the tree then lives in the cache, not in `a`, until
 * ytree_cache_close, and must not be changed. A file that fails is read again each time, so
 * that each manual reports its errors. Without an open cache: ytree_read_file. */
ynode *ytree_read_cached(arena *a, diag *d, const char *path, const char *shown, int *io_error);
/* Opens the process's cache (a no-op when open); closing frees every tree it holds: nothing
 * read through it may be used after. At most YTREE_CACHE_FILES files or YTREE_CACHE_BYTES of
 * source are kept; past that, files are read as by ytree_read_file. */
#define YTREE_CACHE_FILES 256
#define YTREE_CACHE_BYTES (16u << 20)
void ytree_cache_open(void);
void ytree_cache_close(void);
/* realpath(3) into out (PATH_MAX bytes): returns out, or NULL with errno set. While the cache
 * is open, a path resolved once is answered from memory (the same name resolves the same way
 * for the whole run; failures are not kept). */
const char *ytree_realpath(const char *path, char *out);
/* The same on bytes in memory (used by fuzz targets and tests). */
ynode *ytree_read_bytes(arena *a, diag *d, const char *data, size_t len, const char *shown);

/* Where byte `off` of scalar n's value (n->str) stands in its file: the line and column (in
 * characters, 1-based) of the source character that wrote it: for an escape its backslash, for
 * a line break folded into a space the break. At or past the end of the value: just after its
 * last character. The scalar's source is read again on each call (the file's line starts are
 * indexed at the first), so this costs nothing until a diagnostic needs it. For any other node,
 * or should the source not read back into the value, n->pos. */
diag_pos ynode_at(const ynode *n, size_t off);
/* Value for key in a mapping, or NULL. */
ynode *ynode_get(const ynode *map, const char *key);
/* Reports every key of `map` that is not in `allowed` (NULL-terminated) as `unknown-key`,
 * naming `what`, the allowed keys and the nearest one. Returns the number reported. */
int ynode_unknown_keys(diag *d, const ynode *map, const char *what, const char *const *allowed);
/* True for a plain `~`, `null`, `Null`, `NULL` or empty scalar. */
int ynode_is_null(const ynode *n);
#endif
