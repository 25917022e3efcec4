/* rusage.c: `rusage FILE COMMAND...` runs COMMAND and writes "STATUS CPU-MICROSECONDS MAXRSS-KB"
 * to FILE: its exit status (128 + N when killed by signal N), user + system time and peak
 * resident memory, from wait4. The suite runs tejun through it rather than straight from Python
 * because Linux counts the memory of the process that forked into the child's ru_maxrss: a
 * large parent would hide the child's own peak. Exits 127 when COMMAND cannot be run. */
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) { fputs("usage: rusage FILE COMMAND...\n", stderr); return 2; }
  pid_t pid = fork();
  if (pid < 0) { perror("fork"); return 127; }
  if (pid == 0) { execvp(argv[2], argv + 2); perror(argv[2]); _exit(127); }
  int st = 0;
  struct rusage ru;
  if (wait4(pid, &st, 0, &ru) < 0) { perror("wait4"); return 127; }
  FILE *f = fopen(argv[1], "w");
  if (!f) { perror(argv[1]); return 127; }
  int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  long long us = (long long)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec + (long long)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;
  fprintf(f, "%d %lld %ld\n", status, us, ru.ru_maxrss);
  fclose(f);
  return 0;
}
