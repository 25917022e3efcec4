/* image.h: the files of screenshots, recognised by their bytes (PNG or JPEG, whatever the name
 * says), with their size in pixels and their SHA-256. Read by load.c, published beside the
 * HTML by cmd_build.c, digested into releases by release.c.
 * Ownership: image_read fills a tj_image whose bytes the caller's arena owns. */
#ifndef TEJUN_IMAGE_H
#define TEJUN_IMAGE_H
#include "util.h"
#include <stddef.h>

/* The limits of one image (manuals/README.md#limits): a screenshot of a 4K screen is well
 * inside them. */
#define IMAGE_MAX_BYTES (8u << 20) /* 8 MiB per file */
#define IMAGE_MAX_SIDE 10000 /* pixels, width and height */
#define IMAGE_MAX_TOTAL (64u << 20) /* 64 MiB of distinct images per manual */

typedef enum { IMAGE_NONE = 0, IMAGE_PNG, IMAGE_JPEG } image_kind;

typedef struct tj_image {
  const char *path; /* as written in `image:`, relative to the manuals folder */
  image_kind kind;
  int width, height; /* pixels */
  const unsigned char *data; /* the file's bytes (arena) */
  size_t len;
  char sha256[65];
  int index; /* in manual->images */
} tj_image;

/* What the bytes are: IMAGE_PNG or IMAGE_JPEG with *w, *h set, or IMAGE_NONE with *why saying
 * what is wrong ("not a PNG or JPEG file", "a PNG cut short", ...). Reads nothing else. */
image_kind image_sniff(const unsigned char *p, size_t len, int *w, int *h, const char **why);
/* The file name extension of a kind: "png" or "jpg". */
const char *image_ext(image_kind k);
/* The MIME type of a kind: "image/png" or "image/jpeg". */
const char *image_mime(image_kind k);
#endif
