/*
 * text.c - the Arabic/English text engine (see text.h): owns the four Noto faces, the per-size
 * font cache, the bidi line builder and the word wrap. Output is an 8-bit coverage bitmap; the
 * screen path (ui/ui.c) turns that into a texture, the receipt path uses it as ink.
 *
 * Where to start: text_layout() splits the text into paragraphs, resolves bidi levels with
 * FriBidi per paragraph, wraps greedily on spaces (line_runs() measures a candidate line), and
 * text_paint() shapes each run with SDL_ttf's HarfBuzz path (direction and script set per run)
 * and max-blends the glyph coverage into the bitmap.
 *
 * Why our own wrap: SDL_ttf's wrapped renderers count glyphs in visual order and apply the count
 * from the logical start, which clips RTL lines, and they do no bidi.
 * Thread: one engine per thread. Opening/closing fonts goes through a process-wide lock because
 * SDL_ttf's init count and FreeType's library object are shared between engines.
 */
#include "text.h"

#include "common/bitmap.h"
#include "common/kerr.h"
#include "common/klog.h"
#include "common/utf8.h"
#include "common/xalloc.h"

#include <SDL.h>
#include <SDL_ttf.h>
#include <fribidi.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEXT_MAX_CHARS  2000 /* longer texts are cut, with an ellipsis (logged once) */
#define TEXT_MAX_W      8192 /* an unwrapped line wider than this is wrapped there */
#define TEXT_FACE_CACHE 12   /* (size, weight) pairs kept open per engine */
#define TEXT_MIN_PX     4
#define TEXT_MAX_PX     400

enum { FONT_LATN = 0, FONT_ARAB = 1 };

static const char *const text_font_files[2][2] = {
        {"NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf"},
        {"NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf"},
};

/* SDL_ttf's init count and FreeType face creation are not thread-safe. */
static pthread_mutex_t text_lock = PTHREAD_MUTEX_INITIALIZER;

struct text_faces {
	int size; /* 0 = free slot */
	bool bold;
	unsigned long used;
	TTF_Font *f[2]; /* FONT_LATN, FONT_ARAB */
	int asc, line_h;
};

struct text_engine {
	char *path[2][2];    /* [bold][font] */
	uint8_t *data[2][2]; /* the font files, read on first use: no file I/O per glyph */
	size_t len[2][2];
	struct text_faces faces[TEXT_FACE_CACHE];
	unsigned long tick;
	bool warned_long, warned_glyph; /* each logged once per engine */
};

struct text_run {
	int start, len; /* code points, relative to the text */
	FriBidiLevel level;
	int font;
	int w;
};

struct text_line {
	int start, len;
	int w;
	bool rtl;
	int nruns;
	struct text_run *runs; /* visual order, left to right */
};

struct text_layout {
	uint32_t *u;
	int n;
	FriBidiCharType *types;
	FriBidiBracketType *btypes;
	FriBidiLevel *levels; /* resolved per paragraph */
	/* scratch for line_runs() */
	FriBidiLevel *lv;
	signed char *fontsel;
	int *cand; /* candidate line ends for the wrap */
	struct text_run *scratch;
	char *enc; /* UTF-8 of one run */
	struct text_line *lines;
	int nlines, cap;
	struct text_faces *fc;
	int w, h, pitch;
	int asc, line_h; /* from the faces this text uses (Arabic lines are taller) */
	bool rtl;
	bool truncated;
	bool *no_glyph; /* set when a character is in neither face (the engine's flag) */
};

/* ---- UTF-8 ---------------------------------------------------------------------------------- */

/* Decodes s (len bytes) to at most max code points; malformed sequences become U+FFFD, CR and
 * other C0 controls except LF are dropped, TAB becomes a space. Returns the count (<= len);
 * *more is set when input was left over. */
static int
utf8_decode(const char *s, size_t len, uint32_t *u, int max, bool *more_left)
{
	size_t i = 0, used;
	int n = 0;
	*more_left = false;
	while (i < len) {
		if (n == max) {
			*more_left = true;
			break;
		}
		uint32_t c;
		utf8_next(s + i, len - i, &c, &used); /* a bad sequence gives U+FFFD */
		i += used;
		if (c == '\t')
			c = ' ';
		if (c < 0x20 && c != '\n')
			continue;
		u[n++] = c;
	}
	return n;
}

