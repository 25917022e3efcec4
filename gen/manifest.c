/* manifest.c: manifest parts and the joined out/manifest.json. */
#include "manifest.h"
#include "output.h"
#include "sha256.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_field(buf *b, const char *s) {
  for (; s && *s; s++) buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

void manifest_row(buf *part, const char *path, const char *manual, const char *service,
                  const char *format, const char *version, const char *date) {
  S_field(part, path);
  buf_putc(part, '\t');
  S_field(part, manual);
  buf_putc(part, '\t');
  S_field(part, service ? service : "");
  buf_putc(part, '\t');
  S_field(part, format);
  buf_putc(part, '\t');
  S_field(part, version);
  buf_putc(part, '\t');
  S_field(part, date);
  buf_putc(part, '\n');
}

void manifest_json_str(buf *b, const char *s) {
  buf_putc(b, '"');
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
    if (k == 0) {
      buf_puts(b, "\xEF\xBF\xBD");
      i++;
      continue;
    } /* not UTF-8: U+FFFD for the byte */
    if (cp == '"' || cp == '\\') {
      buf_putc(b, '\\');
      buf_putc(b, (char)cp);
    } else if (util_term_unsafe(cp) || cp == 0x2028 || cp == 0x2029)
      buf_printf(b, "\\u%04x", (unsigned)cp);
    else
      buf_add(b, s + i, (size_t)k);
    i += (size_t)k;
  }
  buf_putc(b, '"');
}

/* Splits a part's line into its six fields (in place); returns how many it found. */
static int S_split(char *line, char *fields[6]) {
  int k = 0;
  char *s = line;
  line[strcspn(line, "\n")] = 0;
  while (k < 6) {
    fields[k++] = s;
    char *t = strchr(s, '\t');
    if (!t) break;
    *t = 0;
    s = t + 1;
  }
  return k;
}

static int S_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The manifest text as the parts and files on disk make it now (state complete). Every file is
 * read whole, below the output folder without following links. 0, or -1 after reporting. */
static int S_compose(diag *d, buf *j, const char *dir, const char *tejun_version) {
  buf pd;
  buf_init(&pd);
  buf_printf(&pd, "%s/.tejun/parts", dir);
  char **names = NULL;
  int n = output_list(d, buf_cstr(&pd), &names), rc = n < 0 ? -1 : 0, k = 0;
  for (int i = 0; i < n; i++) { /* the parts: ID.tsv */
    size_t l = strlen(names[i]);
    if (l < 5 || strcmp(names[i] + l - 4, ".tsv") || names[i][0] == '.')
      free(names[i]);
    else
      names[k++] = names[i];
  }
  n = k;
  if (n > 1) qsort(names, (size_t)n, sizeof *names, S_cmp);
  buf_puts(j, "{\n  \"generator\": ");
  buf tv;
  buf_init(&tv);
  buf_printf(&tv, "tejun %s", tejun_version);
  manifest_json_str(j, buf_cstr(&tv));
  buf_free(&tv);
  buf_puts(j, ",\n  \"state\": \"complete\",\n  \"outputs\": [");
  int first = 1;
  for (int i = 0; i < n && !rc; i++) {
    buf p;
    buf_init(&p);
    buf_printf(&p, "%s/%s", buf_cstr(&pd), names[i]);
    char *text = NULL;
    size_t tlen = 0;
    int r = output_read(d, buf_cstr(&p), &text, &tlen);
    buf_free(&p);
    if (r < 0) rc = -1;
    if (r != 0) continue;
    for (char *line = text; *line && !rc;) { /* one row per line, however long */
      char *nl = strchr(line, '\n'), *next = nl ? nl + 1 : line + strlen(line);
      if (nl) *nl = 0;
      char *fields[6];
      int f = S_split(line, fields);
      line = next;
      if (f != 6) continue;
      buf fp;
      buf_init(&fp);
      buf_printf(&fp, "%s/%s", dir, fields[0]);
      size_t flen = 0;
      char *data = NULL;
      r = output_read(d, buf_cstr(&fp), &data, &flen);
      buf_free(&fp);
      if (r < 0) rc = -1;
      if (r != 0) continue; /* an output removed since: not listed */
      char hex[65];
      sha256_hex(data, flen, hex);
      free(data);
      static const char *keys[] = {"path",    "manual", "service", "format",
                                   "version", "date",   "sha256"};
      buf_puts(j, first ? "\n    {" : ",\n    {");
      first = 0;
      for (int q = 0; q < 6; q++) {
        if (q) buf_puts(j, ", ");
        buf_printf(j, "\"%s\": ", keys[q]);
        if (q != 0 && q != 3 && !*fields[q])
          buf_puts(j, "null"); /* no manual, service, version or date (the landing page) */
        else
          manifest_json_str(j, fields[q]);
      }
      buf_printf(j, ", \"%s\": \"%s\", \"bytes\": %zu}", keys[6], hex, flen);
    }
    free(text);
  }
  buf_puts(j, first ? "]\n}\n" : "\n  ]\n}\n");
  for (int i = 0; i < n; i++) free(names[i]);
  free(names);
  buf_free(&pd);
  return rc;
}

