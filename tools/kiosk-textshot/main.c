/*
 * kiosk-textshot - renders a string with the kiosk's text engine into a PNG, tightly cropped,
 * black text on white. For checking Arabic shaping, bidi and wrapping by eye or against pango.
 *
 *   kiosk-textshot [--size PX] [--width PX] [--dir auto|ltr|rtl] [--fonts DIR] [--bold]
 *                  [--align start|end|center|left|right] [--margin PX] -o out.png (TEXT | --file
 * FILE)
 */
#include "common/bitmap.h"
#include "common/kerr.h"
#include "common/kparse.h"
#include "common/xalloc.h"
#include "text/text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXTSHOT_MAX_FILE 8192

static void
usage(FILE *f)
{
	fprintf(f, "usage: kiosk-textshot [--size PX] [--width PX] [--dir auto|ltr|rtl] [--fonts "
	           "DIR]\n"
	           "                      [--bold] [--align start|end|center|left|right] [--margin "
	           "PX]\n"
	           "                      -o out.png (TEXT | --file FILE)\n");
}

static char *
read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "kiosk-textshot: cannot open %s: %s\n", path, strerror(errno));
		return NULL;
	}
	char *buf = xmalloc(TEXTSHOT_MAX_FILE + 1);
	size_t n = fread(buf, 1, TEXTSHOT_MAX_FILE + 1, f);
	fclose(f);
	if (n > TEXTSHOT_MAX_FILE) {
		fprintf(stderr, "kiosk-textshot: %s is larger than %d bytes\n", path,
		        TEXTSHOT_MAX_FILE);
		free(buf);
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--; /* a trailing newline is not an empty last line */
	buf[n] = '\0';
	return buf;
}

/* A copy of the inked part of bm plus margin px of paper on each side (NULL when no ink). */
static struct bitmap *
crop(const struct bitmap *bm, int margin)
{
	int x0 = bm->w, y0 = bm->h, x1 = -1, y1 = -1;
	for (int y = 0; y < bm->h; y++)
		for (int x = 0; x < bm->w; x++)
			if (bm->px[(long)y * bm->stride + x]) {
				x0 = x < x0 ? x : x0;
				x1 = x > x1 ? x : x1;
				y0 = y < y0 ? y : y0;
				y1 = y > y1 ? y : y1;
			}
	if (x1 < 0)
		return NULL;
	struct bitmap *out = bitmap_new(x1 - x0 + 1 + 2 * margin, y1 - y0 + 1 + 2 * margin);
	if (!out)
		return NULL;
	for (int y = y0; y <= y1; y++)
		memcpy(out->px + (long)(y - y0 + margin) * out->stride + margin,
		       bm->px + (long)y * bm->stride + x0, (size_t)(x1 - x0 + 1));
	return out;
}

int
main(int argc, char **argv)
{
	struct text_style st = {.size_px = 32, .dir = TEXT_DIR_AUTO, .align = TEXT_ALIGN_START};
	const char *fonts = "assets/fonts-arabic", *outp = NULL, *file = NULL, *text = NULL;
	int width = 0, margin = 0, rc;
	char *owned = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--bold")) {
			st.bold = true;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		} else if (a[0] == '-' && a[1] && strcmp(a, "--") != 0) {
			if (!v) {
				fprintf(stderr, "kiosk-textshot: %s needs a value\n", a);
				usage(stderr);
				return 2;
			}
			i++;
			if (!strcmp(a, "--size")) {
				rc = kparse_int(v, 4, 400, &st.size_px);
			} else if (!strcmp(a, "--width")) {
				rc = kparse_int(v, 0, 16384, &width);
			} else if (!strcmp(a, "--margin")) {
				rc = kparse_int(v, 0, 1000, &margin);
			} else if (!strcmp(a, "--fonts")) {
				fonts = v;
				rc = 0;
			} else if (!strcmp(a, "-o")) {
				outp = v;
				rc = 0;
			} else if (!strcmp(a, "--file")) {
				file = v;
				rc = 0;
			} else if (!strcmp(a, "--dir")) {
				rc = 0;
				if (!strcmp(v, "auto"))
					st.dir = TEXT_DIR_AUTO;
				else if (!strcmp(v, "ltr"))
					st.dir = TEXT_DIR_LTR;
				else if (!strcmp(v, "rtl"))
					st.dir = TEXT_DIR_RTL;
				else
					rc = KERR_INVAL;
			} else if (!strcmp(a, "--align")) {
				static const char *const names[] = {"start", "end", "center",
				                                    "left", "right"};
				rc = KERR_INVAL;
				for (int k = 0; k < 5; k++)
					if (!strcmp(v, names[k])) {
						st.align = (enum text_align)k;
						rc = 0;
					}
			} else {
				fprintf(stderr, "kiosk-textshot: unknown option %s\n", a);
				usage(stderr);
				return 2;
			}
			if (rc < 0) {
				fprintf(stderr, "kiosk-textshot: bad value for %s: %s\n", a, v);
				return 2;
			}
		} else {
			if (!strcmp(a, "--") && v)
				a = argv[++i];
			if (text) {
				fprintf(stderr, "kiosk-textshot: give one TEXT (quote it)\n");
				return 2;
			}
			text = a;
		}
	}
	if (!outp || (!text && !file) || (text && file)) {
		usage(stderr);
		return 2;
	}
	if (file) {
		owned = read_file(file);
		if (!owned)
			return 1;
		text = owned;
	}

	struct text_engine *te = NULL;
	struct bitmap *bm = NULL, *cropped = NULL;
	struct text_metrics m;
	int status = 1;
	rc = text_open(&te, fonts);
	if (rc < 0) {
		fprintf(stderr, "kiosk-textshot: cannot load fonts from %s: %s\n", fonts,
		        kerr_str(rc));
		goto out;
	}
	rc = text_render(te, text, &st, width, &bm, &m);
	if (rc < 0) {
		fprintf(stderr, "kiosk-textshot: cannot render: %s\n", kerr_str(rc));
		goto out;
	}
	cropped = bm ? crop(bm, margin) : NULL;
	if (!cropped) {
		fprintf(stderr, "kiosk-textshot: the text has no visible ink\n");
		goto out;
	}
	rc = bitmap_write_png(cropped, outp);
	if (rc < 0) {
		fprintf(stderr, "kiosk-textshot: cannot write %s: %s\n", outp, kerr_str(rc));
		goto out;
	}
	printf("%s: %dx%d, %d line%s, %s paragraph\n", outp, cropped->w, cropped->h, m.lines,
	       m.lines == 1 ? "" : "s", m.rtl ? "rtl" : "ltr");
	status = 0;
out:
	bitmap_free(cropped);
	bitmap_free(bm);
	text_close(te);
	free(owned);
	return status;
}
