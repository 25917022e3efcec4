/* manifest.c: manifest parts and the joined out/manifest.json. */
#include "manifest.h"
#include "output.h"
#include "sha256.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void S_field(buf *b, const char *s) {
  for (; s && *s; s++) buf_putc(b, (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s);
}

void manifest_row(buf *part, const char *path, const char *manual, const char *service,
                  const char *format, const char *version, const char *date) {
  S_field(part, path); buf_putc(part, '\t');
  S_field(part, manual); buf_putc(part, '\t');
  S_field(part, service ? service : ""); buf_putc(part, '\t');
  S_field(part, format); buf_putc(part, '\t');
  S_field(part, version); buf_putc(part, '\t');
  S_field(part, date); buf_putc(part, '\n');
}

/* Reads a whole output file; NULL when it is gone. */
static char *S_slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  buf b; buf_init(&b);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, k);
  fclose(f);
  *len = b.len;
  return b.data ? buf_detach(&b) : xstrdup("");
}

void manifest_json_str(buf *b, const char *s) {
  buf_putc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\') { buf_putc(b, '\\'); buf_putc(b, (char)*p); }
    else if (*p < 0x20 || *p == 0x7F) buf_printf(b, "\\u%04x", *p);
    else buf_putc(b, (char)*p);
  }
  buf_putc(b, '"');
}

static int S_cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int manifest_write(diag *d, const char *dir, const char *tejun_version) {
  buf pd; buf_init(&pd);
  buf_printf(&pd, "%s/.tejun/parts", dir);
  char **names = NULL; size_t n = 0, cap = 0;
  DIR *dh = opendir(buf_cstr(&pd));
  if (dh) {
    struct dirent *e;
    while ((e = readdir(dh))) {
      size_t l = strlen(e->d_name);
      if (l < 5 || strcmp(e->d_name + l - 4, ".tsv") || e->d_name[0] == '.') continue;
      if (n == cap) { cap = cap ? cap * 2 : 16; names = xrealloc(names, cap * sizeof *names); }
      names[n++] = xstrdup(e->d_name);
    }
    closedir(dh);
  }
  if (n > 1) qsort(names, n, sizeof *names, S_cmp);
  buf j; buf_init(&j);
  buf_puts(&j, "{\n  \"generator\": ");
  buf tv; buf_init(&tv); buf_printf(&tv, "tejun %s", tejun_version);
  manifest_json_str(&j, buf_cstr(&tv));
  buf_free(&tv);
  buf_puts(&j, ",\n  \"outputs\": [");
  int first = 1;
  for (size_t i = 0; i < n; i++) {
    buf p; buf_init(&p);
    buf_printf(&p, "%s/%s", buf_cstr(&pd), names[i]);
    FILE *f = fopen(buf_cstr(&p), "r");
    buf_free(&p);
    if (!f) continue;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
      char *fields[6]; int k = 0;
      char *s = line;
      line[strcspn(line, "\n")] = 0;
      while (k < 6) { fields[k++] = s; char *t = strchr(s, '\t'); if (!t) break; *t = 0; s = t + 1; }
      if (k != 6) continue;
      buf fp; buf_init(&fp);
      buf_printf(&fp, "%s/%s", dir, fields[0]);
      size_t flen = 0;
      char *data = S_slurp(buf_cstr(&fp), &flen);
      buf_free(&fp);
      if (!data) continue;   /* an output removed since: not listed */
      char hex[65];
      sha256_hex(data, flen, hex);
      free(data);
      static const char *keys[] = {"path", "manual", "service", "format", "version", "date", "sha256"};
      buf_puts(&j, first ? "\n    {" : ",\n    {");
      first = 0;
      for (int q = 0; q < 6; q++) {
        if (q) buf_puts(&j, ", ");
        buf_printf(&j, "\"%s\": ", keys[q]);
        if (q == 2 && !*fields[q]) buf_puts(&j, "null");
        else manifest_json_str(&j, fields[q]);
      }
      buf_printf(&j, ", \"%s\": \"%s\", \"bytes\": %zu}", keys[6], hex, flen);
    }
    fclose(f);
  }
  buf_puts(&j, first ? "]\n}\n" : "\n  ]\n}\n");
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  buf mp; buf_init(&mp);
  buf_printf(&mp, "%s/manifest.json", dir);
  int rc = output_write(d, buf_cstr(&mp), j.data, j.len);
  buf_free(&mp); buf_free(&j); buf_free(&pd);
  return rc;
}
