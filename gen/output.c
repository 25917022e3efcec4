/* output.c: temp file + rename, and folder creation. */
#include "output.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

static char S_tmp[8300];   /* the temporary file being written, for cleanup on a signal */

/* Staged files: written in full to their temporary files, waiting for output_commit. The
 * signal handler reads this list, so an entry is filled before the count covers it and a
 * grown array is swapped in before the old one is freed. */
typedef struct staged { char *tmp, *path; } staged;
static staged *volatile S_st;
static volatile sig_atomic_t S_nst;
static int S_cap;

void output_cleanup(void) {
  if (S_tmp[0]) { unlink(S_tmp); S_tmp[0] = 0; }
  for (int i = 0; i < S_nst; i++) unlink(S_st[i].tmp);   /* async-signal-safe: unlink only */
}

static void S_unstage_all(int remove) {
  int n = S_nst;
  S_nst = 0;
  for (int i = 0; i < n; i++) {
    if (remove) unlink(S_st[i].tmp);
    free(S_st[i].tmp); free(S_st[i].path);
  }
}

void output_abort(void) { S_unstage_all(1); }

static volatile sig_atomic_t S_graceful, S_stop, S_worker;

static void S_on_signal(int sig) {
  if (S_graceful && (!S_stop || S_worker)) { if (!S_stop) S_stop = sig; return; }   /* the job stops at its next safe point */
  output_cleanup();
  signal(sig, SIG_DFL);
  raise(sig);
}

void output_signals(void) {
  static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
    struct sigaction sa, was;
    if (sigaction(sigs[i], NULL, &was) == 0 && was.sa_handler == SIG_IGN) continue;   /* nohup, `&` */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(sigs[i], &sa, NULL);
  }
  signal(SIGXFSZ, SIG_IGN);   /* a full disk or file-size limit becomes a write error, handled */
}

void output_graceful(int on) { S_graceful = on; }

void output_worker(void) { S_worker = 1; }

int output_stopped(void) { return S_stop; }

void output_reraise(void) {
  int sig = S_stop;
  if (!sig) return;
  output_cleanup();
  signal(sig, SIG_DFL);
  raise(sig);
}

int output_mkdirs(const char *dir) {
  char p[4096];
  size_t n = strlen(dir);
  if (n == 0 || n >= sizeof p) { errno = ENAMETOOLONG; return -1; }
  memcpy(p, dir, n + 1);
  for (size_t i = 1; i <= n; i++) {
    if (p[i] != '/' && p[i] != 0) continue;
    char c = p[i];
    p[i] = 0;
    if (mkdir(p, 0777) != 0 && errno != EEXIST) return -1;
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
    p[i] = c;
  }
  return 0;
}

/* What would fix an I/O error, for the end of its message. */
static const char *S_fix(int e) {
  switch (e) {
  case EACCES: case EPERM: return "; make the folder writable, or choose another with -o";
  case EROFS: return "; the file system is read-only: choose another folder with -o";
  case ENOTDIR: case EEXIST: return "; part of the path is a file, not a folder: move it or choose another folder with -o";
  case ENOSPC: case EDQUOT: case EFBIG: return "; free some space (or raise the file-size limit) and build again";
  case ENAMETOOLONG: return "; choose a shorter output folder with -o";
  default: return "";
  }
}