int manifest_stamp(diag *d, const char *dir, const char *part, const char *path, char **version,
                   char **date) {
  buf p;
  buf_init(&p);
  buf_printf(&p, "%s/.tejun/parts/%s.tsv", dir, part);
  char *text = NULL;
  size_t len = 0;
  int r = output_read(d, buf_cstr(&p), &text, &len); /* read whole: no line is too long */
  buf_free(&p);
  if (r != 0) return r;
  int found = 0;
  for (char *line = text; *line && !found;) {
    char *nl = strchr(line, '\n'), *next = nl ? nl + 1 : line + strlen(line);
    if (nl) *nl = 0;
    char *fields[6];
    if (S_split(line, fields) == 6 && !strcmp(fields[0], path)) {
      *version = xstrdup(fields[4]);
      *date = xstrdup(fields[5]);
      found = 1;
    }
    line = next;
  }
  free(text);
  return found ? 0 : 1;
}

static const char S_complete[] = "\n  \"state\": \"complete\",";
static const char S_building[] = "\n  \"state\": \"building\",";

int manifest_write(diag *d, const char *dir, const char *tejun_version) {
  output_root(dir);
  if (output_sweep(d) < 0)
    return -1; /* takes the lock; temporary files of a build killed outright */
  buf j;
  buf_init(&j);
  int rc = S_compose(d, &j, dir, tejun_version);
  buf mp;
  buf_init(&mp);
  buf_printf(&mp, "%s/manifest.json", dir);
  if (rc == 0) rc = output_write(d, buf_cstr(&mp), j.data, j.len);
  buf_free(&mp);
  buf_free(&j);
  return rc;
}

int manifest_begin(diag *d, const char *dir) {
  output_root(dir);
  buf mp;
  buf_init(&mp);
  buf_printf(&mp, "%s/manifest.json", dir);
  size_t len = 0;
  char *text = NULL;
  int rc = output_read(d, buf_cstr(&mp), &text, &len);
  if (rc > 0) rc = 0;
  char *at = rc == 0 && text ? strstr(text, S_complete) : NULL;
  if (at) { /* same length: "complete" and "building" are both 8 letters */
    memcpy(at, S_building, sizeof S_building - 1);
    rc = output_write(d, buf_cstr(&mp), text, len);
  } else if (text && strstr(text, S_building) && output_sweep(d) < 0)
    rc = -1; /* the last build was killed */
  free(text);
  buf_free(&mp);
  return rc;
}

typedef struct mline {
  const char *s;
  size_t n;
  int line;
} mline;

/* Splits text into its lines (trailing commas dropped, so entries compare whatever follows). */
static mline *S_lines(const char *text, size_t *count) {
  size_t n = 0, cap = 64;
  mline *v = xmalloc(cap * sizeof *v); /* never NULL, even for an empty text */
  int line = 0;
  for (const char *s = text; *s;) {
    const char *e = strchr(s, '\n');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    line++;
    size_t k = len;
    if (k && s[k - 1] == ',') k--;
    if (n == cap) {
      cap *= 2;
      v = xrealloc(v, cap * sizeof *v);
    }
    v[n].s = s;
    v[n].n = k;
    v[n].line = line;
    n++;
    s = e ? e + 1 : s + len;
  }
  *count = n;
  return v;
}

static int S_mcmp(const void *pa, const void *pb) {
  const mline *a = pa, *b = pb;
  size_t n = a->n < b->n ? a->n : b->n;
  int c = memcmp(a->s, b->s, n);
  return c ? c : (a->n > b->n) - (a->n < b->n);
}

/* The "path" of an entry line, or NULL. */
static const char *S_entry_path(const mline *m, int *len) {
  const char *end = m->s + m->n, *q = m->s;
  static const char key[] = "\"path\": \"";
  for (; q + sizeof key - 1 <= end; q++)
    if (!memcmp(q, key, sizeof key - 1)) break;
  if (q + sizeof key - 1 > end) return NULL;
  q += sizeof key - 1;
  const char *qe = memchr(q, '"', (size_t)(end - q));
  if (!qe) return NULL;
  *len = (int)(qe - q);
  return q;
}