void
text_isolate_ltr(const char *field, char *out, unsigned long size)
{
	static const char lri[] = "\xE2\x81\xA6", pdi[] = "\xE2\x81\xA9";
	if (!out || size == 0)
		return;
	out[0] = '\0';
	if (!field || size < 7) /* LRI + PDI + NUL */
		return;
	size_t room = size - 7, n = strlen(field);
	if (n > room) {
		n = utf8_cut(field, room); /* do not cut a UTF-8 sequence */
	}
	memcpy(out, lri, 3);
	memcpy(out + 3, field, n);
	memcpy(out + 3 + n, pdi, 4); /* with the NUL */
}

/* ---- engine and fonts ----------------------------------------------------------------------- */

int
text_open(struct text_engine **out, const char *font_dir)
{
	*out = NULL;
	if (!font_dir || !font_dir[0]) {
		klog(KLOG_ERR, "text", "no font folder configured");
		return KERR_INVAL;
	}
	struct text_engine *te = xcalloc(1, sizeof(*te));
	for (int b = 0; b < 2; b++) {
		for (int f = 0; f < 2; f++) {
			size_t n = strlen(font_dir) + strlen(text_font_files[b][f]) + 2;
			te->path[b][f] = xmalloc(n);
			snprintf(te->path[b][f], n, "%s/%s", font_dir, text_font_files[b][f]);
			if (access(te->path[b][f], R_OK) != 0) {
				klog(KLOG_ERR, "text", "font %s is missing or unreadable",
				     te->path[b][f]);
				goto out_free;
			}
		}
	}
	pthread_mutex_lock(&text_lock);
	int rc = TTF_Init();
	pthread_mutex_unlock(&text_lock);
	if (rc < 0) {
		klog(KLOG_ERR, "text", "TTF_Init failed: %s", SDL_GetError());
		for (int b = 0; b < 2; b++)
			for (int f = 0; f < 2; f++)
				free(te->path[b][f]);
		free(te);
		return KERR_INTERNAL;
	}
	int hb[3] = {0, 0, 0};
	TTF_GetHarfBuzzVersion(&hb[0], &hb[1], &hb[2]);
	if (hb[0] == 0)
		klog(KLOG_WARN, "text", "SDL_ttf has no HarfBuzz: Arabic will not be shaped");
	*out = te;
	return 0;

out_free:
	for (int b = 0; b < 2; b++)
		for (int f = 0; f < 2; f++)
			free(te->path[b][f]);
	free(te);
	return KERR_NOTFOUND;
}

static void
faces_close(struct text_faces *fc)
{
	for (int i = 0; i < 2; i++)
		if (fc->f[i])
			TTF_CloseFont(fc->f[i]);
	memset(fc, 0, sizeof(*fc));
}

void
text_close(struct text_engine *te)
{
	if (!te)
		return;
	pthread_mutex_lock(&text_lock);
	for (int i = 0; i < TEXT_FACE_CACHE; i++)
		faces_close(&te->faces[i]);
	TTF_Quit();
	pthread_mutex_unlock(&text_lock);
	for (int b = 0; b < 2; b++) {
		for (int f = 0; f < 2; f++) {
			free(te->path[b][f]);
			free(te->data[b][f]);
		}
	}
	free(te);
}

#define TEXT_FONT_MAX_BYTES (16 * 1024 * 1024)

/* Reads a font file into memory once (NULL on failure: the caller opens it from the file). */
static const uint8_t *
font_bytes(struct text_engine *te, int b, int f, size_t *len)
{
	if (!te->data[b][f]) {
		FILE *fp = fopen(te->path[b][f], "rb");
		if (!fp)
			return NULL;
		uint8_t *buf = NULL;
		long n = -1;
		if (fseek(fp, 0, SEEK_END) == 0 && (n = ftell(fp)) > 0 &&
		    n <= TEXT_FONT_MAX_BYTES && fseek(fp, 0, SEEK_SET) == 0) {
			buf = xmalloc((size_t)n);
			if (fread(buf, 1, (size_t)n, fp) != (size_t)n) {
				free(buf);
				buf = NULL;
			}
		}
		fclose(fp);
		if (!buf)
			return NULL;
		te->data[b][f] = buf;
		te->len[b][f] = (size_t)n;
	}
	*len = te->len[b][f];
	return te->data[b][f];
}

