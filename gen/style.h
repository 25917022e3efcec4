/* style.h: Japanese style rules of `tejun check`, offline, in the spirit of textlint's
 * ja-technical-writing and JTF presets: doubled particles, near-duplicate sentences,
 * half-width katakana, mixed-width titles, mixed です/ます and である, overlong sentences. */
#ifndef TEJUN_STYLE_H
#define TEJUN_STYLE_H
#include "checkctx.h"

#define STYLE_MAX_SENTENCE 100 /* characters */

void style_check(checkctx *c);
#endif
