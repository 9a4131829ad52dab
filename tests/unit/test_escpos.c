/*
 * test_escpos.c - the ESC/POS encoder (exact bytes, bands, centring, scrubbing), the decoder
 * (round trip, text, cuts, truncated and garbage input) and the DLE EOT status bytes.
 */
#include "../../common/bitmap.h"
#include "../../common/kbuf.h"
#include "../../common/kerr.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../../drivers/printer/escpos_decode.h"
#include "../tap.h"

static uint32_t rng = 12345;

static uint32_t
rnd(void)
{
	rng = rng * 1103515245u + 12345u;
	return rng >> 8;
}

static void
test_exact_bytes(void)
{
	struct printer_profile p = {"t", 32, 203, 2, 0, 0, true, true};
	struct bitmap *bm = bitmap_new(16, 3);
	bm->px[0] = 255;              /* row 0, x 0 -> dot 8 */
	bm->px[3] = 127;              /* below the threshold: no dot */
	bm->px[15] = 128;             /* at the threshold: dot 23 */
	memset(bm->px + 16, 200, 16); /* row 1: dots 8..23 */
	bm->px[2 * 16 + 8] = 255;     /* row 2: dot 16 */
	struct kbuf b;
	kbuf_init(&b, 1 << 20);
	int rc = escpos_encode(&b, &p, bm);
	is_int(rc, 0, "encode a 16x3 bitmap");
	static const uint8_t want[] = {
	        0x1b, 0x40, /* ESC @ */
	        0x1d, 0x76, 0x30, 0x00,
	        0x04, 0x00, 0x02, 0x00, /* GS v 0: 4 bytes x 2 rows */
	        0x00, 0x80, 0x01, 0x00,
	        0x00, 0xff, 0xff, 0x00, /* centred: 8 blank dots left */
	        0x1d, 0x76, 0x30, 0x00,
	        0x04, 0x00, 0x01, 0x00,             /* second band: 1 row */
	        0x00, 0x00, 0x80, 0x00,             /* */
	        0x1d, 0x56, 0x42, ESCPOS_TAIL_FEED, /* GS V 66 n: feed and partial cut */
	};
	is_int(b.len, sizeof(want), "encoded length");
	ok(b.len == sizeof(want) && memcmp(b.data, want, sizeof(want)) == 0,
	   "exact bytes of init, two bands and the cut");
	kbuf_free(&b);

	/* No cutter: the tail is a feed only, never GS V. */
	p.cutter = false;
	kbuf_init(&b, 1 << 20);
	escpos_cut(&b, &p, 300);
	static const uint8_t feed[] = {0x1b, 0x4a, 0xff, 0x1b, 0x4a, 45};
	ok(b.len == sizeof(feed) && memcmp(b.data, feed, sizeof(feed)) == 0,
	   "no cutter: 300 dots as ESC J 255 + ESC J 45");
	kbuf_free(&b);

	/* Wider than the paper is refused. */
	struct bitmap *wide = bitmap_new(40, 1);
	kbuf_init(&b, 1 << 20);
	is_int(escpos_raster(&b, &p, wide), KERR_INVAL, "bitmap wider than the profile refused");
	kbuf_free(&b);
	bitmap_free(wide);
	bitmap_free(bm);
}

/* Compares page to bm thresholded, placed at x offset left. Returns the count of differences. */
static long
diff_thresholded(const struct bitmap *page, const struct bitmap *bm, int left)
{
	long bad = 0;
	for (int y = 0; y < page->h; y++)
		for (int x = 0; x < page->w; x++) {
			int sx = x - left;
			int want = (y < bm->h && sx >= 0 && sx < bm->w &&
			            bm->px[(long)y * bm->stride + sx] >= ESCPOS_THRESHOLD)
			                   ? 255
			                   : 0;
			if (page->px[(long)y * page->stride + x] != want)
				bad++;
		}
	return bad;
}