/* The Latin and Arabic face at size px, opened on first use; least recently used slot reused. */
static int
faces_get(struct text_engine *te, int px, bool bold, struct text_faces **out)
{
	struct text_faces *slot = &te->faces[0];
	te->tick++;
	for (int i = 0; i < TEXT_FACE_CACHE; i++) {
		struct text_faces *fc = &te->faces[i];
		if (fc->size == px && fc->bold == bold) {
			fc->used = te->tick;
			*out = fc;
			return 0;
		}
		if (fc->size == 0 || (slot->size != 0 && fc->used < slot->used))
			slot = fc;
	}
	pthread_mutex_lock(&text_lock);
	faces_close(slot);
	for (int f = 0; f < 2; f++) {
		size_t n = 0;
		const uint8_t *bytes = font_bytes(te, bold, f, &n);
		SDL_RWops *rw = bytes ? SDL_RWFromConstMem(bytes, (int)n) : NULL;
		slot->f[f] = rw ? TTF_OpenFontRW(rw, 1, px) : TTF_OpenFont(te->path[bold][f], px);
		if (!slot->f[f]) {
			klog(KLOG_ERR, "text", "cannot open %s: %s", te->path[bold][f],
			     SDL_GetError());
			faces_close(slot);
			pthread_mutex_unlock(&text_lock);
			return KERR_IO;
		}
		/* light hinting (FreeType's auto-hinter, vertical only), as fontconfig's default
		 * "hintslight" gives pango: the fonts' TrueType bytecode cost 40 % of the time */
		TTF_SetFontHinting(slot->f[f], TTF_HINTING_LIGHT);
	}
	pthread_mutex_unlock(&text_lock);
	int a0 = TTF_FontAscent(slot->f[0]), a1 = TTF_FontAscent(slot->f[1]);
	int d0 = -TTF_FontDescent(slot->f[0]), d1 = -TTF_FontDescent(slot->f[1]);
	slot->asc = a0 > a1 ? a0 : a1;
	slot->line_h = slot->asc + (d0 > d1 ? d0 : d1);
	slot->size = px;
	slot->bold = bold;
	slot->used = te->tick;
	*out = slot;
	return 0;
}

/* ---- bidi lines ----------------------------------------------------------------------------- */

static bool
is_arabic_cp(uint32_t c)
{
	return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
	       (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
	       (c >= 0xFE70 && c <= 0xFEFF);
}

/* Bidi controls and boundary neutrals (rule L1 treats them like trailing whitespace). */
static bool
is_invisible(FriBidiCharType t)
{
	return FRIBIDI_IS_EXPLICIT_OR_BN(t) || FRIBIDI_IS_ISOLATE(t);
}

/* Bidi formatting characters: they steer the levels and are then removed (rule X9), so they
 * are neither drawn nor shaped. ZWJ/ZWNJ (also BN) stay: they steer Arabic joining. */
static bool
is_bidi_control(uint32_t c, FriBidiCharType t)
{
	return FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t) || c == 0x200E || c == 0x200F ||
	       c == 0x061C;
}

/* UTF-8 of the drawable characters of run r into lay->enc; returns its byte length. */
static int
run_encode(struct text_layout *lay, const struct text_run *r)
{
	int b = 0;
	for (int i = r->start; i < r->start + r->len; i++)
		if (!is_bidi_control(lay->u[i], lay->types[i]))
			b += utf8_encode(lay->u[i], lay->enc + b);
	lay->enc[b] = '\0';
	return b;
}

