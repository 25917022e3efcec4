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
#include <unistd.h>

static char S_tmp[8300];   /* the temporary file being written, for cleanup on a signal */

void output_cleanup(void) {
  if (S_tmp[0]) { unlink(S_tmp); S_tmp[0] = 0; }
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

int output_write(diag *d, const char *path, const char *data, size_t len) {
  diag_pos pos = { path, 0, 0 };
  char dir[4096];
  size_t n = strlen(path);
  if (n + 16 >= sizeof dir) { diag_report(d, DIAG_ERROR, pos, "io", "path too long"); return -1; }
  memcpy(dir, path, n + 1);
  char *slash = strrchr(dir, '/');
  const char *base = path;
  if (slash) { *slash = 0; base = slash + 1; }
  else strcpy(dir, ".");
  snprintf(S_tmp, sizeof S_tmp, "%s/.%s.tmp-XXXXXX", dir, base);
  int fd = mkstemp(S_tmp);
  if (fd < 0 && errno == ENOENT) {          /* the folder is new: create it, then try again */
    if (output_mkdirs(dir) != 0) { diag_report(d, DIAG_ERROR, pos, "io", "cannot create folder %s: %s", dir, strerror(errno)); S_tmp[0] = 0; return -1; }
    snprintf(S_tmp, sizeof S_tmp, "%s/.%s.tmp-XXXXXX", dir, base);
    fd = mkstemp(S_tmp);
  }
  if (fd < 0) { diag_report(d, DIAG_ERROR, pos, "io", "cannot write in %s: %s", dir, strerror(errno)); S_tmp[0] = 0; return -1; }
  size_t done = 0;
  while (done < len) {
    ssize_t k = write(fd, data + done, len - done);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) {
      int e = k < 0 ? errno : ENOSPC;
      close(fd);
      output_cleanup();
      diag_report(d, DIAG_ERROR, pos, "io", "cannot write: %s; the previous version is kept", strerror(e));
      return -1;
    }
    done += (size_t)k;
  }
  mode_t um = umask(0); umask(um);
  /* no fsync: rename is atomic for every other process (a killed or failed build leaves the
   * old file); syncing each of thousands of outputs would cost more than the build itself */
  if (fchmod(fd, 0666 & ~um) != 0 || close(fd) != 0) {
    int e = errno;
    output_cleanup();
    diag_report(d, DIAG_ERROR, pos, "io", "cannot write: %s; the previous version is kept", strerror(e));
    return -1;
  }
  if (rename(S_tmp, path) != 0) {
    int e = errno;
    output_cleanup();
    diag_report(d, DIAG_ERROR, pos, "io", "cannot replace the file: %s; the previous version is kept", strerror(e));
    return -1;
  }
  S_tmp[0] = 0;
  return 0;
}