static void
test_round_trip(void)
{
	const struct printer_profile *p = printer_profile_find("generic-80");
	/* Full width, random dots with random grey levels either side of the threshold. Bytes
	 * 0x10 and 0x1b are avoided so no real-time pair needs scrubbing (tested below). */
	struct bitmap *bm = bitmap_new(p->width_dots, 700);
	for (int y = 0; y < bm->h; y++)
		for (int xb = 0; xb < bm->w / 8; xb++) {
			uint8_t v = (uint8_t)rnd();
			if (v == 0x10 || v == 0x1b)
				v++;
			for (int bit = 0; bit < 8; bit++) {
				uint8_t ink = (v & (0x80 >> bit)) ? (uint8_t)(128 + rnd() % 128)
				                                  : (uint8_t)(rnd() % 128);
				bm->px[(long)y * bm->stride + xb * 8 + bit] = ink;
			}
		}
	struct kbuf b;
	kbuf_init(&b, 8 << 20);
	is_int(escpos_encode(&b, p, bm), 0, "encode 576x700 random");
	struct escpos_decode_opts o = {.width_dots = p->width_dots};
	struct escpos_page pg;
	int rc = escpos_decode(b.data, b.len, &o, &pg);
	is_int(rc, 0, "decode it");
	is_int(pg.rasters, 3, "700 rows in 256-row bands = 3 GS v 0 blocks");
	ok(pg.cut, "cut seen");
	ok(pg.bm && pg.bm->h == 700 + ESCPOS_TAIL_FEED, "paper = image + tail feed (%d)",
	   pg.bm ? pg.bm->h : -1);
	if (pg.bm)
		is_int(diff_thresholded(pg.bm, bm, 0), 0, "decode(encode(bm)) == threshold(bm)");
	bitmap_free(pg.bm);
	kbuf_free(&b);
	bitmap_free(bm);

	/* Narrower than the paper: centred. A ring and a bar, 500 wide. */
	bm = bitmap_new(500, 300);
	for (int y = 0; y < 300; y++)
		for (int x = 0; x < 500; x++) {
			int dx = x - 250, dy = y - 150, r2 = dx * dx + dy * dy;
			if ((r2 > 90 * 90 && r2 < 120 * 120) || (y > 280 && x < 60))
				bm->px[y * 500 + x] = (uint8_t)(140 + (x + y) % 100);
			else
				bm->px[y * 500 + x] = (uint8_t)((x * 7 + y) % 120);
		}
	kbuf_init(&b, 8 << 20);
	escpos_encode(&b, p, bm);
	rc = escpos_decode(b.data, b.len, &o, &pg);
	is_int(rc, 0, "decode a centred 500x300 image");
	if (pg.bm)
		is_int(diff_thresholded(pg.bm, bm, (576 - 500) / 2), 0,
		       "centred image decoded pixel for pixel at x = 38");
	bitmap_free(pg.bm);
	kbuf_free(&b);
	bitmap_free(bm);
}

