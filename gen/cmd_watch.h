/* cmd_watch.h: `tejun watch` (and `tejun build --watch`): build the manuals once, then watch
 * (inotify, Linux) the folders of the manuals, of every file they read (included shared pages,
 * the catalog) and the templates, and after each burst of changes (100 ms of quiet) rebuild
 * what it touches, with the dependencies the depfiles hold (tj_manual.deps): a manual, the
 * manuals that include a changed shared page, every manual when the catalog or a template
 * changes or a file appears or disappears; then the manifest. Each rebuild prints its
 * diagnostics, then one line on stderr. A manual with errors keeps its earlier outputs. The
 * stylesheets are parsed once (again when they change), the catalog loaded once (again when
 * it changes). SIGINT, SIGTERM, SIGHUP stop it at the next safe point (output.h).
 * Ownership: o and what it points to stay the caller's; nothing is kept after return. */
#ifndef TEJUN_CMD_WATCH_H
#define TEJUN_CMD_WATCH_H
#include "cmd_build.h"

/* Runs until a stop signal (then returns 0: the caller dies by it, output_reraise) or a
 * failure to watch (2, reported). 2 as well when the templates folder or the catalog cannot
 * be read at the start; errors in the manuals, the catalog or the templates are reported and
 * it keeps watching. o: the options of a build (o->jobs 1, no emit, no depfile, manifest on,
 * YAML manuals only: main.c checks). color: ANSI colour on stderr. */
int cmd_watch_run(build_opts *o, int color);
#endif
