/* cmd_diff.c: resolving the two sides of `tejun diff`, running the diff, writing it. */
#include "cmd_diff.h"
#include "xmlutil.h"
#include "cmd.h"
#include "prepare.h"
#include "cmd_build.h"
#include "check.h"
#include "diff.h"
#include "load.h"
#include "markdown.h"
#include "output.h"
#include "release.h"
#include "xslt.h"
#include "resolve.h"
#include "image.h"
#include <libxml/hash.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct side {
  xmlDocPtr pub;
  char *id, *tag, *label, *root;
} side; /* root: a YAML side's manuals folder */

/* A YAML manual, loaded and checked as a build would: the publication of its full view. */
static int S_yaml(const cmd_diff_opts *o, diag *d, const char *path, side *s) {
  char *cp = prepare_catalog_path(o->catalog, path);
  int io = 0;
  tj_catalog *cat = catalog_load(d, cp, &io);
  free(cp);
  if (!cat) return io ? 2 : 1;
  check_stats cs = {0};
  int st = 0;
  tj_manual *m =
      prepare_load(d, cat, path, NULL, 0, &cs, &st); /* no release check: a diff compares */
  if (!m) {
    catalog_free(cat);
    return st;
  }
  s->pub = release_publication(m, 1);
  manual_free(m);
  catalog_free(cat);
  return 0;
}

static int S_side(const cmd_diff_opts *o, diag *d, const char *spec, const side *other, side *s) {
  memset(s, 0, sizeof *s);
  diag_pos pos = {spec, 0, 0};
  size_t n = strlen(spec);
  const char *at = strchr(spec, '@');
  const char *rel = o->releases ? o->releases : "manuals/releases";
  int rc = 0;
  if (n > 5 && (!strcmp(spec + n - 5, ".yaml") || !strcmp(spec + n - 4, ".yml"))) {
    rc = S_yaml(o, d, spec, s);
    s->root = util_dirname(spec);
  } else if (n > 4 && !strcmp(spec + n - 4, ".xml")) {
    s->pub = release_read(d, spec);
    rc = s->pub ? 0 : 1;
  } else if (at && !strchr(spec, '/')) {
    char id[80];
    size_t il = (size_t)(at - spec);
    if (il == 0 || il >= sizeof id) {
      diag_report(d, DIAG_ERROR, pos, "usage", "give a release as ID@N.M, e.g. box@2.0");
      return 2;
    }
    memcpy(id, spec, il);
    id[il] = 0;
    char *tag = NULL;
    if (!strcmp(at + 1, "previous") || !strcmp(at + 1, "latest")) {
      /* previous: the newest release older than the other side's version */
      int prev = !strcmp(at + 1, "previous");
      tag = prev ? release_before(rel, id, other && other->tag ? other->tag : NULL)
                 : release_latest(rel, id);
      if (!tag) {
        diag_report(d, DIAG_ERROR, pos, "release-missing", "no %s release of '%s' in %s",
                    prev ? "earlier" : "", id, rel);
        return 1;
      }
    } else
      tag = xstrdup(at + 1);
    char *p = release_path(rel, id, tag);
    s->pub = release_read(d, p);
    free(p);
    free(tag);
    rc = s->pub ? 0 : 1;
  } else {
    diag_report(d, DIAG_ERROR, pos, "usage",
                "not a release (ID@N.M), a snapshot (.xml) or a manual (.yaml)");
    return 2;
  }
  if (rc) return rc;
  s->id = xmlu_attr_or(xmlDocGetRootElement(s->pub), "manual", "");
  char *v = xmlu_attr_or(xmlDocGetRootElement(s->pub), "version", "");
  s->tag = release_tag(v);
  if (!s->tag) s->tag = xstrdup("x");
  free(v);
  if (at && !strchr(spec, '/') && !strstr(spec, ".xml")) { /* ID@previous → ID@3.0 */
    buf l;
    buf_init(&l);
    buf_printf(&l, "%s@%s", s->id, s->tag);
    s->label = buf_detach(&l);
  } else
    s->label = xstrdup(spec);
  return 0;
}

static void S_free(side *s) {
  if (s->pub) xmlFreeDoc(s->pub);
  free(s->id);
  free(s->tag);
  free(s->label);
  free(s->root);
}

/* The bytes of a picture a redline shows, if they can be found and have its SHA-256: kept with
 * the releases (tejun release stores them), or, for a YAML side, the manual's own file. */
