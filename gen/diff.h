/* diff.h: the difference between two publications of one manual (two releases, or a release
 * and the current YAML), step by step. Pages and steps are matched by their stable ids, so a
 * renumbering alone is not a change of text; a changed text is diffed character by character
 * (Japanese has no spaces between words). The result is a diff document (templates/diff.rng,
 * described in templates/README.md, "The diff document") that diff-html.xsl and markdown_diff
 * (markdown.h) present, and diff_text prints for a terminal.
 * Ownership: the returned document is the caller's (xmlFreeDoc). */
#ifndef TEJUN_DIFF_H
#define TEJUN_DIFF_H
#include "util.h"
#include <libxml/tree.h>
#include <stdio.h>

#define DIFF_MAX_CHARS 4000 /* longer texts are shown as replaced whole */

/* old/new: publication documents; labels name the sides ("box@2.0", "manuals/box.yaml"). */
xmlDocPtr diff_publications(xmlDocPtr old, xmlDocPtr cur, const char *old_label,
                            const char *new_label, const char *tejun_version);
/* Number of changes the diff document records (0: the same content). */
int diff_count(xmlDocPtr diff);
/* Prints the diff for a terminal; colour marks insertions and deletions when `color`. */
void diff_text(FILE *f, xmlDocPtr diff, int color);
/* Marks in a publication what a diff found changed: changed="added|changed|moved|…" on its
 * pages and steps, and a <changes since="第2.0版"> list after the change log (for
 * `tejun build --changes-since`). Pages and steps are found by id, so it works on any view. */
void diff_mark(xmlDocPtr publication, xmlDocPtr diff);
/* Appends the character diff of a and b to parent as <same>, <del> and <ins> runs. */
void diff_chars(xmlNodePtr parent, const char *a, const char *b);
#endif
