/* sigrename.c: an LD_PRELOAD shim for the tests: a signal that arrives between two renames.
 * The process sends itself signal TEJUN_RENAME_SIGNAL just before its TEJUN_RENAME_AT-th
 * rename(2) or renameat(2) (counting from 1), then goes on with that rename if it is still alive. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

static int S_count;

static void S_maybe_raise(void) {
  const char *at = getenv("TEJUN_RENAME_AT"), *sig = getenv("TEJUN_RENAME_SIGNAL");
  if (at && sig && ++S_count == atoi(at)) raise(atoi(sig));
}

int rename(const char *from, const char *to) {
  static int (*real)(const char *, const char *);
  if (!real) real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  S_maybe_raise();
  return real(from, to);
}

int renameat(int fromfd, const char *from, int tofd, const char *to) {
  static int (*real)(int, const char *, int, const char *);
  if (!real) real = (int (*)(int, const char *, int, const char *))dlsym(RTLD_NEXT, "renameat");
  S_maybe_raise();
  return real(fromfd, from, tofd, to);
}