/* When the entry `o` is for the output at path p (l bytes), it becomes *e (its path *ep, *el):
 * the other side's line of one output. */
static void S_same_output(const mline *o, const char *p, int l, const mline **e, const char **ep,
                          int *el) {
  int l2 = 0;
  const char *p2 = S_entry_path(o, &l2);
  if (p2 && l2 == l && !memcmp(p2, p, (size_t)l)) {
    *e = o;
    *ep = p2;
    *el = l2;
  }
}

int manifest_check(diag *d, const char *dir, const char *tejun_version) {
  buf mp;
  buf_init(&mp);
  buf_printf(&mp, "%s/manifest.json", dir);
  diag_pos pos = {buf_cstr(&mp), 0, 0};
  size_t len = 0;
  char *have = NULL;
  output_root(dir);
  int r = output_lock(d, 1); /* shared: no build replaces files while they are compared */
  if (r == 0) r = output_read(d, buf_cstr(&mp), &have, &len);
  if (r > 0)
    diag_report(d, DIAG_ERROR, pos, "manifest",
                "cannot read it: %s; run `tejun manifest -o %s` to write it", strerror(ENOENT),
                dir);
  buf want;
  buf_init(&want);
  if (r == 0 && S_compose(d, &want, dir, tejun_version) != 0) r = -1;
  if (r != 0) {
    free(have);
    buf_free(&want);
    buf_free(&mp);
    return 2;
  }
  int bad = 0;
  if (strstr(have, S_building)) {
    diag_report(d, DIAG_ERROR, pos, "manifest-stale",
                "a build into %s was stopped before it finished (state \"building\"); run `tejun "
                "manifest -o %s`",
                dir, dir);
    bad++;
  } else if (strcmp(have, buf_cstr(&want))) {
    /* the entries as sets: sort both, then walk them together */
    size_t nh = 0, nw = 0;
    mline *vh = S_lines(have, &nh), *vw = S_lines(buf_cstr(&want), &nw);
    qsort(vh, nh, sizeof *vh, S_mcmp);
    qsort(vw, nw, sizeof *vw, S_mcmp);
    size_t i = 0, k = 0;
    while (i < nh || k < nw) {
      int c = i >= nh ? 1 : k >= nw ? -1 : S_mcmp(&vh[i], &vw[k]);
      if (c == 0) {
        i++;
        k++;
        continue;
      }
      const mline *h = c < 0 ? &vh[i] : NULL, *w = c > 0 ? &vw[k] : NULL;
      int hl = 0, wl = 0;
      const char *hp = h ? S_entry_path(h, &hl) : NULL, *wp = w ? S_entry_path(w, &wl) : NULL;
      /* the same output on both sides, next to each other in sorted order: one "changed" */
      if (h && hp && k < nw) S_same_output(&vw[k], hp, hl, &w, &wp, &wl);
      if (w && wp && i < nh) S_same_output(&vh[i], wp, wl, &h, &hp, &hl);
      if (h) i++;
      if (w) k++;
      if ((h && !hp && h->n == 0) || (w && !wp && w->n == 0)) continue;
      if (++bad > 20) continue;
      diag_pos lp = {buf_cstr(&mp), h ? h->line : 0, h ? 1 : 0};
      if (h && w && hp && wp)
        diag_report(
            d, DIAG_ERROR, lp, "manifest-stale",
            "the entry for %.*s does not match the file on disk; run `tejun manifest -o %s`", hl,
            hp, dir);
      else if (h && hp)
        diag_report(d, DIAG_ERROR, lp, "manifest-stale",
                    "%.*s is listed but is no longer an output on disk; run `tejun manifest -o %s`",
                    hl, hp, dir);
      else if (w && wp)
        diag_report(d, DIAG_ERROR, lp, "manifest-stale",
                    "%.*s is an output on disk but is not listed; run `tejun manifest -o %s`", wl,
                    wp, dir);
      else
        diag_report(d, DIAG_ERROR, lp, "manifest-stale", "%s '%.*s'; run `tejun manifest -o %s`",
                    h ? "this line is not what the outputs give:" : "a line is missing:",
                    (int)(h ? h->n : w->n), h ? h->s : w->s, dir);
    }
    free(vh);
    free(vw);
  }
  free(have);
  buf_free(&want);
  buf_free(&mp);
  return bad ? 1 : 0;
}
