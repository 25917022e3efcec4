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
static char S_journal[8300];   /* the commit journal of the set being renamed (see output_commit) */
static volatile sig_atomic_t S_committing;   /* the staged set is being renamed into place */
static char S_root[4096];   /* the output folder of this run (output_root), where journals go */

/* Staged files: written in full to their temporary files, waiting for output_commit. The
 * signal handler reads this list, so an entry is filled before the count covers it and a
 * grown array is swapped in before the old one is freed. */
typedef struct staged { char *tmp, *path; } staged;
static staged *volatile S_st;
static volatile sig_atomic_t S_nst;
static int S_cap;

void output_cleanup(void) {   /* async-signal-safe: unlink and rename only */
  if (S_tmp[0]) { unlink(S_tmp); S_tmp[0] = 0; }
  if (S_committing) {   /* halfway through renaming a set: finish it, so the set is whole */
    for (int i = 0; i < S_nst; i++) rename(S_st[i].tmp, S_st[i].path);   /* ENOENT if done */
    if (S_journal[0]) unlink(S_journal);
    S_committing = 0; S_nst = 0;
    return;
  }
  for (int i = 0; i < S_nst; i++) unlink(S_st[i].tmp);
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

/* Renames the temporary file tmp onto path and empties tmp. 0, or -1 after reporting (tmp
 * removed). */
static int S_put(diag *d, char *tmp, const char *path) {
  int rc = 0;
  if (rename(tmp, path) != 0) {
    int e = errno;
    unlink(tmp);
    diag_pos pos = { path, 0, 0 };
    diag_report(d, DIAG_ERROR, pos, "io", "cannot replace the file: %s; the previous version is kept%s", strerror(e), S_fix(e));
    rc = -1;
  }
  tmp[0] = 0;
  return rc;
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

/* The journal's folder: the run's output folder (output_root), when it holds every staged
 * path; its length, or 0 for no journal (a set reaching outside it, such as a --depfile
 * elsewhere, is renamed without one). */
static size_t S_journal_dir(void) {
  size_t r = strlen(S_root);
  for (int i = 0; r && i < S_nst; i++)
    if (strncmp(S_st[i].path, S_root, r) != 0 || S_st[i].path[r] != '/') r = 0;
  return r;
}

/* Writes the commit journal "DIR/.tejun-commit-PID": the set's temporary files and targets,
 * relative to DIR, so that a run killed outright between two renames is finished by the next
 * run (output_root) or output_sweep (roll forward) instead of leaving the set half old, half
 * new. 0, or -1 after reporting. */
static int S_journal_write(diag *d) {
  size_t n = S_journal_dir();
  S_journal[0] = 0;
  if (n == 0 || n + 40 >= sizeof S_journal) return 0;
  buf j; buf_init(&j);
  buf_puts(&j, "tejun commit journal 1\n");
  for (int i = 0; i < S_nst; i++) buf_printf(&j, "%s\t%s\n", S_st[i].tmp + n + 1, S_st[i].path + n + 1);
  char path[8300];
  snprintf(path, sizeof path, "%s/.tejun-commit-%ld", S_root, (long)getpid());
  int rc = S_write_tmp(d, path, j.data, j.len) == 0 ? S_put(d, S_tmp, path) : -1;
  buf_free(&j);
  if (rc == 0) memcpy(S_journal, path, strlen(path) + 1);
  return rc;
}

int output_commit(diag *d) {
  if (S_nst > 1 && S_journal_write(d) != 0) { S_unstage_all(1); return -1; }
  int rc = 0;
  S_committing = 1;
  for (int i = 0; i < S_nst && !rc; i++)
    if (S_put(d, S_st[i].tmp, S_st[i].path) != 0) {   /* the files before it stay in place */
      rc = -1;
      for (int k = i + 1; k < S_nst; k++) unlink(S_st[k].tmp);
    }
  S_committing = 0;
  if (S_journal[0]) { unlink(S_journal); S_journal[0] = 0; }
  S_unstage_all(0);
  return rc;
}

int output_write(diag *d, const char *path, const char *data, size_t len) {
  return S_write_tmp(d, path, data, len) == 0 ? S_put(d, S_tmp, path) : -1;
}

/* The pid in NAME after PREFIX, when that process is gone (0 if it lives or NAME is not ours). */
static long S_dead_pid(const char *name, const char *prefix, char **end) {
  size_t k = strlen(prefix);
  if (strncmp(name, prefix, k) != 0) return 0;
  long pid = strtol(name + k, end, 10);
  if (pid <= 0 || *end == name + k) return 0;
  return kill((pid_t)pid, 0) != 0 && errno == ESRCH ? pid : 0;
}

/* A temporary file of ours (".NAME.tmp-PID-XXXXXX") whose writer is gone. */
static int S_orphan(const char *name) {
  if (name[0] != '.') return 0;
  const char *t = strstr(name, ".tmp-");
  if (!t) return 0;
  char *end;
  return S_dead_pid(t, ".tmp-", &end) && *end == '-' && strlen(end + 1) == 6;
}

/* A relative path that stays below its folder (no "..", not absolute, not empty). */
static int S_below(const char *p) {
  if (!*p || *p == '/') return 0;
  for (const char *s = p; s; s = strchr(s, '/')) {
    if (*s == '/') s++;
    if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == 0)) return 0;
  }
  return 1;
}

