/* output.h: writing files so that nothing is ever half-written: each file goes to a
 * temporary file in its target folder and is renamed into place; a failure removes the
 * temporary file and leaves the previous version intact. A file that already holds exactly
 * the bytes to write is not written again: only its modification time is set to now (make
 * then sees it rebuilt), so that a build that changes nothing renames nothing.
 * Below the run's output folder (output_root; the folder itself may be a link the user chose)
 * tejun never follows a link it did not make: every path is walked from that folder one
 * component at a time with O_NOFOLLOW, folders are made with mkdirat, temporary files with
 * O_CREAT|O_EXCL|O_NOFOLLOW, renames are renameat within one folder, and a link met on the way
 * (or as the target) is refused: "out/services is a symbolic link; tejun does not follow links
 * inside its output folder: remove it" (an I/O error: exit 2, nothing written).
 * Elsewhere (a release snapshot, a --depfile outside the folder) the folder is opened as named
 * and only the file itself is never followed.
 * One run at a time writes into an output folder: the first write takes an exclusive flock on
 * DIR/.tejun/lock (waiting for another run, with one line on a terminal), and the run holds it
 * until it exits; worker processes forked after it share it. */
#ifndef TEJUN_OUTPUT_H
#define TEJUN_OUTPUT_H
#include "diag.h"
#include <stddef.h>

/* Creates dir and its parents (mode 0777 & umask), following links (for folders the user
 * names, not for those below the output folder). Returns 0, or -1 with errno set. */
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
 * and the next run's lock (output_lock) or output_sweep finishes them. A set with a file
 * outside DIR (a --depfile elsewhere) has no journal. */
int output_commit(
    diag *d); /* 0, or -1 after reporting (the files before the failure are in place) */
void output_abort(void);
/* Installs the handlers for SIGINT, SIGTERM and SIGHUP (remove the temporary file, then die
 * by the signal) and ignores SIGXFSZ (a file-size limit becomes a write error). */
void output_signals(void);
/* While on, the first of those signals only asks the job to stop: the job polls
 * output_stopped() between files it commits together, finishes what keeps out/ consistent
 * (the manifest), and main calls output_reraise() to die by the signal. A second one kills. */
void output_graceful(int on);
int output_stopped(void); /* the signal that asked to stop, or 0 */
/* In a worker process (workers.h): every further signal only asks to stop, since the parent
 * forwards the one it got (a second one from the user kills the parent, and the workers
 * die on their next write to it). */
void output_worker(void);
void output_reraise(void); /* dies by that signal, if there was one */
/* Sets the run's output folder (-o DIR) before anything is read or written in it. Nothing is
 * touched yet: the folder is created and locked by the first write (or output_lock). */
void output_root(const char *dir);
/* Takes the output folder's lock (once per process; a no-op without output_root): exclusive,
 * creating DIR, DIR/.tejun and the lock file, then finishing, in DIR, the commits that runs
 * killed outright left (their journals, see output_sweep), so that this run never writes a
 * file that an older journal would roll back; or shared (`manifest --check`: it only reads),
 * which creates nothing and takes no lock where there is no lock file yet. Blocks while
 * another run holds it. 0, or -1 after reporting (then every later write of the run fails). */
int output_lock(diag *d, int shared);
/* Lets the lock go between two runs of one process (tejun watch, while it waits for a save):
 * nothing may be staged; the next write takes it again. */
void output_unlock(void);
/* Locks a folder outside any output folder for the caller (the releases folder of `tejun
 * release`, which is under version control: its own fd is locked, no file is made), creating
 * it when missing. Returns the fd to close when done, or -1 after reporting. */
int output_lock_folder(diag *d, const char *dir);
/* Reads a whole file below the output folder without following links. Returns 0 with
 * *data (malloc'ed, NUL-terminated) and *len, 1 when it does not exist (not reported), or -1
 * after reporting (a link on the way, not a regular file, a read error). */
int output_read(diag *d, const char *path, char **data, size_t *len);
/* Removes a regular file below the output folder (an output no build writes any more), walking
 * without following links. 0 when it is gone (or was not there), -1 after reporting. */
int output_remove(diag *d, const char *path);
/* The names in a folder below the output folder (no "." or ".."), walked without following
 * links: *names is a malloc'ed array of malloc'ed strings, unsorted. Returns their count (0 when
 * the folder does not exist), or -1 after reporting. */
int output_list(diag *d, const char *dir, char ***names);
/* Under the output folder (not following links), for writers killed outright (their process
 * is gone): first finishes each commit a journal records, renaming every temporary file it
 * lists that is still there onto its target unless the target is newer (a later run wrote
 * it); then removes the temporary files left, ".NAME.tmp-PID-XXXXXX". A journal entry must name
 * a temporary file and its target in one folder below the journal's; an entry through a link
 * is refused (reported, nothing of that journal renamed). Returns how many files it renamed
 * or removed, or -1 after reporting. Takes the exclusive lock first. */
int output_sweep(diag *d);
/* Removes any temporary files a killed run left behind (called at exit and on signals). */
void output_cleanup(void);
#endif
