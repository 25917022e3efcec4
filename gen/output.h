/* output.h: writing files so that nothing is ever half-written: each file goes to a
 * temporary file in its target folder and is renamed into place; a failure removes the
 * temporary file and leaves the previous version intact. */
#ifndef TEJUN_OUTPUT_H
#define TEJUN_OUTPUT_H
#include "diag.h"
#include <stddef.h>

/* Creates dir and its parents (mode 0777 & umask). Returns 0, or -1 with errno set. */
int output_mkdirs(const char *dir);
/* Writes data to path atomically (creating its folder). Returns 0, or -1 after reporting to d. */
int output_write(diag *d, const char *path, const char *data, size_t len);
/* Removes any temporary files a killed run left behind (called at exit and on signals). */
void output_cleanup(void);
#endif