/* Writes data in full to a new temporary file beside path, named in S_tmp. 0, or -1 after reporting. */
static int S_write_tmp(diag *d, const char *path, const char *data, size_t len) {
  diag_pos pos = { path, 0, 0 };
  char dir[4096];
  size_t n = strlen(path);
  if (n + 16 >= sizeof dir) { diag_report(d, DIAG_ERROR, pos, "io", "path too long; choose a shorter output folder with -o"); return -1; }
  memcpy(dir, path, n + 1);
  char *slash = strrchr(dir, '/');
  const char *base = path;
  if (slash) { *slash = 0; base = slash + 1; }
  else strcpy(dir, ".");
  snprintf(S_tmp, sizeof S_tmp, "%s/.%s.tmp-%ld-XXXXXX", dir, base, (long)getpid());
  int fd = mkstemp(S_tmp);
  if (fd < 0 && errno == ENOENT) {          /* the folder is new: create it, then try again */
    if (output_mkdirs(dir) != 0) { diag_report(d, DIAG_ERROR, pos, "io", "cannot create folder %s: %s%s", dir, strerror(errno), S_fix(errno)); S_tmp[0] = 0; return -1; }
    snprintf(S_tmp, sizeof S_tmp, "%s/.%s.tmp-%ld-XXXXXX", dir, base, (long)getpid());
    fd = mkstemp(S_tmp);
  }
  if (fd < 0) { diag_report(d, DIAG_ERROR, pos, "io", "cannot write in %s: %s%s", dir, strerror(errno), S_fix(errno)); S_tmp[0] = 0; return -1; }
  size_t done = 0;
  while (done < len) {
    ssize_t k = write(fd, data + done, len - done);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      int e = k < 0 ? errno : ENOSPC;
      close(fd);
      unlink(S_tmp); S_tmp[0] = 0;
      diag_report(d, DIAG_ERROR, pos, "io", "cannot write: %s; the previous version is kept%s", strerror(e), S_fix(e));
      return -1;
    }
    done += (size_t)k;
  }
  mode_t um = umask(0); umask(um);
  /* no fsync: rename is atomic for every other process (a killed or failed build leaves the
   * old file); syncing each of thousands of outputs would cost more than the build itself */
  if (fchmod(fd, 0666 & ~um) != 0 || close(fd) != 0) {
    int e = errno;
    unlink(S_tmp); S_tmp[0] = 0;
    diag_report(d, DIAG_ERROR, pos, "io", "cannot write: %s; the previous version is kept%s", strerror(e), S_fix(e));
    return -1;
  }
  return 0;
}

int output_stage(diag *d, const char *path, const char *data, size_t len) {
  if (S_write_tmp(d, path, data, len) != 0) return -1;
  if (S_nst == S_cap) {
    int cap = S_cap ? S_cap * 2 : 32;
    staged *v = xmalloc((size_t)cap * sizeof *v), *old = S_st;
    if (S_nst) memcpy(v, old, (size_t)S_nst * sizeof *v);
    S_st = v;            /* the handler sees the old array or the new one, both whole */
    S_cap = cap;
    free(old);
  }
  S_st[S_nst].tmp = xstrdup(S_tmp);
  S_st[S_nst].path = xstrdup(path);
  S_nst = S_nst + 1;
  S_tmp[0] = 0;
  return 0;
}

int output_commit(diag *d) {
  for (int i = 0; i < S_nst; i++) {
    if (rename(S_st[i].tmp, S_st[i].path) == 0) continue;
    int e = errno;
    diag_pos pos = { S_st[i].path, 0, 0 };
    diag_report(d, DIAG_ERROR, pos, "io", "cannot replace the file: %s; the previous version is kept%s", strerror(e), S_fix(e));
    for (int k = i; k < S_nst; k++) unlink(S_st[k].tmp);
    S_unstage_all(0);
    return -1;
  }
  S_unstage_all(0);
  return 0;
}

int output_write(diag *d, const char *path, const char *data, size_t len) {
  if (S_write_tmp(d, path, data, len) != 0) return -1;
  if (rename(S_tmp, path) != 0) {
    int e = errno;
    unlink(S_tmp); S_tmp[0] = 0;
    diag_pos pos = { path, 0, 0 };
    diag_report(d, DIAG_ERROR, pos, "io", "cannot replace the file: %s; the previous version is kept%s", strerror(e), S_fix(e));
    return -1;
  }
  S_tmp[0] = 0;
  return 0;
}

/* A temporary file of ours (".NAME.tmp-PID-XXXXXX") whose writer is gone. */
static int S_orphan(const char *name) {
  if (name[0] != '.') return 0;
  const char *t = strstr(name, ".tmp-");
  if (!t) return 0;
  char *end;
  long pid = strtol(t + 5, &end, 10);
  if (pid <= 0 || *end != '-' || strlen(end + 1) != 6) return 0;
  return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static int S_sweep(const char *dir, int depth) {
  if (depth > 16) return 0;
  DIR *dh = opendir(dir);
  if (!dh) return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(dh))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char p[4096];
    if ((size_t)snprintf(p, sizeof p, "%s/%s", dir, e->d_name) >= sizeof p) continue;
    struct stat st;
    if (lstat(p, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) n += S_sweep(p, depth + 1);
    else if (S_ISREG(st.st_mode) && S_orphan(e->d_name) && unlink(p) == 0) n++;
  }
  closedir(dh);
  return n;
}

int output_sweep(const char *dir) { return S_sweep(dir, 0); }
