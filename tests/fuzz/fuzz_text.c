/*
 * fuzz_text.c - libFuzzer harness over the text engine (text/text.c): UTF-8 decoding, FriBidi
 * levels, font choice per character, the word wrap, shaping and painting, and the isolate
 * helper. The first 4 bytes pick the style (size, bold, direction, alignment) and the box width;
 * the rest is the text, taken as it comes (malformed UTF-8, controls, huge runs).
 * Checks the engine's promises: no crash or sanitizer report, layout never fails on bad text,
 * the bitmap is exactly box-wide and as tall as the metrics say, measure agrees with render.
 * Fonts come from assets/fonts-arabic (run from the top of the tree, as tests/fuzz/run-fuzz
 * does). Seeds: tests/fuzz/corpus/text/.
 */
// fuzz-sources: text/text.c
#include "../../common/bitmap.h"
#include "../../common/kerr.h"
#include "../../text/text.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct text_engine *te;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!te && text_open(&te, "assets/fonts-arabic") < 0)
		abort(); /* the fonts must be there: run from the top of the tree */
	if (size < 4)
		return 0;
	static const int sizes[] = {8, 14, 24, 40};
	struct text_style st = {
	        .size_px = sizes[data[0] & 3],
	        .bold = (data[0] & 4) != 0,
	        .dir = (enum text_dir)((data[0] >> 3) % 3),
	        .align = (enum text_align)((data[0] >> 5) % 5),
	        .line_spacing_pct = (data[3] & 1) ? 150 : 0,
	};
	int max_w = ((data[1] << 8) | data[2]) % 1200; /* 0 = no wrap */
	char *s = malloc(size - 4 + 1);
	memcpy(s, data + 4, size - 4);
	s[size - 4] = '\0'; /* an embedded NUL just ends the text early */

	struct text_metrics m1, m2;
	if (text_measure(te, s, &st, max_w, &m1) < 0)
		abort(); /* bad text is drawn safely, never refused */
	struct bitmap *bm = NULL;
	int rc = text_render(te, s, &st, max_w, &bm, &m2);
	if (rc == 0) {
		if (m1.w != m2.w || m1.h != m2.h || m1.lines != m2.lines)
			abort();
		if (bm && (bm->h != m2.h || (max_w > 0 && bm->w != max_w)))
			abort();
	} else if (rc != KERR_TOOBIG) {
		abort();
	}
	bitmap_free(bm);

	char iso[64];
	text_isolate_ltr(s, iso, (data[3] >> 1) % sizeof(iso));
	free(s);
	return 0;
}