static TTF_Font *
run_font(struct text_layout *lay, const struct text_run *r)
{
	TTF_Font *f = lay->fc->f[r->font];
	/* "Arab" is case-sensitive: SDL_ttf builds the HarfBuzz tag from the 4 bytes as given */
	TTF_SetFontDirection(f, (r->level & 1) ? TTF_DIRECTION_RTL : TTF_DIRECTION_LTR);
	TTF_SetFontScriptName(f, r->font == FONT_ARAB ? "Arab" : "Latn"); /* not user text */
	return f;
}

/*
 * An isolate or embedding whose content runs the same way as its surroundings (a code in LRI or
 * FSI inside English, an Arabic name in FSI inside Arabic) gets a level of its own, which would
 * split the line into runs shaped apart (a seam of up to 1 px, no joining across). So runs that
 * sit side by side on the line, with the same direction and face, and that are also side by side
 * in logical order, become one run: isolating a value never changes how a line looks. Returns
 * the new number of runs (runs[] in visual order, left to right).
 */
static int
merge_runs(struct text_run *runs, int nruns)
{
	int m = 0;
	for (int r = 0; r < nruns; r++) {
		struct text_run *a = m ? &runs[m - 1] : NULL, *b = &runs[r];
		if (a && (a->level & 1) == (b->level & 1) && a->font == b->font) {
			if (!(a->level & 1) && a->start + a->len == b->start) {
				a->len += b->len; /* LTR: b follows a */
				continue;
			}
			if ((a->level & 1) && b->start + b->len == a->start) {
				a->start = b->start; /* RTL: b, on a's right, comes first */
				a->len += b->len;
				continue;
			}
		}
		runs[m++] = *b;
	}
	return m;
}

/*
 * Builds the runs of the line [start, start+len) in visual order into runs[] (capacity len) and
 * measures them. Levels come from the paragraph; rule L1 is applied here, per line.
 * Returns the number of runs; *w gets the line width.
 */
static int
line_runs(struct text_layout *lay, int start, int len, bool rtl, struct text_run *runs, int *w)
{
	FriBidiLevel base = rtl ? 1 : 0;
	int maxl = 0, minodd = 127;
	FriBidiLevel *lv = lay->lv + start;
	signed char *fs = lay->fontsel + start;
	const FriBidiCharType *ty = lay->types + start;
	const uint32_t *u = lay->u + start;
	int nruns = 0;

	*w = 0;
	memcpy(lv, lay->levels + start, (size_t)len * sizeof(*lv));
	/* L1: trailing whitespace and isolate/explicit controls take the paragraph level */
	for (int i = len - 1; i >= 0; i--) {
		if (ty[i] != FRIBIDI_TYPE_WS && !is_invisible(ty[i]))
			break;
		lv[i] = base;
	}
	/* font per character: Arabic script -> Arabic face; other strong/number -> Latin face;
	 * neutrals take a neighbour's face at the same level; swap if the face lacks the glyph */
	for (int i = 0; i < len; i++)
		fs[i] = is_bidi_control(u[i], ty[i])                             ? -1
		        : is_arabic_cp(u[i])                                     ? FONT_ARAB
		        : (FRIBIDI_IS_STRONG(ty[i]) || FRIBIDI_IS_NUMBER(ty[i])) ? FONT_LATN
		                                                                 : -1;
	for (int i = 0; i < len; i++) {
		if (fs[i] != -1)
			continue;
		int sel = -1;
		for (int j = i - 1; j >= 0 && lv[j] == lv[i] && sel == -1; j--)
			sel = fs[j];
		for (int j = i + 1; j < len && lv[j] == lv[i] && sel == -1; j++)
			sel = fs[j];
		if (sel == -1)
			sel = (lv[i] & 1) ? FONT_ARAB : FONT_LATN;
		fs[i] = (signed char)sel;
	}
	/* a character its face lacks goes to the other face; in neither: the face's box */
	for (int i = 0; i < len; i++) {
		if (fs[i] < 0 || is_invisible(ty[i]) || u[i] == ' ' || u[i] == '\n' ||
		    TTF_GlyphIsProvided32(lay->fc->f[fs[i]], u[i]))
			continue;
		if (TTF_GlyphIsProvided32(lay->fc->f[!fs[i]], u[i]))
			fs[i] = (signed char)!fs[i];
		else if (lay->no_glyph && !*lay->no_glyph) {
			*lay->no_glyph = true;
			klog(KLOG_WARN, "text",
			     "a character (U+%04X) is in neither font: drawn as a box (logged "
			     "once)",
			     (unsigned)u[i]);
		}
	}
	/* runs: maximal logical sequences with the same (level, face) */
	for (int i = 0; i < len; i++) {
		if (nruns && runs[nruns - 1].level == lv[i] && runs[nruns - 1].font == fs[i]) {
			runs[nruns - 1].len++;
			continue;
		}
		runs[nruns++] = (struct text_run){start + i, 1, lv[i], fs[i], 0};
		if (lv[i] > maxl)
			maxl = lv[i];
		if ((lv[i] & 1) && lv[i] < minodd)
			minodd = lv[i];
	}
	/* L2 on whole runs: from the highest level down to the lowest odd one, reverse every
	 * sequence of runs at that level or higher */
	for (int l = maxl; l >= minodd && l > 0; l--) {
		for (int r = 0; r < nruns;) {
			if (runs[r].level < l) {
				r++;
				continue;
			}
			int s = r;
			while (r < nruns && runs[r].level >= l)
				r++;
			for (int a = s, b = r - 1; a < b; a++, b--) {
				struct text_run t = runs[a];
				runs[a] = runs[b];
				runs[b] = t;
			}
		}
	}
	nruns = merge_runs(runs, nruns);
	for (int r = 0; r < nruns; r++) {
		int rw = 0, rh = 0;
		if (run_encode(lay, &runs[r]) > 0 &&
		    TTF_SizeUTF8(run_font(lay, &runs[r]), lay->enc, &rw, &rh) < 0)
			rw = 0;
		runs[r].w = rw;
		*w += rw;
	}
	return nruns;
}

