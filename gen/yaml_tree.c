/* yaml_tree.c: libyaml events → a positioned node tree, with limits and duplicate-key checks. */
#include "yaml_tree.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

typedef struct reader {
  arena *a; diag *d; const char *file;
  yaml_parser_t parser;
  size_t nodes;
  int failed;
} reader;

static diag_pos S_pos(reader *r, yaml_mark_t m) {
  /* libyaml marks are 0-based: this is the one place that adds 1. */
  diag_pos p = { r->file, (int)m.line + 1, (int)m.column + 1 };
  return p;
}

static int S_next(reader *r, yaml_event_t *ev) {
  if (!yaml_parser_parse(&r->parser, ev)) {
    yaml_parser_t *p = &r->parser;
    diag_pos pos = S_pos(r, p->problem_mark);
    if (p->error == YAML_READER_ERROR) {
      pos.line = 0; /* reader errors carry an offset, not a mark; UTF-8 is checked before */
    }
    const char *ctx = p->context ? p->context : "";
    diag_report(r->d, DIAG_ERROR, pos, "yaml-syntax", "invalid YAML: %s%s%s; check the indentation and quoting near here (quote a value that starts with `*`, `&`, `!`, `[`, `{`, `|`, `>`, `%%`, `@` or holds `: `)",
                p->problem ? p->problem : "syntax error", *ctx ? " " : "", ctx);
    r->failed = 1;
    return 0;
  }
  return 1;
}

static ynode *S_node(reader *r, yaml_event_t *ev, int depth);

static int S_refuse_anchor(reader *r, yaml_event_t *ev, const unsigned char *anchor) {
  if (!anchor) return 0;
  diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "yaml-anchor",
              "YAML anchors (&%s) are not supported; write the content out, or move shared pages to manuals/shared/ and use `include:`", (const char *)anchor);
  r->failed = 1;
  return 1;
}

static ynode *S_new(reader *r, yn_kind k, yaml_event_t *ev) {
  if (++r->nodes > YTREE_MAX_NODES) {
    diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "limit-nodes",
                "more than %d YAML nodes in one file; split the manual into shared files", YTREE_MAX_NODES);
    r->failed = 1;
    return NULL;
  }
  ynode *n = arena_alloc(r->a, sizeof *n);
  n->kind = k;
  n->pos = S_pos(r, ev->start_mark);
  return n;
}

