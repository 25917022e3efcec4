/* enospc.c: an LD_PRELOAD shim for the tests: a disk with TEJUN_FAIL_AFTER bytes free.
 * write(2) to regular files takes from it, the last write cut short, then fails with ENOSPC;
 * unlink(2) or unlinkat(2) of a regular file gives its size back (a removed temporary file
 * frees space).
 * Terminals, pipes and /dev/null are untouched. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static long long S_left = -1;

static void S_init(void) {
  if (S_left < 0) { const char *e = getenv("TEJUN_FAIL_AFTER"); S_left = e ? atoll(e) : (1LL << 62); }
}

int unlink(const char *path) {
  static int (*real)(const char *);
  if (!real) real = (int (*)(const char *))dlsym(RTLD_NEXT, "unlink");
  struct stat st;
  int had = stat(path, &st) == 0 && S_ISREG(st.st_mode);
  int r = real(path);
  if (r == 0 && had) { S_init(); S_left += st.st_size; }
  return r;
}

int unlinkat(int dirfd, const char *path, int flags) {
  static int (*real)(int, const char *, int);
  if (!real) real = (int (*)(int, const char *, int))dlsym(RTLD_NEXT, "unlinkat");
  struct stat st;
  int had = fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
  int r = real(dirfd, path, flags);
  if (r == 0 && had) { S_init(); S_left += st.st_size; }
  return r;
}

ssize_t write(int fd, const void *data, size_t n) {
  static ssize_t (*real)(int, const void *, size_t);
  if (!real) real = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
  struct stat st;
  if (fd <= 2 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return real(fd, data, n);
  S_init();
  if (S_left == 0) { errno = ENOSPC; return -1; }
  if ((long long)n > S_left) n = (size_t)S_left;
  ssize_t k = real(fd, data, n);
  if (k > 0) S_left -= k;
  return k;
}