static void
test_scrub(void)
{
	struct printer_profile p = {"t", 64, 203, 256, 0, 0, true, true};
	struct bitmap *bm = bitmap_new(64, 2);
	/* Row 0: bytes 10 04 (DLE EOT) ; row 1: bytes 1b 3d (ESC =). */
	bm->px[3] = 255;            /* 0x10 = dot 3 */
	bm->px[8 + 5] = 255;        /* 0x04 = dot 13 */
	for (int x = 0; x < 8; x++) /* 0x1b = dots 3,4,6,7 */
		bm->px[64 + x] = (0x1b & (0x80 >> x)) ? 255 : 0;
	for (int x = 0; x < 8; x++) /* 0x3d */
		bm->px[64 + 8 + x] = (0x3d & (0x80 >> x)) ? 255 : 0;
	struct kbuf b;
	kbuf_init(&b, 1 << 20);
	escpos_encode(&b, &p, bm);
	bool dle_eot = false, esc_eq = false;
	for (size_t i = 0; i + 1 < b.len; i++) {
		dle_eot |= b.data[i] == 0x10 && b.data[i + 1] == 0x04;
		esc_eq |= b.data[i] == 0x1b && b.data[i + 1] == 0x3d;
	}
	ok(!dle_eot, "no DLE EOT pair left in the raster bytes");
	ok(!esc_eq, "no ESC = pair left in the raster bytes");
	struct escpos_decode_opts o = {.width_dots = 64};
	struct escpos_page pg;
	is_int(escpos_decode(b.data, b.len, &o, &pg), 0, "scrubbed stream decodes");
	if (pg.bm) {
		is_int(diff_thresholded(pg.bm, bm, 0), 2, "scrubbing costs exactly two dots");
		is_int(bitmap_get(pg.bm, 2, 0), 255, "the extra dot of 10 -> 30 is at x 2");
		is_int(bitmap_get(pg.bm, 2, 1), 255, "the extra dot of 1b -> 3b is at x 2");
	}
	bitmap_free(pg.bm);
	kbuf_free(&b);
	bitmap_free(bm);

	/* And the decoder takes raster bytes as data: a DLE EOT inside a GS v 0 block written by
	 * hand is drawn, not counted as a query. */
	static const uint8_t raw[] = {0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x01, 0x00, 0x10, 0x04};
	is_int(escpos_decode(raw, sizeof(raw), &o, &pg), 0, "hand-made block with 10 04 inside");
	is_int(pg.status_queries, 0, "raster bytes not taken as a status query");
	ok(pg.bm && bitmap_get(pg.bm, 3, 0) == 255 && bitmap_get(pg.bm, 13, 0) == 255,
	   "its bits are dots");
	bitmap_free(pg.bm);
}

