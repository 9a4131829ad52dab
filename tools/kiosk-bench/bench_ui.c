/*
 * bench_ui.c - kiosk-bench: screen frames: steady (cached text) vs the cold first frame.
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../common/config.h"
#include "../../ui/ui.h"

#include <stdio.h>
#include <string.h>

void
bench_frame(struct kiosk_config *cfg)
{
	struct ui *ui;
	struct ui_view v;
	cfg->width = 1080;
	cfg->height = 1920;
	if (ui_open(&ui, cfg, bench_i18n, true))
		return;
	memset(&v, 0, sizeof(v));
	v.screen = UI_SCR_WELCOME;
	snprintf(v.lang, sizeof(v.lang), "ar");
	snprintf(v.name_ar, sizeof(v.name_ar), "سالم بن خلفان الهنائي");
	snprintf(v.name_en, sizeof(v.name_en), "Salim Khalfan Al Hinai");
	double t0 = bench_now_us();
	ui_render(ui, &v);
	double cold = bench_now_us() - t0;
	const int n = 200;
	t0 = bench_now_us();
	for (int i = 0; i < n; i++) {
		v.countdown_s = i; /* a changed view: forces a redraw with cached text */
		ui_render(ui, &v);
	}
	double warm = (bench_now_us() - t0) / n;
	ui_close(ui);
	bench_line("frame 1080x1920", warm, "(cold first frame)", cold);
}
