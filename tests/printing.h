/*
 * printing.h - what the printing tests share: the print worker's results collected in order
 * (test_print, test_printer_tcp) and a printed PNG read back as ink (test_printer, test_receipt).
 * Header-only, like tap.h.
 *
 *   struct collect c = {.n = 0};                  then pthread_mutex_init / pthread_cond_init
 *   print_set_notify(pw, on_result, &c);
 *   struct print_result *r = wait_result(&c, 0);   the first result (the test frees c.res[])
 */
#ifndef KIOSK_TEST_PRINTING_H
#define KIOSK_TEST_PRINTING_H

#include "../app/print.h"
#include "../common/bitmap.h"

#include <errno.h>
#include <png.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RESULTS 24

/* The print worker's results, collected. */
struct collect {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct print_result *res[MAX_RESULTS];
	int n;
};

/* The print worker's notify callback: keeps res in c (frees it when c is full). */
__attribute__((unused)) static void
on_result(struct print_result *res, void *ctx)
{
	struct collect *c = ctx;
	pthread_mutex_lock(&c->lock);
	if (c->n < MAX_RESULTS)
		c->res[c->n++] = res;
	else
		free(res);
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

/* The k-th result (0-based), waiting for it; NULL if none comes in a generous minute. */
__attribute__((unused)) static struct print_result *
wait_result(struct collect *c, int k)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 60;
	pthread_mutex_lock(&c->lock);
	while (c->n <= k)
		if (pthread_cond_timedwait(&c->cond, &c->lock, &until) == ETIMEDOUT)
			break;
	struct print_result *r = c->n > k ? c->res[k] : NULL;
	pthread_mutex_unlock(&c->lock);
	return r;
}

/* Reads a grayscale PNG as ink (255 - gray). NULL on failure. */
__attribute__((unused)) static struct bitmap *
read_png(const char *path)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path))
		return NULL;
	img.format = PNG_FORMAT_GRAY;
	struct bitmap *bm = bitmap_new((int)img.width, (int)img.height);
	if (!bm || !png_image_finish_read(&img, NULL, bm->px, 0, NULL)) {
		png_image_free(&img);
		bitmap_free(bm);
		return NULL;
	}
	for (long i = 0; i < (long)bm->w * bm->h; i++)
		bm->px[i] = (uint8_t)(255 - bm->px[i]);
	return bm;
}

#endif
