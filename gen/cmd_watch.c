/* cmd_watch.c: `tejun watch`: build once, then rebuild on every save what the change touches. */
#include "cmd_watch.h"
#include "cmd.h"
#include "diag.h"
#include "load.h"
#include "model.h"
#include "output.h"
#include "util.h"
#include "xslt.h"
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define S_QUIET_MS 100 /* a burst of events (one save) ends after this much quiet */
#define S_MAX_WAIT_MS 2000 /* a stream of events that never quiets is rebuilt after this */
#define S_NAMES 6 /* manuals named in a line; more are counted */
#define S_SHOWN 3 /* changed files named in a line */
/* what a folder watch reports: a file written and closed, renamed in or out, created,
 * deleted, touched; the folder itself deleted or moved */
#define S_MASK                                                                                     \
  (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_ATTRIB |              \
   IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)

/* A list of owned strings. */
typedef struct strs {
  char **v;
  int n, cap;
} strs;

static int S_has(const strs *s, const char *p) {
  for (int i = 0; i < s->n; i++)
    if (!strcmp(s->v[i], p)) return 1;
  return 0;
}

static void S_take(strs *s, char *p) { /* adds p (malloc'ed, now the list's) unless there */
  if (S_has(s, p)) {
    free(p);
    return;
  }
  if (s->n == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 8;
    s->v = xrealloc(s->v, (size_t)s->cap * sizeof *s->v);
  }
  s->v[s->n++] = p;
}

static void S_clear(strs *s) {
  for (int i = 0; i < s->n; i++) free(s->v[i]);
  s->n = 0;
}

static void S_drop(strs *s) {
  S_clear(s);
  free(s->v);
  memset(s, 0, sizeof *s);
}

/* One manual of the command line. */
typedef struct wman {
  const char *shown; /* as given */
  char *file; /* canonical (see S_canon) */
  char *id; /* its id, once read; NULL before */
  strs deps; /* canonical: every file its last read named (tj_manual.deps), and the targets of links
                among them */
  int known; /* its last read succeeded: deps is all it reads (else it is retried on every YAML
                change) */
  int built; /* its last build wrote its outputs */
  int todo; /* to rebuild */
} wman;

typedef struct wdir {
  int wd, warned;
  char *path;
} wdir; /* a watched folder (wd -1: not watched now) */

/* A path named by the events of the burst; set: it was created, deleted or renamed (the set
 * of files changed), dir: it is a folder. */
typedef struct change {
  char *path;
  int set, dir;
} change;

typedef struct watch {
  build_opts *o;
  int color, progress, fd;
  wdir *dirs;
  int ndirs, capdirs;
  wman *man;
  int nman;
  char *catalog_shown, *catalog,
      *templates; /* the catalog as read and canonical; the templates folder, canonical */
  tj_catalog *cat;
  xslt *r; /* NULL while they have errors */
  char *cwd;
  change *ch;
  int nch, capch; /* the burst so far */
  int overflow; /* the kernel dropped events: everything is redone */
  /* one run: the manuals rebuilt, by their index in o->manuals of the run */
  const char **sub;
  int *map, *written;
} watch;

/* path with its folder resolved (links, "..", "."), its last name kept as written, so a file
 * replaced or missing still has one name; malloc'ed. */
static char *S_canon(const char *path) {
  char *dir = util_dirname(path);
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  char real[PATH_MAX];
  buf b;
  buf_init(&b);
  if (*base && strcmp(base, ".") && strcmp(base, "..") && realpath(dir, real)) {
    buf_puts(&b, real);
    if (strcmp(real, "/")) buf_putc(&b, '/');
    buf_puts(&b, base);
  } else if (realpath(path, real))
    buf_puts(&b, real);
  else
    buf_puts(&b, path);
  free(dir);
  return buf_detach(&b);
}

static char *S_parent(const char *canon) { /* "/a/b" → "/a", "/a" → "/" */
  const char *slash = strrchr(canon, '/');
  if (!slash) return xstrdup(".");
  size_t n = slash == canon ? 1 : (size_t)(slash - canon);
  buf b;
  buf_init(&b);
  buf_add(&b, canon, n);
  return buf_detach(&b);
}

static int S_in(const char *path, const char *dir) { /* path is directly in folder dir */
  size_t n = strlen(dir);
  if (n == 1 && dir[0] == '/') return path[0] == '/' && path[1] && !strchr(path + 1, '/');
  return !strncmp(path, dir, n) && path[n] == '/' && !strchr(path + n + 1, '/');
}

