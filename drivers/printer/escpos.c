/*
 * escpos.c - the ESC/POS encoder (raster receipt in GS v 0 bands, feed, cut) and the DLE EOT
 * status protocol (queries, reply parsing, and the simulator's replies). See escpos.h; the
 * decoder of the same subset is escpos_decode.c.
 */
#include "escpos.h"

#include "../../common/bitmap.h"
#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../common/xalloc.h"
#include "../printer.h"

#include <stdlib.h>
#include <string.h>

#define ESC 0x1b
#define GS  0x1d
#define DLE 0x10

int
escpos_init(struct kbuf *out)
{
	static const uint8_t cmd[] = {ESC, '@'};
	return kbuf_add(out, cmd, sizeof(cmd));
}

/*
 * Real-time commands are acted on even inside image data (escpos.h): break every pair that
 * starts one by setting bit 5 of its first byte. Pairs never cross a band: a band header follows.
 */
static void
scrub_realtime(uint8_t *d, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (d[i] == DLE && (d[i + 1] == 0x04 || d[i + 1] == 0x05 || d[i + 1] == 0x14))
			d[i] = 0x30;
		else if (d[i] == ESC && d[i + 1] == 0x3d)
			d[i] = 0x3b;
	}
}

int
escpos_raster(struct kbuf *out, const struct printer_profile *p, const struct bitmap *bm)
{
	if (!p || !bm || p->width_dots <= 0 || p->width_dots % 8 || p->band_lines <= 0)
		return KERR_INVAL;
	if (bm->w > p->width_dots)
		return KERR_INVAL;
	int row_bytes = p->width_dots / 8;
	int left = (p->width_dots - bm->w) / 2;
	int band_max = p->band_lines > 2303 ? 2303 : p->band_lines; /* yH <= 8 on most models */
	uint8_t *band = NULL;
	int rc = 0;

	for (int y0 = 0; y0 < bm->h; y0 += band_max) {
		int rows = bm->h - y0 < band_max ? bm->h - y0 : band_max;
		size_t size = (size_t)row_bytes * (size_t)rows;
		uint8_t hdr[8] = {GS,
		                  'v',
		                  '0',
		                  0,
		                  (uint8_t)(row_bytes & 0xff),
		                  (uint8_t)(row_bytes >> 8),
		                  (uint8_t)(rows & 0xff),
		                  (uint8_t)(rows >> 8)};
		if (!band)
			band = xmalloc((size_t)row_bytes * (size_t)band_max);
		memset(band, 0, size);
		for (int r = 0; r < rows; r++) {
			const uint8_t *src = bm->px + (long)(y0 + r) * bm->stride;
			uint8_t *dst = band + (size_t)r * (size_t)row_bytes;
			for (int x = 0; x < bm->w; x++)
				if (src[x] >= ESCPOS_THRESHOLD)
					dst[(left + x) >> 3] |= (uint8_t)(0x80 >> ((left + x) & 7));
		}
		scrub_realtime(band, size);
		rc = kbuf_add(out, hdr, sizeof(hdr));
		if (rc == 0)
			rc = kbuf_add(out, band, size);
		if (rc < 0)
			break;
	}
	free(band);
	return rc;
}

int
escpos_feed_dots(struct kbuf *out, int dots)
{
	int rc = 0;
	while (dots > 0 && rc == 0) {
		int n = dots > 255 ? 255 : dots;
		uint8_t cmd[3] = {ESC, 'J', (uint8_t)n};
		rc = kbuf_add(out, cmd, sizeof(cmd));
		dots -= n;
	}
	return rc;
}

int
escpos_cut(struct kbuf *out, const struct printer_profile *p, int feed_dots)
{
	if (feed_dots < 0)
		return KERR_INVAL;
	if (!p->cutter)
		return escpos_feed_dots(out, feed_dots);
	int rc = 0;
	if (feed_dots > 255) { /* GS V 66 takes at most 255 */
		rc = escpos_feed_dots(out, feed_dots - 255);
		feed_dots = 255;
	}
	uint8_t cmd[4] = {GS, 'V', 66, (uint8_t)feed_dots};
	if (rc == 0)
		rc = kbuf_add(out, cmd, sizeof(cmd));
	return rc;
}

int
escpos_encode(struct kbuf *out, const struct printer_profile *p, const struct bitmap *bm)
{
	int rc = escpos_init(out);
	if (rc == 0)
		rc = escpos_raster(out, p, bm);
	if (rc == 0)
		rc = escpos_cut(out, p, ESCPOS_TAIL_FEED);
	return rc;
}

void
escpos_status_query(enum escpos_status_kind n, uint8_t q[3])
{
	q[0] = DLE;
	q[1] = 0x04;
	q[2] = (uint8_t)n;
}

bool
escpos_is_status_byte(uint8_t b)
{
	return (b & 0x93) == 0x12;
}

/* Bits of the replies (Epson TM-T88III/TM-T85 manuals, docs/printing.md). */
#define ST1_OFFLINE          0x08
#define ST2_COVER            0x04
#define ST2_FEED_BUTTON      0x08
#define ST2_PAPER_STOP       0x20
#define ST2_ERROR            0x40
#define ST3_MECHANICAL       0x04
#define ST3_CUTTER           0x08
#define ST3_UNRECOVERABLE    0x20
#define ST3_AUTO_RECOVERABLE 0x40
#define ST4_NEAR_END         0x0c
#define ST4_PAPER_END        0x60

int
escpos_status_parse(enum escpos_status_kind n, uint8_t b, struct printer_status *st)
{
	if (n < ESCPOS_ST_PRINTER || n > ESCPOS_ST_PAPER)
		return KERR_INVAL;
	if (!escpos_is_status_byte(b))
		return KERR_PROTO;
	switch (n) {
	case ESCPOS_ST_PRINTER:
		st->online = !(b & ST1_OFFLINE);
		break;
	case ESCPOS_ST_OFFLINE:
		st->cover_open = st->cover_open || (b & ST2_COVER);
		st->paper_out = st->paper_out || (b & ST2_PAPER_STOP);
		st->error = st->error || (b & ST2_ERROR);
		break;
	case ESCPOS_ST_ERROR:
		st->error = st->error || (b & (ST3_MECHANICAL | ST3_CUTTER | ST3_UNRECOVERABLE |
		                               ST3_AUTO_RECOVERABLE));
		break;
	case ESCPOS_ST_PAPER:
		st->paper_near_end = st->paper_near_end || (b & ST4_NEAR_END);
		st->paper_out = st->paper_out || (b & ST4_PAPER_END);
		break;
	}
	return 0;
}

uint8_t
escpos_status_reply(enum escpos_status_kind n, const struct printer_status *st)
{
	uint8_t b = 0x12;
	switch (n) {
	case ESCPOS_ST_PRINTER:
		/* A printer with the cover open or out of paper is offline. */
		if (!st->online || st->cover_open || st->paper_out || st->error)
			b |= ST1_OFFLINE;
		break;
	case ESCPOS_ST_OFFLINE:
		if (st->cover_open)
			b |= ST2_COVER;
		if (st->paper_out)
			b |= ST2_PAPER_STOP;
		if (st->error)
			b |= ST2_ERROR;
		break;
	case ESCPOS_ST_ERROR:
		if (st->error)
			b |= ST3_CUTTER;
		break;
	case ESCPOS_ST_PAPER:
		if (st->paper_near_end)
			b |= ST4_NEAR_END;
		if (st->paper_out)
			b |= ST4_PAPER_END;
		break;
	}
	return b;
}
