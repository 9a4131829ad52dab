/*
 * widgets.c - drawing helpers and the pieces every screen shares: units (design px, mm),
 * start/end placement, filled shapes, the spinner, buttons (which register touch widgets), the
 * status bar and the simulator strip. Screens in ui/screens/ compose these.
 *
 * Placement rule: x positions are given from the start edge of the content and turned into
 * physical x by ui_x(), so an Arabic frame is the mirror image of the English one.
 */
#include "theme.h"
#include "ui_internal.h"

#include <math.h>
#include <string.h>

#define BTN_FONT(ui) ui_px(ui, THEME_FONT_BUTTON)
#define UI_PI        3.14159265358979323846

int
ui_px(const struct ui *ui, int design_px)
{
	int v = (int)lroundf((float)design_px * ui->scale);
	return v < 1 ? 1 : v;
}

int
ui_mm(const struct ui *ui, int mm)
{
	return (int)ceil((double)mm * ui->dpi / 25.4);
}

int
ui_x(const struct ui *ui, int start, int w)
{
	if (ui->ar)
		return ui->content.x + ui->content.w - start - w;
	return ui->content.x + start;
}

void
ui_color(struct ui *ui, uint32_t rgb, uint8_t a)
{
	SDL_SetRenderDrawBlendMode(ui->ren, a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
	SDL_SetRenderDrawColor(ui->ren, (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, a);
}

void
ui_fill_rect(struct ui *ui, int x, int y, int w, int h, uint32_t rgb)
{
	SDL_Rect r = {x, y, w, h};
	ui_color(ui, rgb, 255);
	SDL_RenderFillRect(ui->ren, &r);
}

void
ui_fill_round(struct ui *ui, int x, int y, int w, int h, int r, uint32_t rgb)
{
	if (r * 2 > h)
		r = h / 2;
	if (r * 2 > w)
		r = w / 2;
	ui_color(ui, rgb, 255);
	SDL_Rect mid = {x, y + r, w, h - 2 * r};
	SDL_RenderFillRect(ui->ren, &mid);
	for (int dy = 0; dy < r; dy++) {
		float d = (float)r - (float)dy - 0.5f;
		int inset = r - (int)lroundf(sqrtf((float)(r * r) - d * d));
		SDL_Rect top = {x + inset, y + dy, w - 2 * inset, 1};
		SDL_Rect bot = {x + inset, y + h - 1 - dy, w - 2 * inset, 1};
		SDL_RenderFillRect(ui->ren, &top);
		SDL_RenderFillRect(ui->ren, &bot);
	}
}

void
ui_fill_circle(struct ui *ui, int cx, int cy, int r, uint32_t rgb, uint8_t a)
{
	ui_color(ui, rgb, a);
	for (int dy = -r; dy < r; dy++) {
		float d = (float)dy + 0.5f;
		int half = (int)lroundf(sqrtf((float)(r * r) - d * d));
		SDL_Rect row = {cx - half, cy + dy, 2 * half, 1};
		SDL_RenderFillRect(ui->ren, &row);
	}
}

void
ui_thick_line(struct ui *ui, float x0, float y0, float x1, float y1, float width, uint32_t rgb)
{
	float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
	if (len <= 0.0f)
		return;
	float nx = -dy / len * width / 2, ny = dx / len * width / 2;
	SDL_Color c = {(rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 255};
	SDL_Vertex v[4] = {
	        {{x0 + nx, y0 + ny}, c, {0, 0}},
	        {{x1 + nx, y1 + ny}, c, {0, 0}},
	        {{x1 - nx, y1 - ny}, c, {0, 0}},
	        {{x0 - nx, y0 - ny}, c, {0, 0}},
	};
	static const int idx[6] = {0, 1, 2, 0, 2, 3};
	SDL_RenderGeometry(ui->ren, NULL, v, 4, idx, 6);
	/* round caps */
	ui_fill_circle(ui, (int)lroundf(x0), (int)lroundf(y0), (int)(width / 2), rgb, 255);
	ui_fill_circle(ui, (int)lroundf(x1), (int)lroundf(y1), (int)(width / 2), rgb, 255);
}

void
ui_spinner(struct ui *ui, int cx, int cy, int r)
{
	const int dots = 12;
	int phase = (int)((SDL_GetTicks() / 100) % (Uint32)dots);
	int dr = r / 6 > 2 ? r / 6 : 2;
	for (int i = 0; i < dots; i++) {
		/* the head dot is opaque, the tail fades; turns the reading direction's way */
		int age = ((phase - i) % dots + dots) % dots;
		double a = 2.0 * UI_PI * i / dots * (ui->ar ? -1.0 : 1.0) - UI_PI / 2;
		int x = cx + (int)lround((r - dr) * cos(a)),
		    y = cy + (int)lround((r - dr) * sin(a));
		int alpha = 255 - age * 18;
		ui_fill_circle(ui, x, y, dr, THEME_ACCENT, (uint8_t)(alpha < 40 ? 40 : alpha));
	}
}

void
ui_widget_add(struct ui *ui, enum ui_action action, int x, int y, int w, int h)
{
	if (ui->nwidgets >= UI_WIDGETS_MAX)
		return;
	ui->widgets[ui->nwidgets++] = (struct ui_widget){action, {x, y, w, h}};
}

int
ui_button_width(struct ui *ui, const char *label, enum ui_btn_style style)
{
	int size =
	        style == BTN_SIM || style == BTN_LANG ? ui_px(ui, THEME_FONT_SMALL) : BTN_FONT(ui);
	const struct ui_text *t =
	        ui_text(ui, label, size, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, 0, 0);
	int w = (t ? t->m.w : 0) + 2 * ui_px(ui, 28);
	return w < ui->touch ? ui->touch : w;
}

void
ui_button(struct ui *ui, enum ui_action action, int x, int y, int w, int h, const char *label,
          enum ui_btn_style style)
{
	bool down = ui->pressed == action;
	uint32_t bg, fg, border = 0;
	int size = BTN_FONT(ui);
	switch (style) {
	case BTN_PRIMARY:
		bg = down ? THEME_PRIMARY_PRESSED : THEME_PRIMARY;
		fg = THEME_PRIMARY_TEXT;
		break;
	case BTN_SECOND:
		bg = down ? THEME_SECOND_PRESSED : THEME_SECOND;
		fg = THEME_SECOND_TEXT;
		border = THEME_SECOND_BORDER;
		break;
	case BTN_LANG:
		bg = down ? THEME_LANG_PRESSED : THEME_LANG_BG;
		fg = THEME_LANG_TEXT;
		size = ui_px(ui, THEME_FONT_SMALL);
		break;
	case BTN_SIM:
	default:
		bg = THEME_SIM_BUTTON;
		fg = THEME_SIM_BUTTON_TEXT;
		size = ui_px(ui, THEME_FONT_SMALL);
		if (down)
			bg = 0x3D2D00;
		break;
	}
	int r = ui->radius;
	if (border) {
		int bw = ui_px(ui, 4);
		ui_fill_round(ui, x, y, w, h, r, border);
		ui_fill_round(ui, x + bw, y + bw, w - 2 * bw, h - 2 * bw, r - bw, bg);
	} else {
		ui_fill_round(ui, x, y, w, h, r, bg);
	}
	int inner = w - 2 * ui_px(ui, 16);
	const struct ui_text *t = ui_text(ui, label, size, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER,
	                                  inner > 0 ? inner : w, fg);
	if (t)
		ui_text_blit(ui, t, x + (w - t->tw) / 2, y + (h - t->th) / 2);
	ui_widget_add(ui, action, x, y, w, h);
}

int
ui_button_row(struct ui *ui, enum ui_action first, enum ui_str first_label, enum ui_action second,
              enum ui_str second_label)
{
	const SDL_Rect *c = &ui->content;
	int h = ui_px(ui, 120);
	if (h < ui->touch)
		h = ui->touch;
	int y = c->y + c->h - h;
	if (second == UI_ACT_NONE) {
		int w = c->w * 6 / 10;
		if (w < ui->touch)
			w = ui->touch;
		ui_button(ui, first, c->x + (c->w - w) / 2, y, w, h, ui_str(first_label, ui->ar),
		          BTN_PRIMARY);
		return y;
	}
	int w1 = (c->w - ui->gap) * 58 / 100, w2 = c->w - ui->gap - w1;
	ui_button(ui, first, ui_x(ui, 0, w1), y, w1, h, ui_str(first_label, ui->ar), BTN_PRIMARY);
	ui_button(ui, second, ui_x(ui, w1 + ui->gap, w2), y, w2, h, ui_str(second_label, ui->ar),
	          BTN_SECOND);
	return y;
}

int
ui_text_center(struct ui *ui, const char *s, int size, bool bold, uint32_t rgb, int y)
{
	const struct ui_text *t =
	        ui_text(ui, s, size, bold, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, ui->content.w, rgb);
	if (!t)
		return 0;
	ui_text_blit(ui, t, ui->content.x, y);
	return t->th;
}

int
ui_stack_top(int top, int bottom, int content_h, int ngaps, int *gap)
{
	int avail = bottom - top;
	if (ngaps > 0 && content_h + ngaps * *gap > avail)
		*gap = avail > content_h ? (avail - content_h) / ngaps : 0;
	int spare = avail - content_h - ngaps * *gap;
	return top + (spare > 0 ? spare * 2 / 5 : 0); /* a little above the middle */
}

/* One state chip on the bar; returns its width (0 when it does not fit in `room`). */
static int
chip(struct ui *ui, int start, int room, int bar_h, const char *label, uint32_t bg)
{
	int size = ui_px(ui, THEME_FONT_BAR), cp = ui_px(ui, 16);
	const struct ui_text *t =
	        ui_text(ui, label, size, false, TEXT_DIR_AUTO, TEXT_ALIGN_LEFT, 0, THEME_CHIP_TEXT);
	if (!t)
		return 0;
	int w = t->tw + 2 * cp, h = t->th + ui_px(ui, 8);
	if (w > room)
		return 0;
	int x = ui_x(ui, start, w), y = (bar_h - h) / 2;
	ui_fill_round(ui, x, y, w, h, h / 2, bg);
	ui_text_blit(ui, t, x + cp, y + (h - t->th) / 2);
	return w;
}

static uint32_t
state_color(enum ui_dev_state s)
{
	return s == UI_DEV_OK      ? THEME_CHIP_OK
	       : s == UI_DEV_FAULT ? THEME_CHIP_FAULT
	                           : THEME_CHIP_UNKNOWN;
}

void
ui_status_bar(struct ui *ui, int h)
{
	const struct ui_view *v = &ui->view;
	ui_fill_rect(ui, 0, 0, ui->w, h, THEME_BAR_BG);

	/* end side: the language toggle, always */
	const char *lang = ui_str(S_LANG_OTHER, ui->ar);
	int lw = ui_button_width(ui, lang, BTN_LANG);
	if (lw < ui->touch * 2)
		lw = ui->touch * 2;
	ui_button(ui, UI_ACT_LANG_TOGGLE, ui_x(ui, ui->content.w - lw, lw), (h - ui->touch) / 2, lw,
	          ui->touch, lang, BTN_LANG);

	/* start side: connection, reader and printer state; dropped from the end when narrow */
	int room = ui->content.w - lw - ui->gap, x = 0, w;
	static const enum ui_str card_s[] = {S_CARD_UNKNOWN, S_CARD_OK, S_CARD_FAULT};
	static const enum ui_str prn_s[] = {S_PRINTER_UNKNOWN, S_PRINTER_OK, S_PRINTER_FAULT};
	w = chip(ui, x, room - x, h, ui_str(v->online ? S_ONLINE : S_OFFLINE, ui->ar),
	         v->online ? THEME_CHIP_OK : THEME_CHIP_FAULT);
	x += w ? w + ui->gap / 2 : 0;
	unsigned cs = (unsigned)v->card_state < 3 ? (unsigned)v->card_state : 0;
	unsigned ps = (unsigned)v->printer_state < 3 ? (unsigned)v->printer_state : 0;
	w = w ? chip(ui, x, room - x, h, ui_str(card_s[cs], ui->ar), state_color(v->card_state))
	      : 0;
	x += w ? w + ui->gap / 2 : 0;
	if (w)
		chip(ui, x, room - x, h, ui_str(prn_s[ps], ui->ar), state_color(v->printer_state));
}

void
ui_sim_strip(struct ui *ui, int y, int h)
{
	ui_fill_rect(ui, 0, y, ui->w, h, THEME_SIM_BG);
	ui_fill_rect(ui, 0, y, ui->w, ui_px(ui, 3), THEME_SIM_TEXT);
	const struct ui_text *t =
	        ui_text(ui, ui_str(S_SIM_LABEL, ui->ar), ui_px(ui, THEME_FONT_SMALL), true,
	                TEXT_DIR_AUTO, TEXT_ALIGN_LEFT, 0, THEME_SIM_TEXT);
	if (t)
		ui_text_blit(ui, t, ui_x(ui, 0, t->tw), y + (h - t->th) / 2);
	const char *ins = ui_str(S_SIM_INSERT, ui->ar), *rem = ui_str(S_SIM_REMOVE, ui->ar);
	int wr = ui_button_width(ui, rem, BTN_SIM), wi = ui_button_width(ui, ins, BTN_SIM);
	int by = y + (h - ui->touch) / 2;
	int end = ui->content.w;
	ui_button(ui, UI_ACT_SIM_REMOVE, ui_x(ui, end - wr, wr), by, wr, ui->touch, rem, BTN_SIM);
	ui_button(ui, UI_ACT_SIM_INSERT, ui_x(ui, end - wr - ui->gap - wi, wi), by, wi, ui->touch,
	          ins, BTN_SIM);
}