static char *S_image_bytes(const char *releases, const side *s, const char *sha, const char *type,
                           const char *src, size_t *len) {
  for (int k = 0; k < 2; k++) {
    char *p = NULL;
    if (k == 0)
      p = release_image_path(releases, sha, type);
    else if (s->root && src && *src && !strstr(src, "..") && src[0] != '/') {
      buf b;
      buf_init(&b);
      buf_printf(&b, "%s/%s", s->root, src);
      p = buf_detach(&b);
    }
    if (!p) continue;
    char *data = release_image_read(p, sha, len);
    free(p);
    if (data) return data;
  }
  return NULL;
}

/* Stages each picture of the diff's <image> pairs as OUT/images/SHA.png|jpg and points the
 * pair's side at it (href); a picture that cannot be found keeps no href (the redline says so). */
static int S_stage_images(const cmd_diff_opts *o, diag *d, xmlDocPtr df, const side *a,
                          const side *b) {
  const char *rel = o->releases ? o->releases : "manuals/releases";
  xmlHashTablePtr done = xmlHashCreate(8);
  int rc = 0;
  xmlNodePtr root = xmlDocGetRootElement(df);
  for (xmlNodePtr n = root; n && !rc; n = xmlu_next(n, root)) {
    if ((xmlu_is(n, "old") || xmlu_is(n, "new")) && xmlu_is(n->parent, "image")) {
      xmlChar *sha = xmlGetProp(n, BAD_CAST "sha256"), *type = xmlGetProp(n, BAD_CAST "type"),
              *src = xmlGetProp(n, BAD_CAST "src");
      if (sha && strlen((const char *)sha) == 64 &&
          strspn((const char *)sha, "0123456789abcdef") == 64) {
        buf href;
        buf_init(&href);
        buf_printf(&href, "images/%s.%s", (const char *)sha,
                   type && !xmlStrcmp(type, BAD_CAST "image/jpeg") ? "jpg" : "png");
        int have = xmlHashLookup(done, BAD_CAST buf_cstr(&href)) != NULL;
        if (!have) {
          size_t len = 0;
          char *data =
              S_image_bytes(rel, xmlStrcmp(n->name, BAD_CAST "old") ? b : a, (const char *)sha,
                            (const char *)type, (const char *)src, &len);
          if (data) {
            buf p;
            buf_init(&p);
            buf_printf(&p, "%s/%s", o->out, buf_cstr(&href));
            if (output_stage(d, buf_cstr(&p), data, len) != 0)
              rc = 2;
            else {
              xmlHashAddEntry(done, BAD_CAST buf_cstr(&href), (void *)1);
              have = 1;
            }
            buf_free(&p);
            free(data);
          }
        }
        if (have) xmlNewProp(n, BAD_CAST "href", BAD_CAST buf_cstr(&href));
        buf_free(&href);
      }
      xmlFree(sha);
      xmlFree(type);
      xmlFree(src);
    }
  }
  xmlHashFree(done, NULL);
  return rc;
}

int cmd_diff_run(const cmd_diff_opts *o, diag *d) {
  side a, b;
  if (o->out) output_root(o->out);
  /* NEW first: ID@previous on the old side is relative to it */
  int rc = S_side(o, d, o->cur, NULL, &b);
  if (rc) {
    S_free(&b);
    return rc;
  }
  rc = S_side(o, d, o->old, &b, &a);
  if (rc) {
    S_free(&a);
    S_free(&b);
    return rc;
  }
  if (strcmp(a.id, b.id)) {
    diag_pos pos = {o->cur, 0, 0};
    diag_report(
        d, DIAG_ERROR, pos, "diff-manuals",
        "the two sides are different manuals ('%s' and '%s'); compare two versions of one manual",
        a.id, b.id);
    S_free(&a);
    S_free(&b);
    return 1;
  }
  if (o->out &&
      !util_safe_id(b.id)) { /* the file name below: never a path (release_parse checks it too) */
    diag_pos pos = {o->cur, 0, 0};
    diag_report(d, DIAG_ERROR, pos, "release-corrupt",
                "the manual id '%s' is not an id; nothing was written", b.id);
    S_free(&a);
    S_free(&b);
    return 1;
  }
  xmlDocPtr df = diff_publications(a.pub, b.pub, a.label, b.label, tejun_version);
  rc = o->out ? S_stage_images(o, d, df, &a, &b) : 0;
  if (rc)
    output_abort();
  else if (o->format == DIFF_TEXT && !o->out)
    diff_text(stdout, df, o->color);
  else {
    xslt *r = o->out || o->format == DIFF_HTML ? xslt_open(d, o->templates)
                                               : NULL; /* the Markdown is C */
    if (!r && (o->out || o->format == DIFF_HTML)) rc = 2;
    for (int f = 0; !rc && f < 2; f++) {
      int html = f == 0;
      if (!o->out && html != (o->format == DIFF_HTML)) continue;
      size_t len = 0;
      char *data = html ? xslt_apply(r, d, XSLT_DIFF_HTML, df, &len) : markdown_diff(d, df, &len);
      if (!data) {
        rc = 2;
        break;
      }
      if (o->out) {
        buf p;
        buf_init(&p);
        buf_printf(&p, "%s/%s-%s..%s.%s", o->out, b.id, a.tag, b.tag, html ? "html" : "md");
        if (output_stage(d, buf_cstr(&p), data, len) != 0) rc = 2; /* .html and .md together */
        buf_free(&p);
      } else if (isatty(fileno(stdout)))
        util_term_put(stdout, data, len, UTIL_TERM_LINES); /* read there: never raw */
      else
        fwrite(data, 1, len, stdout);
      free(data);
    }
    if (o->out && rc)
      output_abort();
    else if (o->out && output_commit(d) != 0)
      rc = 2;
    xslt_close(r);
  }
  xmlFreeDoc(df);
  S_free(&a);
  S_free(&b);
  return rc;
}

