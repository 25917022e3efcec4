/* model.h: a manual as tejun understands it, every node with its file:line:col.
 * Built by load.c, numbered by view.c, read by check.c and pubxml.c.
 * Ownership: a tj_manual (made by manual_load, load.h) owns one arena holding all its nodes and
 * strings; manual_free releases it. A tj_catalog likewise (catalog_load, catalog_free). A manual
 * points at the catalog, never owns it. */
#ifndef TEJUN_MODEL_H
#define TEJUN_MODEL_H
#include "diag.h"
#include "util.h"

typedef struct tj_when {
  const char **ids;
  int n;
  diag_pos pos;
} tj_when;

struct ynode; /* yaml_tree.h: the scalar a text was read from */

/* A piece of Markdown inline text (may hold {{page:ID}} references). `src` is the YAML scalar
 * it was read from (NULL when it was not read from YAML): text_at places a byte of md with it. */
typedef struct tj_text {
  const char *md;
  diag_pos pos;
  tj_when when;
  const struct ynode *src;
} tj_text;
/* The line and column (in characters) where byte `byte` of t->md stands in its file: through
 * the scalar's source (escapes, quotes, folded lines and block indentation counted), computed
 * only when asked. Without a source, counted from t->pos. */
diag_pos text_at(const tj_text *t, size_t byte);

typedef enum { REF_PAGE, REF_STEP, REF_DOC } tj_refkind;

/* A literal reference recorded beside prose: `text` as written means `target`. */
typedef struct tj_ref {
  const char *text;
  diag_pos pos;
  tj_refkind kind;
  const char *target;
  diag_pos target_pos;
} tj_ref;

/* A finding silenced on one node: `ignore: [{rule: RULE-ID, reason: …}]`. */
typedef struct tj_ignore {
  const char *rule, *reason;
  diag_pos pos;
} tj_ignore;
typedef struct tj_ignores {
  tj_ignore *v;
  int n;
} tj_ignores;

typedef struct tj_row {
  tj_text *cells;
  int n;
  tj_when when;
  diag_pos pos;
} tj_row;
typedef struct tj_table {
  tj_text *cols;
  int ncols;
  tj_row *rows;
  int nrows;
  diag_pos pos;
} tj_table;
/* A circled step number drawn on a screenshot: `{step: ID, x: X, y: Y}`, in pixels of the
 * image, origin top-left. The number is the step's, as the view numbers it. */
typedef struct tj_callout {
  const char *step;
  long x, y;
  diag_pos pos, step_pos, x_pos, y_pos;
} tj_callout;
struct tj_image; /* image.h: an image file read, its size and digest */
/* `img` is the file `image` names, read when the manual was loaded (NULL: no image:, or a file
 * that could not be published, reported at image_pos). */
typedef struct tj_shot {
  const char *caption;
  const char *image;
  diag_pos pos, image_pos;
  const struct tj_image *img;
  tj_callout *callouts;
  int ncallouts;
} tj_shot;

typedef struct tj_step {
  const char *id;
  diag_pos pos, id_pos;
  const char *number;
  diag_pos number_pos; /* as printed in the source, or NULL */
  tj_text text;
  tj_text *notes;
  int nnotes;
  tj_text *items;
  int nitems;
  tj_table *table;
  const char *code;
  diag_pos code_pos;
  tj_shot *shots;
  int nshots;
  const char *short_text;
  diag_pos short_pos; /* `short`: the checklist line, or NULL */
  const struct ynode *short_src; /* its scalar, for text_at */
  tj_text short_line; /* the same as a text, which the checks read (md NULL: none) */
  int index; /* in manual->steps */
  int page; /* index of its page in manual->pages */
} tj_step;

typedef enum {
  BK_TEXT,
  BK_HEADING,
  BK_NOTE,
  BK_LIST,
  BK_STEP,
  BK_TABLE,
  BK_CODE,
  BK_SHOT
} tj_bkind;

typedef struct tj_block {
  tj_bkind kind;
  diag_pos pos;
  tj_when when;
  tj_ref *refs;
  int nrefs;
  tj_text text; /* BK_TEXT, BK_HEADING, BK_NOTE */
  tj_text *items;
  int nitems; /* BK_LIST */
  tj_step *step; /* BK_STEP */
  tj_table *table; /* BK_TABLE */
  const char *code; /* BK_CODE */
  tj_shot shot; /* BK_SHOT */
  const char *wait;
  diag_pos wait_pos; /* `wait`: a waiting row of the checklists (label), or NULL */
  const struct ynode *wait_src; /* its scalar, for text_at */
  tj_text wait_line; /* the same as a text, which the checks read (md NULL: none) */
  tj_ignores ignore; /* findings silenced here (for a step: written inside the step) */
} tj_block;

