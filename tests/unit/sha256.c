/* tests/unit/sha256.c: gen/sha256.c against the examples of FIPS 180-2 (appendix B: "abc",
 * the 448-bit message, one million 'a') and the empty message, plus the lengths around the
 * padding boundaries (55, 56, 63, 64, 65, 119, 120 bytes; digests from Python's hashlib). */
#define UNIT_NAME "sha256"
#include "unit.h"
#include "sha256.h"
#include <stdlib.h>

static const char *S_hex(const void *data, size_t len) {
  static char hex[65];
  memset(hex, 'x', sizeof hex);
  sha256_hex(data, len, hex);
  return hex;
}

static void t_fips_180_2(void) {
  EQ_STR(S_hex("", 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EQ_STR(S_hex("abc", 3), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EQ_INT(strlen(m448) * 8, 448);
  EQ_STR(S_hex(m448, strlen(m448)), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  const char *m896 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
  EQ_STR(S_hex(m896, strlen(m896)), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void t_million_a(void) {
  size_t n = 1000000;
  char *a = malloc(n);
  memset(a, 'a', n);
  EQ_STR(S_hex(a, n), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  free(a);
}

static void t_padding_boundaries(void) {
  static const struct { size_t n; const char *hex; } v[] = {
    { 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
    { 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
    { 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
    { 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
    { 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
    { 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
    { 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
  };
  char a[128];
  memset(a, 'a', sizeof a);
  for (size_t i = 0; i < sizeof v / sizeof *v; i++) EQ_STR(S_hex(a, v[i].n), v[i].hex);
}

static void t_bytes(void) {
  /* every byte value (the high bit set, NUL inside the message) and UTF-8 text */
  unsigned char all[768];
  for (size_t i = 0; i < sizeof all; i++) all[i] = (unsigned char)(i & 0xFF);
  EQ_STR(S_hex(all, sizeof all), "f3a25aa93aa2fbba28d79260535bbd6a5eb0fc1c24a8b0f04e12b484c1dfe363");
  EQ_STR(S_hex("手順", strlen("手順")), "a7a63832b26b30e6f5326cf937b4685301cbdc82dc8c4924812f4007d6812b87");
  const char *h = S_hex("abc", 3);
  EQ_INT(strlen(h), 64);   /* 64 lower-case digits and the NUL */
}

int main(void) {
  RUN(t_fips_180_2);
  RUN(t_million_a);
  RUN(t_padding_boundaries);
  RUN(t_bytes);
  return UNIT_END();
}