/* The command line of `tejun diff`. */

const char cmd_diff_usage[] =
    "usage: tejun diff [options] OLD NEW\n"
    "\n"
    "Show what changed between two versions of one manual, step by step: pages and steps\n"
    "are matched by their ids (added, removed, moved, changed; a renumbering alone is not\n"
    "a change of text), and changed Japanese text is compared character by character.\n"
    "The change-log rows between the two versions head the output.\n"
    "\n"
    "OLD and NEW are each a release, ID@N.M (box@2.0), ID@previous (the newest release\n"
    "older than the other side), ID@latest, a snapshot .xml, or a manual .yaml.\n"
    "\n"
    "options:\n"
    "      --format=FMT     text (default; coloured on a terminal), markdown, or html\n"
    "  -o, --output DIR     write DIR/<id>-<old>..<new>.html and .md instead of printing\n"
    "      --releases DIR   where releases are (default: manuals/releases)\n"
    "      --catalog FILE   the catalog for .yaml sides (default: beside the manual)\n"
    "  -h, --help           show this help\n"
    "\n"
    "exit status: 0 diff made (changed or not), 1 a release missing or corrupted, two\n"
    "different manuals or errors in a manual, 2 usage or I/O error.\n";

enum { O_FORMAT = 256, O_RELEASES, O_CATALOG };
static const struct option S_longs[] = {{"format", required_argument, NULL, O_FORMAT},
                                        {"output", required_argument, NULL, 'o'},
                                        {"releases", required_argument, NULL, O_RELEASES},
                                        {"catalog", required_argument, NULL, O_CATALOG},
                                        {"help", no_argument, NULL, 'h'},
                                        {NULL, 0, NULL, 0}};

int cmd_diff_main(int argc, char **argv) {
  cmd_diff_opts o;
  memset(&o, 0, sizeof o);
  o.templates = cmd_templates();
  const char *sides[2] = {NULL, NULL};
  int ns = 0;
  cmd_args a = {argc, argv, "diff", "o:h", S_longs, NULL, 0};
  for (int c; (c = cmd_next(&a)) != CMD_END;) {
    const char *v = a.arg;
    switch (c) {
    case 'h': fputs(cmd_diff_usage, stdout); return 0;
    case O_FORMAT:
      if (!strcmp(v, "text"))
        o.format = DIFF_TEXT;
      else if (!strcmp(v, "markdown") || !strcmp(v, "md"))
        o.format = DIFF_MARKDOWN;
      else if (!strcmp(v, "html"))
        o.format = DIFF_HTML;
      else
        return cmd_usage_error("diff", "unknown --format '%s' (text, markdown, html)", v);
      break;
    case 'o': o.out = v; break;
    case O_RELEASES: o.releases = v; break;
    case O_CATALOG: o.catalog = v; break;
    case CMD_FILE:
      if (ns == 2) return cmd_usage_error("diff", "%s", "diff takes two sides: OLD NEW");
      sides[ns++] = v;
      break;
    default: return 2;
    }
  }
  if (ns != 2) return cmd_usage_error("diff", "%s", "diff takes two sides: OLD NEW");
  o.old = sides[0];
  o.cur = sides[1];
  o.color = cmd_color() && isatty(1);
  diag d;
  diag_init(&d, stderr, cmd_color(), 0);
  int rc = cmd_diff_run(&o, &d);
  diag_sort(&d);
  diag_summary(&d, "tejun diff");
  diag_free(&d);
  return rc;
}
