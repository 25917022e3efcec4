/* mkpng: writes a test screenshot with cairo: mkpng OUT.png WIDTH HEIGHT [LABEL]. A grey window
 * with a title bar and a few boxes, so that a picture looked at shows where callouts fall. */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: mkpng OUT.png WIDTH HEIGHT [LABEL]\n"); return 2; }
  int w = atoi(argv[2]), h = atoi(argv[3]);
  if (w <= 0 || h <= 0 || w > 20000 || h > 20000) { fprintf(stderr, "mkpng: bad size\n"); return 2; }
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 0.96, 0.96, 0.97); cairo_paint(cr);
  cairo_set_source_rgb(cr, 0.20, 0.35, 0.60); cairo_rectangle(cr, 0, 0, w, h / 10 + 1); cairo_fill(cr);
  for (int i = 0; i < 4; i++) {
    cairo_set_source_rgb(cr, 0.80 - i * 0.1, 0.85, 0.90);
    cairo_rectangle(cr, w / 10.0, h / 6.0 + i * h / 5.5, w * 0.6, h / 9.0);
    cairo_fill(cr);
  }
  if (argc > 4) {
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_set_font_size(cr, h / 16.0 + 1);
    cairo_move_to(cr, 8, h / 14.0 + 1);
    cairo_show_text(cr, argv[4]);
  }
  cairo_destroy(cr);
  int rc = cairo_surface_write_to_png(s, argv[1]) == CAIRO_STATUS_SUCCESS ? 0 : 1;
  cairo_surface_destroy(s);
  if (rc) fprintf(stderr, "mkpng: cannot write %s\n", argv[1]);
  return rc;
}
