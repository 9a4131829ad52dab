/*
 * bitmap.c - 8-bit ink bitmaps and their PNG output through libpng (see bitmap.h).
 */
#include "bitmap.h"

#include "kerr.h"
#include "klog.h"
#include "xalloc.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct bitmap *
bitmap_new(int w, int h)
{
	if (w <= 0 || h <= 0 || (long long)w * h > 64LL * 1024 * 1024)
		return NULL;
	struct bitmap *bm = xcalloc(1, sizeof(*bm));
	bm->w = w;
	bm->h = h;
	bm->stride = w;
	bm->px = xcalloc((size_t)w * (size_t)h, 1);
	return bm;
}

void
bitmap_free(struct bitmap *bm)
{
	if (!bm)
		return;
	free(bm->px);
	free(bm);
}

void
bitmap_fill(struct bitmap *bm, int x, int y, int w, int h, uint8_t v)
{
	int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
	int x1 = x + w > bm->w ? bm->w : x + w, y1 = y + h > bm->h ? bm->h : y + h;
	for (int r = y0; r < y1; r++)
		if (x1 > x0)
			memset(bm->px + (long)r * bm->stride + x0, v, (size_t)(x1 - x0));
}

int
bitmap_write_png(const struct bitmap *bm, const char *path)
{
	volatile int rc = KERR_IO; /* read after longjmp */
	png_structp png = NULL;
	png_infop info = NULL;
	uint8_t *row = xmalloc((size_t)bm->w);
	FILE *f = fopen(path, "wb");
	if (!f) {
		klog(KLOG_ERR, "bitmap", "cannot write %s: %s", path, strerror(errno));
		goto out_free;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (!png)
		goto out_close;
	info = png_create_info_struct(png);
	if (!info)
		goto out_png;
	if (setjmp(png_jmpbuf(png))) {
		klog(KLOG_ERR, "bitmap", "libpng failed writing %s", path);
		goto out_png;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)bm->w, (png_uint_32)bm->h, 8, PNG_COLOR_TYPE_GRAY,
	             PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < bm->h; y++) {
		for (int x = 0; x < bm->w; x++)
			row[x] = (uint8_t)(255 - bm->px[(long)y * bm->stride + x]);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	rc = 0;
out_png:
	png_destroy_write_struct(&png, &info);
out_close:
	if (fclose(f) != 0 && rc == 0)
		rc = KERR_IO;
out_free:
	free(row);
	return rc;
}
