/* sigrename.c: an LD_PRELOAD shim for the tests: a signal that arrives between two renames.
 * The process sends itself signal TEJUN_RENAME_SIGNAL just before its TEJUN_RENAME_AT-th
 * rename(2) (counting from 1), then goes on with that rename if it is still alive. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

int rename(const char *from, const char *to) {
  static int (*real)(const char *, const char *);
  static int count;
  if (!real) real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
  const char *at = getenv("TEJUN_RENAME_AT"), *sig = getenv("TEJUN_RENAME_SIGNAL");
  if (at && sig && ++count == atoi(at)) raise(atoi(sig));
  return real(from, to);
}
