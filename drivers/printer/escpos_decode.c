/*
 * escpos_decode.c - the virtual printer's paper (see escpos_decode.h): a byte-at-a-time parser of
 * our ESC/POS subset that feeds rows onto a growing 8-bit canvas.
 *
 * Start at escpos_decode(): one switch on the first byte of each command. Every multi-byte
 * command first checks that its bytes are all there (need()), so the parser never reads past the
 * input; every raster or feed first reserves its rows (paper_reserve()), which enforces the cap.
 */
#include "escpos_decode.h"

#include "../../common/bitmap.h"
#include "../../common/kerr.h"
#include "../../common/xalloc.h"

#include <stdlib.h>
#include <string.h>

#define NUL 0x00
#define HT  0x09
#define LF  0x0a
#define CR  0x0d
#define DLE 0x10
#define ESC 0x1b
#define FS  0x1c
#define GS  0x1d

#define LINE_MAX_CHARS  256
#define DEFAULT_SPACING 30 /* ESC 2: 1/6 inch at 180 dpi */

struct tchar {
	uint8_t c;
	uint8_t bold;
	int16_t w, h;
};

struct dec {
	const uint8_t *d;
	size_t n, i;
	int w, max_rows;
	uint8_t *paper;
	int alloc_rows, rows;
	/* text state */
	int align; /* 0 left, 1 centre, 2 right */
	bool bold, font_b;
	int mul_w, mul_h;
	int spacing;
	struct tchar line[LINE_MAX_CHARS];
	int line_len, line_w;
	struct escpos_page *page;
};

static bool
need(struct dec *s, size_t k)
{
	if (s->n - s->i < k) {
		s->page->truncated = true;
		return false;
	}
	return true;
}

/* Makes sure rows [0, upto) exist; KERR_TOOBIG past the cap. */
static int
paper_reserve(struct dec *s, long upto)
{
	if (upto > s->max_rows)
		return KERR_TOOBIG;
	if (upto <= s->alloc_rows)
		return 0;
	int a = s->alloc_rows ? s->alloc_rows : 256;
	while (a < upto)
		a *= 2;
	if (a > s->max_rows)
		a = s->max_rows;
	s->paper = xrealloc(s->paper, (size_t)a * (size_t)s->w);
	memset(s->paper + (size_t)s->alloc_rows * (size_t)s->w, 0,
	       (size_t)(a - s->alloc_rows) * (size_t)s->w);
	s->alloc_rows = a;
	return 0;
}

static int
feed(struct dec *s, long dots)
{
	int rc = paper_reserve(s, s->rows + dots);
	if (rc == 0)
		s->rows += (int)dots;
	return rc;
}

static void
reset_modes(struct dec *s)
{
	s->align = 0;
	s->bold = false;
	s->font_b = false;
	s->mul_w = s->mul_h = 1;
	s->spacing = DEFAULT_SPACING;
	s->line_len = 0;
	s->line_w = 0;
}

static void
draw_box(struct dec *s, int x0, int y0, int w, int h, bool fill)
{
	int t = w > 12 ? 2 : 1;
	for (int y = y0 + 1; y < y0 + h - 1; y++) {
		for (int x = x0 + 1; x < x0 + w - 1; x++) {
			if (x < 0 || x >= s->w || y < 0 || y >= s->rows)
				continue;
			bool edge = x < x0 + 1 + t || x >= x0 + w - 1 - t || y < y0 + 1 + t ||
			            y >= y0 + h - 1 - t;
			if (fill || edge)
				s->paper[(size_t)y * (size_t)s->w + (size_t)x] = 255;
		}
	}
}

/* Prints the text line buffer (even when empty) and advances one line. */
static int
end_line(struct dec *s)
{
	int lh = s->spacing;
	for (int k = 0; k < s->line_len; k++)
		if (s->line[k].h > lh)
			lh = s->line[k].h;
	int top = s->rows;
	int rc = feed(s, lh);
	if (rc < 0)
		return rc;
	int x = 0;
	if (s->line_w < s->w)
		x = s->align == 1 ? (s->w - s->line_w) / 2 : s->align == 2 ? s->w - s->line_w : 0;
	for (int k = 0; k < s->line_len; k++) {
		const struct tchar *c = &s->line[k];
		if (c->c != ' ')
			draw_box(s, x, top + lh - c->h, c->w, c->h, c->bold);
		x += c->w;
	}
	s->line_len = 0;
	s->line_w = 0;
	return 0;
}

static int
add_char(struct dec *s, uint8_t c)
{
	int cw = (s->font_b ? 9 : 12) * s->mul_w, ch = (s->font_b ? 17 : 24) * s->mul_h;
	if (s->line_len > 0 && (s->line_w + cw > s->w || s->line_len == LINE_MAX_CHARS)) {
		int rc = end_line(s);
		if (rc < 0)
			return rc;
	}
	s->line[s->line_len++] = (struct tchar){c, s->bold, (int16_t)cw, (int16_t)ch};
	s->line_w += cw;
	s->page->text_bytes++;
	return 0;
}

