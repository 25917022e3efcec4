/* workers.c: worker processes for a job's items (see workers.h). */
#include "workers.h"
#include "output.h"
#include "util.h"
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What a worker sends: one 'P' per item done, then 'R', its counters, its error and warning
 * counts, and the text of its diagnostics until the end of the pipe. */
typedef struct report {
  int counters[WORKERS_COUNTERS];
  int errors, warnings;
} report;

static int S_write_all(int fd, const void *p, size_t n) {
  const char *c = p;
  while (n) {
    ssize_t k = write(fd, c, n);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return -1;
    c += k;
    n -= (size_t)k;
  }
  return 0;
}

static void S_worker(int k, int jobs, int n, workers_fn fn, void *ctx, const diag *pd, int fd) {
  output_worker();
  char *text = NULL;
  size_t tlen = 0;
  FILE *mem = open_memstream(&text, &tlen);
  diag d;
  diag_init(&d, mem ? mem : stderr, pd->color, 0);
  report r;
  memset(&r, 0, sizeof r);
  for (int i = k; i < n && !output_stopped(); i += jobs) {
    fn(ctx, i, &d, r.counters);
    if (S_write_all(fd, "P", 1) != 0) _exit(2); /* the parent is gone */
  }
  diag_sort(&d);
  diag_summary(&d, NULL);
  r.errors = d.errors;
  r.warnings = d.warnings;
  if (mem) fclose(mem);
  int bad = S_write_all(fd, "R", 1) != 0 || S_write_all(fd, &r, sizeof r) != 0 ||
            (text && S_write_all(fd, text, tlen) != 0);
  free(text);
  diag_free(&d);
  close(fd);
  _exit(bad ? 2 : 0); /* no exit handlers, no stdio flush: they belong to the parent */
}

typedef struct wk {
  pid_t pid;
  int fd;
  int reported;
  size_t got;
  report r;
  buf text;
} wk;

int workers_run(int jobs, int n, workers_fn fn, void *ctx, diag *d, int *counters, int progress) {
  if (jobs > n) jobs = n;
  wk *w = xcalloc((size_t)jobs, sizeof *w);
  fflush(NULL); /* nothing buffered is written twice */
  int started = 0;
  for (int k = 0; k < jobs; k++) {
    int p[2];
    if (pipe(p) != 0) break;
    pid_t pid = fork();
    if (pid < 0) {
      close(p[0]);
      close(p[1]);
      break;
    }
    if (pid == 0) {
      close(p[0]);
      for (int q = 0; q < k; q++) close(w[q].fd);
      S_worker(k, jobs, n, fn, ctx, d, p[1]);
    }
    close(p[1]);
    w[k].pid = pid;
    w[k].fd = p[0];
    buf_init(&w[k].text);
    started++;
  }
  if (started < jobs) { /* could not start them all: stop the ones started, run nothing */
    for (int k = 0; k < started; k++) {
      kill(w[k].pid, SIGKILL);
      close(w[k].fd);
      waitpid(w[k].pid, NULL, 0);
      buf_free(&w[k].text);
    }
    free(w);
    diag_pos pos = {"tejun build", 0, 0};
    diag_report(d, DIAG_ERROR, pos, "io", "cannot start %d worker processes: %s; build with -j 1",
                jobs, strerror(errno));
    return -1;
  }
  struct pollfd *pf = xcalloc((size_t)jobs, sizeof *pf);
  int open = jobs, done = 0, forwarded = 0;
  while (open > 0) {
    if (output_stopped() && !forwarded) {
      for (int k = 0; k < jobs; k++) kill(w[k].pid, output_stopped());
      forwarded = 1;
    }
    int m = 0;
    for (int k = 0; k < jobs; k++)
      if (w[k].fd >= 0) {
        pf[m].fd = w[k].fd;
        pf[m].events = POLLIN;
        pf[m].revents = 0;
        m++;
      }
    int rc = poll(pf, (nfds_t)m, 200);
    if (rc < 0 && errno != EINTR) break;
    if (rc <= 0) continue;
    for (int q = 0; q < m; q++) {
      if (!pf[q].revents) continue;
      int k = 0;
      while (w[k].fd != pf[q].fd) k++;
      char chunk[8192];
      ssize_t got = read(w[k].fd, chunk, sizeof chunk);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) {
        close(w[k].fd);
        w[k].fd = -1;
        open--;
        continue;
      }
      for (ssize_t i = 0; i < got; i++) {
        if (!w[k].reported) {
          if (chunk[i] == 'P') {
            done++;
            if (progress) {
              fprintf(stderr, "\r\033[K[%d/%d] manuals built by %d workers", done, n, jobs);
              fflush(stderr);
            }
          } else if (chunk[i] == 'R')
            w[k].reported = 1;
        } else if (w[k].got < sizeof w[k].r)
          ((char *)&w[k].r)[w[k].got++] = chunk[i];
        else {
          buf_add(&w[k].text, chunk + i, (size_t)(got - i));
          break;
        }
      }
    }
  }
  free(pf);
  int failed = 0;
  for (int k = 0; k < jobs; k++) {
    if (w[k].fd >= 0) close(w[k].fd);
    int ws = 0;
    while (waitpid(w[k].pid, &ws, 0) < 0 && errno == EINTR) {}
    if (!w[k].reported || w[k].got < sizeof w[k].r || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
      failed++;
  }
  if (progress) {
    fprintf(stderr, "\r\033[K");
    fflush(stderr);
  }
  for (int k = 0; k < jobs; k++) { /* the diagnostics, worker by worker, and the counts */
    if (w[k].text.len) {
      fwrite(w[k].text.data, 1, w[k].text.len, d->out);
      fflush(d->out);
    }
    if (w[k].got == sizeof w[k].r) {
      counters[0] = exit_worst(counters[0], w[k].r.counters[0]); /* the exit status */
      for (int c = 1; c < WORKERS_COUNTERS; c++) counters[c] += w[k].r.counters[c];
      d->errors += w[k].r.errors;
      d->warnings += w[k].r.warnings;
    }
    buf_free(&w[k].text);
  }
  free(w);
  if (failed) {
    diag_pos pos = {"tejun build", 0, 0};
    diag_report(d, DIAG_ERROR, pos, "io",
                "%d worker process%s ended without reporting (killed?); build again", failed,
                failed == 1 ? "" : "es");
    counters[0] = exit_worst(counters[0], 2);
  }
  return 0;
}