static int S_older(const struct stat *a, const struct stat *b) {   /* a modified before b */
  return a->st_mtim.tv_sec != b->st_mtim.tv_sec ? a->st_mtim.tv_sec < b->st_mtim.tv_sec : a->st_mtim.tv_nsec < b->st_mtim.tv_nsec;
}

/* Finishes the commit that journal DIR/NAME of dead process PID records: each temporary file
 * still there replaces its target, unless the target was written after it (by a later run),
 * then removes the journal. Returns how many files it put in place. */
static int S_roll_forward(const char *dir, const char *name, long pid) {
  char jp[4096];
  if ((size_t)snprintf(jp, sizeof jp, "%s/%s", dir, name) >= sizeof jp) return 0;
  FILE *f = fopen(jp, "rb");
  int n = 0;
  if (f) {
    char line[8300], mark[64];
    snprintf(mark, sizeof mark, ".tmp-%ld-", pid);
    if (fgets(line, sizeof line, f) && !strcmp(line, "tejun commit journal 1\n")) {
      while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');
        if (!tab || !nl) break;
        *tab = 0; *nl = 0;
        const char *tmp = line, *path = tab + 1, *base = strrchr(tmp, '/');
        base = base ? base + 1 : tmp;
        if (!S_below(tmp) || !S_below(path) || base[0] != '.' || !strstr(base, mark)) continue;   /* not one of that run's temporary files */
        char tp[4096], pp[4096];
        if ((size_t)snprintf(tp, sizeof tp, "%s/%s", dir, tmp) >= sizeof tp || (size_t)snprintf(pp, sizeof pp, "%s/%s", dir, path) >= sizeof pp) continue;
        struct stat ts, ps;
        if (lstat(tp, &ts) != 0 || !S_ISREG(ts.st_mode)) continue;   /* already renamed */
        if (lstat(pp, &ps) == 0 && S_older(&ts, &ps)) continue;      /* a later run wrote it */
        if (rename(tp, pp) == 0) n++;
      }
    }
    fclose(f);
  }
  unlink(jp);
  return n;
}

/* Under dir, down to `levels` folders below it (not following symlinks): with journals, finishes
 * the commits that the journals of dead runs record; without, removes their orphaned
 * temporary files. */
static int S_sweep(const char *dir, int levels, int journals) {
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
    char *end;
    long pid;
    if (S_ISDIR(st.st_mode)) { if (levels > 0) n += S_sweep(p, levels - 1, journals); }
    else if (!S_ISREG(st.st_mode)) continue;
    else if (journals) { if ((pid = S_dead_pid(e->d_name, ".tejun-commit-", &end)) && !*end) n += S_roll_forward(dir, e->d_name, pid); }
    else if (S_orphan(e->d_name) && unlink(p) == 0) n++;
  }
  closedir(dh);
  return n;
}

int output_root(const char *dir) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  if (n >= sizeof S_root) { S_root[0] = 0; return 0; }
  memcpy(S_root, dir, n); S_root[n] = 0;
  return S_sweep(S_root, 0, 1);   /* journals are written there, not below */
}

int output_sweep(const char *dir) { return S_sweep(dir, 16, 1) + S_sweep(dir, 16, 0); }   /* journals first */