static int S_below(const char *path, const char *dir) { /* path is dir or below it */
  size_t n = strlen(dir);
  return !strncmp(path, dir, n) && (path[n] == 0 || path[n] == '/' || (n == 1 && dir[0] == '/'));
}

static int S_ends(const char *s, const char *suffix) {
  size_t n = strlen(s), k = strlen(suffix);
  return n > k && !strcmp(s + n - k, suffix);
}

static const char *S_base(const char *p) {
  const char *s = strrchr(p, '/');
  return s ? s + 1 : p;
}

/* A file a manual could read: YAML, not hidden (editors' swap, lock and backup files are). */
static int S_yaml(const char *p) {
  return S_base(p)[0] != '.' && (S_ends(p, ".yaml") || S_ends(p, ".yml"));
}

/* Records that manual m reads path (canonical), and the file it leads to when it is a link. */
static void S_dep(strs *deps, const char *path) {
  S_take(deps, S_canon(path));
  char real[PATH_MAX];
  if (realpath(path, real)) S_take(deps, xstrdup(real));
}

/* build_opts.loaded: what the manual just read names is what its next rebuild waits for. */
static void S_loaded(void *ctx, int i, const tj_manual *m) {
  watch *w = ctx;
  wman *x = &w->man[w->map[i]];
  x->known = m != NULL;
  if (!m)
    return; /* unreadable: keep what it read before (still watched), and retry on any YAML change */
  S_clear(&x->deps);
  S_dep(&x->deps, x->shown);
  for (int k = 0; k < m->ndeps; k++) S_dep(&x->deps, m->deps[k]);
  if (m->id && *m->id) {
    free(x->id);
    x->id = xstrdup(m->id);
  }
}

/* The folders to watch: those of the manuals, of every file they read, of the catalog, and
 * the templates folder. Watches the new ones, drops the ones no longer needed, and retries
 * the ones that went away (a folder replaced). */
static void S_sync(watch *w) {
  strs need = {0};
  S_take(&need, xstrdup(w->templates));
  S_take(&need, S_parent(w->catalog));
  for (int i = 0; i < w->nman; i++) {
    S_take(&need, S_parent(w->man[i].file));
    for (int k = 0; k < w->man[i].deps.n; k++) S_take(&need, S_parent(w->man[i].deps.v[k]));
  }
  for (int i = 0; i < w->ndirs;) {
    if (S_has(&need, w->dirs[i].path)) {
      i++;
      continue;
    }
    if (w->dirs[i].wd >= 0) inotify_rm_watch(w->fd, w->dirs[i].wd);
    free(w->dirs[i].path);
    w->dirs[i] = w->dirs[--w->ndirs];
  }
  for (int k = 0; k < need.n; k++) {
    wdir *dr = NULL;
    for (int i = 0; i < w->ndirs && !dr; i++)
      if (!strcmp(w->dirs[i].path, need.v[k])) dr = &w->dirs[i];
    if (!dr) {
      if (w->ndirs == w->capdirs) {
        w->capdirs = w->capdirs ? w->capdirs * 2 : 8;
        w->dirs = xrealloc(w->dirs, (size_t)w->capdirs * sizeof *w->dirs);
      }
      dr = &w->dirs[w->ndirs++];
      dr->path = xstrdup(need.v[k]);
      dr->wd = -1;
      dr->warned = 0;
    }
    if (dr->wd >= 0) continue;
    dr->wd = inotify_add_watch(w->fd, dr->path,
                               S_MASK); /* -1 and ENOENT: gone; its parent's watch sees it return */
    if (dr->wd < 0 && errno != ENOENT && !dr->warned) { /* ENOSPC: the limit of watches; EACCES */
      int e = errno;
      dr->warned = 1;
      diag_put_safe(stderr, dr->path);
      fprintf(stderr, ": warning: cannot watch this folder: %s; its changes are not seen%s\n",
              strerror(e), e == ENOSPC ? " (raise fs.inotify.max_user_watches)" : "");
    }
  }
  S_drop(&need);
}

static void S_change(watch *w, const char *path, int set, int dir) {
  for (int i = 0; i < w->nch; i++)
    if (!strcmp(w->ch[i].path, path)) {
      w->ch[i].set |= set;
      w->ch[i].dir |= dir;
      return;
    }
  if (w->nch == w->capch) {
    w->capch = w->capch ? w->capch * 2 : 16;
    w->ch = xrealloc(w->ch, (size_t)w->capch * sizeof *w->ch);
  }
  w->ch[w->nch].path = xstrdup(path);
  w->ch[w->nch].set = set;
  w->ch[w->nch].dir = dir;
  w->nch++;
}

