/*
 * bitmap.h - a plain 8-bit "ink" image: 0 = paper (white), 255 = full ink (black).
 * Shared by the text engine's bitmap output, the receipt rasterizer and the ESC/POS encoder,
 * none of which needs SDL for it. Owner: whoever called bitmap_new(); bitmap_free(NULL) is a no-op.
 */
#ifndef KIOSK_BITMAP_H
#define KIOSK_BITMAP_H

#include <stdint.h>

struct bitmap {
	int w, h;
	int stride; /* bytes per row (== w) */
	uint8_t *px;
};

/* Allocates a w x h bitmap of paper (dies on OOM; w, h > 0 and w*h < 64 MiB, else NULL). */
struct bitmap *bitmap_new(int w, int h);
void bitmap_free(struct bitmap *bm);

/* Ink at (x, y), 0 outside the image. */
static inline uint8_t
bitmap_get(const struct bitmap *bm, int x, int y)
{
	if (x < 0 || y < 0 || x >= bm->w || y >= bm->h)
		return 0;
	return bm->px[(long)y * bm->stride + x];
}

/* Fills a rectangle (clipped) with ink value v. */
void bitmap_fill(struct bitmap *bm, int x, int y, int w, int h, uint8_t v);

/* Writes bm as an 8-bit grayscale PNG (ink 255 -> black pixel). */
int bitmap_write_png(const struct bitmap *bm, const char *path);

#endif