static int
line_width(struct text_layout *lay, int start, int len, bool rtl)
{
	int w;
	line_runs(lay, start, len, rtl, lay->scratch, &w);
	return w;
}

static void
line_add(struct text_layout *lay, int start, int len, bool rtl)
{
	if (lay->nlines == lay->cap) {
		lay->cap = lay->cap ? lay->cap * 2 : 8;
		lay->lines = xrealloc(lay->lines, (size_t)lay->cap * sizeof(*lay->lines));
	}
	struct text_line *ln = &lay->lines[lay->nlines++];
	ln->start = start;
	ln->len = len;
	ln->rtl = rtl;
	ln->runs = len ? xmalloc((size_t)len * sizeof(*ln->runs)) : NULL;
	ln->nruns = len ? line_runs(lay, start, len, rtl, ln->runs, &ln->w) : 0;
	if (!len)
		ln->w = 0;
	if (ln->w > lay->w)
		lay->w = ln->w;
}

static bool
is_space(uint32_t c)
{
	return c == ' ' || c == 0x200B || c == 0x3000;
}

/* A break inside a word may not separate a base from its combining marks. */
static bool
is_mark(const struct text_layout *lay, int i)
{
	return lay->types[i] == FRIBIDI_TYPE_NSM || (lay->u[i] >= 0x200C && lay->u[i] <= 0x200D);
}