static int
flush_pending(struct dec *s)
{
	return s->line_len ? end_line(s) : 0;
}

/* GS v 0 m xL xH yL yH d1..dk at s->i. */
static int
raster(struct dec *s)
{
	if (!need(s, 8))
		return KERR_INVAL;
	const uint8_t *h = s->d + s->i;
	int m = h[3];
	if (m >= 48 && m <= 51)
		m -= 48;
	if (m > 3)
		return KERR_INVAL;
	size_t xb = (size_t)h[4] | (size_t)h[5] << 8, y = (size_t)h[6] | (size_t)h[7] << 8;
	if (xb == 0 || y == 0)
		return KERR_INVAL;
	size_t k = xb * y;
	if (s->n - s->i - 8 < k) {
		s->page->truncated = true;
		return KERR_INVAL;
	}
	int rc = flush_pending(s);
	if (rc < 0)
		return rc;
	int sx = (m & 1) ? 2 : 1, sy = (m & 2) ? 2 : 1;
	long img_w = (long)xb * 8 * sx, img_h = (long)y * sy;
	int top = s->rows;
	rc = feed(s, img_h);
	if (rc < 0)
		return rc;
	long left = 0;
	if (img_w < s->w)
		left = s->align == 1 ? (s->w - img_w) / 2 : s->align == 2 ? s->w - img_w : 0;
	const uint8_t *px = h + 8;
	for (size_t r = 0; r < y; r++) {
		for (size_t bx = 0; bx < xb; bx++) {
			uint8_t b = px[r * xb + bx];
			if (!b)
				continue;
			for (int bit = 0; bit < 8; bit++) {
				if (!(b & (0x80 >> bit)))
					continue;
				long x0 = left + ((long)bx * 8 + bit) * sx;
				for (int dx = 0; dx < sx; dx++) {
					if (x0 + dx >= s->w) {
						s->page->clipped++;
						continue;
					}
					for (int dy = 0; dy < sy; dy++) {
						size_t row =
						        (size_t)top + r * (size_t)sy + (size_t)dy;
						s->paper[row * (size_t)s->w + (size_t)(x0 + dx)] =
						        255;
					}
				}
			}
		}
	}
	s->i += 8 + k;
	s->page->rasters++;
	return 0;
}

/* ESC commands taking one parameter byte that change nothing on our paper. */
static bool
esc_ignored_1(uint8_t c)
{
	return c && strchr("-GMRtU{V %r", c) != NULL;
}

static int
esc_cmd(struct dec *s)
{
	if (!need(s, 2))
		return KERR_INVAL;
	uint8_t c = s->d[s->i + 1];
	if (c == '@') {
		reset_modes(s); /* also clears the print buffer, as a printer does */
		s->i += 2;
		return 0;
	}
	if (c == '2') {
		s->spacing = DEFAULT_SPACING;
		s->i += 2;
		return 0;
	}
	if (c == 'p') { /* ESC p m t1 t2: drawer pulse */
		if (!need(s, 5))
			return KERR_INVAL;
		s->i += 5;
		return 0;
	}
	if (!need(s, 3))
		return KERR_INVAL;
	uint8_t n = s->d[s->i + 2];
	int rc = 0;
	switch (c) {
	case 'J':
		rc = flush_pending(s);
		if (rc == 0)
			rc = feed(s, n);
		break;
	case 'd':
		if (n == 0)
			rc = flush_pending(s);
		for (int k = 0; k < n && rc == 0; k++)
			rc = end_line(s);
		break;
	case 'a':
		if (n <= 2 || (n >= 48 && n <= 50))
			s->align = n % 48;
		break;
	case 'E':
		s->bold = n & 1;
		break;
	case '!':
		s->font_b = n & 0x01;
		s->bold = n & 0x08;
		s->mul_h = (n & 0x10) ? 2 : 1;
		s->mul_w = (n & 0x20) ? 2 : 1;
		break;
	case '3':
		s->spacing = n;
		break;
	default:
		if (!esc_ignored_1(c))
			return KERR_INVAL;
	}
	if (rc == 0)
		s->i += 3;
	return rc;
}

