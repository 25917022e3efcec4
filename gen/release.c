/* release.c: freezing, reading and verifying release snapshots. */
#include "release.h"
#include "cmd_build.h"
#include "pubxml.h"
#include "view.h"
#include "output.h"
#include "xslt.h"
#include "sha256.h"
#include <dirent.h>
#include <libxml/hash.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *release_tag(const char *v) {
  const char *p = v;
  if (strncmp(p, "第", 3)) return NULL;
  p += 3;
  buf b; buf_init(&b);
  int digits = 0, dot = 0;
  while (*p) {
    uint32_t cp;
    int k = utf8_decode((const unsigned char *)p, strlen(p), &cp);
    if (k <= 0) break;
    if (cp >= '0' && cp <= '9') { buf_putc(&b, (char)cp); digits++; }
    else if (cp >= 0xFF10 && cp <= 0xFF19) { buf_putc(&b, (char)('0' + cp - 0xFF10)); digits++; }
    else if ((cp == '.' || cp == 0xFF0E) && digits && !dot) { buf_putc(&b, '.'); dot = 1; }
    else break;
    p += k;
  }
  if (!digits || strcmp(p, "版") || (b.len && b.data[b.len - 1] == '.')) { buf_free(&b); return NULL; }
  return buf_detach(&b);
}

static char *S_dump(xmlNodePtr n) {
  xmlBufferPtr xb = xmlBufferCreate();
  xmlNodeDump(xb, n->doc, n, 0, 0);
  char *s = xstrdup((const char *)xmlBufferContent(xb));
  xmlBufferFree(xb);
  return s;
}

char *release_digest(xmlDocPtr pub) {
  xmlNodePtr root = xmlDocGetRootElement(pub);
  xmlChar *tv = xmlGetProp(root, BAD_CAST "tejun");
  if (tv) xmlUnsetProp(root, BAD_CAST "tejun");
  char *s = S_dump(root);
  if (tv) { xmlSetProp(root, BAD_CAST "tejun", tv); xmlFree(tv); }
  char hex[65];
  sha256_hex(s, strlen(s), hex);
  free(s);
  buf b; buf_init(&b);
  buf_printf(&b, "sha256:%s", hex);
  return buf_detach(&b);
}

xmlDocPtr release_publication(const tj_manual *m) {
  tj_view v;
  view_init(&v, m, NULL);
  xmlDocPtr doc = pubxml_view(&v, &v, tejun_version);
  view_free(&v);
  return doc;
}

char *release_path(const char *dir, const char *id, const char *tag) {
  buf b; buf_init(&b);
  buf_printf(&b, "%s/%s@%s.xml", dir, id, tag);
  return buf_detach(&b);
}

xmlDocPtr release_read(diag *d, const char *path) {
  diag_pos pos = { path, 0, 0 };
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
    diag_report(d, DIAG_ERROR, pos, "release-missing", "no such release snapshot; `tejun release MANUAL.yaml` makes one");
    return NULL;
  }
  if (st.st_size > 64 << 20) { diag_report(d, DIAG_ERROR, pos, "release-corrupt", "snapshot larger than 64 MiB"); return NULL; }
  FILE *f = fopen(path, "rb");
  if (!f) { diag_report(d, DIAG_ERROR, pos, "release-missing", "cannot read the snapshot"); return NULL; }
  buf b; buf_init(&b);
  char chunk[65536];
  size_t k;
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) buf_add(&b, chunk, k);
  fclose(f);
  xmlDocPtr pub = release_parse(d, b.data ? b.data : "", b.len, path);
  buf_free(&b);
  return pub;
}

xmlDocPtr release_parse(diag *d, const char *data, size_t len, const char *shown) {
  diag_pos pos = { shown, 0, 0 };
  if (len > (64u << 20)) { diag_report(d, DIAG_ERROR, pos, "release-corrupt", "snapshot larger than 64 MiB"); return NULL; }
  xmlDocPtr doc = xslt_parse_xml(data, len);
  xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
  xmlNodePtr pubn = NULL;
  if (root && !xmlStrcmp(root->name, BAD_CAST "release"))
    for (xmlNodePtr c = root->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE && !xmlStrcmp(c->name, BAD_CAST "publication")) { pubn = c; break; }
  xmlChar *want = root ? xmlGetProp(root, BAD_CAST "digest") : NULL;
  if (!pubn || !want) {
    diag_report(d, DIAG_ERROR, pos, "release-corrupt", "not a tejun release snapshot (no <release digest> with a <publication>); restore it from version control");
    if (want) xmlFree(want);
    if (doc) xmlFreeDoc(doc);
    return NULL;
  }
  xmlDocPtr pub = xmlNewDoc(BAD_CAST "1.0");
  xmlDocSetRootElement(pub, xmlDocCopyNode(pubn, pub, 1));
  xmlFreeDoc(doc);
  char *got = release_digest(pub);
  int ok = !strcmp(got, (const char *)want);
  if (!ok) diag_report(d, DIAG_ERROR, pos, "release-corrupt", "the snapshot's content does not match its digest (%s, computed %s): it was edited or damaged; restore it from version control", (const char *)want, got);
  free(got);
  xmlFree(want);
  if (!ok) { xmlFreeDoc(pub); return NULL; }
  return pub;
}