/* Greedy wrap of the paragraph [ps, pe) at max_w (0 = no wrap). */
static void
wrap_paragraph(struct text_layout *lay, int ps, int pe, bool rtl, int max_w)
{
	int pos = ps;
	if (ps == pe) {
		line_add(lay, ps, 0, rtl);
		return;
	}
	if (max_w <= 0) {
		line_add(lay, ps, pe - ps, rtl);
		return;
	}
	while (pos < pe) {
		/* candidate line ends: before each run of spaces, and the paragraph end */
		int nc = 0, *cand = lay->cand;
		for (int i = pos + 1; i <= pe; i++) {
			if (i < pe && !is_space(lay->u[i]))
				continue;
			int end = i;
			while (end > pos && is_space(lay->u[end - 1]))
				end--;
			if (end > pos && (nc == 0 || cand[nc - 1] != end))
				cand[nc++] = end;
		}
		/* the last candidate that fits: widths grow with the end, so gallop from the
		 * start (probes stay near the line's length) and bisect; O(log words) shapings */
		int lo = -1, hi = nc; /* cand[lo] fits (-1: none yet), cand[hi] does not */
		for (int step = 1, i = 0; i < nc; i += step, step *= 2) {
			if (line_width(lay, pos, cand[i] - pos, rtl) <= max_w) {
				lo = i;
			} else {
				hi = i;
				break;
			}
		}
		while (hi - lo > 1) {
			int mid = lo + (hi - lo) / 2;
			if (line_width(lay, pos, cand[mid] - pos, rtl) <= max_w)
				lo = mid;
			else
				hi = mid;
		}
		int best = lo >= 0 ? cand[lo] : -1;
		if (best == -1) {
			/* the first word alone is too wide: longest prefix that fits, at least one
			 * character with its marks */
			int we = pos;
			while (we < pe && !is_space(lay->u[we]))
				we++;
			int plo = 1, phi = we - pos;
			while (plo < phi) {
				int mid = (plo + phi + 1) / 2;
				if (line_width(lay, pos, mid, rtl) <= max_w)
					plo = mid;
				else
					phi = mid - 1;
			}
			best = pos + plo;
			while (best > pos + 1 && best < we && is_mark(lay, best))
				best--;
			while (best < we && is_mark(lay, best))
				best++;
		}
		line_add(lay, pos, best - pos, rtl);
		pos = best;
		while (pos < pe && is_space(lay->u[pos]))
			pos++;
	}
}

static void
layout_free(struct text_layout *lay)
{
	for (int i = 0; i < lay->nlines; i++)
		free(lay->lines[i].runs);
	free(lay->lines);
	free(lay->u);
	free(lay->types);
	free(lay->btypes);
	free(lay->levels);
	free(lay->lv);
	free(lay->fontsel);
	free(lay->cand);
	free(lay->scratch);
	free(lay->enc);
	memset(lay, 0, sizeof(*lay));
}

static int
text_layout(struct text_engine *te, const char *utf8, const struct text_style *st, int max_w,
            struct text_layout *lay)
{
	memset(lay, 0, sizeof(*lay));
	if (!te || !utf8 || !st)
		return KERR_INVAL;
	if (st->size_px < TEXT_MIN_PX || st->size_px > TEXT_MAX_PX || max_w < 0)
		return KERR_INVAL;
	size_t blen = strlen(utf8);
	lay->no_glyph = &te->warned_glyph;
	int rc = faces_get(te, st->size_px, st->bold, &lay->fc);
	if (rc < 0)
		return rc;
	int n = 0;
	size_t cap = (blen < TEXT_MAX_CHARS ? blen : TEXT_MAX_CHARS) + 2;
	bool more;
	lay->u = xmalloc(cap * sizeof(*lay->u));
	n = utf8_decode(utf8, blen, lay->u, TEXT_MAX_CHARS, &more);
	if (more) {
		/* cut: drop trailing marks and spaces so the ellipsis follows a whole letter; it
		 * is a neutral at the logical end, so it shows at the end side of the paragraph */
		while (n > 1 && (lay->u[n - 1] == ' ' ||
		                 fribidi_get_bidi_type(lay->u[n - 1]) == FRIBIDI_TYPE_NSM))
			n--;
		lay->u[n++] = 0x2026;
		lay->truncated = true;
		if (!te->warned_long) {
			te->warned_long = true;
			klog(KLOG_WARN, "text",
			     "a %zu-byte text was cut to %d characters with an ellipsis (logged "
			     "once)",
			     blen, TEXT_MAX_CHARS);
		}
	}
	lay->n = n;
	lay->types = xmalloc(cap * sizeof(*lay->types));
	lay->btypes = xmalloc(cap * sizeof(*lay->btypes));
	lay->levels = xcalloc(cap, sizeof(*lay->levels));
	lay->lv = xmalloc(cap * sizeof(*lay->lv));
	lay->fontsel = xmalloc(cap);
	lay->cand = xmalloc(cap * sizeof(*lay->cand));
	lay->scratch = xmalloc(cap * sizeof(*lay->scratch));
	lay->enc = xmalloc(cap * 4 + 1);
	lay->asc = lay->fc->asc;
	lay->line_h = lay->fc->line_h;
	if (n == 0)
		return 0;
	fribidi_get_bidi_types(lay->u, n, lay->types);
	fribidi_get_bracket_types(lay->u, n, lay->types, lay->btypes);

