/*
 * fuzz_escpos.c - libFuzzer harness over the ESC/POS decoder (the sim printer's parser of outside
 * bytes) and the DLE EOT status parser. Checks the decoder's promises on every input: no crash,
 * a page only on success, consumed within the input, the page as wide as the paper.
 *
 *   clang -fsanitize=fuzzer,address -I. tests/fuzz/fuzz_escpos.c drivers/printer/escpos_decode.c \
 *       drivers/printer/escpos.c common/\*.c $(pkg-config --cflags --libs libpng inih)
 * (without the backslash before the star, which is only there to keep this comment closed).
 * Seeds: tests/fuzz/corpus/escpos/.
 */
// fuzz-sources: drivers/printer/escpos_decode.c drivers/printer/escpos.c
#include "../../common/bitmap.h"
#include "../../common/kerr.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos.h"
#include "../../drivers/printer/escpos_decode.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte picks the paper width and whether to stop at the first cut. */
	static const int widths[] = {384, 512, 576, 8};
	int width = size ? widths[data[0] & 3] : 576;
	struct escpos_decode_opts o = {.width_dots = width, .stop_at_cut = size && (data[0] & 4)};
	struct escpos_page pg;
	int rc = escpos_decode(data, size, &o, &pg);
	if (rc < 0 && pg.bm)
		abort();
	if (pg.consumed > size)
		abort();
	if (pg.bm && (pg.bm->w != width || pg.bm->h <= 0 || pg.bm->h > ESCPOS_DECODE_MAX_ROWS))
		abort();
	bitmap_free(pg.bm);

	/* Status replies: each byte as an answer to each query. */
	struct printer_status st = {.online = true};
	for (size_t i = 0; i < size && i < 16; i++) {
		int r = escpos_status_parse((enum escpos_status_kind)(1 + i % 4), data[i], &st);
		if (r != 0 && r != KERR_PROTO)
			abort();
		if ((r == 0) != escpos_is_status_byte(data[i]))
			abort();
	}
	return 0;
}
