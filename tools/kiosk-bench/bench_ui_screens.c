/*
 * bench_ui_screens.c - kiosk-bench: the screen layer at 1080x1920 with the software renderer
 * (headless surface), Arabic, for every kind of screen (tests/views.h) and the idle dialog:
 *   cold first frame   ui_open + the first ui_render (fonts opened, every text laid out)
 *   steady frame       p50/p99 of a redraw whose texts are all cached (the view alternates
 *                      between two states whose texts are both in the cache)
 *   touch -> feedback  finger down on the screen's main button until the pressed frame is
 *                      presented (what the person sees in the next frame), p50/p99
 * then RSS with every face loaded (both languages, both weights, all type sizes), and our
 * engine against pango-view on one long mixed Arabic/English paragraph with the same Noto faces
 * (pango-view runs as a child: per-layout time = (time with -n N+1) - (time with -n 1), so its
 * start-up and PNG writing cancel out).
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../common/bitmap.h"
#include "../../common/config.h"
#include "../../tests/views.h"
#include "../../text/text.h"
#include "../../ui/ui.h"
#include "../../ui/ui_test.h"

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#define STEADY_FRAMES 300
#define TOUCHES       60
#define TEXT_RUNS     40

static const char paragraph[] = "تُصدر وزارة العمل تصريح العمل رقم "
                                "\u2066WP-2024-004512\u2069 بتاريخ \u20662024-03-01\u2069 "
                                "لمدة سنتين، والرسوم المستحقة \u206612.500 "
                                "OMR\u2069 تُدفع عبر تطبيق Sanad أو في أحد "
                                "مراكز الخدمة. للاستفسار اتصل على \u2066+968 "
                                "2468 1234\u2069 من الأحد إلى الخميس. The "
                                "Ministry of Labour issues work permit "
                                "WP-2024-004512 for two years; the fee of "
                                "12.500 OMR is paid in the Sanad app or "
                                "at a service centre. وَزَارَةُ العَمَلِ "
                                "تُرَحِّبُ بِكُمْ، ونرجو الاحتفاظ "
                                "بالإيصال حتى انتهاء المعاملة.";

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, int p)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	int i = (n * p + 99) / 100 - 1;
	return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* The sample screen of kind in Arabic; kind UI_KIND_COUNT_: the idle dialog over the info
 * screen. */
static void
view_for(struct ui_view *v, int kind, const char *lang)
{
	sample_view(v, kind < UI_KIND_COUNT_ ? (enum ui_kind)kind : UI_KIND_INFO, lang, bench_i18n);
	if (kind == UI_KIND_COUNT_)
		sample_dialog(v, bench_i18n, 30);
}

/* A changed view whose texts are all cached after two frames: the countdown of a dialog, the
 * dots of the PIN, and elsewhere a field the kind does not draw. */
static void
steady_change(struct ui_view *v, int i)
{
	if (v->dialog.on)
		sample_dialog(v, bench_i18n, 30 + (i & 1));
	v->pin_len = i & 1;
}

static void
drain(struct ui *ui)
{
	struct ui_event ev;
	for (int i = 0; i < 20; i++)
		if (ui_wait_event(ui, 0, &ev) < 0 || ev.type == UI_EV_NONE)
			return;
}

static void
one_screen(struct kiosk_config *cfg, int kind, const char *name, enum ui_action main)
{
	struct ui *ui;
	struct ui_view v;
	static double t[STEADY_FRAMES];
	view_for(&v, kind, "ar");
	double t0 = bench_now_us();
	if (ui_open(&ui, cfg, bench_i18n, true) < 0) {
		printf("ui %-12s cannot open the ui\n", name);
		return;
	}
	ui_freeze_animation(ui, 0); /* a spinner frame is a steady frame too */
	ui_render(ui, &v);
	double cold = bench_now_us() - t0;
	for (int i = 0; i < STEADY_FRAMES; i++) {
		steady_change(&v, i);
		double a = bench_now_us();
		ui_render(ui, &v);
		t[i] = bench_now_us() - a;
	}
	double p50 = pct(t, STEADY_FRAMES, 50), p99 = pct(t, STEADY_FRAMES, 99);
	int n = 0, x, y;
	if (ui_widget_center(ui, main, &x, &y) == 0) {
		drain(ui);
		for (; n < TOUCHES; n++) {
			double a = bench_now_us();
			ui_inject_finger(ui, x, y, true, false);
			drain(ui); /* the down is handled and the pressed frame presented */
			t[n] = bench_now_us() - a;
			ui_inject_finger(ui, x, y, false, false);
			drain(ui);
			ui_render(ui, &v);
		}
	}
	printf("ui %-10s cold %8.0f us   steady p50 %6.0f us  p99 %6.0f us", name, cold, p50, p99);
	if (n)
		printf("   touch->feedback p50 %6.0f us  p99 %6.0f us", pct(t, n, 50),
		       pct(t, n, 99));
	printf("\n");
	ui_close(ui);
}

static long
rss_kb(const char *key)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long v = -1;
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = strtol(line + strlen(key), NULL, 10);
	fclose(f);
	return v;
}