typedef struct tj_page {
  const char *id;
  diag_pos pos, id_pos;
  const char *procedure, *qualifier;
  const char *title;
  diag_pos title_pos; /* as printed in the source, or NULL */
  const struct ynode *title_src; /* its scalar, for text_at */
  int divider;
  const char **services;
  int nservices;
  diag_pos service_pos;
  tj_when when;
  tj_block *blocks;
  int nblocks;
  const char *from; /* the shared file it was included from, or NULL */
  tj_ignores ignore; /* findings silenced on this page */
  int index; /* in manual->pages */
} tj_page;

typedef struct tj_rev {
  const char *version, *date, *text;
  diag_pos pos, version_pos, date_pos;
} tj_rev;

typedef struct tj_service {
  const char *id, *name;
} tj_service;
typedef struct tj_doc {
  const char *id, *title;
} tj_doc;
typedef struct tj_cond {
  const char *id, *kind, *label;
} tj_cond;

/* An index of ids for look-ups in constant time: open addressing over a power-of-two table
 * whose slots hold index + 1 (0: empty). Built in the manual's arena. */
typedef struct tj_ids {
  int *slot;
  size_t mask;
} tj_ids;

typedef struct tj_catalog {
  arena *a;
  const char *file;
  const char *publisher, *product, *label;
  tj_service *services;
  int nservices;
  tj_doc *docs;
  int ndocs;
  tj_cond *conds;
  int nconds;
  tj_ids service_ids, doc_ids, cond_ids, title_ids; /* built by catalog_index */
} tj_catalog;
/* Indexes ids[0..n) (empty ids are left out). first[i] (when first is given) is set to the
 * index of an earlier equal id, else -1; the index keeps the first of equal ids. */
void ids_build(tj_ids *x, arena *a, const char *(*key)(const void *items, int i), const void *items,
               int n, int *first);
/* The index of id, or -1. */
int ids_find(const tj_ids *x, const char *(*key)(const void *items, int i), const void *items,
             const char *id);

typedef struct tj_manual {
  arena *a;
  const char *file;
  const tj_catalog *cat;
  const char *id, *title, *label;
  diag_pos pos;
  diag_pos title_pos;
  const struct ynode *title_src; /* where `title:` stands, its scalar for text_at */
  const char **services;
  int nservices;
  tj_text *trademarks;
  int ntm;
  tj_rev *revs;
  int nrevs;
  tj_page **pages;
  int npages;
  tj_step **steps;
  int nsteps;
  const char **deps;
  int ndeps; /* every file read: the manual, its includes, the catalog, its images */
  struct tj_image **images;
  int nimages; /* each distinct image file once, in the order first shown */
  tj_ids page_ids, step_ids; /* built when the manual is loaded, for manual_page/step */
} tj_manual;

void manual_free(tj_manual *m);
void catalog_free(tj_catalog *c);

/* Builds the catalog's indexes (by service, document and condition id, and by document
 * title); the look-ups below use them. The first of equal ids wins. */
void catalog_index(tj_catalog *c);
const tj_service *catalog_service(const tj_catalog *c, const char *id);
/* Reports `id`, a service the catalog lacks, as unknown-service: the one message wherever a
 * service is named (a manual's `services`, a page's `service`, a customer profile), with the
 * nearest service, or the catalog's services and how to add one. */
void catalog_unknown_service(diag *d, diag_pos pos, const tj_catalog *c, const char *id);
/* The document whose title is `title`, or NULL. */
const tj_doc *catalog_doc_titled(const tj_catalog *c, const char *title);
const tj_doc *catalog_doc(const tj_catalog *c, const char *id);
const tj_cond *catalog_cond(const tj_catalog *c, const char *id);
tj_page *manual_page(const tj_manual *m, const char *id);
tj_step *manual_step(const tj_manual *m, const char *id);
/* Builds m->page_ids and m->step_ids; first_page / first_step as in ids_build (may be NULL). */
void manual_index(tj_manual *m, int *first_page, int *first_step);
/* The version row that stamps every output: the last change-log row. */
const tj_rev *manual_release(const tj_manual *m);
int page_has_service(const tj_page *p, const char *service);
/* The screenshots of a block: a screenshot block's one, a step's list, else none (*n = 0). */
const tj_shot *block_shots(const tj_block *b, int *n);

/* The one walk over the published texts: fn(page, block, text, ctx) for every text of a block
 * (text, heading, note; list items; a step's text, notes, items, table and checklist line;
 * table cells; the checklist's waiting line), in the order of the manual; manual_each_text
 * does it for every block of every page, then for the trademark lines (page and block NULL).
 * Code blocks and screenshot captions are not prose and are not walked. */
typedef void (*tj_text_fn)(const tj_page *p, const tj_block *b, const tj_text *t, void *ctx);
void manual_block_texts(const tj_page *p, const tj_block *b, tj_text_fn fn, void *ctx);
void manual_each_text(const tj_manual *m, tj_text_fn fn, void *ctx);
#endif
