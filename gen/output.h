/* output.h: writing files so that nothing is ever half-written: each file goes to a
 * temporary file in its target folder and is renamed into place; a failure removes the
 * temporary file and leaves the previous version intact. */
#ifndef TEJUN_OUTPUT_H
#define TEJUN_OUTPUT_H
#include "diag.h"
#include <stddef.h>

/* Creates dir and its parents (mode 0777 & umask). Returns 0, or -1 with errno set. */
int output_mkdirs(const char *dir);
/* Writes data to path atomically (creating its folder), apart from any staged set.
 * Returns 0, or -1 after reporting to d (the previous file is kept). */
int output_write(diag *d, const char *path, const char *data, size_t len);
/* Files that are replaced together (a manual's outputs): each is written in full to a
 * temporary file beside its target (output_stage), and only when all are written are they
 * renamed into place (output_commit), so a full disk or an I/O error midway replaces none.
 * output_abort removes the staged files. One set is staged at a time per process.
 * output_stage returns 0, or -1 after reporting (the set stays staged: abort it). */
int output_stage(diag *d, const char *path, const char *data, size_t len);
/* output_commit first writes a journal, "DIR/.tejun-commit-PID" in the run's output folder
 * (output_root), listing each temporary file and its target; renames; then removes it. A
 * signal that kills during the renames finishes them first; a SIGKILL leaves the journal,
 * and the next output_root or output_sweep finishes them. A set with a file outside DIR
 * (a --depfile elsewhere) has no journal. */
int output_commit(diag *d);   /* 0, or -1 after reporting (the files before the failure are in place) */
void output_abort(void);
/* Installs the handlers for SIGINT, SIGTERM and SIGHUP (remove the temporary file, then die
 * by the signal) and ignores SIGXFSZ (a file-size limit becomes a write error). */
void output_signals(void);
/* While on, the first of those signals only asks the job to stop: the job polls
 * output_stopped() between files it commits together, finishes what keeps out/ consistent
 * (the manifest), and main calls output_reraise() to die by the signal. A second one kills. */
void output_graceful(int on);
int output_stopped(void);            /* the signal that asked to stop, or 0 */
/* In a worker process (workers.h): every further signal only asks to stop, since the parent
 * forwards the one it got (a second one from the user kills the parent, and the workers
 * die on their next write to it). */
void output_worker(void);
void output_reraise(void);           /* dies by that signal, if there was one */
/* Sets the run's output folder (-o DIR) before anything is staged, and finishes, in it, the
 * commits that runs killed outright left (their journals, see output_sweep), so a later run
 * never writes a file that an older journal would roll back. Returns how many it renamed. */
int output_root(const char *dir);
/* Under dir (not following symlinks), for writers killed outright (their process is gone):
 * first finishes each commit a journal records, renaming every temporary file it lists that is
 * still there onto its target unless the target is newer (a later run wrote it); then removes
 * the temporary files left, ".NAME.tmp-PID-XXXXXX". Returns how many files it renamed or removed. */
int output_sweep(const char *dir);
/* Removes any temporary files a killed run left behind (called at exit and on signals). */
void output_cleanup(void);
#endif
