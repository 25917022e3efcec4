/* report.c: JSON and SARIF renderings of the findings, and the rules reference. */
#include "report.h"
#include "check.h"
#include "manifest.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *S_level(diag_level l) {
  return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note";
}

static void S_str(FILE *f, const char *s) {
  buf b;
  buf_init(&b);
  manifest_json_str(&b, s ? s : "");
  fputs(buf_cstr(&b), f);
  buf_free(&b);
}

void report_json(FILE *f, const diag *d, int silenced, int manuals) {
  fputs("{\n  \"findings\": [", f);
  for (size_t i = 0; i < d->n; i++) {
    const diag_item *it = &d->items[i];
    fputs(i ? ",\n    {" : "\n    {", f);
    fputs("\"file\": ", f);
    S_str(f, it->file);
    fprintf(f, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"rule\": ", it->line,
            it->col, S_level(it->level));
    S_str(f, it->rule);
    fputs(", \"message\": ", f);
    S_str(f, it->msg);
    fputc('}', f);
  }
  fprintf(f,
          "%s],\n  \"summary\": {\"manuals\": %d, \"errors\": %d, \"warnings\": %d, \"silenced\": "
          "%d}\n}\n",
          d->n ? "\n  " : "", manuals, d->errors, d->warnings, silenced);
}

/* An output position that names the program ("tejun", "tejun build"), not a file. */
static int S_program(const diag_item *it) {
  return it->line == 0 && (!strcmp(it->file, "tejun") || !strncmp(it->file, "tejun ", 6));
}

/* A path as the path of a URI (RFC 3986): the bytes of unreserved characters, sub-delims,
 * '@' and '/' as they are; every other byte percent-encoded (space, %, #, ?, ':' so that a
 * relative first segment is no scheme, non-ASCII UTF-8, bytes that are not UTF-8: lossless). */
static void S_uri_path(buf *b, const char *path) {
  for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
    if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
        strchr("-._~!$&'()*+,;=@/", *p))
      buf_putc(b, (char)*p);
    else
      buf_printf(b, "%%%02X", *p);
  }
}

/* artifactLocation: an absolute path as a file: URI; a relative one as a relative reference
 * against %SRCROOT%, the folder tejun ran in (run.originalUriBaseIds). */
static void S_artifact(FILE *f, const char *file) {
  buf u;
  buf_init(&u);
  if (file[0] == '/') {
    buf_puts(&u, "file://");
    S_uri_path(&u, file);
  } else
    S_uri_path(&u, file);
  fputs("{\"uri\": ", f);
  S_str(f, buf_cstr(&u));
  if (file[0] != '/') fputs(", \"uriBaseId\": \"%SRCROOT%\"", f);
  fputc('}', f);
  buf_free(&u);
}

static void S_sarif_rules(FILE *f, const check_rule *r, int *first) {
  for (; r->id; r++) {
    fputs(*first ? "\n      {" : ",\n      {", f);
    *first = 0;
    fputs("\"id\": ", f);
    S_str(f, r->id);
    fputs(", \"shortDescription\": {\"text\": ", f);
    S_str(f, r->summary);
    fprintf(f, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}", S_level(r->level));
  }
}

void report_sarif(FILE *f, const diag *d, const char *tejun_version) {
  fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": "
        "\"2.1.0\",\n  \"runs\": [{\n",
        f);
  fputs("    \"tool\": {\"driver\": {\"name\": \"tejun\", \"version\": ", f);
  S_str(f, tejun_version);
  fputs(", \"rules\": [", f);
  int first = 1;
  S_sarif_rules(f, check_rules, &first);
  S_sarif_rules(f, check_format_ids, &first);
  fputs("\n    ]}},\n", f);
  char *cwd = getcwd(NULL, 0);
  if (cwd && cwd[0] == '/') {
    buf u;
    buf_init(&u);
    buf_puts(&u, "file://");
    S_uri_path(&u, cwd);
    if (u.data[u.len - 1] != '/') buf_putc(&u, '/');
    fputs("    \"originalUriBaseIds\": {\"%SRCROOT%\": {\"uri\": ", f);
    S_str(f, buf_cstr(&u));
    fputs("}},\n", f);
    buf_free(&u);
  }
  free(cwd);
  fputs("    \"results\": [", f);
  for (size_t i = 0; i < d->n; i++) {
    const diag_item *it = &d->items[i];
    fputs(i ? ",\n      {" : "\n      {", f);
    fputs("\"ruleId\": ", f);
    S_str(f, it->rule);
    fprintf(f, ", \"level\": \"%s\", \"message\": {\"text\": ", S_level(it->level));
    S_str(f, it->msg);
    fputc('}', f);
    if (!S_program(it)) {
      fputs(", \"locations\": [{\"physicalLocation\": {\"artifactLocation\": ", f);
      S_artifact(f, it->file);
      if (it->line > 0)
        fprintf(f, ", \"region\": {\"startLine\": %d, \"startColumn\": %d}", it->line,
                it->col > 0 ? it->col : 1);
      fputs("}}]", f);
    }
    fputc('}', f);
  }
  fprintf(f, "%s]\n  }]\n}\n", d->n ? "\n    " : "");
}

static void S_rules_table(FILE *f, const check_rule *r, int severity) {
  for (; r->id; r++) {
    if (severity)
      fprintf(f, "%-22s %-8s %s\n", r->id, S_level(r->level), r->summary);
    else
      fprintf(f, "  %-20s %s\n", r->id, r->summary);
  }
}

void report_rules(FILE *f) {
  fprintf(f, "%-22s %-8s %s\n", "rule", "severity", "what it flags");
  S_rules_table(f, check_rules, 1);
  fputs("\nSilence one finding on a node with `ignore: [{rule: RULE, reason: …}]` "
        "(manuals/README.md).\n"
        "The format's own diagnostics, and those of releases, files and the program, cannot be "
        "silenced:\n",
        f);
  S_rules_table(f, check_format_ids, 0);
}