static int
gs_cmd(struct dec *s)
{
	if (!need(s, 2))
		return KERR_INVAL;
	uint8_t c = s->d[s->i + 1];
	if (c == 'v') {
		if (!need(s, 3))
			return KERR_INVAL;
		if (s->d[s->i + 2] != '0')
			return KERR_INVAL;
		return raster(s);
	}
	if (c == '(') { /* GS ( fn pL pH data: skipped by its length */
		if (!need(s, 5))
			return KERR_INVAL;
		size_t len = (size_t)s->d[s->i + 3] | (size_t)s->d[s->i + 4] << 8;
		if (!need(s, 5 + len))
			return KERR_INVAL;
		s->i += 5 + len;
		return 0;
	}
	if (!need(s, 3))
		return KERR_INVAL;
	uint8_t m = s->d[s->i + 2];
	int rc = 0;
	switch (c) {
	case 'V':
		if (m == 0 || m == 1 || m == 48 || m == 49) {
			rc = flush_pending(s);
			s->i += 3;
		} else if (m == 65 || m == 66 || m == 97 || m == 98 || m == 103 || m == 104) {
			if (!need(s, 4))
				return KERR_INVAL;
			rc = flush_pending(s);
			if (rc == 0 && (m == 65 || m == 66))
				rc = feed(s, s->d[s->i + 3]);
			s->i += 4;
		} else {
			return KERR_INVAL;
		}
		if (rc == 0)
			s->page->cut = true;
		return rc;
	case '!':
		s->mul_w = ((m >> 4) & 7) + 1;
		s->mul_h = (m & 7) + 1;
		break;
	case 'L':
	case 'W':
		if (!need(s, 4))
			return KERR_INVAL;
		s->i++;
		break;
	default:
		if (!(c && strchr("BHIafhrwb", c)))
			return KERR_INVAL;
	}
	s->i += 3;
	return rc;
}

static int
dle_cmd(struct dec *s)
{
	if (!need(s, 3))
		return KERR_INVAL;
	uint8_t c = s->d[s->i + 1], fn = s->d[s->i + 2];
	switch (c) {
	case 0x04: /* DLE EOT n: a status query, answered by the backend, not the paper */
		if (fn < 1 || fn > 4)
			return KERR_INVAL;
		s->page->status_queries++;
		s->i += 3;
		return 0;
	case 0x05: /* DLE ENQ n */
		s->i += 3;
		return 0;
	case 0x14: /* DLE DC4 fn ... */
		if (fn == 1 || fn == 2) {
			if (!need(s, 5))
				return KERR_INVAL;
			s->i += 5;
			return 0;
		}
		if (fn == 8) {
			if (!need(s, 10))
				return KERR_INVAL;
			s->i += 10;
			return 0;
		}
		return KERR_INVAL;
	default:
		return KERR_INVAL;
	}
}

int
escpos_decode(const uint8_t *data, size_t n, const struct escpos_decode_opts *opts,
              struct escpos_page *page)
{
	memset(page, 0, sizeof(*page));
	if ((!data && n) || !opts || opts->width_dots < 8 ||
	    opts->width_dots > ESCPOS_DECODE_MAX_WIDTH)
		return KERR_INVAL;
	struct dec *s = xcalloc(1, sizeof(*s));
	s->d = data;
	s->n = n;
	s->w = opts->width_dots;
	s->max_rows = opts->max_rows > 0 && opts->max_rows < ESCPOS_DECODE_MAX_ROWS
	                      ? opts->max_rows
	                      : ESCPOS_DECODE_MAX_ROWS;
	s->page = page;
	reset_modes(s);
	int rc = 0;

	while (s->i < s->n && rc == 0 && !(opts->stop_at_cut && page->cut)) {
		uint8_t c = s->d[s->i];
		switch (c) {
		case ESC:
			rc = esc_cmd(s);
			break;
		case GS:
			rc = gs_cmd(s);
			break;
		case DLE:
			rc = dle_cmd(s);
			break;
		case FS: /* FS . / FS &: Kanji mode off/on */
			if (!need(s, 2)) {
				rc = KERR_INVAL;
			} else if (s->d[s->i + 1] == '.' || s->d[s->i + 1] == '&') {
				s->i += 2;
			} else {
				rc = KERR_INVAL;
			}
			break;
		case LF:
			rc = end_line(s);
			s->i++;
			break;
		case NUL: /* padding used to flush half-sent commands */
		case CR:
			s->i++;
			break;
		case HT:
			rc = add_char(s, ' ');
			s->i++;
			break;
		default:
			if (c < 0x20) {
				rc = KERR_INVAL;
				break;
			}
			rc = add_char(s, c);
			s->i++;
		}
	}
	if (rc == 0)
		rc = flush_pending(s);
	page->consumed = s->i;
	if (rc == 0 && s->rows > 0) {
		page->bm = bitmap_new(s->w, s->rows);
		if (page->bm)
			memcpy(page->bm->px, s->paper, (size_t)s->w * (size_t)s->rows);
		else
			rc = KERR_TOOBIG;
	}
	free(s->paper);
	free(s);
	return rc;
}
