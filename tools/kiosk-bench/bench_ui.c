/*
 * bench_ui.c - kiosk-bench: screen frames: steady (cached text) vs the cold first frame, on the
 * visit receipt's welcome screen in Arabic (tests/views.h).
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../common/config.h"
#include "../../tests/views.h"
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
	sample_view(&v, UI_KIND_INFO, "ar", bench_i18n);
	double t0 = bench_now_us();
	ui_render(ui, &v);
	double cold = bench_now_us() - t0;
	const int n = 200;
	t0 = bench_now_us();
	for (int i = 0; i < n; i++) {
		v.pin_len =
		        i; /* not drawn on this kind: a changed view, redrawn with cached text */
		ui_render(ui, &v);
	}
	double warm = (bench_now_us() - t0) / n;
	ui_close(ui);
	bench_line("frame 1080x1920", warm, "(cold first frame)", cold);
}
