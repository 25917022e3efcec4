/* output.c: temp file + renameat, folders walked from the output folder without following
 * links, commit journals, and the output folder's lock. */
#include "output.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The run's output folder (output_root), its fd once the lock is taken, and the lock. */
static char *S_root;
static size_t S_rootlen;
static int S_rootfd = -1;
static int S_lockfd = -1;
static int S_locked; /* 0 not yet, 1 shared (or nothing to lock), 2 exclusive */
static int S_broken; /* taking the exclusive lock failed (reported): every later write fails */

/* The temporary file being written (its folder's fd and its name there), for cleanup on a signal.
 */
static volatile sig_atomic_t S_cur_dfd = -1;
static char S_cur_tmp[NAME_MAX + 1];
/* The commit journal of the set being renamed (see output_commit): its folder's fd and name. */
static volatile sig_atomic_t S_jdfd = -1;
static char S_jname[64];
static volatile sig_atomic_t S_committing; /* the staged set is being renamed into place */

/* A file written in full to its temporary file: the folder's fd, the temporary file's name in
 * it, the target's path (for messages and the journal) and its name (base, inside path). The
 * signal handler reads the staged list, so an entry is filled before the count covers it and
 * a grown array is swapped in before the old one is freed. */
typedef struct staged {
  int dfd;
  char *tmp, *path;
  const char *base;
} staged;
static staged *volatile S_st;
static volatile sig_atomic_t S_nst;
static int S_cap;

void output_cleanup(void) { /* async-signal-safe: unlinkat and renameat only */
  int cur = S_cur_dfd;
  if (cur >= 0) {
    unlinkat(cur, S_cur_tmp, 0);
    S_cur_dfd = -1;
  }
  if (S_committing) { /* halfway through renaming a set: finish it, so the set is whole */
    for (int i = 0; i < S_nst; i++)
      renameat(S_st[i].dfd, S_st[i].tmp, S_st[i].dfd, S_st[i].base); /* ENOENT if done */
    if (S_jdfd >= 0) unlinkat(S_jdfd, S_jname, 0);
    S_committing = 0;
    S_nst = 0;
    return;
  }
  for (int i = 0; i < S_nst; i++) unlinkat(S_st[i].dfd, S_st[i].tmp, 0);
}

static void S_staged_free(staged *s) {
  if (s->dfd >= 0) close(s->dfd);
  free(s->tmp);
  free(s->path);
}

static void S_unstage_all(int remove) {
  int n = S_nst;
  S_nst = 0;
  for (int i = 0; i < n; i++) {
    if (remove) unlinkat(S_st[i].dfd, S_st[i].tmp, 0);
    S_staged_free(&S_st[i]);
  }
}

void output_abort(void) { S_unstage_all(1); }

static volatile sig_atomic_t S_graceful, S_stop, S_worker;

static void S_on_signal(int sig) {
  if (S_graceful && (!S_stop || S_worker)) {
    if (!S_stop) S_stop = sig;
    return;
  } /* the job stops at its next safe point */
  output_cleanup();
  signal(sig, SIG_DFL);
  raise(sig);
}

void output_signals(void) {
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
    struct sigaction sa, was;
    if (sigaction(sigs[i], NULL, &was) == 0 && was.sa_handler == SIG_IGN) continue; /* nohup, `&` */
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(sigs[i], &sa, NULL);
  }
  signal(SIGXFSZ, SIG_IGN); /* a full disk or file-size limit becomes a write error, handled */
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
  size_t n = strlen(dir);
  if (n == 0) {
    errno = ENOENT;
    return -1;
  }
  char *p = xstrdup(dir);
  int rc = 0;
  for (size_t i = 1; i <= n && !rc; i++) {
    if (p[i] != '/' && p[i] != 0) continue;
    char c = p[i];
    p[i] = 0;
    struct stat st;
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
      rc = -1;
    else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
      errno = ENOTDIR;
      rc = -1;
    }
    p[i] = c;
  }
  free(p);
  return rc;
}

/* What would fix an I/O error, for the end of its message. */
static const char *S_fix(int e) {
  switch (e) {
  case EACCES:
  case EPERM: return "; make the folder writable, or choose another with -o";
  case EROFS: return "; the file system is read-only: choose another folder with -o";
  case ENOTDIR:
  case EEXIST:
    return "; part of the path is a file, not a folder: move it or choose another folder with -o";
  case ENOSPC:
  case EDQUOT:
  case EFBIG: return "; free some space (or raise the file-size limit) and build again";
  case ENAMETOOLONG: return "; choose a shorter output folder with -o";
  default: return "";
  }
}

