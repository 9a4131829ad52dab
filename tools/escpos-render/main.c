/*
 * escpos-render - decodes an ESC/POS file into a PNG of the paper, as the sim printer would print
 * it (drivers/printer/escpos_decode.c). For looking at what the kiosk sent, and for goldens.
 *
 *   escpos-render [-p PROFILE | -w DOTS] IN.escpos OUT.png
 *   escpos-render --listen HOST:PORT [-p PROFILE] OUTDIR
 *
 * The second form is a virtual network printer that also answers status queries (listen.c).
 * The whole file becomes one strip of paper (cuts do not split it). Exit 0 on success, 1 when
 * the data is not ESC/POS we understand, 2 on a usage or file error.
 */
#include "../../common/bitmap.h"
#include "../../common/kerr.h"
#include "../../common/kparse.h"
#include "../../common/xalloc.h"
#include "../../drivers/printer.h"
#include "../../drivers/printer/escpos_decode.h"
#include "listen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define IN_MAX (64L << 20)

static void
usage(void)
{
	fprintf(stderr, "usage: escpos-render [-p PROFILE | -w DOTS] IN.escpos OUT.png\n"
	                "       escpos-render --listen HOST:PORT [-p PROFILE] OUTDIR\n"
	                "  PROFILE: generic-58, generic-80 (default), epson-tm-t88\n");
	exit(2);
}

static uint8_t *
read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "escpos-render: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	size_t alloc = 65536, len = 0;
	uint8_t *buf = xmalloc(alloc);
	for (;;) {
		size_t got = fread(buf + len, 1, alloc - len, f);
		len += got;
		if (got == 0)
			break;
		if (len == alloc) {
			if ((long)alloc >= IN_MAX) {
				fprintf(stderr, "escpos-render: %s is over %ld bytes\n", path,
				        IN_MAX);
				exit(2);
			}
			alloc *= 2;
			buf = xrealloc(buf, alloc);
		}
	}
	if (ferror(f)) {
		fprintf(stderr, "escpos-render: reading %s failed\n", path);
		exit(2);
	}
	fclose(f);
	*n = len;
	return buf;
}

int
main(int argc, char **argv)
{
	int width = 576, i = 1;
	if (argc >= 4 && strcmp(argv[1], "--listen") == 0) {
		if (argc == 4)
			return listen_main(argv[2], "generic-80", argv[3]);
		if (argc == 6 && strcmp(argv[3], "-p") == 0)
			return listen_main(argv[2], argv[4], argv[5]);
		usage();
	}
	for (; i < argc && argv[i][0] == '-'; i += 2) {
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-p") == 0) {
			const struct printer_profile *p = printer_profile_find(argv[i + 1]);
			if (!p) {
				fprintf(stderr, "escpos-render: no profile '%s'\n", argv[i + 1]);
				return 2;
			}
			width = p->width_dots;
		} else if (strcmp(argv[i], "-w") == 0) {
			if (kparse_int(argv[i + 1], 8, ESCPOS_DECODE_MAX_WIDTH, &width) < 0)
				usage();
		} else {
			usage();
		}
	}
	if (argc - i != 2)
		usage();
	size_t n;
	uint8_t *data = read_all(argv[i], &n);
	struct escpos_decode_opts o = {.width_dots = width};
	struct escpos_page pg;
	int rc = escpos_decode(data, n, &o, &pg);
	free(data);
	if (rc < 0) {
		fprintf(stderr, "escpos-render: %s: %s at byte %zu%s\n", argv[i], kerr_str(rc),
		        pg.consumed, pg.truncated ? " (data ends inside a command)" : "");
		return 1;
	}
	if (!pg.bm) {
		fprintf(stderr, "escpos-render: %s: nothing printed\n", argv[i]);
		return 1;
	}
	rc = bitmap_write_png(pg.bm, argv[i + 1]);
	fprintf(stderr, "%s: %dx%d dots, %d raster blocks, %d text bytes, %s\n", argv[i + 1],
	        pg.bm->w, pg.bm->h, pg.rasters, pg.text_bytes, pg.cut ? "cut" : "not cut");
	bitmap_free(pg.bm);
	return rc < 0 ? 2 : 0;
}