	bool prev_rtl = st->dir == TEXT_DIR_RTL;
	for (int ps = 0; ps <= n;) {
		int pe = ps;
		while (pe < n && lay->u[pe] != '\n' && lay->u[pe] != 0x2029)
			pe++;
		FriBidiParType pdir = st->dir == TEXT_DIR_RTL   ? FRIBIDI_PAR_RTL
		                      : st->dir == TEXT_DIR_LTR ? FRIBIDI_PAR_LTR
		                                                : FRIBIDI_PAR_ON;
		if (pdir == FRIBIDI_PAR_ON &&
		    fribidi_get_par_direction(lay->types + ps, pe - ps) == FRIBIDI_PAR_ON)
			pdir = prev_rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR; /* no strong letter */
		if (pe > ps &&
		    !fribidi_get_par_embedding_levels_ex(lay->types + ps, lay->btypes + ps, pe - ps,
		                                         &pdir, lay->levels + ps)) {
			klog(KLOG_ERR, "text", "FriBidi could not resolve levels");
			layout_free(lay);
			return KERR_INTERNAL;
		}
		bool rtl = FRIBIDI_IS_RTL(pdir);
		if (ps == 0)
			lay->rtl = rtl;
		prev_rtl = rtl;
		wrap_paragraph(lay, ps, pe, rtl, max_w > 0 ? max_w : TEXT_MAX_W);
		if (pe >= n)
			break;
		ps = pe + 1;
	}
	/* a Latin-only text gets Latin line metrics; any Arabic run needs the Arabic face's */
	bool used[2] = {false, false};
	for (int i = 0; i < lay->nlines; i++)
		for (int r = 0; r < lay->lines[i].nruns; r++)
			if (lay->lines[i].runs[r].w > 0)
				used[lay->lines[i].runs[r].font] = true;
	if (used[FONT_LATN] != used[FONT_ARAB]) {
		TTF_Font *f = lay->fc->f[used[FONT_ARAB] ? FONT_ARAB : FONT_LATN];
		lay->asc = TTF_FontAscent(f);
		lay->line_h = lay->asc - TTF_FontDescent(f);
	}
	lay->pitch = lay->line_h;
	if (st->line_spacing_pct > 0)
		lay->pitch = lay->line_h * st->line_spacing_pct / 100;
	lay->h = lay->nlines ? (lay->nlines - 1) * lay->pitch + lay->line_h : 0;
	return 0;
}

static void
layout_metrics(const struct text_layout *lay, struct text_metrics *out)
{
	if (!out)
		return;
	out->w = lay->w;
	out->h = lay->h;
	out->lines = lay->nlines;
	out->rtl = lay->rtl;
	out->truncated = lay->truncated;
}

int
text_measure(struct text_engine *te, const char *utf8, const struct text_style *st, int max_w,
             struct text_metrics *out)
{
	struct text_layout lay;
	int rc = text_layout(te, utf8, st, max_w, &lay);
	if (rc < 0)
		return rc;
	layout_metrics(&lay, out);
	layout_free(&lay);
	return 0;
}

/* ---- painting ------------------------------------------------------------------------------- */

/* Max-blends the alpha of an ARGB8888 surface into dst at (x, y). */
static void
blend_surface(struct bitmap *dst, SDL_Surface *s, int x, int y)
{
	if (SDL_MUSTLOCK(s))
		SDL_LockSurface(s);
	for (int r = 0; r < s->h; r++) {
		int dy = y + r;
		if (dy < 0 || dy >= dst->h)
			continue;
		const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + (long)r * s->pitch);
		uint8_t *o = dst->px + (long)dy * dst->stride;
		for (int c = 0; c < s->w; c++) {
			int dx = x + c;
			if (dx < 0 || dx >= dst->w)
				continue;
			uint8_t a = (uint8_t)(row[c] >> 24);
			if (a > o[dx])
				o[dx] = a;
		}
	}
	if (SDL_MUSTLOCK(s))
		SDL_UnlockSurface(s);
}