/* path's part below the output folder, or NULL when it is not below it. */
static const char *S_inside(const char *path) {
  if (!S_root) return NULL;
  if (S_rootlen == 1 && S_root[0] == '/') return path[0] == '/' && path[1] ? path + 1 : NULL;
  if (strncmp(path, S_root, S_rootlen) != 0 || path[S_rootlen] != '/' || !path[S_rootlen + 1])
    return NULL;
  return path + S_rootlen + 1;
}

static void S_link_error(diag *d, diag_pos pos, const char *link, int inside) {
  if (inside)
    diag_report(
        d, DIAG_ERROR, pos, "io",
        "%s is a symbolic link; tejun does not follow links inside its output folder: remove it",
        link);
  else
    diag_report(d, DIAG_ERROR, pos, "io",
                "%s is a symbolic link; tejun does not write through links: remove it", link);
}

/* Opens the folder made of the first n bytes of rel ('/'-separated) below the folder fd `at`
 * (shown as `shown`), one component at a time with O_NOFOLLOW, creating the missing ones when
 * `create`. Returns its fd, -2 when one is missing and not created (not reported), or -1 after
 * reporting at pos (a link, a file on the way, "..", an I/O error). */
static int S_walk(diag *d, diag_pos pos, int at, const char *shown, const char *rel, size_t n,
                  int create) {
  int fd = fcntl(at, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) {
    int e = errno;
    diag_report(d, DIAG_ERROR, pos, "io", "cannot open folder %s: %s", shown, strerror(e));
    return -1;
  }
  buf walked;
  buf_init(&walked);
  buf_puts(&walked, shown);
  for (size_t i = 0; i < n && fd >= 0;) {
    size_t j = i;
    while (j < n && rel[j] != '/') j++;
    size_t k = j - i;
    const char *c = rel + i;
    i = j + 1;
    if (k == 0 || (k == 1 && c[0] == '.')) continue;
    char *name = xmalloc(k + 1);
    memcpy(name, c, k);
    name[k] = 0;
    buf_putc(&walked, '/');
    buf_puts(&walked, name);
    int next = -1, e = 0;
    if (k == 2 && c[0] == '.' && c[1] == '.') {
      diag_report(d, DIAG_ERROR, pos, "io",
                  "%s leaves the output folder %s; tejun reads and writes only inside it",
                  buf_cstr(&walked), shown);
      next = -1;
    } else {
      next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0 && errno == ENOENT && create) {
        if (mkdirat(fd, name, 0777) == 0 || errno == EEXIST)
          next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        else {
          e = errno;
          diag_report(d, DIAG_ERROR, pos, "io", "cannot create folder %s: %s%s", buf_cstr(&walked),
                      strerror(e), S_fix(e));
          e = -1;
        }
      }
      if (next < 0 && e != -1) {
        e = errno;
        struct stat st;
        if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
          S_link_error(d, pos, buf_cstr(&walked), 1);
        else if (e == ENOENT)
          next = -2;
        else if (create)
          diag_report(d, DIAG_ERROR, pos, "io", "cannot create folder %s: %s%s", buf_cstr(&walked),
                      strerror(e), S_fix(e));
        else
          diag_report(d, DIAG_ERROR, pos, "io", "cannot read folder %s: %s", buf_cstr(&walked),
                      strerror(e));
      }
    }
    free(name);
    close(fd);
    fd = next;
  }
  buf_free(&walked);
  return fd;
}

static int S_sweep(diag *d, int fd, const char *shown, int levels, int journals);

/* flock, waiting (with one line on a terminal) while another run holds it; a file system
 * without locks is not an error. 0, or -1 with errno set. */
static int S_flock(int fd, int op) {
  if (flock(fd, op | LOCK_NB) == 0) return 0;
  if (errno != EWOULDBLOCK)
    return errno == ENOLCK || errno == EOPNOTSUPP || errno == EINVAL
               ? 0
               : -1; /* no locks here: go on */
  if (isatty(2)) {
    fprintf(stderr, "waiting for another tejun run on %s/\n", S_root);
    fflush(stderr);
  }
  while (flock(fd, op) != 0)
    if (errno != EINTR) return -1;
  return 0;
}

/* Locks the lock file lfd, opened as lp (e: the errno of its open when lfd < 0), shared
 * (LOCK_SH, the lock file only opened) or exclusive (LOCK_EX, created): it replaces the lock
 * held before. 0, or -1 after reporting (lfd closed). */