static void
test_status(void)
{
	struct {
		enum escpos_status_kind n;
		uint8_t b;
		const char *what;
		bool online, cover, near, out, err;
	} cases[] = {
	        {ESCPOS_ST_PRINTER, 0x12, "n=1 online", true, false, false, false, false},
	        {ESCPOS_ST_PRINTER, 0x1a, "n=1 offline (bit 3)", false, false, false, false, false},
	        {ESCPOS_ST_OFFLINE, 0x12, "n=2 nothing", true, false, false, false, false},
	        {ESCPOS_ST_OFFLINE, 0x16, "n=2 cover open (bit 2)", true, true, false, false,
	         false},
	        {ESCPOS_ST_OFFLINE, 0x32, "n=2 stopped by paper end (bit 5)", true, false, false,
	         true, false},
	        {ESCPOS_ST_OFFLINE, 0x52, "n=2 error (bit 6)", true, false, false, false, true},
	        {ESCPOS_ST_ERROR, 0x16, "n=3 mechanical error (bit 2)", true, false, false, false,
	         true},
	        {ESCPOS_ST_ERROR, 0x1a, "n=3 autocutter error (bit 3)", true, false, false, false,
	         true},
	        {ESCPOS_ST_ERROR, 0x32, "n=3 unrecoverable (bit 5)", true, false, false, false,
	         true},
	        {ESCPOS_ST_ERROR, 0x52, "n=3 auto-recoverable (bit 6)", true, false, false, false,
	         true},
	        {ESCPOS_ST_PAPER, 0x1e, "n=4 near end (bits 2-3)", true, false, true, false, false},
	        {ESCPOS_ST_PAPER, 0x72, "n=4 paper end (bits 5-6)", true, false, false, true,
	         false},
	        {ESCPOS_ST_PAPER, 0x12, "n=4 paper present", true, false, false, false, false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct printer_status st = {.online = true};
		int rc = escpos_status_parse(cases[i].n, cases[i].b, &st);
		ok(rc == 0 && st.online == cases[i].online && st.cover_open == cases[i].cover &&
		           st.paper_near_end == cases[i].near && st.paper_out == cases[i].out &&
		           st.error == cases[i].err,
		   "status byte 0x%02x: %s", cases[i].b, cases[i].what);
	}
	struct printer_status st = {.online = true};
	is_int(escpos_status_parse(ESCPOS_ST_PAPER, 0x11, &st), KERR_PROTO, "XON is not a status");
	is_int(escpos_status_parse(ESCPOS_ST_PAPER, 0x10, &st), KERR_PROTO,
	       "an ASB header is not a status");
	is_int(escpos_status_parse((enum escpos_status_kind)5, 0x12, &st), KERR_INVAL, "bad n");

	uint8_t q[3];
	escpos_status_query(ESCPOS_ST_PAPER, q);
	ok(q[0] == 0x10 && q[1] == 0x04 && q[2] == 4, "DLE EOT 4 query bytes");

	/* Every state survives reply -> parse (the sim's path). */
	int bad = 0;
	for (int m = 0; m < 32; m++) {
		struct printer_status in = {!(m & 1), m & 2, m & 4, m & 8, m & 16},
		                      out = {.online = 1};
		for (int n = 1; n <= 4; n++)
			escpos_status_parse((enum escpos_status_kind)n,
			                    escpos_status_reply((enum escpos_status_kind)n, &in),
			                    &out);
		bool online = in.online && !in.cover_open && !in.paper_out && !in.error;
		if (out.online != online || out.cover_open != in.cover_open ||
		    out.paper_near_end != in.paper_near_end || out.paper_out != in.paper_out ||
		    out.error != in.error)
			bad++;
	}
	is_int(bad, 0, "32 states survive escpos_status_reply -> escpos_status_parse");

	struct printer_status s1 = {.online = true};
	is_int(printer_status_err(&s1), 0, "ready -> 0");
	s1.paper_near_end = true;
	is_int(printer_status_err(&s1), 0, "near end is a warning only");
	s1.paper_out = true;
	is_int(printer_status_err(&s1), KERR_PAPER, "paper out -> KERR_PAPER");
	s1.cover_open = true;
	is_int(printer_status_err(&s1), KERR_COVER, "cover open wins -> KERR_COVER");
	struct printer_status s2 = {.online = false};
	is_int(printer_status_err(&s2), KERR_PRINTER, "offline -> KERR_PRINTER");
}

static void
test_text_and_cuts(void)
{
	struct escpos_decode_opts o = {.width_dots = 384};
	struct escpos_page pg;
	const char *t = "\x1b@\x1b\x61\x01"
	                "AB\n";
	is_int(escpos_decode((const uint8_t *)t, strlen(t), &o, &pg), 0, "centred text decodes");
	is_int(pg.text_bytes, 2, "two text bytes");
	ok(pg.bm && pg.bm->h == 30, "one line of paper (30 dots)");
	if (pg.bm) {
		/* 2 boxes of 12 dots centred: x 180..203. */
		ok(bitmap_get(pg.bm, 181, 15) == 255 && bitmap_get(pg.bm, 100, 15) == 0,
		   "ink in the centre, not at the left");
	}
	bitmap_free(pg.bm);

	/* Two receipts: stop_at_cut splits them. */
	static const uint8_t two[] = {0x1b, 0x40, 'X', 0x0a, 0x1d, 0x56, 0x42, 0x10,
	                              0x1b, 0x40, 'Y', 0x0a, 0x1d, 0x56, 0x00};
	o.stop_at_cut = true;
	is_int(escpos_decode(two, sizeof(two), &o, &pg), 0, "first receipt of two");
	ok(pg.cut && pg.consumed == 8, "stops after the first cut (consumed %zu)", pg.consumed);
	ok(pg.bm && pg.bm->h == 30 + 16, "line + GS V 66 feed of 16 dots");
	bitmap_free(pg.bm);
	is_int(escpos_decode(two + 8, sizeof(two) - 8, &o, &pg), 0, "second receipt");
	ok(pg.cut && pg.consumed == sizeof(two) - 8, "second cut found");
	bitmap_free(pg.bm);
}

static void
test_bad_input(void)
{
	const struct printer_profile *p = printer_profile_find("generic-58");
	struct bitmap *bm = bitmap_new(384, 20);
	bitmap_fill(bm, 10, 2, 100, 10, 255);
	struct kbuf b;
	kbuf_init(&b, 1 << 20);
	escpos_encode(&b, p, bm);
	/* Command boundaries: 0, 2 (ESC @), 2+8+960 (band), +3 (ESC J 96). */
	size_t bounds[] = {0, 2, 970, 973};
	int wrong = 0;
	struct escpos_decode_opts o = {.width_dots = 384};
	for (size_t len = 0; len <= b.len; len++) {
		struct escpos_page pg;
		int rc = escpos_decode(b.data, len, &o, &pg);
		bool boundary = false;
		for (size_t k = 0; k < 4; k++)
			boundary |= len == bounds[k];
		if (boundary ? rc != 0 : (rc != KERR_INVAL || !pg.truncated || pg.bm))
			wrong++;
		bitmap_free(pg.bm);
	}
	is_int(b.len, 973, "generic-58 20-row receipt is 973 bytes (no cutter)");
	is_int(wrong, 0, "every truncation: error + truncated flag, except at command boundaries");
	kbuf_free(&b);
	bitmap_free(bm);

	struct escpos_page pg;
	static const uint8_t unknown[] = {0x1b, 0xff, 0x00};
	is_int(escpos_decode(unknown, sizeof(unknown), &o, &pg), KERR_INVAL, "unknown ESC command");
	static const uint8_t zero_w[] = {0x1d, 0x76, 0x30, 0x00, 0x00, 0x00, 0x01, 0x00};
	is_int(escpos_decode(zero_w, sizeof(zero_w), &o, &pg), KERR_INVAL, "GS v 0 of width 0");
	static const uint8_t ctl[] = {'a', 0x07, 'b'};
	is_int(escpos_decode(ctl, sizeof(ctl), &o, &pg), KERR_INVAL, "stray control byte");

	/* A tall image past the cap: KERR_TOOBIG, nothing allocated for it. */
	size_t n = 8 + 30000;
	uint8_t *tall = calloc(1, n);
	memcpy(tall, "\x1d\x76\x30\x00\x01\x00\x30\x75", 8); /* 1 byte x 30000 rows */
	is_int(escpos_decode(tall, n, &o, &pg), KERR_TOOBIG, "30000-row image over the 20000 cap");
	ok(pg.bm == NULL, "no page on error");
	free(tall);
	uint8_t feeds[300];
	for (int i = 0; i < 100; i++)
		memcpy(feeds + 3 * i, "\x1b\x4a\xff", 3);
	is_int(escpos_decode(feeds, sizeof(feeds), &o, &pg), KERR_TOOBIG,
	       "100 x 255-dot feeds pass the cap");
	o.max_rows = 30000;
	is_int(escpos_decode(feeds, sizeof(feeds), &o, &pg), KERR_TOOBIG,
	       "max_rows cannot lift the hard cap");
	o.max_rows = 0;
	bitmap_free(pg.bm);

	/* Random garbage: any result, but no crash, and a page only on success. */
	int inconsistent = 0;
	uint8_t junk[96];
	for (int t = 0; t < 20000; t++) {
		size_t len = rnd() % sizeof(junk);
		for (size_t i = 0; i < len; i++) {
			uint32_t r = rnd();
			/* bias towards command bytes so the parsers get exercised */
			junk[i] = (r & 3) == 0 ? (uint8_t) "\x1b\x1d\x10\x0a\x1c"[(r >> 2) % 5]
			                       : (uint8_t)(r >> 4);
		}
		int rc = escpos_decode(junk, len, &o, &pg);
		if ((rc < 0 && pg.bm) || pg.consumed > len)
			inconsistent++;
		bitmap_free(pg.bm);
	}
	is_int(inconsistent, 0, "20000 garbage inputs: no crash, consistent results");
	is_int(escpos_decode(NULL, 0, &o, &pg), 0, "empty input is fine");
	ok(pg.bm == NULL, "and prints nothing");
	o.width_dots = 4;
	is_int(escpos_decode(junk, 1, &o, &pg), KERR_INVAL, "paper narrower than 8 dots refused");
}

int
main(void)
{
	(void)&tap_tmpdir; /* tap.h helper unused here */
	test_exact_bytes();
	test_round_trip();
	test_scrub();
	test_status();
	test_text_and_cuts();
	test_bad_input();
	return tap_done();
}