static int
align_offset(enum text_align a, bool rtl, int box_w, int line_w)
{
	switch (a) {
	case TEXT_ALIGN_START:
		return rtl ? box_w - line_w : 0;
	case TEXT_ALIGN_END:
		return rtl ? 0 : box_w - line_w;
	case TEXT_ALIGN_CENTER:
		return (box_w - line_w) / 2;
	case TEXT_ALIGN_RIGHT:
		return box_w - line_w;
	case TEXT_ALIGN_LEFT:
	default:
		return 0;
	}
}

static int
text_paint(struct text_layout *lay, const struct text_style *st, int box_w, struct bitmap *dst,
           int x, int y)
{
	static const SDL_Color white = {255, 255, 255, 255};
	for (int i = 0; i < lay->nlines; i++) {
		struct text_line *ln = &lay->lines[i];
		int lx = x + align_offset(st->align, ln->rtl, box_w, ln->w);
		int ly = y + i * lay->pitch;
		for (int r = 0; r < ln->nruns; r++) {
			struct text_run *run = &ln->runs[r];
			if (run->w <= 0 || run_encode(lay, run) == 0)
				continue;
			TTF_Font *f = run_font(lay, run);
			SDL_Surface *s = TTF_RenderUTF8_Blended(f, lay->enc, white);
			if (!s) {
				klog(KLOG_ERR, "text", "rendering a run failed: %s",
				     SDL_GetError());
				return KERR_INTERNAL;
			}
			blend_surface(dst, s, lx, ly + lay->asc - TTF_FontAscent(f));
			SDL_FreeSurface(s);
			lx += run->w;
		}
	}
	return 0;
}

int
text_draw_bitmap(struct text_engine *te, const char *utf8, const struct text_style *st, int max_w,
                 struct bitmap *dst, int x, int y, struct text_metrics *out)
{
	if (!dst)
		return KERR_INVAL;
	struct text_layout lay;
	int rc = text_layout(te, utf8, st, max_w, &lay);
	if (rc < 0)
		return rc;
	rc = text_paint(&lay, st, max_w > 0 ? max_w : lay.w, dst, x, y);
	layout_metrics(&lay, out);
	layout_free(&lay);
	return rc;
}

int
text_render(struct text_engine *te, const char *utf8, const struct text_style *st, int max_w,
            struct bitmap **out, struct text_metrics *m)
{
	struct text_layout lay;
	*out = NULL;
	int rc = text_layout(te, utf8, st, max_w, &lay);
	if (rc < 0)
		return rc;
	layout_metrics(&lay, m);
	int bw = max_w > 0 ? max_w : lay.w;
	if (bw > 0 && lay.h > 0) {
		*out = bitmap_new(bw, lay.h);
		if (!*out) {
			rc = KERR_TOOBIG;
			goto out_free;
		}
		rc = text_paint(&lay, st, bw, *out, 0, 0);
		if (rc < 0) {
			bitmap_free(*out);
			*out = NULL;
		}
	}
out_free:
	layout_free(&lay);
	return rc;
}

bool
text_is_bidi_control(uint32_t c)
{
	return c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) ||
	       (c >= 0x2066 && c <= 0x2069);
}

void
text_strip_controls(const char *in, char *out, unsigned long size)
{
	size_t o = 0, len = in ? strlen(in) : 0;
	if (!size)
		return;
	while (len > 0) {
		uint32_t cp;
		size_t used;
		utf8_next(in, len, &cp, &used);
		if (!text_is_bidi_control(cp)) {
			if (o + used >= size)
				break;
			memcpy(out + o, in, used);
			o += used;
		}
		in += used;
		len -= used;
	}
	out[o] = '\0';
}