typedef struct vec { ynode **v; size_t n, cap; } vec;
static void S_push(vec *v, ynode *n) {
  if (v->n == v->cap) { v->cap = v->cap ? v->cap * 2 : 8; v->v = xrealloc(v->v, v->cap * sizeof *v->v); }
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
typedef struct keyset { size_t *slot; size_t mask; } keyset;

static size_t S_hash(const ynode *k) {
  size_t h = 14695981039346656037u;
  for (size_t i = 0; i < k->len; i++) { h ^= (unsigned char)k->str[i]; h *= 1099511628211u; }
  return h;
}

static int S_same_key(const ynode *a, const ynode *b) { return a->len == b->len && !memcmp(a->str, b->str, a->len); }

/* The earlier key equal to `key` (among keys->v[0..n)), or NULL; then `key` will be
 * keys->v[n] (the caller pushes it), and it is entered. */
static const ynode *S_seen(keyset *ks, const vec *keys, const ynode *key) {
  if ((keys->n + 1) * 2 > (ks->slot ? ks->mask + 1 : 0)) {   /* grow, at most half full */
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
    if (S_refuse_anchor(r, ev, ev->data.scalar.anchor)) { yaml_event_delete(ev); return NULL; }
    if (ev->data.scalar.length > YTREE_MAX_SCALAR) {
      diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "limit-scalar",
                  "a text of %zu bytes is longer than the limit of %u bytes; split it", ev->data.scalar.length, YTREE_MAX_SCALAR);
      r->failed = 1;
      yaml_event_delete(ev);
      return NULL;
    }
    n = S_new(r, YN_SCALAR, ev);
    if (n) {
      n->str = arena_strndup(r->a, (const char *)ev->data.scalar.value, ev->data.scalar.length);
      n->len = ev->data.scalar.length;
      n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    }
    yaml_event_delete(ev);
    return n;
  case YAML_SEQUENCE_START_EVENT:
  case YAML_MAPPING_START_EVENT: {
    int is_map = ev->type == YAML_MAPPING_START_EVENT;
    const unsigned char *anchor = is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor;
    if (S_refuse_anchor(r, ev, anchor)) { yaml_event_delete(ev); return NULL; }
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
      if (e.type == YAML_MAPPING_END_EVENT || e.type == YAML_SEQUENCE_END_EVENT) { yaml_event_delete(&e); break; }
      ynode *child = S_node(r, &e, depth + 1);
      if (r->failed || !child) { r->failed = 1; break; }
      if (!is_map) { S_push(&vals, child); continue; }
      ynode *key = child;
      if (key->kind != YN_SCALAR) {
        diag_report(r->d, DIAG_ERROR, key->pos, "yaml-key", "a mapping key must be a plain word, not a list or mapping");
        r->failed = 1;
        break;
      }
      const ynode *first = S_seen(&seen, &keys, key);
      if (first) {
        diag_report(r->d, DIAG_ERROR, key->pos, "yaml-duplicate-key",
                    "duplicate key '%s' (first at line %d); YAML allows a key once per mapping: remove or merge one",
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
    if (r->failed) { free(keys.v); free(vals.v); return NULL; }
    n->n = vals.n;
    if (is_map) { n->keys = S_keep(r, &keys); n->vals = S_keep(r, &vals); }
    else { free(keys.v); n->items = S_keep(r, &vals); }
    return n;
  }
  default:
    diag_report(r->d, DIAG_ERROR, S_pos(r, ev->start_mark), "yaml-syntax", "unexpected YAML structure");
    r->failed = 1;
    yaml_event_delete(ev);
    return NULL;
  }
}

static int S_check_utf8(diag *d, const char *data, size_t len, const char *file) {
  const unsigned char *s = (const unsigned char *)data;
  int line = 1, col = 1;
  size_t i = 0;
  while (i < len) {
    if (s[i] >= 0x20 && s[i] < 0x80) { col++; i++; continue; }   /* ASCII fast path */
    uint32_t cp;
    int k = utf8_decode(s + i, len - i, &cp);
    if (k == 0 || cp == 0) {
      diag_pos p = { file, line, col };
      if (k == 0)
        diag_report(d, DIAG_ERROR, p, "encoding", "byte 0x%02x is not valid UTF-8; save the file as UTF-8 (not Shift_JIS or CP932)", s[i]);
      else
        diag_report(d, DIAG_ERROR, p, "encoding", "NUL byte in a text file; the file is damaged or not YAML");
      return 0;
    }
    if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
      diag_pos p = { file, line, col };
      diag_report(d, DIAG_ERROR, p, "encoding", "bidirectional control character U+%04X changes the order in which the text is shown, "
                  "so the page would not say what the file says; remove it", (unsigned)cp);
      return 0;
    }
    if (cp == '\n') { line++; col = 1; } else col++;
    i += (size_t)k;
  }
  return 1;
}

ynode *ytree_read_bytes(arena *a, diag *d, const char *data, size_t len, const char *shown) {
  reader r;
  memset(&r, 0, sizeof r);
  r.a = a; r.d = d; r.file = arena_strdup(a, shown);
  if (len > YTREE_MAX_FILE) {
    diag_pos p = { r.file, 0, 0 };
    diag_report(d, DIAG_ERROR, p, "limit-file", "file of %zu bytes is larger than the limit of 16 MiB", len);
    return NULL;
  }
  if (!S_check_utf8(d, data, len, r.file)) return NULL;
  if (!yaml_parser_initialize(&r.parser)) { diag_pos p = { r.file, 0, 0 }; diag_report(d, DIAG_ERROR, p, "internal", "cannot start the YAML parser"); return NULL; }
  yaml_parser_set_input_string(&r.parser, (const unsigned char *)data, len);
  yaml_parser_set_encoding(&r.parser, YAML_UTF8_ENCODING);
  ynode *root = NULL;
  yaml_event_t ev;
  int docs = 0;
  while (!r.failed && S_next(&r, &ev)) {
    yaml_event_type_t t = ev.type;
    if (t == YAML_STREAM_END_EVENT) { yaml_event_delete(&ev); break; }
    if (t == YAML_STREAM_START_EVENT || t == YAML_DOCUMENT_END_EVENT) { yaml_event_delete(&ev); continue; }
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
  if (r.failed) return NULL;
  if (!root || (root->kind == YN_SCALAR && ynode_is_null(root))) {
    diag_pos p = { r.file, 1, 1 };
    diag_report(d, DIAG_ERROR, p, "yaml-empty", "the file is empty; a manual starts with `id:`, `title:` and `pages:`");
    return NULL;
  }
  return root;
}

ynode *ytree_read_file(arena *a, diag *d, const char *path, const char *shown, int *io_error,
                  const char **bytes, size_t *nbytes) {
  diag_pos nopos = { shown, 0, 0 };
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
    diag_report(d, DIAG_ERROR, nopos, "limit-file", "file of %lld bytes is larger than the limit of 16 MiB",
                (long long)st.st_size);
    close(fd);
    return NULL;
  }
  size_t len = (size_t)st.st_size;
  char *data = arena_alloc(a, len + 1);
  size_t got = 0;
  while (got < len) {
    ssize_t k = read(fd, data + got, len - got);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) break;
    got += (size_t)k;
  }
  close(fd);
  if (got != len) {
    diag_report(d, DIAG_ERROR, nopos, "io", "could not read the whole file");
    *io_error = 1;
    return NULL;
  }
  data[len] = 0;
  diag_source(d, shown, data, len);
  if (bytes) { *bytes = data; *nbytes = len; }
  return ytree_read_bytes(a, d, data, len, shown);
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
    for (const char *const *a = allowed; *a; a++) if (!strcmp(*a, k)) { ok = 1; break; }
    if (ok) continue;
    buf list; buf_init(&list);
    const char *best = NULL; int bestd = 99;
    for (const char *const *a = allowed; *a; a++) {
      if (list.len) buf_puts(&list, ", ");
      buf_puts(&list, *a);
      int dd = util_distance(k, *a, 3, NULL);
      if (dd < bestd) { bestd = dd; best = *a; }
    }
    if (best && bestd <= 3)
      diag_report(d, DIAG_ERROR, map->keys[i]->pos, "unknown-key", "unknown key '%s' in %s; did you mean '%s'? (allowed: %s)", k, what, best, buf_cstr(&list));
    else
      diag_report(d, DIAG_ERROR, map->keys[i]->pos, "unknown-key", "unknown key '%s' in %s (allowed: %s)", k, what, buf_cstr(&list));
    buf_free(&list);
    n++;
  }
  return n;
}
