/*
 * text.h - the Arabic/English text engine: the only place that knows about bidi and shaping.
 *
 * Pipeline (text/text.c): FriBidi paragraph levels -> runs in visual order by (level, script/font)
 * -> each run shaped by SDL_ttf's HarfBuzz path with the right direction and script, with Noto
 * Sans Arabic for Arabic and Noto Sans for Latin/digits/punctuation -> our own greedy word wrap
 * on the logical text (SDL_ttf's wrap is broken for RTL) -> lines aligned by paragraph direction
 * (or an explicit alignment).
 *
 * This header includes no SDL header: app/ (receipts) uses the bitmap output. The screen output
 * (SDL textures) is in ui_text_draw() in ui/ui_internal.h.
 *
 * Thread: a text_engine is used by one thread at a time (SDL_ttf fonts are not thread-safe).
 * Make one engine per thread that needs it (the UI thread, the print worker).
 */
#ifndef KIOSK_TEXT_H
#define KIOSK_TEXT_H

#include <stdbool.h>
#include <stdint.h>

struct bitmap;
struct text_engine;

enum text_dir {
	TEXT_DIR_AUTO = 0, /* from the first strong character (FriBidi ON) */
	TEXT_DIR_LTR,
	TEXT_DIR_RTL,
};

enum text_align {
	TEXT_ALIGN_START = 0, /* right for an RTL paragraph, left for LTR */
	TEXT_ALIGN_END,
	TEXT_ALIGN_CENTER,
	TEXT_ALIGN_LEFT,
	TEXT_ALIGN_RIGHT,
};

struct text_style {
	int size_px; /* font pixel size, e.g. 32 */
	bool bold;
	enum text_dir dir;
	enum text_align align;
	int line_spacing_pct; /* 0 = 100 % of the font's line height */
};

struct text_metrics {
	int w, h;       /* bounding box of the laid-out paragraph, px */
	int lines;      /* number of lines after wrapping */
	bool rtl;       /* resolved paragraph direction */
	bool truncated; /* the text was longer than the engine takes and was cut (see below) */
};

/*
 * Opens the engine with the four Noto TTFs from font_dir (NotoSansArabic-{Regular,Bold}.ttf,
 * NotoSans-{Regular,Bold}.ttf). Initialises SDL_ttf if needed. KERR_NOTFOUND names the missing
 * file in the log. Caller owns *out and frees it with text_close().
 */
int text_open(struct text_engine **out, const char *font_dir);
void text_close(struct text_engine *te); /* NULL is a no-op */

/*
 * Bad input never fails the layout: malformed UTF-8 becomes U+FFFD; a text over 2000 characters
 * is cut there and ends with an ellipsis "…" (at the end side for its direction; metrics say
 * truncated; logged once per engine); a character in neither font is drawn as the font's box
 * (logged once per engine); an empty text has no lines. An unwrapped line wider than 8192 px
 * is wrapped there.
 */

/* Lays out utf8 (NUL-terminated) wrapped at max_w px (0 = no wrap). */
int text_measure(struct text_engine *te, const char *utf8, const struct text_style *st, int max_w,
                 struct text_metrics *out);

/*
 * Draws utf8 into dst with its top-left box corner at (x, y), box width max_w (alignment happens
 * inside the box; 0 = natural width, no wrap). Ink is max-combined with what is there. The
 * metrics of what was drawn go to *out when not NULL.
 */
int text_draw_bitmap(struct text_engine *te, const char *utf8, const struct text_style *st,
                     int max_w, struct bitmap *dst, int x, int y, struct text_metrics *out);

/*
 * Lays out and draws utf8 into a new bitmap of (max_w, or the natural width when 0) x height
 * (*out; caller frees with bitmap_free()). *out is NULL when there is nothing to draw (empty
 * text). The metrics go to *m when not NULL. Added for the screen path and tools.
 */
int text_render(struct text_engine *te, const char *utf8, const struct text_style *st, int max_w,
                struct bitmap **out, struct text_metrics *m);

/* Wraps a field inside Unicode isolates (LRI ... PDI) so numbers, codes and dates keep their
 * order inside Arabic text. Writes at most size bytes (always terminated). */
void text_isolate_ltr(const char *field, char *out, unsigned long size);

/* true for the invisible bidi formatting characters: LRM, RLM, ALM, the embeddings and
 * overrides (U+202A..202E) and the isolates (U+2066..2069). */
bool text_is_bidi_control(uint32_t cp);

/* Copies in to out (size bytes, always terminated, never a cut UTF-8 sequence) without its bidi
 * formatting characters: the plain text of a line, for dumps and comparisons. */
void text_strip_controls(const char *in, char *out, unsigned long size);

#endif
