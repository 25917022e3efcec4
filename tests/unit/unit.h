/* unit.h: the unit tests' harness (tests/unit/NAME.c, one program each; `make unit` or
 * `tests/run unit` builds and runs them). A program defines UNIT_NAME ("util") before it
 * includes this. A test is a function `static void t_x(void)` run by RUN(t_x); a check that
 * does not hold prints "    file:line: what it found", and RUN then prints "ok   NAME: x" or
 * "FAIL NAME: x". UNIT_END() prints the counts and is main's return value: 0 when every check
 * held.
 *   CHECK(cond)            the condition holds
 *   EQ_INT(got, want)      two integers (long long) are equal
 *   EQ_STR(got, want)      two strings are equal (NULL only equals NULL)
 *   EQ_MEM(got, n, want)   got[0..n) is the NUL-terminated string want
 * Header-only: each test program includes it once. */
#ifndef TEJUN_UNIT_H
#define TEJUN_UNIT_H
#ifndef UNIT_NAME
#error "define UNIT_NAME before including unit.h"
#endif
#include <stdio.h>
#include <string.h>

static int U_checks, U_failed, U_tests, U_tests_failed;

static void U_fail(const char *file, int line) {
  U_failed++;
  printf("    %s:%d: ", file, line);
}
#define CHECK(c) \
  do { U_checks++; if (!(c)) { U_fail(__FILE__, __LINE__); printf("%s\n", #c); } } while (0)
#define EQ_INT(got, want) \
  do { long long u_g = (long long)(got), u_w = (long long)(want); U_checks++; \
       if (u_g != u_w) { U_fail(__FILE__, __LINE__); printf("%s is %lld, not %lld\n", #got, u_g, u_w); } } while (0)
#define EQ_STR(got, want) \
  do { const char *u_g = (got), *u_w = (want); U_checks++; \
       if ((u_g == NULL || u_w == NULL) ? u_g != u_w : strcmp(u_g, u_w) != 0) { \
         U_fail(__FILE__, __LINE__); \
         printf("%s is \"%s\", not \"%s\"\n", #got, u_g ? u_g : "(null)", u_w ? u_w : "(null)"); } } while (0)
#define EQ_MEM(got, n, want) \
  do { const char *u_g = (got), *u_w = (want); size_t u_n = (n); U_checks++; \
       if (u_n != strlen(u_w) || memcmp(u_g, u_w, u_n) != 0) { \
         U_fail(__FILE__, __LINE__); printf("%s is \"%.*s\", not \"%s\"\n", #got, (int)u_n, u_g, u_w); } } while (0)
#define RUN(fn) \
  do { int u_before = U_failed; U_tests++; fn(); \
       if (U_failed == u_before) printf("ok   %s: %s\n", UNIT_NAME, #fn + 2); \
       else { U_tests_failed++; printf("FAIL %s: %s\n", UNIT_NAME, #fn + 2); } } while (0)
#define UNIT_END() \
  (printf("%s: %d tests, %d failed (%d checks, %d failed)\n", UNIT_NAME, U_tests, U_tests_failed, U_checks, U_failed), \
   U_failed ? 1 : 0)
#endif