static void
rss_all_fonts(struct kiosk_config *cfg)
{
	struct ui *ui;
	struct ui_view v;
	long before = rss_kb("VmRSS:");
	if (ui_open(&ui, cfg, bench_i18n, true) < 0)
		return;
	for (int k = 0; k <= UI_KIND_COUNT_; k++) {
		for (int l = 0; l < 2; l++) {
			view_for(&v, k, l ? "en" : "ar");
			v.large_text = k & 1;
			ui_render(ui, &v);
		}
	}
	/* the bench process also holds the other benches' libraries (SQLite, curl, ...) */
	printf("ui rss         %ld KiB with every screen drawn in both languages and all faces "
	       "open (+%ld KiB for the ui; process peak %ld KiB; target < 65536)\n",
	       rss_kb("VmRSS:"), rss_kb("VmRSS:") - before, rss_kb("VmHWM:"));
	ui_close(ui);
}

/* Runs pango-view on file with -n runs; wall time in us, or -1 (reason printed). */
static double
pango_run(const char *file, const char *out, int runs)
{
	char n[16], o[700], in[700];
	char a0[] = "pango-view", a1[] = "-q", a2[] = "--pixels",
	     a3[] = "--font=Noto Sans, Noto Sans Arabic 32", a4[] = "--width=900",
	     a5[] = "--wrap=word", a6[] = "-n";
	snprintf(n, sizeof(n), "%d", runs);
	snprintf(o, sizeof(o), "--output=%s", out);
	snprintf(in, sizeof(in), "%s", file);
	char *argv[] = {a0, a1, a2, a3, a4, a5, a6, n, o, in, NULL};
	pid_t pid;
	double a = bench_now_us();
	if (posix_spawnp(&pid, "pango-view", NULL, NULL, argv, environ) != 0) {
		printf("text vs pango  pango-view not found (Debian package pango1.0-tools; "
		       "scripts/install-deps installs it)\n");
		return -1;
	}
	int st;
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		printf("text vs pango  pango-view failed (exit %d)\n",
		       WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		return -1;
	}
	return bench_now_us() - a;
}

static void
text_vs_pango(const struct kiosk_config *cfg, const char *dir)
{
	struct text_engine *te;
	struct text_style st = {.size_px = 32, .dir = TEXT_DIR_AUTO};
	struct text_metrics m;
	if (text_open(&te, cfg->font_dir) < 0)
		return;
	struct bitmap *bm = NULL;
	text_render(te, paragraph, &st, 900, &bm, &m); /* faces opened outside the timing */
	bitmap_free(bm);
	double a = bench_now_us();
	for (int i = 0; i < TEXT_RUNS; i++) {
		text_render(te, paragraph, &st, 900, &bm, &m);
		bitmap_free(bm);
	}
	double ours = (bench_now_us() - a) / TEXT_RUNS;
	text_close(te);

	char file[600], out[600];
	snprintf(file, sizeof(file), "%s/paragraph.txt", dir);
	snprintf(out, sizeof(out), "%s/paragraph.png", dir);
	FILE *f = fopen(file, "w");
	if (!f)
		return;
	fputs(paragraph, f);
	fclose(f);
	double one = pango_run(file, out, 1);
	if (one < 0)
		return;
	double many = pango_run(file, out, TEXT_RUNS + 1);
	if (many < 0)
		return;
	double pango = (many - one) / TEXT_RUNS;
	if (pango <= 0) {
		printf("text vs pango  pango-view's per-layout time was lost in noise\n");
		return;
	}
	printf("text paragraph %zu bytes, %d lines at 900 px: ours %.0f us, pango-view %.0f us per "
	       "layout+render: ratio %.2fx\n",
	       strlen(paragraph), m.lines, ours, pango, ours / pango);
}

void
bench_ui_screens(struct kiosk_config *cfg, const char *dir)
{
	cfg->width = 1080;
	cfg->height = 1920;
	/* the widget a person touches first on each */
	static const enum ui_action main_of[UI_KIND_COUNT_] = {
	        [UI_KIND_CARD] = UI_ACT_LANG_TOGGLE, [UI_KIND_BUSY] = UI_ACT_LANG_TOGGLE,
	        [UI_KIND_PIN] = UI_ACT_PIN_OK,       [UI_KIND_MENU] = UI_ACT_CHOOSE,
	        [UI_KIND_INFO] = UI_ACT_NEXT,        [UI_KIND_LIST] = UI_ACT_CHOOSE,
	        [UI_KIND_FORM] = UI_ACT_KEY,         [UI_KIND_RESULT] = UI_ACT_FINISH,
	        [UI_KIND_ERROR] = UI_ACT_NEXT,
	};
	for (int k = 0; k < UI_KIND_COUNT_; k++)
		one_screen(cfg, k, sample_kind_name((enum ui_kind)k), main_of[k]);
	one_screen(cfg, UI_KIND_COUNT_, "dialog", UI_ACT_CONTINUE);
	rss_all_fonts(cfg);
	text_vs_pango(cfg, dir);
}
