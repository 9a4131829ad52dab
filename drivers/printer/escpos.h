/*
 * escpos.h - the ESC/POS we send: a raster receipt in GS v 0 bands, feed and cut, and the
 * DLE EOT real-time status queries with the parsing of their one-byte replies.
 *
 * Pure functions over a struct kbuf (no I/O, no globals): used by the print worker (app/print.c),
 * the backends (sim answers status; usb sends queries) and the decoder's tests. Thread-safe.
 *
 * About raster data: GS v 0 carries its byte count in its header, so the printer's command parser
 * takes the image bytes as data, never as commands. The exception is the real-time commands
 * (DLE EOT, DLE ENQ, DLE DC4), which printers pick out of the receive buffer before parsing, even
 * inside image data. escpos_raster() therefore rewrites every 10 04 / 10 05 / 10 14 / 1B 3D pair
 * in band data (0x10 -> 0x30, 0x1B -> 0x3B: one extra dot each), as Epson's own driver does.
 */
#ifndef KIOSK_ESCPOS_H
#define KIOSK_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bitmap;
struct kbuf;
struct printer_profile;
struct printer_status;

/* Ink >= this is a dot (thresholded, never dithered: text and QR stay sharp). */
#define ESCPOS_THRESHOLD 128
/* Dot rows fed after the image so the last line clears the cutter (~12 mm at 203 dpi). */
#define ESCPOS_TAIL_FEED 96

/* ESC @: reset modes (not the paper). */
int escpos_init(struct kbuf *out);

/*
 * bm thresholded at ESCPOS_THRESHOLD, centred in p->width_dots, as GS v 0 blocks of at most
 * p->band_lines rows. KERR_INVAL when bm is wider than the profile; KERR_TOOBIG from the kbuf.
 */
int escpos_raster(struct kbuf *out, const struct printer_profile *p, const struct bitmap *bm);

/* Feeds dots dot rows (ESC J, in steps of at most 255). */
int escpos_feed_dots(struct kbuf *out, int dots);

/* Partial cut after feeding feed_dots (GS V 66 n) when p has a cutter, else just the feed. */
int escpos_cut(struct kbuf *out, const struct printer_profile *p, int feed_dots);

/* A whole receipt: init, raster, tail feed, cut. */
int escpos_encode(struct kbuf *out, const struct printer_profile *p, const struct bitmap *bm);

/* DLE EOT n, n = 1 (printer), 2 (offline cause), 3 (error cause), 4 (paper sensor). */
enum escpos_status_kind {
	ESCPOS_ST_PRINTER = 1,
	ESCPOS_ST_OFFLINE = 2,
	ESCPOS_ST_ERROR = 3,
	ESCPOS_ST_PAPER = 4,
};

/* Writes the 3-byte query for n into q. */
void escpos_status_query(enum escpos_status_kind n, uint8_t q[3]);

/* True when b has the fixed bits of a DLE EOT reply (0xx1xx10). */
bool escpos_is_status_byte(uint8_t b);

/*
 * Merges the reply byte b to query n into st (only the fields that n covers). Call with all four
 * replies on a zeroed st after setting st->online = true. KERR_PROTO when b is not a status reply
 * (stale ASB bytes, XON/XOFF, noise), KERR_INVAL for a bad n.
 */
int escpos_status_parse(enum escpos_status_kind n, uint8_t b, struct printer_status *st);

/* The reply a printer in state st gives to query n (the simulator's side of the protocol). */
uint8_t escpos_status_reply(enum escpos_status_kind n, const struct printer_status *st);

#endif
