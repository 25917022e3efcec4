/* report.c: JSON and SARIF renderings of the findings, and the rules reference. */
#include "report.h"
#include "check.h"
#include "manifest.h"
#include "util.h"
#include <string.h>

static const char *S_level(diag_level l) { return l == DIAG_ERROR ? "error" : l == DIAG_WARNING ? "warning" : "note"; }

static void S_str(FILE *f, const char *s) {
  buf b; buf_init(&b);
  manifest_json_str(&b, s ? s : "");
  fputs(buf_cstr(&b), f);
  buf_free(&b);
}

void report_json(FILE *f, const diag *d, int silenced, int manuals) {
  fputs("{\n  \"findings\": [", f);
  for (size_t i = 0; i < d->n; i++) {
    const diag_item *it = &d->items[i];
    fputs(i ? ",\n    {" : "\n    {", f);
    fputs("\"file\": ", f); S_str(f, it->file);
    fprintf(f, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", \"rule\": ", it->line, it->col, S_level(it->level));
    S_str(f, it->rule);
    fputs(", \"message\": ", f); S_str(f, it->msg);
    fputc('}', f);
  }
  fprintf(f, "%s],\n  \"summary\": {\"manuals\": %d, \"errors\": %d, \"warnings\": %d, \"silenced\": %d}\n}\n",
          d->n ? "\n  " : "", manuals, d->errors, d->warnings, silenced);
}

void report_sarif(FILE *f, const diag *d, const char *tejun_version) {
  fputs("{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [{\n", f);
  fprintf(f, "    \"tool\": {\"driver\": {\"name\": \"tejun\", \"version\": \"%s\", \"rules\": [", tejun_version);
  for (const check_rule *r = check_rules; r->id; r++) {
    fputs(r == check_rules ? "\n      {" : ",\n      {", f);
    fputs("\"id\": ", f); S_str(f, r->id);
    fputs(", \"shortDescription\": {\"text\": ", f); S_str(f, r->summary);
    fprintf(f, "}, \"defaultConfiguration\": {\"level\": \"%s\"}}", S_level(r->level));
  }
  fputs("\n    ]}},\n    \"results\": [", f);
  for (size_t i = 0; i < d->n; i++) {
    const diag_item *it = &d->items[i];
    fputs(i ? ",\n      {" : "\n      {", f);
    fputs("\"ruleId\": ", f); S_str(f, it->rule);
    fprintf(f, ", \"level\": \"%s\", \"message\": {\"text\": ", S_level(it->level));
    S_str(f, it->msg);
    fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": {\"uri\": ", f);
    S_str(f, it->file);
    fputc('}', f);
    if (it->line > 0) fprintf(f, ", \"region\": {\"startLine\": %d, \"startColumn\": %d}", it->line, it->col > 0 ? it->col : 1);
    fputs("}}]}", f);
  }
  fprintf(f, "%s]\n  }]\n}\n", d->n ? "\n    " : "");
}

void report_rules(FILE *f) {
  fprintf(f, "%-22s %-8s %s\n", "rule", "severity", "what it flags");
  for (const check_rule *r = check_rules; r->id; r++)
    fprintf(f, "%-22s %-8s %s\n", r->id, S_level(r->level), r->summary);
  fputs("\nSilence one finding on a node with `ignore: [{rule: RULE, reason: …}]` (manuals/README.md).\n"
        "The format's own errors (yaml-syntax, unknown-key, wrong-type, missing-key, duplicate-id,\n"
        "include-missing, include-outside, include-cycle, encoding, limit-*) cannot be silenced.\n", f);
}