static void S_event(watch *w, const struct inotify_event *e) {
  if (e->mask & IN_Q_OVERFLOW) {
    w->overflow = 1;
    return;
  }
  wdir *dr = NULL;
  for (int i = 0; i < w->ndirs && !dr; i++)
    if (w->dirs[i].wd == e->wd) dr = &w->dirs[i];
  if (!dr) return;
  if (e->mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED)) { /* the folder itself went away */
    if (e->mask & IN_MOVE_SELF) inotify_rm_watch(w->fd, dr->wd); /* it watches the moved folder */
    dr->wd = -1;
    S_change(w, dr->path, 1, 1);
    return;
  }
  if (!e->len || !e->name[0]) return;
  buf p;
  buf_init(&p);
  buf_printf(&p, "%s%s%s", dr->path, strcmp(dr->path, "/") ? "/" : "", e->name);
  S_change(w, buf_cstr(&p), (e->mask & (IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO)) != 0,
           (e->mask & IN_ISDIR) != 0);
  buf_free(&p);
}

/* Reads every event waiting. 0, or -1 after reporting. */
static int S_read(watch *w) {
  char ev[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
  for (;;) {
    ssize_t n = read(w->fd, ev, sizeof ev);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    if (n <= 0) {
      fprintf(stderr, "tejun watch: cannot read the file events: %s\n",
              n < 0 ? strerror(errno) : "end of file");
      return -1;
    }
    for (char *p = ev; p < ev + n;) {
      const struct inotify_event *e = (const struct inotify_event *)(void *)p;
      S_event(w, e);
      p += sizeof *e + e->len;
    }
  }
}

/* Shows path relative to the working folder when it is below it, with control characters
 * escaped (a file name is data). */
static void S_show(const watch *w, const char *path) {
  size_t n = strlen(w->cwd);
  if (!strncmp(path, w->cwd, n) && path[n] == '/' && path[n + 1]) path += n + 1;
  diag_put_safe(stderr, path);
}

/* What the burst touches: sets each manual's todo, *cat / *tpl when the catalog or the
 * templates are to be read again, and names in shown[] the changes that mattered. */
static void S_decide(watch *w, int *cat, int *tpl, strs *shown) {
  int all = w->overflow;
  if (w->overflow) {
    *cat = *tpl = 1;
    S_take(shown, xstrdup("(events lost)"));
  }
  for (int c = 0; c < w->nch; c++) {
    const change *x = &w->ch[c];
    struct stat st;
    int exists = lstat(x->path, &st) == 0, hit = 0;
    if (x->dir) { /* a folder appeared or went away: ours, or one on the way to ours */
      int ours = S_below(w->templates, x->path) || S_below(w->catalog, x->path);
      for (int i = 0; i < w->nman && !ours; i++) {
        ours = S_below(w->man[i].file, x->path);
        for (int k = 0; k < w->man[i].deps.n && !ours; k++)
          ours = S_below(w->man[i].deps.v[k], x->path);
      }
      if (ours) {
        hit = all = 1;
        *cat |= S_below(w->catalog, x->path);
        *tpl |= S_below(w->templates, x->path);
      }
    } else {
      if (!strcmp(x->path, w->catalog)) hit = all = *cat = 1;
      if (S_in(x->path, w->templates) && S_ends(x->path, ".xsl")) hit = all = *tpl = 1;
      for (int i = 0; i < w->nman; i++) {
        wman *m = &w->man[i];
        if (strcmp(x->path, m->file) && !S_has(&m->deps, x->path)) continue;
        hit = 1;
        if (x->set && !exists)
          all = 1; /* a file it reads is gone: the set of files changed */
        else
          m->todo = 1;
      }
      if (!hit && S_yaml(x->path)) { /* a YAML file no manual reads, as far as is known */
        if (x->set) hit = all = 1; /* one appeared or went away */
        for (int i = 0; i < w->nman; i++)
          if (!w->man[i].known) hit = w->man[i].todo = 1;
      }
    }
    if (hit) S_take(shown, xstrdup(x->path));
  }
  if (all)
    for (int i = 0; i < w->nman; i++) w->man[i].todo = 1;
  for (int c = 0; c < w->nch; c++) free(w->ch[c].path);
  w->nch = 0;
  w->overflow = 0;
}

static const char *S_name(const wman *m) { return m->id ? m->id : m->shown; }

/* "a, b, c" (at most S_NAMES, else "N manuals") of the manuals run whose built flag is want. */
static void S_list(const watch *w, int n, int want, const char *color) {
  int k = 0;
  for (int i = 0; i < n; i++) k += w->man[w->map[i]].built == want;
  if (w->color) fputs(color, stderr);
  if (k > S_NAMES)
    fprintf(stderr, "%d manuals", k);
  else
    for (int i = 0, j = 0; i < n; i++) {
      if (w->man[w->map[i]].built != want) continue;
      if (j++) fputs(", ", stderr);
      diag_put_safe(stderr, S_name(&w->man[w->map[i]]));
    }
  if (w->color) fputs("\033[0m", stderr);
}

static const char *S_signame(int sig) {
  return sig == SIGINT    ? "SIGINT"
         : sig == SIGTERM ? "SIGTERM"
         : sig == SIGHUP  ? "SIGHUP"
                          : "a signal";
}

/* The one line of a rebuild: time, what changed, what was built and what not, files written,
 * errors and warnings. n: the manuals run (w->map); why: the reason nothing could run. */
static void S_line(const watch *w, const strs *shown, const char *label, int n, const char *why,
                   const diag *d) {
  char hm[16] = "";
  time_t now = time(NULL);
  struct tm tmv;
  if (localtime_r(&now, &tmv)) strftime(hm, sizeof hm, "%H:%M:%S", &tmv);
  int built = 0, files = 0;
  for (int i = 0; i < n; i++)
    if (w->man[w->map[i]].built) {
      built++;
      files += w->written[i] > 0 ? w->written[i] : 0;
    }
  fputs(w->color ? "\033[1mtejun watch:\033[0m " : "tejun watch: ", stderr);
  fprintf(stderr, "%s ", hm);
  if (label)
    fputs(label, stderr);
  else {
    for (int i = 0; i < shown->n && i < S_SHOWN; i++) {
      if (i) fputs(", ", stderr);
      S_show(w, shown->v[i]);
    }
    if (shown->n > S_SHOWN) fprintf(stderr, " and %d more", shown->n - S_SHOWN);
    fputs(" changed", stderr);
  }
  fputs(": ", stderr);
  if (why)
    fprintf(stderr, "nothing built (%s)", why);
  else {
    if (built) {
      fputs("built ", stderr);
      S_list(w, n, 1, "\033[1;32m");
    }
    if (built < n) {
      fputs(built ? "; not built: " : "not built: ", stderr);
      S_list(w, n, 0, "\033[1;31m");
      fputs(output_stopped() ? " (stopped)" : " (outputs kept)", stderr);
    }
    if (!n) fputs("nothing to build", stderr);
  }
  fprintf(stderr, "; %d file%s written, ", files, files == 1 ? "" : "s");
  if (w->color && d->errors) fputs("\033[1;31m", stderr);
  fprintf(stderr, "%d error%s", d->errors, d->errors == 1 ? "" : "s");
  if (w->color && d->errors) fputs("\033[0m", stderr);
  fputs(", ", stderr);
  if (w->color && d->warnings) fputs("\033[1;35m", stderr);
  fprintf(stderr, "%d warning%s", d->warnings, d->warnings == 1 ? "" : "s");
  if (w->color && d->warnings) fputs("\033[0m", stderr);
  if (output_stopped()) fprintf(stderr, "; stopped by %s", S_signame(output_stopped()));
  fputc('\n', stderr);
}

/* Reads the catalog and the stylesheets again when asked (or while they have errors), then
 * builds the manuals marked todo as `tejun build` does (and the manifest), prints the
 * diagnostics and the line. */
static void S_rebuild(watch *w, int cat, int tpl, const strs *shown, const char *label) {
  diag d;
  diag_init(&d, stderr, w->color, 0);
  if (cat || !w->cat) {
    catalog_free(w->cat);
    int io = 0;
    w->cat = catalog_load(&d, w->catalog_shown, &io);
  }
  if (tpl || !w->r) {
    xslt_close(w->r);
    w->r = xslt_open(&d, w->o->templates);
  }
  int n = 0;
  for (int i = 0; i < w->nman; i++)
    if (w->man[i].todo) {
      w->map[n] = i;
      w->sub[n] = w->man[i].shown;
      w->written[n] = 0;
      w->man[i].built = 0;
      w->man[i].todo = 0;
      n++;
    }
  const char *why = !w->cat ? "the catalog has errors" : !w->r ? "the templates have errors" : NULL;
  if (!why && n) {
    build_opts *o = w->o;
    const char **all = o->manuals;
    int nall = o->nmanuals;
    o->manuals = w->sub;
    o->nmanuals = n;
    o->cat = w->cat;
    o->xslt = w->r;
    o->loaded = S_loaded;
    o->ctx = w;
    o->written = w->written;
    o->progress = w->progress && n >= 8;
    o->silenced = o->nchecked = 0;
    build_run(o, &d);
    output_unlock(); /* while it waits, other runs (make, tejun manifest --check) may use the folder
                      */
    output_graceful(1); /* build_run ends it: the watch stops at its next safe point too */
    for (int i = 0; i < n; i++) w->man[w->map[i]].built = w->written[i] > 0;
    o->manuals = all;
    o->nmanuals = nall;
  }
  if (why) /* nothing ran: the manuals wait for the catalog or the templates to be fixed */
    for (int i = 0; i < n; i++) w->man[w->map[i]].todo = 1;
  diag_sort(&d);
  diag_summary(&d, NULL);
  S_line(w, shown, label, why ? 0 : n, why, &d);
  diag_free(&d);
}

static long S_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void S_free(watch *w) {
  if (w->fd >= 0) close(w->fd);
  for (int i = 0; i < w->ndirs; i++) free(w->dirs[i].path);
  free(w->dirs);
  for (int i = 0; i < w->nman; i++) {
    free(w->man[i].file);
    free(w->man[i].id);
    S_drop(&w->man[i].deps);
  }
  free(w->man);
  for (int c = 0; c < w->nch; c++) free(w->ch[c].path);
  free(w->ch);
  free(w->catalog_shown);
  free(w->catalog);
  free(w->templates);
  free(w->cwd);
  free(w->sub);
  free(w->map);
  free(w->written);
  xslt_close(w->r);
  catalog_free(w->cat);
}

/* At the start, what cannot be read at all is a usage error, as for build: 2 after
 * reporting. Errors in their content are reported by the first build, and waited out. */
static int S_start(watch *w) {
  char real[PATH_MAX];
  struct stat st;
  if (!realpath(w->o->templates, real) || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
    diag_put_safe(stderr, w->o->templates);
    fputs(": error: templates folder not found; give it with --templates DIR\n", stderr);
    return 2;
  }
  w->templates = xstrdup(real);
  if (access(w->catalog_shown, R_OK) != 0) {
    int e = errno;
    diag_put_safe(stderr, w->catalog_shown);
    fprintf(stderr, ": error: cannot open the catalog: %s; give it with --catalog FILE\n",
            strerror(e));
    return 2;
  }
  if (!getcwd(real, sizeof real)) strcpy(real, "/");
  w->cwd = xstrdup(real);
  w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (w->fd < 0) {
    fprintf(stderr, "tejun watch: cannot watch files (inotify): %s\n", strerror(errno));
    return 2;
  }
  return 0;
}

const char cmd_watch_usage[] =
    "usage: tejun watch [-o DIR] [options] MANUAL.yaml...\n"
    "\n"
    "Build the manuals as `tejun build` does, then watch them, every file they read\n"
    "(included shared pages, the catalog) and the templates, and on each save rebuild\n"
    "what the change touches: the manual saved; every manual that includes a shared\n"
    "page saved; all of them when the catalog or a template changes or a file they\n"
    "read appears or goes away. Then the manifest. Saving in place and saving by\n"
    "renaming a new file over the old one are both seen; the events of one save (up\n"
    "to 100 ms of quiet) make one rebuild. Linux only (inotify).\n"
    "\n"
    "Each rebuild prints its diagnostics, then one line on stderr, also when it is\n"
    "not a terminal (coloured only on a terminal, never with NO_COLOR):\n"
    "  tejun watch: 14:03:21 manuals/box.yaml changed: built box; 4 files written,\n"
    "  0 errors, 0 warnings\n"
    "A manual with errors keeps its earlier outputs (\"not built: box (outputs\n"
    "kept)\") and the watch goes on: the save that fixes it builds it. A manual that\n"
    "could not be read at all is retried on every change of a YAML file.\n"
    "\n"
    "options: those of build (-o DIR, --catalog, --templates, --no-services,\n"
    "--werror, --changes-since, --releases, -q), but not --emit, --depfile,\n"
    "--no-manifest, -j or releases (ID@N.M). `tejun build --watch` is the same.\n"
    "  -h, --help           show this help\n"
    "\n"
    "Ctrl-C (SIGINT), SIGTERM or SIGHUP stop it: a rebuild under way finishes the\n"
    "manual it is writing and the manifest, then tejun dies by the signal.\n"
    "\n"
    "exit status: by the signal that stopped it (130, 143, 129 in the shell); 2 usage\n"
    "or I/O error (the templates folder or the catalog not found, inotify unavailable).\n";

int cmd_watch_run(build_opts *o, int color) {
  watch w;
  memset(&w, 0, sizeof w);
  w.o = o;
  w.color = color;
  w.progress = o->progress;
  w.fd = -1;
  w.nman = o->nmanuals;
  w.man = xcalloc((size_t)w.nman, sizeof *w.man);
  w.sub = xcalloc((size_t)w.nman, sizeof *w.sub);
  w.map = xcalloc((size_t)w.nman, sizeof *w.map);
  w.written = xcalloc((size_t)w.nman, sizeof *w.written);
  for (int i = 0; i < w.nman; i++) {
    w.man[i].shown = o->manuals[i];
    w.man[i].file = S_canon(o->manuals[i]);
    S_dep(&w.man[i].deps, o->manuals[i]);
    w.man[i].todo = 1;
  }
  w.catalog_shown = build_catalog_path(o, o->manuals[0]);
  w.catalog = S_canon(w.catalog_shown);
  int rc = S_start(&w);
  if (rc) {
    S_free(&w);
    return rc;
  }
  output_graceful(1); /* from here a stop signal ends the watch at its next safe point */
  S_sync(&w); /* before the first build: a save during it is seen */
  strs shown = {0};
  S_rebuild(&w, 1, 1, &shown, "first build");
  S_sync(&w);
  if (!output_stopped()) {
    strs files = {0};
    S_take(&files, xstrdup(w.catalog));
    for (int i = 0; i < w.nman; i++)
      for (int k = 0; k < w.man[i].deps.n; k++) S_take(&files, xstrdup(w.man[i].deps.v[k]));
    int nd = 0;
    for (int i = 0; i < w.ndirs; i++) nd += w.dirs[i].wd >= 0;
    fputs(color ? "\033[1mtejun watch:\033[0m " : "tejun watch: ", stderr);
    fprintf(stderr, "watching %d file%s and the templates, in %d folder%s; Ctrl-C stops\n", files.n,
            files.n == 1 ? "" : "s", nd, nd == 1 ? "" : "s");
    S_drop(&files);
  }
  sigset_t block, old;
  sigemptyset(&block);
  sigaddset(&block, SIGINT);
  sigaddset(&block, SIGTERM);
  sigaddset(&block, SIGHUP);
  long first = -1; /* when the burst began, or -1 when none is under way */
  while (!rc) {
    /* signals are held from the check to the wait, which releases them: a stop asked for
     * in between ends the wait instead of waiting for the next event */
    sigprocmask(SIG_BLOCK, &block, &old);
    if (output_stopped()) {
      sigprocmask(SIG_SETMASK, &old, NULL);
      break;
    }
    fd_set rs;
    FD_ZERO(&rs);
    FD_SET(w.fd, &rs);
    struct timespec quiet = {0, S_QUIET_MS * 1000000L};
    int n = pselect(w.fd + 1, &rs, NULL, NULL, first >= 0 ? &quiet : NULL, &old);
    int e = errno;
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (n < 0 && e == EINTR) continue;
    if (n < 0) {
      fprintf(stderr, "tejun watch: cannot wait for file events: %s\n", strerror(e));
      rc = 2;
      break;
    }
    if (n > 0) {
      if (S_read(&w) != 0) {
        rc = 2;
        break;
      }
      if (first < 0) first = S_ms();
      if (S_ms() - first < S_MAX_WAIT_MS) continue;
    }
    if (first < 0) continue;
    first = -1;
    if (output_stopped()) break;
    int cat = 0, tpl = 0;
    S_decide(&w, &cat, &tpl, &shown);
    int todo = cat || tpl;
    for (int i = 0; i < w.nman; i++) todo |= w.man[i].todo;
    if (todo) S_rebuild(&w, cat, tpl, &shown, NULL);
    S_clear(&shown);
    S_sync(&w);
  }
  output_graceful(0);
  S_drop(&shown);
  S_free(&w);
  return rc;
}
