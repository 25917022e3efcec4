/* image.c: PNG and JPEG recognised by their bytes, and their size in pixels. Nothing is
 * decoded: the signature, the header that states the size and the end marker are read, so a
 * file that is no image, or one cut short, is refused before it is published. */
#include "image.h"
#include <string.h>

static unsigned long S_be32(const unsigned char *p) {
  return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}
static unsigned S_be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static image_kind S_png(const unsigned char *p, size_t len, int *w, int *h, const char **why) {
  static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
  if (len < 8 + 25 + 12 || S_be32(p + 8) != 13 || memcmp(p + 12, "IHDR", 4)) {
    *why = "a PNG file without its header (IHDR): damaged or cut short";
    return IMAGE_NONE;
  }
  unsigned long pw = S_be32(p + 16), ph = S_be32(p + 20);
  if (memcmp(p + len - 12, iend, 12)) {
    *why = "a PNG file cut short (it does not end with IEND)";
    return IMAGE_NONE;
  }
  if (!pw || !ph || pw > 0x7fffffffUL || ph > 0x7fffffffUL) {
    *why = "a PNG file whose header gives no size";
    return IMAGE_NONE;
  }
  *w = pw > IMAGE_MAX_SIDE ? IMAGE_MAX_SIDE + 1 : (int)pw;
  *h = ph > IMAGE_MAX_SIDE ? IMAGE_MAX_SIDE + 1 : (int)ph;
  return IMAGE_PNG;
}

static image_kind S_jpeg(const unsigned char *p, size_t len, int *w, int *h, const char **why) {
  size_t end = len;
  while (end > 2 && p[end - 1] == 0) end--; /* some cameras pad after the end marker */
  if (end < 4 || p[end - 2] != 0xFF || p[end - 1] != 0xD9) {
    *why = "a JPEG file cut short (it does not end with the EOI marker)";
    return IMAGE_NONE;
  }
  size_t i = 2;
  while (i + 4 <= end) {
    if (p[i] != 0xFF) break;
    while (i < end && p[i] == 0xFF) i++; /* fill bytes */
    if (i >= end) break;
    unsigned m = p[i++];
    if (m == 0x01 || (m >= 0xD0 && m <= 0xD7)) continue; /* markers without a length */
    if (m == 0xD9 || m == 0xDA) break; /* the end, or the scan, before any frame header */
    if (i + 2 > end) break;
    unsigned seg = S_be16(p + i);
    if (seg < 2 || i + seg > end) break;
    if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) { /* a frame header (SOFn) */
      if (seg < 7) break;
      unsigned ph = S_be16(p + i + 3), pw = S_be16(p + i + 5);
      if (!pw || !ph) {
        *why = "a JPEG file whose frame header gives no size";
        return IMAGE_NONE;
      }
      *w = (int)pw;
      *h = (int)ph;
      return IMAGE_JPEG;
    }
    i += seg;
  }
  *why = "a JPEG file without a frame header (SOF) before its image data: damaged or cut short";
  return IMAGE_NONE;
}

image_kind image_sniff(const unsigned char *p, size_t len, int *w, int *h, const char **why) {
  static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  *w = *h = 0;
  if (len >= 8 && !memcmp(p, png, 8)) return S_png(p, len, w, h, why);
  if (len >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF) return S_jpeg(p, len, w, h, why);
  *why = len ? "not a PNG or JPEG file (its first bytes are neither signature)" : "an empty file";
  return IMAGE_NONE;
}

const char *image_ext(image_kind k) { return k == IMAGE_JPEG ? "jpg" : "png"; }
const char *image_mime(image_kind k) { return k == IMAGE_JPEG ? "image/jpeg" : "image/png"; }