/* Compares two tags "2.10" > "2.9" numerically, part by part. */
static int S_tagcmp(const char *a, const char *b) {
  while (*a || *b) {
    long x = strtol(a, (char **)&a, 10), y = strtol(b, (char **)&b, 10);
    if (x != y) return x < y ? -1 : 1;
    if (*a == '.') a++;
    if (*b == '.') b++;
    if (!*a && !*b) break;
  }
  return 0;
}

char *release_latest(const char *dir, const char *id) { return release_before(dir, id, NULL); }

char *release_before(const char *dir, const char *id, const char *below) {
  DIR *dh = opendir(dir);
  if (!dh) return NULL;
  char *best = NULL;
  size_t il = strlen(id);
  struct dirent *e;
  while ((e = readdir(dh))) {
    const char *n = e->d_name;
    size_t l = strlen(n);
    if (l <= il + 5 || strncmp(n, id, il) || n[il] != '@' || strcmp(n + l - 4, ".xml")) continue;
    char tag[64];
    size_t tl = l - il - 5;
    if (tl == 0 || tl >= sizeof tag) continue;
    memcpy(tag, n + il + 1, tl); tag[tl] = 0;
    if (strspn(tag, "0123456789.") != tl) continue;
    if (below && S_tagcmp(tag, below) >= 0) continue;
    if (!best || S_tagcmp(tag, best) > 0) { free(best); best = xstrdup(tag); }
  }
  closedir(dh);
  return best;
}

static xmlNodePtr S_child(xmlNodePtr n, const char *name, const char *id) {
  for (xmlNodePtr c = n->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name, BAD_CAST name)) continue;
    if (!id) return c;
    xmlChar *v = xmlGetProp(c, BAD_CAST "id");
    int same = v && !strcmp((const char *)v, id);
    if (v) xmlFree(v);
    if (same) return c;
  }
  return NULL;
}

/* The <page> children of a publication by id (the first of equal ids). */
static xmlHashTablePtr S_pages_by_id(xmlNodePtr root) {
  xmlHashTablePtr h = xmlHashCreate(256);
  for (xmlNodePtr c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE || xmlStrcmp(c->name, BAD_CAST "page")) continue;
    xmlChar *v = xmlGetProp(c, BAD_CAST "id");
    if (v) { xmlHashAddEntry(h, v, c); xmlFree(v); }
  }
  return h;
}

/* A page's content for comparison: without its number and anchor (a move is not a change). */
static char *S_page_key(xmlNodePtr page) {
  xmlNodePtr c = xmlCopyNode(page, 1);
  xmlUnsetProp(c, BAD_CAST "n");
  xmlUnsetProp(c, BAD_CAST "anchor");
  xmlBufferPtr xb = xmlBufferCreate();
  xmlNodeDump(xb, page->doc, c, 0, 0);
  char *s = xstrdup((const char *)xmlBufferContent(xb));
  xmlBufferFree(xb);
  xmlFreeNode(c);
  return s;
}

void release_changed_pages(xmlDocPtr old, xmlDocPtr cur, buf *out) {
  xmlNodePtr ro = xmlDocGetRootElement(old), rc = xmlDocGetRootElement(cur);
  static const char *const parts[] = {"cover", "changelog", "trademarks"};
  static const char *const names[] = {"表紙", "変更履歴", "商標について"};
  /* the cover shows the title, product, publisher and label */
  const char *attrs[] = {"title", "product", "publisher", "label"};
  int cover = 0;
  for (int i = 0; i < 4; i++) {
    xmlChar *a = xmlGetProp(ro, BAD_CAST attrs[i]), *b = xmlGetProp(rc, BAD_CAST attrs[i]);
    if (!a || !b || xmlStrcmp(a, b)) cover = 1;
    if (a) xmlFree(a);
    if (b) xmlFree(b);
  }
  if (cover) buf_puts(out, "P1 表紙");
  for (int i = 1; i < 3; i++) {
    xmlNodePtr a = S_child(ro, parts[i], NULL), b = S_child(rc, parts[i], NULL);
    char *ka = a ? S_page_key(a) : xstrdup(""), *kb = b ? S_page_key(b) : xstrdup("");
    if (strcmp(ka, kb)) { if (out->len) buf_puts(out, ", "); buf_puts(out, names[i]); }
    free(ka); free(kb);
  }
  /* the pages of each side by id (the first of equal ids), so that each page is found at once */
  xmlHashTablePtr ho = S_pages_by_id(ro), hc = S_pages_by_id(rc);
  int pages = 0;
  for (xmlNodePtr p = rc->children; p; p = p->next) {
    if (p->type != XML_ELEMENT_NODE || xmlStrcmp(p->name, BAD_CAST "page")) continue;
    xmlChar *id = xmlGetProp(p, BAD_CAST "id"), *n = xmlGetProp(p, BAD_CAST "n");
    xmlNodePtr q = id ? xmlHashLookup(ho, id) : S_child(ro, "page", NULL);
    char *ka = q ? S_page_key(q) : NULL, *kb = S_page_key(p);
    if ((!ka || strcmp(ka, kb)) && pages++ < RELEASE_MAX_LISTED) {
      if (out->len) buf_puts(out, ", ");
      buf_printf(out, "P%s %s%s", n ? (const char *)n : "", id ? (const char *)id : "", q ? "" : " (new)");
    }
    free(ka); free(kb);
    xmlFree(id); xmlFree(n);
  }
  for (xmlNodePtr p = ro->children; p; p = p->next) {
    if (p->type != XML_ELEMENT_NODE || xmlStrcmp(p->name, BAD_CAST "page")) continue;
    xmlChar *id = xmlGetProp(p, BAD_CAST "id");
    if (!(id ? xmlHashLookup(hc, id) : S_child(rc, "page", NULL)) && pages++ < RELEASE_MAX_LISTED) {
      if (out->len) buf_puts(out, ", ");
      buf_printf(out, "%s (removed)", id ? (const char *)id : "");
    }
    xmlFree(id);
  }
  if (pages > RELEASE_MAX_LISTED) buf_printf(out, " and %d more page%s", pages - RELEASE_MAX_LISTED, pages - RELEASE_MAX_LISTED == 1 ? "" : "s");
  xmlHashFree(ho, NULL);
  xmlHashFree(hc, NULL);
}