static int S_hold(diag *d, diag_pos pos, const char *lp, int lfd, int e, int op) {
  if (lfd < 0) {
    if (e == ELOOP)
      S_link_error(d, pos, lp, 1);
    else if (op == LOCK_SH)
      diag_report(d, DIAG_ERROR, pos, "io", "cannot open %s: %s", lp, strerror(e));
    else
      diag_report(d, DIAG_ERROR, pos, "io", "cannot create %s: %s%s", lp, strerror(e), S_fix(e));
    return -1;
  }
  if (S_lockfd >= 0) { /* a shared lock before: this one replaces it */
    close(S_lockfd);
    S_lockfd = -1;
  }
  if (S_flock(lfd, op) != 0) {
    e = errno;
    close(lfd);
    diag_report(d, DIAG_ERROR, pos, "io", "cannot lock %s: %s", lp, strerror(e));
    return -1;
  }
  S_lockfd = lfd;
  return 0;
}

/* Takes the output folder's lock (see output_lock), reporting at pos (the write that needs it). */
static int S_lock(diag *d, diag_pos pos, int shared) {
  if (!S_root) return 0;
  if (S_broken) return -1;
  if (S_locked >= (shared ? 1 : 2)) return 0;
  buf lp;
  buf_init(&lp);
  buf_printf(&lp, "%s/.tejun/lock", S_root);
  int rc = -1, e;
  if (shared) { /* only reads: create nothing, lock only a lock file that is there */
    int rfd = open(S_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int tfd = rfd >= 0 ? S_walk(d, pos, rfd, S_root, ".tejun", 6, 0) : -2;
    if (rfd >= 0) close(rfd);
    int lfd = tfd >= 0 ? openat(tfd, "lock", O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
    e = errno;
    if (tfd >= 0) close(tfd);
    if (tfd == -1)
      rc = -1;
    else if (tfd == -2 || (lfd < 0 && e == ENOENT) ||
             S_hold(d, pos, buf_cstr(&lp), lfd, e, LOCK_SH) == 0) {
      S_locked = 1;
      rc = 0;
    }
    buf_free(&lp);
    return rc;
  }
  S_broken = 1; /* until the lock is held and the journals are finished */
  if (output_mkdirs(S_root) != 0) {
    e = errno;
    diag_report(d, DIAG_ERROR, pos, "io", "cannot create folder %s: %s%s", S_root, strerror(e),
                S_fix(e));
    buf_free(&lp);
    return -1;
  }
  if (S_rootfd < 0) S_rootfd = open(S_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (S_rootfd < 0) {
    e = errno;
    diag_report(d, DIAG_ERROR, pos, "io", "cannot open folder %s: %s%s", S_root, strerror(e),
                S_fix(e));
    buf_free(&lp);
    return -1;
  }
  int tfd = S_walk(d, pos, S_rootfd, S_root, ".tejun", 6, 1);
  int lfd = tfd >= 0 ? openat(tfd, "lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666) : -1;
  e = errno;
  if (tfd >= 0) close(tfd);
  if (tfd >= 0 && S_hold(d, pos, buf_cstr(&lp), lfd, e, LOCK_EX) == 0) {
    S_locked = 2;
    /* before this run writes anything: the commits of runs killed outright, finished */
    if (S_sweep(d, S_rootfd, S_root, 0, 1) >= 0) {
      S_broken = 0;
      rc = 0;
    }
  }
  buf_free(&lp);
  return rc;
}

int output_lock(diag *d, int shared) {
  diag_pos pos = {S_root, 0, 0};
  return S_lock(d, pos, shared);
}

int output_lock_folder(diag *d, const char *dir) {
  diag_pos pos = {dir, 0, 0};
  int fd = output_mkdirs(dir) == 0 ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
  if (fd < 0) {
    int e = errno;
    diag_report(d, DIAG_ERROR, pos, "io", "cannot create folder %s: %s%s", dir, strerror(e),
                S_fix(e));
    return -1;
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
    if (isatty(2)) {
      fprintf(stderr, "waiting for another tejun run on %s/\n", dir);
      fflush(stderr);
    }
    while (flock(fd, LOCK_EX) != 0 && errno == EINTR) {}
  }
  return fd;
}

void output_unlock(void) {
  if (S_lockfd >= 0) close(S_lockfd);
  if (S_rootfd >= 0) close(S_rootfd); /* walked again at the next lock: the folder may be new */
  S_lockfd = S_rootfd = -1;
  S_locked = 0;
}

void output_root(const char *dir) {
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  if (S_root && (S_rootlen != n || strncmp(S_root, dir, n))) { /* another folder: start afresh */
    if (S_rootfd >= 0) close(S_rootfd);
    if (S_lockfd >= 0) close(S_lockfd);
    S_rootfd = S_lockfd = -1;
    S_locked = S_broken = 0;
  }
  free(S_root);
  S_root = xmalloc(n + 1);
  memcpy(S_root, dir, n);
  S_root[n] = 0;
  S_rootlen = n;
}

/* The folder that holds path, opened for writing or reading there: below the output folder
 * walked from it without following links (after taking the lock, for a write), elsewhere as
 * named; created when missing and `create`. Sets *base (inside path) and *inside. Returns the
 * fd, -2 when missing (not create; not reported), or -1 after reporting. */
static int S_parent(diag *d, const char *path, const char **base, int *inside, int create) {
  diag_pos pos = {path, 0, 0};
  const char *slash = strrchr(path, '/');
  const char *b = slash ? slash + 1 : path;
  *base = b;
  if (!*b || !strcmp(b, ".") || !strcmp(b, "..")) {
    diag_report(d, DIAG_ERROR, pos, "io", "not a file name");
    return -1;
  }
  const char *rel = S_inside(path);
  *inside = rel != NULL;
  if (rel) {
    if (create && S_lock(d, pos, 0) != 0) return -1;
    int rfd = S_rootfd >= 0 ? S_rootfd : open(S_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (rfd < 0) {
      int e = errno;
      if (e == ENOENT) return -2;
      diag_report(d, DIAG_ERROR, pos, "io", "cannot read folder %s: %s", S_root, strerror(e));
      return -1;
    }
    int fd = S_walk(d, pos, rfd, S_root, rel, (size_t)(b - rel), create);
    if (rfd != S_rootfd) close(rfd);
    return fd;
  }
  char *dir = slash == path ? xstrdup("/") : slash ? util_dirname(path) : xstrdup(".");
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), e = errno;
  if (fd < 0 && e == ENOENT && create) {
    if (output_mkdirs(dir) != 0) {
      e = errno;
      diag_report(d, DIAG_ERROR, pos, "io", "cannot create folder %s: %s%s", dir, strerror(e),
                  S_fix(e));
      free(dir);
      return -1;
    }
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    e = errno;
  }
  if (fd < 0 && e == ENOENT && !create) {
    free(dir);
    return -2;
  }
  if (fd < 0)
    diag_report(d, DIAG_ERROR, pos, "io",
                create ? "cannot write in %s: %s%s" : "cannot read folder %s: %s%s", dir,
                strerror(e), create ? S_fix(e) : "");
  free(dir);
  return fd;
}

/* Six letters or digits for a temporary file's name (O_EXCL makes it unique; these make a
 * clash unlikely). */
static void S_suffix(char out[7]) {
  static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  static unsigned long long x;
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  x += (unsigned long long)ts.tv_nsec * 0x9E3779B97F4A7C15ull + (unsigned long long)ts.tv_sec +
       (unsigned long long)getpid() * 0x2545F4914F6CDD1Dull + 1;
  unsigned long long y = x;
  y ^= y >> 33;
  y *= 0xff51afd7ed558ccdull;
  y ^= y >> 33;
  for (int i = 0; i < 6; i++) {
    out[i] = abc[y % 62];
    y /= 62;
  }
  out[6] = 0;
}

/* Whether the regular file `base` in dfd holds exactly data (len bytes), read without following
 * a link. Any doubt (a read error, another size) is "no": the file is then written. */
static int S_same_bytes(int dfd, const char *base, const char *data, size_t len) {
  int fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat st;
  int same = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == len;
  char chunk[65536];
  size_t done = 0;
  while (same && done < len) {
    ssize_t k = read(fd, chunk, len - done < sizeof chunk ? len - done : sizeof chunk);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0 || memcmp(chunk, data + done, (size_t)k) != 0)
      same = 0;
    else
      done += (size_t)k;
  }
  if (same) { /* and nothing after it (the file grew since the fstat) */
    ssize_t k;
    while ((k = read(fd, chunk, 1)) < 0 && errno == EINTR) {}
    same = k == 0;
  }
  close(fd);
  return same;
}

/* Writes data in full to a new temporary file beside path (".NAME.tmp-PID-XXXXXX"), refusing a
 * target that is a link or not a regular file, and fills s. 0, or -1 after reporting.
 * With `same` (outputs, not the journal): when the target already holds exactly these bytes,
 * nothing is written and *same is set (the target's times are set to now, so that make sees it
 * rebuilt: rewriting thousands of unchanged files costs more than the build itself). */
static int S_write_tmp(diag *d, const char *path, const char *data, size_t len, staged *s,
                       int *same) {
  diag_pos pos = {path, 0, 0};
  const char *base;
  int inside;
  int dfd = S_parent(d, path, &base, &inside, 1);
  if (dfd < 0) return -1;
  struct stat st;
  int there = fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (there && !S_ISREG(st.st_mode)) {
    if (S_ISLNK(st.st_mode))
      S_link_error(d, pos, path, inside);
    else
      diag_report(
          d, DIAG_ERROR, pos, "io",
          "there is a folder or another non-file there; tejun replaces only files: move it");
    close(dfd);
    return -1;
  }
  if (same) *same = 0;
  if (same && there && (size_t)st.st_size == len && S_same_bytes(dfd, base, data, len)) {
    utimensat(dfd, base, NULL, AT_SYMLINK_NOFOLLOW); /* a failure only costs make a rebuild */
    close(dfd);
    *same = 1;
    return 0;
  }
  char name[NAME_MAX + 1], sfx[7];
  int fd = -1, e = 0;
  for (int tries = 0; fd < 0 && tries < 100; tries++) {
    S_suffix(sfx);
    if ((size_t)snprintf(name, sizeof name, ".%s.tmp-%ld-%s", base, (long)getpid(), sfx) >=
        sizeof name) {
      e = ENAMETOOLONG;
      break;
    }
    fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                0666); /* 0666 & umask */
    e = errno;
    if (fd < 0 && e != EEXIST) break;
  }
  if (fd < 0) {
    buf dir;
    buf_init(&dir);
    buf_add(&dir, path, base > path ? (size_t)(base - path - 1) : 0);
    diag_report(d, DIAG_ERROR, pos, "io", "cannot write in %s: %s%s",
                dir.len ? buf_cstr(&dir) : ".", strerror(e), S_fix(e));
    buf_free(&dir);
    close(dfd);
    return -1;
  }
  memcpy(S_cur_tmp, name, strlen(name) + 1);
  S_cur_dfd = dfd;
  size_t done = 0;
  e = 0;
  while (done < len && !e) {
    ssize_t k = write(fd, data + done, len - done);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0)
      e = k < 0 ? errno : ENOSPC;
    else
      done += (size_t)k;
  }
  /* no fsync: rename is atomic for every other process (a killed or failed build leaves the
   * old file); syncing each of thousands of outputs would cost more than the build itself */
  if (close(fd) != 0 && !e) e = errno;
  if (e) {
    unlinkat(dfd, name, 0);
    S_cur_dfd = -1;
    close(dfd);
    diag_report(d, DIAG_ERROR, pos, "io", "cannot write: %s; the previous version is kept%s",
                strerror(e), S_fix(e));
    return -1;
  }
  s->dfd = dfd;
  s->tmp = xstrdup(name);
  s->path = xstrdup(path);
  s->base = s->path + (base - path);
  return 0;
}

/* Renames s's temporary file onto its target, within its folder. 0, or -1 after reporting
 * (the temporary file removed). */
static int S_put(diag *d, const staged *s) {
  if (renameat(s->dfd, s->tmp, s->dfd, s->base) == 0) return 0;
  int e = errno;
  unlinkat(s->dfd, s->tmp, 0);
  diag_pos pos = {s->path, 0, 0};
  diag_report(d, DIAG_ERROR, pos, "io",
              "cannot replace the file: %s; the previous version is kept%s", strerror(e), S_fix(e));
  return -1;
}

int output_stage(diag *d, const char *path, const char *data, size_t len) {
  staged s;
  int same;
  if (S_write_tmp(d, path, data, len, &s, &same) != 0) return -1;
  if (same) return 0; /* already in place: nothing to rename */
  if (S_nst == S_cap) {
    int cap = S_cap ? S_cap * 2 : 32;
    staged *v = xmalloc((size_t)cap * sizeof *v), *old = S_st;
    if (S_nst) memcpy(v, old, (size_t)S_nst * sizeof *v);
    S_st = v; /* the handler sees the old array or the new one, both whole */
    S_cap = cap;
    free(old);
  }
  S_st[S_nst] = s;
  S_nst = S_nst + 1;
  S_cur_dfd = -1; /* the staged list covers it now */
  return 0;
}

/* Whether the set gets a journal: every staged path below the output folder, none holding a
 * tab or a line break (the journal's separators). */
static int S_journaled(void) {
  if (!S_root) return 0;
  for (int i = 0; i < S_nst; i++)
    if (!S_inside(S_st[i].path) || strpbrk(S_st[i].path, "\t\n")) return 0;
  return 1;
}

/* Writes the commit journal "DIR/.tejun-commit-PID": the set's temporary files and targets,
 * relative to DIR, so that a run killed outright between two renames is finished by the next
 * run (output_lock) or output_sweep (roll forward) instead of leaving the set half old, half
 * new. 0, or -1 after reporting. */
static int S_journal_write(diag *d) {
  S_jdfd = -1;
  if (!S_journaled()) return 0;
  buf j;
  buf_init(&j);
  buf_puts(&j, "tejun commit journal 1\n");
  for (int i = 0; i < S_nst; i++) {
    const char *rel = S_inside(S_st[i].path);
    buf_printf(&j, "%.*s%s\t%s\n", (int)(S_st[i].base - rel), rel, S_st[i].tmp, rel);
  }
  buf path;
  buf_init(&path);
  buf_printf(&path, "%s/.tejun-commit-%ld", S_root, (long)getpid());
  staged js;
  int rc = S_write_tmp(d, buf_cstr(&path), j.data, j.len, &js, NULL);
  if (rc == 0) {
    rc = S_put(d, &js);
    S_cur_dfd = -1;
    if (rc == 0) {
      snprintf(S_jname, sizeof S_jname, "%s", js.base);
      S_jdfd = js.dfd;
      js.dfd = -1;
    }
    S_staged_free(&js);
  }
  buf_free(&path);
  buf_free(&j);
  return rc;
}

int output_commit(diag *d) {
  if (S_nst > 1 && S_journal_write(d) != 0) {
    S_unstage_all(1);
    return -1;
  }
  int rc = 0;
  S_committing = 1;
  for (int i = 0; i < S_nst && !rc; i++)
    if (S_put(d, &S_st[i]) != 0) { /* the files before it stay in place */
      rc = -1;
      for (int k = i + 1; k < S_nst; k++) unlinkat(S_st[k].dfd, S_st[k].tmp, 0);
    }
  S_committing = 0;
  int jd = S_jdfd;
  if (jd >= 0) {
    S_jdfd = -1;
    unlinkat(jd, S_jname, 0);
    close(jd);
  }
  S_unstage_all(0);
  return rc;
}

int output_write(diag *d, const char *path, const char *data, size_t len) {
  staged s;
  int same;
  if (S_write_tmp(d, path, data, len, &s, &same) != 0) return -1;
  if (same) return 0;
  int rc = S_put(d, &s);
  S_cur_dfd = -1;
  S_staged_free(&s);
  return rc;
}

/* Reads all of fd (at most `max` bytes) into *data (NUL-terminated). 0, or -1 with errno set. */
static int S_read_fd(int fd, size_t max, char **data, size_t *len) {
  buf b;
  buf_init(&b);
  char chunk[65536];
  for (;;) {
    ssize_t k = read(fd, chunk, sizeof chunk);
    if (k < 0 && errno == EINTR) continue;
    if (k < 0) {
      int e = errno;
      buf_free(&b);
      errno = e;
      return -1;
    }
    if (k == 0) break;
    if (b.len + (size_t)k > max) {
      buf_free(&b);
      errno = EFBIG;
      return -1;
    }
    buf_add(&b, chunk, (size_t)k);
  }
  *len = b.len;
  *data = b.data ? buf_detach(&b) : xstrdup("");
  return 0;
}

int output_read(diag *d, const char *path, char **data, size_t *len) {
  diag_pos pos = {path, 0, 0};
  const char *base;
  int inside;
  int dfd = S_parent(d, path, &base, &inside, 0);
  if (dfd == -2) return 1;
  if (dfd < 0) return -1;
  int fd = openat(dfd, base, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC), e = errno, rc = -1;
  struct stat st;
  if (fd < 0 && e == ENOENT)
    rc = 1;
  else if (fd < 0 && fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
    S_link_error(d, pos, path, inside);
  else if (fd < 0)
    diag_report(d, DIAG_ERROR, pos, "io", "cannot read it: %s", strerror(e));
  else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    diag_report(d, DIAG_ERROR, pos, "io", "not a regular file; move it away");
  else if (S_read_fd(fd, SIZE_MAX / 2, data, len) != 0) {
    e = errno;
    diag_report(d, DIAG_ERROR, pos, "io", "cannot read it: %s", strerror(e));
  } else
    rc = 0;
  if (fd >= 0) close(fd);
  close(dfd);
  return rc;
}

int output_remove(diag *d, const char *path) {
  diag_pos pos = {path, 0, 0};
  if (!S_inside(path)) {
    diag_report(d, DIAG_ERROR, pos, "io", "not inside the output folder: not removed");
    return -1;
  }
  const char *base;
  int inside;
  int dfd = S_parent(d, path, &base, &inside, 0);
  if (dfd == -2) return 0;
  if (dfd < 0) return -1;
  int rc = 0;
  struct stat st;
  if (fstatat(dfd, base, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISREG(st.st_mode)) {
    diag_report(d, DIAG_ERROR, pos, "io", "not a regular file: not removed; move it away");
    rc = -1;
  } else if (unlinkat(dfd, base, 0) != 0 && errno != ENOENT) {
    diag_report(d, DIAG_ERROR, pos, "io", "cannot remove it: %s", strerror(errno));
    rc = -1;
  }
  close(dfd);
  return rc;
}

int output_list(diag *d, const char *dir, char ***names) {
  *names = NULL;
  buf p;
  buf_init(&p);
  buf_printf(&p, "%s/.", dir); /* the folder itself, as the "file" "." in it */
  diag_pos pos = {dir, 0, 0};
  const char *rel = S_inside(buf_cstr(&p));
  int fd;
  if (rel) {
    int rfd = S_rootfd >= 0 ? S_rootfd : open(S_root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    fd = rfd < 0 ? -2 : S_walk(d, pos, rfd, S_root, rel, strlen(rel), 0);
    if (rfd >= 0 && rfd != S_rootfd) close(rfd);
  } else {
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
      fd = errno == ENOENT
               ? -2
               : (diag_report(d, DIAG_ERROR, pos, "io", "cannot read folder: %s", strerror(errno)),
                  -1);
  }
  buf_free(&p);
  if (fd == -2) return 0;
  if (fd < 0) return -1;
  DIR *dh = fdopendir(fd);
  if (!dh) {
    close(fd);
    diag_report(d, DIAG_ERROR, pos, "io", "cannot read folder: %s", strerror(errno));
    return -1;
  }
  rewinddir(dh); /* the root's fd, duplicated, may have been read before */
  int n = 0, cap = 0;
  struct dirent *e;
  while ((e = readdir(dh))) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 16;
      *names = xrealloc(*names, (size_t)cap * sizeof **names);
    }
    (*names)[n++] = xstrdup(e->d_name);
  }
  closedir(dh);
  return n;
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

static int S_older(const struct stat *a, const struct stat *b) { /* a modified before b */
  return a->st_mtim.tv_sec != b->st_mtim.tv_sec ? a->st_mtim.tv_sec < b->st_mtim.tv_sec
                                                : a->st_mtim.tv_nsec < b->st_mtim.tv_nsec;
}

/* Whether tmp (a file name) is ".BASE.tmp-PID-" and six letters or digits. */
static int S_tmp_of(const char *tmp, size_t tl, const char *base, size_t bl, long pid) {
  char mark[48];
  int ml = snprintf(mark, sizeof mark, ".tmp-%ld-", pid);
  if (tl != 1 + bl + (size_t)ml + 6 || tmp[0] != '.' || memcmp(tmp + 1, base, bl) ||
      memcmp(tmp + 1 + bl, mark, (size_t)ml))
    return 0;
  for (size_t i = tl - 6; i < tl; i++)
    if (!((tmp[i] >= 'a' && tmp[i] <= 'z') || (tmp[i] >= 'A' && tmp[i] <= 'Z') ||
          (tmp[i] >= '0' && tmp[i] <= '9')))
      return 0;
  return 1;
}

typedef struct jentry {
  int dfd;
  char *tmp, *base;
} jentry;

/* Finishes the commit that journal NAME of dead process PID, in the folder fd (shown as
 * `shown`), records: each temporary file still there replaces its target, unless the target
 * was written after it (by a later run); then removes the journal. An entry names a temporary
 * file of that run and its target in one folder below fd; every entry is checked (each folder
 * walked without following links) before anything is renamed, and one that passes through a
 * link, or whose target is a link, refuses the whole journal (reported, kept). Returns how
 * many files it put in place, or -1 after reporting. */
static int S_roll_forward(diag *d, int fd, const char *shown, const char *name, long pid) {
  int jf = openat(fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (jf < 0) return 0;
  char *text = NULL;
  size_t tlen = 0;
  struct stat st;
  int ok =
      fstat(jf, &st) == 0 && S_ISREG(st.st_mode) && S_read_fd(jf, 64u << 20, &text, &tlen) == 0;
  close(jf);
  if (!ok) {
    free(text);
    return 0;
  }
  buf jp;
  buf_init(&jp);
  buf_printf(&jp, "%s/%s", shown, name);
  static const char head[] = "tejun commit journal 1\n";
  jentry *v = NULL;
  int nv = 0, cap = 0, bad = 0;
  if (tlen >= sizeof head - 1 && !memcmp(text, head, sizeof head - 1)) {
    for (char *line = text + sizeof head - 1; !bad && *line;) {
      char *nl = strchr(line, '\n');
      if (!nl) break; /* a line cut short: the journal was being written */
      *nl = 0;
      char *tab = strchr(line, '\t'), *tmp = line, *path = tab ? tab + 1 : NULL;
      line = nl + 1;
      if (!tab) continue;
      *tab = 0;
      const char *ts = strrchr(tmp, '/'), *ps = strrchr(path, '/');
      size_t dl = ts ? (size_t)(ts - tmp + 1) : 0;
      const char *tb = tmp + dl, *pb = ps ? ps + 1 : path;
      /* one of that run's temporary files, beside its target, both below the folder */
      if (!S_below(tmp) || !S_below(path) || (size_t)(pb - path) != dl || memcmp(tmp, path, dl) ||
          !*pb || !S_tmp_of(tb, strlen(tb), pb, strlen(pb), pid))
        continue;
      buf ep;
      buf_init(&ep);
      buf_printf(&ep, "%s/%s", shown, path);
      diag_pos pos = {buf_cstr(&ep), 0, 0};
      int dfd = S_walk(d, pos, fd, shown, path, dl, 0);
      struct stat tst, pst;
      if (dfd == -1)
        bad = 1;
      else if (dfd == -2) {
      } /* its folder is gone: nothing to finish */
      else if (fstatat(dfd, tb, &tst, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(tst.st_mode)) {
      } /* already renamed */
      else if (fstatat(dfd, pb, &pst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(pst.st_mode)) {
        S_link_error(d, pos, buf_cstr(&ep), 1);
        bad = 1;
      } else if (fstatat(dfd, pb, &pst, AT_SYMLINK_NOFOLLOW) == 0 &&
                 (!S_ISREG(pst.st_mode) || S_older(&tst, &pst))) {
      } /* a later run wrote it */
      else {
        if (nv == cap) {
          cap = cap ? cap * 2 : 16;
          v = xrealloc(v, (size_t)cap * sizeof *v);
        }
        v[nv].dfd = dfd;
        v[nv].tmp = xstrdup(tb);
        v[nv].base = xstrdup(pb);
        nv++;
        dfd = -1;
      }
      if (dfd >= 0) close(dfd);
      buf_free(&ep);
    }
  }
  int n = 0;
  for (int i = 0; i < nv; i++) {
    if (!bad && renameat(v[i].dfd, v[i].tmp, v[i].dfd, v[i].base) == 0) n++;
    close(v[i].dfd);
    free(v[i].tmp);
    free(v[i].base);
  }
  free(v);
  free(text);
  if (bad) {
    diag_pos pos = {buf_cstr(&jp), 0, 0};
    diag_report(d, DIAG_ERROR, pos, "io",
                "the commit journal of a killed run was not finished (see above): nothing of it "
                "was renamed; remove what is in the way and run again");
    buf_free(&jp);
    return -1;
  }
  unlinkat(fd, name, 0);
  buf_free(&jp);
  return n;
}

/* In the folder fd (shown as `shown`) and down to `levels` folders below it (never following
 * links): with journals, finishes the commits that the journals of dead runs record; without,
 * removes their orphaned temporary files. Returns the count, or -1 after reporting. */
static int S_sweep(diag *d, int fd, const char *shown, int levels, int journals) {
  int dup = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  DIR *dh = dup >= 0 ? fdopendir(dup) : NULL;
  if (!dh) {
    if (dup >= 0) close(dup);
    return 0;
  }
  rewinddir(dh); /* a dup shares the offset: an earlier sweep of fd read it to its end */
  int n = 0, bad = 0;
  struct dirent *e;
  while ((e = readdir(dh))) {
    const char *nm = e->d_name;
    if (!strcmp(nm, ".") || !strcmp(nm, "..")) continue;
    struct stat st;
    if (fstatat(fd, nm, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    char *end;
    long pid;
    int k = 0;
    if (S_ISDIR(st.st_mode)) {
      if (levels <= 0) continue;
      int sub = openat(fd, nm, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) continue;
      buf s;
      buf_init(&s);
      buf_printf(&s, "%s/%s", shown, nm);
      k = S_sweep(d, sub, buf_cstr(&s), levels - 1, journals);
      buf_free(&s);
      close(sub);
    } else if (!S_ISREG(st.st_mode))
      continue; /* links and the like: not ours, never followed */
    else if (journals) {
      if ((pid = S_dead_pid(nm, ".tejun-commit-", &end)) && !*end)
        k = S_roll_forward(d, fd, shown, nm, pid);
    } else if (S_orphan(nm) && unlinkat(fd, nm, 0) == 0)
      k = 1;
    if (k < 0)
      bad = 1;
    else
      n += k;
  }
  closedir(dh);
  return bad ? -1 : n;
}

int output_sweep(diag *d) {
  if (!S_root) return 0;
  if (output_lock(d, 0) != 0) return -1;
  int a = S_sweep(d, S_rootfd, S_root, 16, 1); /* journals first */
  int b = a < 0 ? -1 : S_sweep(d, S_rootfd, S_root, 16, 0);
  return a < 0 || b < 0 ? -1 : a + b;
}
