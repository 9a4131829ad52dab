/*
 * test_pango.c - our text engine against pango (the reference the issue names) on mixed
 * Arabic / Latin / number lines: both render the line with the same Noto faces at the same pixel
 * size; the pictures' column ink profiles (which columns have ink: the words and the gaps
 * between them) must agree within a few columns and 2 % (the rasterizers differ, so pixels
 * cannot be compared; a swapped number or a reversed run moves whole gaps).
 * pango-view comes from pango1.0-tools (scripts/install-deps); without it the checks are skipped.
 */
#include "../tap.h"

#include "common/bitmap.h"
#include "common/kerr.h"
#include "text/text.h"

#include <SDL.h>
#include <SDL_image.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define FONTS       "assets/fonts-arabic"
#define SIZE_PX     40
#define PROFILE_MAX 4096
#define SLACK       3 /* columns of play between the two rasterizers */

/* Column ink profile: 1 where a column has ink. Returns the width (<= PROFILE_MAX). */
static int
profile_of(const uint8_t *ink, int w, int h, int stride, uint8_t *out)
{
	if (w > PROFILE_MAX)
		w = PROFILE_MAX;
	for (int x = 0; x < w; x++) {
		out[x] = 0;
		for (int y = 0; y < h && !out[x]; y++)
			out[x] = ink[(long)y * stride + x] > 96;
	}
	/* trim blank columns on both sides: the two tools use different side bearings */
	int a = 0, b = w;
	while (a < b && !out[a])
		a++;
	while (b > a && !out[b - 1])
		b--;
	memmove(out, out + a, (size_t)(b - a));
	return b - a;
}

/* Columns of p (n wide) whose ink state is found nowhere within +-SLACK columns of q at the same
 * relative position (scaled to q's width). */
static int
mismatches(const uint8_t *p, int n, const uint8_t *q, int m)
{
	int bad = 0;
	for (int x = 0; x < n; x++) {
		int qx = (int)((long)x * m / (n > 0 ? n : 1)), found = 0;
		for (int d = -SLACK; d <= SLACK && !found; d++)
			found = qx + d >= 0 && qx + d < m && q[qx + d] == p[x];
		bad += !found;
	}
	return bad;
}

static int
pango_profile(const char *text, const char *dir, uint8_t *out)
{
	char file[600], png[600], font[64];
	snprintf(file, sizeof(file), "%s/line.txt", dir);
	snprintf(png, sizeof(png), "%s/line.png", dir);
	snprintf(font, sizeof(font), "--font=Noto Sans, Noto Sans Arabic %d", SIZE_PX);
	FILE *f = fopen(file, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	pid_t pid = fork();
	if (pid == 0) {
		execlp("pango-view", "pango-view", "-q", "--pixels", font, "--hinting=slight",
		       "--margin=0", "-o", png, file, (char *)NULL);
		_exit(127);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return -1;
	SDL_Surface *s0 = IMG_Load(png);
	if (!s0)
		return -1;
	SDL_Surface *s = SDL_ConvertSurfaceFormat(s0, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(s0);
	if (!s)
		return -1;
	uint8_t *ink = malloc((size_t)s->w * (size_t)s->h);
	for (int y = 0; y < s->h; y++)
		for (int x = 0; x < s->w; x++) {
			Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + (long)y * s->pitch))[x];
			ink[(long)y * s->w + x] =
			        (uint8_t)(255 - ((p >> 8) & 0xFF)); /* black on white */
		}
	int n = profile_of(ink, s->w, s->h, s->w, out);
	free(ink);
	SDL_FreeSurface(s);
	return n;
}

int
main(void)
{
	static const char *const lines[] = {
	        "رقم الترخيص \u2066LIC-2024-00123\u2069 صالح حتى \u20662025-03-01\u2069",
	        "الرسوم المستحقة \u206612.500 OMR\u2069 تُدفع عند الاستلام",
	        "للاستفسار اتصل على \u2066+968 2468 1234\u2069 من الأحد إلى الخميس",
	        "يرجى تحميل تطبيق Sanad ثم مسح الرمز",
	        "The fee is 12.500 OMR (١٢٫٥٠٠ ريال عماني) for permit WP-77",
	        "التاريخ: 2024-03-01",
	};
	struct text_engine *te;
	if (text_open(&te, FONTS) < 0) {
		ok(0, "text_open");
		return tap_done();
	}
	static uint8_t ours[PROFILE_MAX], theirs[PROFILE_MAX];
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		int np = pango_profile(lines[i], tap_tmpdir(), theirs);
		if (np < 0) {
			ok(1, "# SKIP pango-view missing or failed (install pango1.0-tools)");
			continue;
		}
		struct text_style st = {.size_px = SIZE_PX};
		struct bitmap *bm = NULL;
		int no = -1;
		if (text_render(te, lines[i], &st, 0, &bm, NULL) == 0 && bm)
			no = profile_of(bm->px, bm->w, bm->h, bm->stride, ours);
		bitmap_free(bm);
		int bad =
		        no > 0 ? mismatches(ours, no, theirs, np) + mismatches(theirs, np, ours, no)
		               : -1;
		ok(no > 0 && abs(no - np) * 100 <= 3 * np && bad * 100 <= 2 * (no + np),
		   "line %zu: same visual order as pango (ink %d px wide, pango %d; %d columns "
		   "differ)",
		   i + 1, no, np, bad);
	}
	/* control: the comparison notices two fields in the wrong places */
	int np = pango_profile(lines[0], tap_tmpdir(), theirs);
	if (np > 0) {
		struct text_style st = {.size_px = SIZE_PX};
		struct bitmap *bm = NULL;
		int no = -1;
		if (text_render(te,
		                "رقم الترخيص \u20662025-03-01\u2069 صالح حتى "
		                "\u2066LIC-2024-00123\u2069",
		                &st, 0, &bm, NULL) == 0 &&
		    bm)
			no = profile_of(bm->px, bm->w, bm->h, bm->stride, ours);
		bitmap_free(bm);
		int bad = mismatches(ours, no, theirs, np) + mismatches(theirs, np, ours, no);
		ok(bad * 100 > 2 * (no + np),
		   "control: swapped fields are caught (%d columns differ)", bad);
	}
	text_close(te);
	return tap_done();
}
