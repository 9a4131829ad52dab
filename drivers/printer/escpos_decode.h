/*
 * escpos_decode.h - a virtual printer's paper: decodes the ESC/POS subset we send (and common
 * text commands) into an 8-bit ink bitmap. Used by the sim backend, tools/escpos-render and tests.
 *
 * The input is outside data: everything is bounds-checked, the paper is capped in height, and
 * garbage gives an error, never a crash (tests/fuzz/fuzz_escpos.c).
 *
 * Understood: ESC @, ESC J n, ESC d n, LF, CR, HT, NUL, ESC a n, ESC E n, ESC ! n, ESC 2,
 * ESC 3 n, GS ! n, GS v 0 (modes 0-3 and 48-51), GS V m / GS V m n (cut), GS a n, GS r n,
 * DLE EOT n, DLE ENQ n (answered by nothing here: skipped). GS v 0 image bytes are taken as data
 * by their length, never as commands. Text bytes (0x20-0xFF) are drawn as boxes of the font A/B
 * cell (12x24 / 9x17 dots, scaled by ESC ! / GS !), filled when emphasised; spaces are blank.
 *
 * Thread-safe (no globals). The caller owns page->bm (bitmap_free()).
 */
#ifndef KIOSK_ESCPOS_DECODE_H
#define KIOSK_ESCPOS_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bitmap;

#define ESCPOS_DECODE_MAX_ROWS  20000
#define ESCPOS_DECODE_MAX_WIDTH 2048

struct escpos_decode_opts {
	int width_dots;   /* paper width, 8..ESCPOS_DECODE_MAX_WIDTH (wider images are clipped) */
	int max_rows;     /* 0 = ESCPOS_DECODE_MAX_ROWS; more paper than this is KERR_TOOBIG */
	bool stop_at_cut; /* stop after the first cut (the sim splits a stream into receipts) */
};

struct escpos_page {
	struct bitmap *bm;  /* width_dots x rows fed; NULL when no paper moved */
	size_t consumed;    /* bytes decoded (up to and including the cut when stop_at_cut) */
	bool cut;           /* a cut command ended the page */
	bool truncated;     /* the data ended inside a command (rc KERR_INVAL) */
	int rasters;        /* GS v 0 blocks */
	int text_bytes;     /* text bytes drawn as boxes */
	int status_queries; /* DLE EOT seen */
	int clipped;        /* raster dots beyond the paper width, dropped */
};

/*
 * Decodes data[0..n) into *page (zeroed first). 0 on success; KERR_INVAL on an unknown or
 * malformed command or data that ends inside a command (page->truncated); KERR_TOOBIG when the
 * paper would pass max_rows. On error page->bm is NULL and page->consumed is where it stopped.
 */
int escpos_decode(const uint8_t *data, size_t n, const struct escpos_decode_opts *opts,
                  struct escpos_page *page);

#endif