int release_freeze(diag *d, const tj_manual *m, const char *dir, int *written) {
  const tj_rev *rel = manual_release(m);
  *written = 0;
  char *tag = rel ? release_tag(rel->version) : NULL;
  if (!tag) {
    diag_report(d, DIAG_ERROR, rel ? rel->version_pos : m->pos, "release-version", "the last change-log version '%s' is not 第N.M版; a release needs one", rel ? rel->version : "");
    return 1;
  }
  xmlDocPtr pub = release_publication(m);
  char *digest = release_digest(pub);
  char *path = release_path(dir, m->id, tag);
  int rc = 0;
  struct stat st;
  if (stat(path, &st) == 0) {
    xmlDocPtr old = release_read(d, path);
    if (!old) rc = 1;
    else {
      char *od = release_digest(old);
      if (strcmp(od, digest)) {
        buf pages; buf_init(&pages);
        release_changed_pages(old, pub, &pages);
        diag_report(d, DIAG_ERROR, rel->version_pos, "release-exists",
                    "%s was released (%s) with other content; changed since: %s. Add a change-log row for a new version, then release that",
                    rel->version, path, buf_cstr(&pages));
        buf_free(&pages);
        rc = 1;
      }
      free(od);
      xmlFreeDoc(old);
    }
  } else {
    xmlDocPtr snap = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "release");
    xmlDocSetRootElement(snap, root);
    xmlNewProp(root, BAD_CAST "format", BAD_CAST "1");
    xmlNewProp(root, BAD_CAST "manual", BAD_CAST m->id);
    xmlNewProp(root, BAD_CAST "version", BAD_CAST rel->version);
    xmlNewProp(root, BAD_CAST "date", BAD_CAST rel->date);
    xmlNewProp(root, BAD_CAST "digest", BAD_CAST digest);
    xmlNodePtr copy = xmlDocCopyNode(xmlDocGetRootElement(pub), snap, 1);
    xmlUnsetProp(copy, BAD_CAST "tejun");
    xmlAddChild(root, copy);
    xmlChar *mem = NULL;
    int len = 0;
    xmlDocDumpFormatMemoryEnc(snap, &mem, &len, "UTF-8", 0);
    if (output_write(d, path, (const char *)mem, (size_t)len) != 0) rc = 2;
    else *written = 1;
    xmlFree(mem);
    xmlFreeDoc(snap);
  }
  free(path); free(digest); free(tag);
  xmlFreeDoc(pub);
  return rc;
}

void release_check(diag *d, const tj_manual *m, const char *dir) {
  const tj_rev *rel = manual_release(m);
  char *latest = release_latest(dir, m->id);
  char *tag = rel ? release_tag(rel->version) : NULL;
  if (latest && tag && !strcmp(latest, tag)) {
    char *path = release_path(dir, m->id, tag);
    xmlDocPtr old = release_read(d, path);
    if (old) {
      xmlDocPtr pub = release_publication(m);
      char *a = release_digest(old), *b = release_digest(pub);
      if (strcmp(a, b)) {
        buf pages; buf_init(&pages);
        release_changed_pages(old, pub, &pages);
        diag_report(d, DIAG_ERROR, rel->version_pos, "release-unbumped",
                    "content changed since %s (released %s): %s; add a change-log row", rel->version, rel->date, buf_cstr(&pages));
        buf_free(&pages);
      }
      free(a); free(b);
      xmlFreeDoc(pub);
      xmlFreeDoc(old);
    }
    free(path);
  }
  free(latest); free(tag);
}
