/*
 * widgets.c - drawing helpers and the pieces every screen shares: units (design px, mm),
 * start/end placement, filled shapes, the spinner, buttons (which register touch widgets), the
 * status bar and the simulator strip. Screens in ui/screens/ compose these.
 *
 * Placement rule: x positions are given from the start edge of the content and turned into
 * physical x by ui_x(), so an Arabic frame is the mirror image of the English one.
 */
#include "common/utf8.h"
#include "text/textedit.h"
#include "theme.h"
#include "ui_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define BTN_FONT(ui) ui_font(ui, THEME_FONT_BUTTON)
#define UI_PI        3.14159265358979323846

int
ui_px(const struct ui *ui, int design_px)
{
	int v = (int)lroundf((float)design_px * ui->scale);
	return v < 1 ? 1 : v;
}

int
ui_font(const struct ui *ui, int design_px)
{
	return ui_px(ui, design_px * (ui->font_pct > 0 ? ui->font_pct : 100) / 100);
}

const uint32_t ui_palettes[2][C_COUNT_] = {
        {
#define UI_COL_NORMAL(name, normal, hc) [C_##name] = normal,
                UI_THEME_COLOURS(UI_COL_NORMAL)
#undef UI_COL_NORMAL
        },
        {
#define UI_COL_HC(name, normal, hc) [C_##name] = hc,
                UI_THEME_COLOURS(UI_COL_HC)
#undef UI_COL_HC
        },
};

uint32_t
ui_col(const struct ui *ui, enum ui_col c)
{
	const uint32_t *pal = ui->pal ? ui->pal : ui_palettes[0];
	return (unsigned)c < C_COUNT_ ? pal[c] : 0;
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

/* Inset of a rounded corner of radius r on the row dy (0 = top row) of its corner. */
static int
corner_inset(int r, int dy)
{
	float d = (float)r - (float)dy - 0.5f;
	return r - (int)lroundf(sqrtf((float)(r * r) - d * d));
}

void
ui_fill_round_border(struct ui *ui, int x, int y, int w, int h, int r, int bw, uint32_t border,
                     uint32_t bg)
{
	if (r * 2 > h)
		r = h / 2;
	if (r * 2 > w)
		r = w / 2;
	if (bw <= 0 || 2 * bw >= w || 2 * bw >= h) {
		ui_fill_round(ui, x, y, w, h, r, bw > 0 ? border : bg);
		return;
	}
	int ri = r - bw > 0 ? r - bw : 0;
	/* the inside first, then only the ring around it: every pixel is written once */
	ui_fill_round(ui, x + bw, y + bw, w - 2 * bw, h - 2 * bw, ri, bg);
	ui_color(ui, border, 255);
	for (int dy = 0; dy < (r > bw ? r : bw); dy++) {
		int out = dy < r ? corner_inset(r, dy) : 0;
		SDL_Rect rows[4];
		int n = 0;
		if (dy < bw) { /* a whole row of the ring, top and bottom */
			rows[n++] = (SDL_Rect){x + out, y + dy, w - 2 * out, 1};
			rows[n++] = (SDL_Rect){x + out, y + h - 1 - dy, w - 2 * out, 1};
		} else { /* from the outer edge to the inner corner, at both ends */
			int in = bw + (dy - bw < ri ? corner_inset(ri, dy - bw) : 0),
			    span = in - out;
			rows[n++] = (SDL_Rect){x + out, y + dy, span, 1};
			rows[n++] = (SDL_Rect){x + w - in, y + dy, span, 1};
			rows[n++] = (SDL_Rect){x + out, y + h - 1 - dy, span, 1};
			rows[n++] = (SDL_Rect){x + w - in, y + h - 1 - dy, span, 1};
		}
		SDL_RenderFillRects(ui->ren, rows, n);
	}
	int top = r > bw ? r : bw;
	if (h - 2 * top > 0) {
		SDL_Rect sides[2] = {{x, y + top, bw, h - 2 * top},
		                     {x + w - bw, y + top, bw, h - 2 * top}};
		SDL_RenderFillRects(ui->ren, sides, 2);
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
	int phase = ui->anim_frozen >= 0 ? ui->anim_frozen % dots
	                                 : (int)((SDL_GetTicks() / 100) % (Uint32)dots);
	int dr = r / 6 > 2 ? r / 6 : 2;
	for (int i = 0; i < dots; i++) {
		/* the head dot is opaque, the tail fades; turns the reading direction's way */
		int age = ((phase - i) % dots + dots) % dots;
		double a = 2.0 * UI_PI * i / dots * (ui->ar ? -1.0 : 1.0) - UI_PI / 2;
		int x = cx + (int)lround((r - dr) * cos(a)),
		    y = cy + (int)lround((r - dr) * sin(a));
		int alpha = 255 - age * 18;
		ui_fill_circle(ui, x, y, dr, ui_col(ui, C_ACCENT),
		               (uint8_t)(alpha < 40 ? 40 : alpha));
	}
}

void
ui_widget_add_arg(struct ui *ui, enum ui_action action, int arg, int x, int y, int w, int h)
{
	if (ui->nwidgets >= UI_WIDGETS_MAX)
		return;
	ui->widgets[ui->nwidgets++] = (struct ui_widget){action, arg, NULL, {x, y, w, h}};
}

void
ui_widget_add(struct ui *ui, enum ui_action action, int x, int y, int w, int h)
{
	ui_widget_add_arg(ui, action, 0, x, y, w, h);
}

int
ui_button_width(struct ui *ui, const char *label, enum ui_btn_style style)
{
	int size = style == BTN_SIM || style == BTN_LANG ? ui_font(ui, THEME_FONT_SMALL)
	                                                 : BTN_FONT(ui);
	const struct ui_text *t =
	        ui_text(ui, label, size, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, 0, 0);
	int w = (t ? t->m.w : 0) + 2 * ui_px(ui, 28);
	return w < ui->touch ? ui->touch : w;
}

void
ui_button(struct ui *ui, enum ui_action action, int x, int y, int w, int h, const char *label,
          enum ui_btn_style style)
{
	ui_key(ui, action, 0, x, y, w, h, label, style);
}

void
ui_key(struct ui *ui, enum ui_action action, int arg, int x, int y, int w, int h, const char *label,
       enum ui_btn_style style)
{
	bool down = ui->pressed == action && ui->pressed_arg == arg;
	uint32_t bg, fg, border = 0;
	int size = BTN_FONT(ui);
	switch (style) {
	case BTN_PRIMARY:
		bg = down ? ui_col(ui, C_PRIMARY_PRESSED) : ui_col(ui, C_PRIMARY);
		fg = ui_col(ui, C_PRIMARY_TEXT);
		break;
	case BTN_KEY:
	case BTN_KBD:
	case BTN_SECOND:
		bg = down ? ui_col(ui, C_SECOND_PRESSED) : ui_col(ui, C_SECOND);
		fg = ui_col(ui, C_SECOND_TEXT);
		border = ui_col(ui, C_SECOND_BORDER);
		if (style == BTN_KEY || style == BTN_KBD) {
			fg = ui_col(ui, C_TEXT);
			size = ui_font(ui, style == BTN_KEY ? THEME_FONT_KEY : THEME_FONT_BUTTON);
		}
		break;
	case BTN_LANG:
		bg = down ? ui_col(ui, C_LANG_PRESSED) : ui_col(ui, C_LANG_BG);
		fg = ui_col(ui, C_LANG_TEXT);
		size = ui_font(ui, THEME_FONT_SMALL);
		break;
	case BTN_SIM:
	default:
		bg = ui_col(ui, C_SIM_BUTTON);
		fg = ui_col(ui, C_SIM_BUTTON_TEXT);
		size = ui_font(ui, THEME_FONT_SMALL);
		if (down)
			bg = ui_col(ui, C_SIM_BUTTON_PRESSED);
		break;
	}
	int r = ui->radius;
	if (border) {
		ui_fill_round_border(ui, x, y, w, h, r, ui_px(ui, 4), border, bg);
	} else {
		ui_fill_round(ui, x, y, w, h, r, bg);
	}
	int inner = w - 2 * ui_px(ui, style == BTN_KBD ? 4 : 16);
	const struct ui_text *t = ui_text(ui, label, size, true, TEXT_DIR_AUTO, TEXT_ALIGN_CENTER,
	                                  inner > 0 ? inner : w, fg);
	/* a key of a keypad or keyboard is not a line of its own in the dump (the pad is) */
	bool mute = ui->dump_mute;
	if (style != BTN_KEY && style != BTN_KBD && !mute) {
		char tag[48];
		if (arg)
			snprintf(tag, sizeof(tag), "button %s %d", ui_action_name(action), arg);
		else
			snprintf(tag, sizeof(tag), "button %s", ui_action_name(action));
		ui_dump_line(ui, tag, label);
	}
	ui->dump_mute = true;
	if (t)
		ui_text_blit(ui, t, x + (w - t->tw) / 2, y + (h - t->th) / 2);
	ui->dump_mute = mute;
	ui_widget_add_arg(ui, action, arg, x, y, w, h);
	/* a key's label is the caller's buffer: only a button's is kept */
	if (ui->nwidgets > 0 && style != BTN_KEY && style != BTN_KBD)
		ui->widgets[ui->nwidgets - 1].label = label;
}

int
ui_button_row(struct ui *ui, enum ui_action first, const char *first_key, enum ui_action second,
              const char *second_key)
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
		ui_button(ui, first, c->x + (c->w - w) / 2, y, w, h, ui_tr(ui, first_key),
		          BTN_PRIMARY);
		return y;
	}
	int w1 = (c->w - ui->gap) * 58 / 100, w2 = c->w - ui->gap - w1;
	ui_button(ui, first, ui_x(ui, 0, w1), y, w1, h, ui_tr(ui, first_key), BTN_PRIMARY);
	ui_button(ui, second, ui_x(ui, w1 + ui->gap, w2), y, w2, h, ui_tr(ui, second_key),
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
	int size = ui_px(ui, THEME_FONT_BAR), cp = ui_px(ui, 16); /* the bar keeps its size */
	const struct ui_text *t = ui_text(ui, label, size, false, TEXT_DIR_AUTO, TEXT_ALIGN_LEFT, 0,
	                                  ui_col(ui, C_CHIP_TEXT));
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
state_color(const struct ui *ui, enum ui_dev_state s)
{
	return s == UI_DEV_OK      ? ui_col(ui, C_CHIP_OK)
	       : s == UI_DEV_FAULT ? ui_col(ui, C_CHIP_FAULT)
	                           : ui_col(ui, C_CHIP_UNKNOWN);
}

/* A square bar button with a drawn icon (icons do not mirror): the contrast disc or "A+". */
static void
bar_icon_button(struct ui *ui, enum ui_action action, int x, int y, int s, bool on)
{
	bool down = ui->pressed == action;
	uint32_t bg = ui_col(ui, down || on ? C_LANG_PRESSED : C_LANG_BG),
	         fg = ui_col(ui, C_LANG_TEXT);
	ui_fill_round(ui, x, y, s, s, ui->radius, bg);
	if (on) { /* a frame shows the mode is on */
		int b = ui_px(ui, 4);
		ui_fill_round(ui, x, y, s, b, b / 2, fg);
		ui_fill_round(ui, x, y + s - b, s, b, b / 2, fg);
	}
	int cx = x + s / 2, cy = y + s / 2;
	if (action == UI_ACT_CONTRAST) {
		int r = s * 3 / 10;
		ui_fill_circle(ui, cx, cy, r, fg, 255);
		ui_fill_circle(ui, cx, cy, r - ui_px(ui, 4), bg, 255);
		/* left half filled: the usual contrast symbol */
		ui_color(ui, fg, 255);
		for (int dy = -r; dy < r; dy++) {
			float d = (float)dy + 0.5f;
			int half = (int)lroundf(sqrtf((float)(r * r) - d * d));
			SDL_Rect row = {cx - half, cy + dy, half, 1};
			SDL_RenderFillRect(ui->ren, &row);
		}
	} else {
		const struct ui_text *a = ui_text(ui, "A", ui_px(ui, THEME_FONT_BAR), true,
		                                  TEXT_DIR_LTR, TEXT_ALIGN_LEFT, 0, fg),
		                     *b = ui_text(ui, "A+", ui_px(ui, THEME_FONT_BAR) * 3 / 2, true,
		                                  TEXT_DIR_LTR, TEXT_ALIGN_LEFT, 0, fg);
		if (a && b) {
			int tw = a->tw + b->tw;
			ui_text_blit(ui, a, cx - tw / 2, cy + b->th / 2 - a->th);
			ui_text_blit(ui, b, cx - tw / 2 + a->tw, cy - b->th / 2);
		}
	}
	ui_widget_add(ui, action, x, y, s, s);
}

void
ui_status_bar(struct ui *ui, int h)
{
	const struct ui_view *v = &ui->view;
	ui_fill_rect(ui, 0, 0, ui->w, h, ui_col(ui, C_BAR_BG));

	ui_fill_rect(ui, 0, h - ui_px(ui, 3), ui->w, ui_px(ui, 3), ui_col(ui, C_BAR_LINE));

	/* end side: the language toggle, then contrast and text size, always */
	const char *lang = ui_tr(ui, "status.lang_toggle");
	int lw = ui_button_width(ui, lang, BTN_LANG);
	if (lw < ui->touch * 2)
		lw = ui->touch * 2;
	int by = (h - ui->touch) / 2, end = ui->content.w - lw;
	ui_button(ui, UI_ACT_LANG_TOGGLE, ui_x(ui, end, lw), by, lw, ui->touch, lang, BTN_LANG);
	end -= ui->gap / 2 + ui->touch;
	bar_icon_button(ui, UI_ACT_LARGE_TEXT, ui_x(ui, end, ui->touch), by, ui->touch,
	                v->large_text);
	end -= ui->gap / 2 + ui->touch;
	bar_icon_button(ui, UI_ACT_CONTRAST, ui_x(ui, end, ui->touch), by, ui->touch,
	                v->high_contrast);

	/* start side: connection, queue, reader and printer state; dropped from the end when
	 * narrow */
	int room = end - ui->gap, x = 0, w;
	static const char *const card_s[] = {N_("status.reader_unknown"), N_("status.reader_ok"),
	                                     N_("status.reader_fault")};
	static const char *const prn_s[] = {N_("status.printer_unknown"), N_("status.printer_ok"),
	                                    N_("status.printer_fault")};
	w = chip(ui, x, room - x, h, ui_tr(ui, v->online ? "status.online" : "status.offline"),
	         v->online ? ui_col(ui, C_CHIP_OK) : ui_col(ui, C_CHIP_FAULT));
	x += w ? w + ui->gap / 2 : 0;
	if (w && v->queue_depth > 0) {
		char q[96];
		ui_nfmt(ui, "status.waiting", v->queue_depth, q, sizeof(q));
		w = chip(ui, x, room - x, h, q, ui_col(ui, C_CHIP_QUEUE));
		x += w ? w + ui->gap / 2 : 0;
	}
	unsigned cs = (unsigned)v->card_state < 3 ? (unsigned)v->card_state : 0;
	unsigned ps = (unsigned)v->printer_state < 3 ? (unsigned)v->printer_state : 0;
	w = w ? chip(ui, x, room - x, h, ui_tr(ui, card_s[cs]), state_color(ui, v->card_state)) : 0;
	x += w ? w + ui->gap / 2 : 0;
	if (w)
		chip(ui, x, room - x, h, ui_tr(ui, prn_s[ps]), state_color(ui, v->printer_state));
}

void
ui_sim_strip(struct ui *ui, int y, int h)
{
	ui_fill_rect(ui, 0, y, ui->w, h, ui_col(ui, C_SIM_BG));
	ui_fill_rect(ui, 0, y, ui->w, ui_px(ui, 3), ui_col(ui, C_SIM_TEXT));
	const struct ui_text *t =
	        ui_text(ui, ui_tr(ui, "sim.label"), ui_font(ui, THEME_FONT_SMALL), true,
	                TEXT_DIR_AUTO, TEXT_ALIGN_LEFT, 0, ui_col(ui, C_SIM_TEXT));
	if (t)
		ui_text_blit(ui, t, ui_x(ui, 0, t->tw), y + (h - t->th) / 2);
	const char *ins = ui_tr(ui, "sim.insert"), *rem = ui_tr(ui, "sim.remove");
	int wr = ui_button_width(ui, rem, BTN_SIM), wi = ui_button_width(ui, ins, BTN_SIM);
	int by = y + (h - ui->touch) / 2;
	int end = ui->content.w;
	ui_button(ui, UI_ACT_SIM_REMOVE, ui_x(ui, end - wr, wr), by, wr, ui->touch, rem, BTN_SIM);
	ui_button(ui, UI_ACT_SIM_INSERT, ui_x(ui, end - wr - ui->gap - wi, wi), by, wi, ui->touch,
	          ins, BTN_SIM);
}

/* ---- reusable widgets ----------------------------------------------------------------------- */

/* A 12-key pad: 1 2 3 / 4 5 6 / 7 8 9 / delete 0 done; pin: the PIN keypad's actions, else a
 * digits field's (UI_ACT_KEY). The same order in both languages. */
static void
pad(struct ui *ui, int x, int y, int w, int h, bool pin)
{
	static const int keys[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, -1, 0, -2};
	int g = ui->gap;
	int kw = (w - 2 * g) / 3, kh = (h - 3 * g) / 4;
	if (kw < ui->touch)
		kw = ui->touch;
	if (kh < ui->touch)
		kh = ui->touch;
	ui_dump_line(ui, pin ? "keypad" : "keyboard", pin ? "pin" : "digits");
	for (int i = 0; i < 12; i++) {
		int kx = x + (i % 3) * (kw + g), ky = y + (i / 3) * (kh + g);
		char label[4];
		if (keys[i] >= 0) {
			label[0] = (char)('0' + keys[i]);
			label[1] = '\0';
			ui_key(ui, pin ? UI_ACT_PIN_DIGIT : UI_ACT_KEY,
			       pin ? keys[i] : '0' + keys[i], kx, ky, kw, kh, label, BTN_KEY);
		} else if (keys[i] == -1) {
			ui_key(ui, pin ? UI_ACT_PIN_BACK : UI_ACT_KEY, pin ? 0 : UI_KEY_BACKSPACE,
			       kx, ky, kw, kh, ui_tr(ui, "action.delete"), BTN_SECOND);
		} else {
			ui_key(ui, pin ? UI_ACT_PIN_OK : UI_ACT_KEY, pin ? 0 : UI_KEY_ENTER, kx, ky,
			       kw, kh, ui_tr(ui, pin ? "pin.ok" : "keyboard.done"), BTN_PRIMARY);
		}
	}
}

void
ui_keypad(struct ui *ui, int x, int y, int w, int h)
{
	pad(ui, x, y, w, h, true);
}

void
ui_digit_pad(struct ui *ui, int x, int y, int w, int h)
{
	pad(ui, x, y, w, h, false);
}

int
ui_pin_dots(struct ui *ui, int cx, int y, int n, int filled)
{
	if (n <= 0)
		return 0;
	int r = ui_px(ui, 22), step = ui_px(ui, 76);
	int x0 = cx - (n - 1) * step / 2;
	for (int i = 0; i < n; i++) {
		/* dots fill from the start side, like the digits being typed */
		int slot = ui->ar ? n - 1 - i : i, dx = x0 + slot * step;
		ui_fill_circle(ui, dx, y + r, r, ui_col(ui, C_TEXT), 255);
		if (i >= filled)
			ui_fill_circle(ui, dx, y + r, r - ui_px(ui, 4), ui_col(ui, C_BG), 255);
	}
	return 2 * r;
}

void
ui_panel(struct ui *ui, int x, int y, int w, int h)
{
	ui_fill_round_border(ui, x, y, w, h, ui->radius, ui_px(ui, 3), ui_col(ui, C_PANEL_BORDER),
	                     ui_col(ui, C_PANEL));
}

void
ui_progress_bar(struct ui *ui, int x, int y, int w, int h, int done, int total)
{
	ui_fill_round(ui, x, y, w, h, h / 2, ui_col(ui, C_TRACK));
	if (total <= 0 || done <= 0)
		return;
	if (done > total)
		done = total;
	int fw = (int)((long)w * done / total);
	if (fw < h)
		fw = h; /* a visible start */
	ui_fill_round(ui, ui->ar ? x + w - fw : x, y, fw, h, h / 2, ui_col(ui, C_ACCENT));
}

int
ui_steps(struct ui *ui, int x, int y, int w, int n, int current)
{
	if (n <= 0)
		return 0;
	int r = ui_px(ui, 34);
	int step = n > 1 ? (w - 2 * r) / (n - 1) : 0;
	int cy = y + r;
	if (n > 1)
		ui_fill_rect(ui, x + r, cy - ui_px(ui, 3), w - 2 * r, ui_px(ui, 6),
		             ui_col(ui, C_TRACK));
	for (int i = 0; i < n; i++) {
		/* step 1 at the start side: right in Arabic */
		int cx = ui->ar ? x + w - r - i * step : x + r + i * step;
		bool done = i < current, now = i == current;
		uint32_t ring = ui_col(ui, done || now ? C_ACCENT : C_TRACK);
		ui_fill_circle(ui, cx, cy, r, ring, 255);
		if (!done && !now)
			ui_fill_circle(ui, cx, cy, r - ui_px(ui, 4), ui_col(ui, C_BG), 255);
		if (done) {
			float s = (float)r, lw = (float)ui_px(ui, 7);
			/* a check mark; it is a symbol, so it does not mirror */
			ui_thick_line(ui, (float)cx - s * 0.4f, (float)cy, (float)cx - s * 0.1f,
			              (float)cy + s * 0.3f, lw, ui_col(ui, C_ICON_ON));
			ui_thick_line(ui, (float)cx - s * 0.1f, (float)cy + s * 0.3f,
			              (float)cx + s * 0.4f, (float)cy - s * 0.3f, lw,
			              ui_col(ui, C_ICON_ON));
			continue;
		}
		char n1[16], num[32];
		snprintf(n1, sizeof(n1), "%d", i + 1);
		i18n_digits(ui->i18n, ui->lang, n1, num, sizeof(num)); /* the language's digits */
		const struct ui_text *t =
		        ui_text(ui, num, ui_px(ui, THEME_FONT_SMALL), true, TEXT_DIR_LTR,
		                TEXT_ALIGN_LEFT, 0, ui_col(ui, now ? C_ICON_ON : C_TEXT_MUTED));
		if (t)
			ui_text_blit(ui, t, cx - t->tw / 2, cy - t->th / 2);
	}
	return 2 * r;
}

void
ui_dialog(struct ui *ui, const char *title, const char *body, enum ui_action first,
          const char *first_label, enum ui_action second, const char *second_label)
{
	/* drawn by ui_dialog_flush() after the status bar, so it lies over everything */
	ui->dlg =
	        (struct ui_dialog_req){true, title, body, first, first_label, second, second_label};
}

void
ui_dialog_flush(struct ui *ui)
{
	if (!ui->dlg.on)
		return;
	ui->dlg.on = false;
	const char *title = ui->dlg.title, *body = ui->dlg.body;
	const char *first_label = ui->dlg.first_label, *second_label = ui->dlg.second_label;
	enum ui_action first = ui->dlg.first, second = ui->dlg.second;
	ui_color(ui, ui_col(ui, C_SCRIM), 170);
	SDL_RenderFillRect(ui->ren, NULL);
	int w = ui->w - 4 * ui->pad, pp = ui_px(ui, 40);
	if (w > ui_px(ui, 900))
		w = ui_px(ui, 900);
	int inner = w - 2 * pp;
	const struct ui_text *t =
	        ui_text(ui, title, ui_font(ui, THEME_FONT_TITLE), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, inner, ui_col(ui, C_TEXT));
	const struct ui_text *b =
	        ui_text(ui, body, ui_font(ui, THEME_FONT_BODY), false, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, inner, ui_col(ui, C_TEXT_MUTED));
	int bh = ui_px(ui, 110) < ui->touch ? ui->touch : ui_px(ui, 110);
	int h = 2 * pp + (t ? t->th + ui->gap : 0) + (b ? b->th + ui->gap : 0) + ui->gap + bh;
	int x = (ui->w - w) / 2, y = (ui->h - h) / 2;
	ui_panel(ui, x, y, w, h);
	int ty = y + pp;
	if (t) {
		ui_text_blit(ui, t, x + pp, ty);
		ty += t->th + ui->gap;
	}
	if (b) {
		ui_text_blit(ui, b, x + pp, ty);
		ty += b->th + ui->gap;
	}
	ty += ui->gap;
	/* modal: a tap beside the dialog is input (it resets the idle timer), never an action */
	ui_widget_add(ui, UI_ACT_NONE, 0, 0, ui->w, ui->h);
	/* buttons: first at the start side */
	if (second == UI_ACT_NONE) {
		ui_button(ui, first, x + pp, ty, inner, bh, first_label, BTN_PRIMARY);
		return;
	}
	int w1 = (inner - ui->gap) / 2, w2 = inner - ui->gap - w1;
	int x1 = ui->ar ? x + pp + w2 + ui->gap : x + pp,
	    x2 = ui->ar ? x + pp : x + pp + w1 + ui->gap;
	ui_button(ui, first, x1, ty, w1, bh, first_label, BTN_PRIMARY);
	ui_button(ui, second, x2, ty, w2, bh, second_label, BTN_SECOND);
}

int
ui_text_field(struct ui *ui, int x, int y, int w, const char *text, const char *placeholder,
              bool focused)
{
	int b = ui_px(ui, focused ? 5 : 3), pp = ui_px(ui, 20);
	int size = ui_font(ui, THEME_FONT_TITLE);
	bool empty = !text || !text[0];
	const char *s = empty ? placeholder : text;
	const struct ui_text *t =
	        ui_text(ui, s, size, false, TEXT_DIR_AUTO, TEXT_ALIGN_START, w - 2 * pp - b,
	                ui_col(ui, empty ? C_TEXT_MUTED : C_TEXT));
	int h = (t ? t->th : size) + 2 * pp;
	if (h < ui->touch)
		h = ui->touch;
	ui_fill_round(ui, x, y, w, h, ui->radius / 2,
	              ui_col(ui, focused ? C_FIELD_FOCUS : C_FIELD_BORDER));
	ui_fill_round(ui, x + b, y + b, w - 2 * b, h - 2 * b, ui->radius / 2 - b / 2,
	              ui_col(ui, C_FIELD));
	bool rtl = t ? t->m.rtl : ui->ar;
	if (t)
		ui_text_blit(ui, t, x + pp, y + (h - t->th) / 2);
	if (focused) {
		/* the caret after the last character: at the end side of the text's direction */
		int tw = !empty && t ? t->m.w : 0, cw = ui_px(ui, 4), ch = h - 2 * pp;
		int inner = w - 2 * pp - b;
		int cx = rtl ? x + pp + inner - tw - cw - ui_px(ui, 4) : x + pp + tw + ui_px(ui, 4);
		ui_fill_rect(ui, cx, y + pp, cw, ch, ui_col(ui, C_TEXT));
	}
	return h;
}

/* The keyboard of a language is part of its catalogue (keyboard.row1 .. row4: one key per code
 * point, a later language brings its own). Neither layout is mirrored: the Arabic one is the
 * standard Arabic PC layout (ض at the top left), as printed on Omani keyboards. */
static const char *const kb_row_keys[4] = {N_("keyboard.row1"), N_("keyboard.row2"),
                                           N_("keyboard.row3"), N_("keyboard.row4")};
#define KB_COLS_MAX 12 /* keys a row; more are not drawn (the widget table has room for 4 rows) */

/* The next code point of a keyboard row, advancing *p past it (a bad byte is U+FFFD). */
static uint32_t
next_cp(const char **p)
{
	uint32_t c;
	size_t n;
	utf8_next(*p, strlen(*p), &c, &n);
	*p += n;
	return c;
}

static int
row_len(const char *row)
{
	int n = 0;
	for (const char *q = row; *q && n < KB_COLS_MAX; n++)
		next_cp(&q);
	return n;
}

void
ui_keyboard(struct ui *ui, bool arabic, int x, int y, int w, int h)
{
	const char *rows[4];
	int cols = 1, g = ui_px(ui, 8);
	ui_dump_line(ui, "keyboard", arabic ? "ar" : "en");
	for (int r = 0; r < 4; r++) {
		rows[r] = ui_tr_in(ui, arabic ? "ar" : "en", kb_row_keys[r]);
		if (row_len(rows[r]) > cols)
			cols = row_len(rows[r]);
	}
	int kw = (w - (cols - 1) * g) / cols, kh = (h - 4 * g) / 5;
	if (kh < ui->touch)
		kh = ui->touch;
	for (int r = 0; r < 4; r++) {
		int c = 0, n = row_len(rows[r]);
		int rx = x + (cols - n) * (kw + g) / 2; /* a shorter row is centred */
		for (const char *p = rows[r]; *p && c < n; c++) {
			const char *start = p;
			uint32_t cp = next_cp(&p);
			char label[8];
			size_t len = (size_t)(p - start);
			memcpy(label, start, len);
			label[len] = '\0';
			ui_key(ui, UI_ACT_KEY, (int)cp, rx + c * (kw + g), y + r * (kh + g), kw, kh,
			       label, BTN_KBD);
		}
	}
	/* bottom row, in reading order from the start side: delete, space, done */
	int by = y + 4 * (kh + g), unit = (w - 2 * g) / 10;
	int wd = unit * 3, ws = unit * 4, we = w - 2 * g - wd - ws;
	ui_key(ui, UI_ACT_KEY, UI_KEY_BACKSPACE, ui_x_in(ui, x, w, 0, wd), by, wd, kh,
	       ui_tr(ui, "action.delete"), BTN_SECOND);
	ui_key(ui, UI_ACT_KEY, ' ', ui_x_in(ui, x, w, wd + g, ws), by, ws, kh,
	       ui_tr(ui, "keyboard.space"), BTN_KBD);
	ui_key(ui, UI_ACT_KEY, UI_KEY_ENTER, ui_x_in(ui, x, w, wd + ws + 2 * g, we), by, we, kh,
	       ui_tr(ui, "keyboard.done"), BTN_PRIMARY);
}

enum text_align
ui_align_start(const struct ui *ui)
{
	return ui->ar ? TEXT_ALIGN_RIGHT : TEXT_ALIGN_LEFT;
}

int
ui_x_in(const struct ui *ui, int box_x, int box_w, int start, int w)
{
	return ui->ar ? box_x + box_w - start - w : box_x + start;
}

/* ---- what every kind of screen shares (ui_internal.h) --------------------------------------- */

void
ui_dump_line(struct ui *ui, const char *tag, const char *text)
{
	char plain[UI_DUMP_MAX / 4];
	text_strip_controls(text ? text : "", plain, sizeof(plain));
	for (char *p = plain; *p; p++)
		if (*p == '\n')
			*p = ' '; /* one item, one line */
	int n = snprintf(ui->dump + ui->dump_len, sizeof(ui->dump) - ui->dump_len, "%s: %s\n", tag,
	                 plain);
	if (n > 0 && ui->dump_len + (size_t)n < sizeof(ui->dump))
		ui->dump_len += (size_t)n;
	else
		ui->dump[ui->dump_len] = '\0'; /* full: the rest of the frame is not in the dump */
}

const struct ui_button *
ui_view_button(const struct ui_view *v, enum ui_action a)
{
	for (int i = 0; i < v->nbuttons && i < UI_BUTTONS_MAX; i++)
		if (v->buttons[i].action == a)
			return &v->buttons[i];
	return NULL;
}

static int
nav_h(const struct ui *ui)
{
	return ui->touch;
}

int
ui_nav_row(struct ui *ui, const struct ui_view *v, bool finish_top)
{
	const SDL_Rect *c = &ui->content;
	const struct ui_button *back = ui_view_button(v, UI_ACT_BACK);
	const struct ui_button *end = ui_view_button(v, UI_ACT_CANCEL);
	if (!end && finish_top)
		end = ui_view_button(v, UI_ACT_FINISH);
	if (!back && !end)
		return c->y;
	int h = nav_h(ui), half = (c->w - ui->gap) / 2;
	if (back) {
		int w = ui_button_width(ui, back->label, BTN_SECOND);
		w = w > half ? half : w;
		ui_button(ui, UI_ACT_BACK, ui_x(ui, 0, w), c->y, w, h, back->label, BTN_SECOND);
	}
	if (end) {
		int w = ui_button_width(ui, end->label, BTN_SECOND);
		w = w > half ? half : w;
		ui_button(ui, end->action, ui_x(ui, c->w - w, w), c->y, w, h, end->label,
		          BTN_SECOND);
	}
	return c->y + h + ui->gap;
}

int
ui_action_row(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	const struct ui_button *next = ui_view_button(v, UI_ACT_NEXT);
	const struct ui_button *fin = ui_view_button(v, UI_ACT_FINISH);
	if (!fin) /* a step's second button takes the same place */
		fin = ui_view_button(v, UI_ACT_LINK);
	if (!next && !fin)
		return c->y + c->h;
	int h = ui_px(ui, 120);
	if (h < ui->touch)
		h = ui->touch;
	int y = c->y + c->h - h;
	if (!next || !fin) {
		const struct ui_button *b = next ? next : fin;
		int w = c->w * 6 / 10;
		if (w < ui->touch)
			w = ui->touch;
		ui_button(ui, b->action, c->x + (c->w - w) / 2, y, w, h, b->label, BTN_PRIMARY);
		return y;
	}
	int w1 = (c->w - ui->gap) * 58 / 100, w2 = c->w - ui->gap - w1;
	ui_button(ui, UI_ACT_NEXT, ui_x(ui, 0, w1), y, w1, h, next->label, BTN_PRIMARY);
	ui_button(ui, fin->action, ui_x(ui, w1 + ui->gap, w2), y, w2, h, fin->label, BTN_SECOND);
	return y;
}

int
ui_pager(struct ui *ui, const struct ui_view *v, int y)
{
	const SDL_Rect *c = &ui->content;
	if (!v->pager[0])
		return 0;
	const char *prev = ui_tr(ui, "list.prev"), *next = ui_tr(ui, "list.next");
	/* the arrows are as wide as their words ("السابق" does not fit a square), up to a third */
	int h = ui->touch, bw = ui->touch * 3 / 2;
	int need = ui_button_width(ui, prev, BTN_SECOND),
	    nw = ui_button_width(ui, next, BTN_SECOND);
	need = nw > need ? nw : need;
	bw = need > bw ? need : bw;
	if (bw > (c->w - 2 * ui->gap) / 3)
		bw = (c->w - 2 * ui->gap) / 3;
	const struct ui_text *t =
	        ui_text(ui, v->pager, ui_font(ui, THEME_FONT_SMALL), false, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w - 2 * bw - 2 * ui->gap, ui_col(ui, C_TEXT_MUTED));
	if (t)
		ui_text_blit(ui, t, c->x + bw + ui->gap, y + (h - t->th) / 2);
	/* "previous" at the start side, "next" at the end side: mirrored in Arabic */
	if (v->page_prev)
		ui_key(ui, UI_ACT_PAGE, -1, ui_x(ui, 0, bw), y, bw, h, prev, BTN_SECOND);
	if (v->page_next)
		ui_key(ui, UI_ACT_PAGE, 1, ui_x(ui, c->w - bw, bw), y, bw, h, next, BTN_SECOND);
	return h;
}

/* The side of a toggle's box. */
static int
toggle_box(struct ui *ui)
{
	return ui_px(ui, 40);
}

int
ui_row_button_height(struct ui *ui, int w, const char *label, const char *value, unsigned flags)
{
	int pp = ui_px(ui, 22);
	if (flags & UI_ROW_TOGGLE)
		w -= toggle_box(ui) + pp;
	const struct ui_text *l = ui_text(ui, label, ui_font(ui, THEME_FONT_BODY), true,
	                                  TEXT_DIR_AUTO, ui_align_start(ui), w - 2 * pp, 0);
	const struct ui_text *s =
	        value && value[0] ? ui_text(ui, value, ui_font(ui, THEME_FONT_SMALL), false,
	                                    TEXT_DIR_AUTO, ui_align_start(ui), w - 2 * pp, 0)
	                          : NULL;
	int h = 2 * pp + (l ? l->th : 0) + (s ? s->th + ui_px(ui, 6) : 0);
	return h < ui->touch ? ui->touch : h;
}

int
ui_row_button(struct ui *ui, enum ui_action action, int arg, int x, int y, int w, const char *label,
              const char *value, unsigned flags)
{
	int pp = ui_px(ui, 22);
	bool disabled = flags & UI_ROW_DISABLED, toggle = flags & UI_ROW_TOGGLE;
	bool selected = toggle && (flags & UI_ROW_SELECTED);
	int bw = w, bx = x; /* the row's box; the text keeps clear of the toggle's box */
	if (toggle) {
		w -= toggle_box(ui) + pp;
		if (ui->ar)
			x += toggle_box(ui) + pp;
	}
	bool down = action != UI_ACT_NONE && ui->pressed == action && ui->pressed_arg == arg;
	uint32_t fg = ui_col(ui, disabled ? C_TEXT_MUTED : C_TEXT);
	const struct ui_text *l = ui_text(ui, label, ui_font(ui, THEME_FONT_BODY), true,
	                                  TEXT_DIR_AUTO, ui_align_start(ui), w - 2 * pp, fg);
	const struct ui_text *s =
	        value && value[0]
	                ? ui_text(ui, value, ui_font(ui, THEME_FONT_SMALL), false, TEXT_DIR_AUTO,
	                          ui_align_start(ui), w - 2 * pp, ui_col(ui, C_TEXT_MUTED))
	                : NULL;
	int h = ui_row_button_height(ui, w, label, value, 0);
	if (action != UI_ACT_NONE)
		ui_fill_round_border(ui, bx, y, bw, h, ui->radius, ui_px(ui, selected ? 5 : 3),
		                     ui_col(ui, selected   ? C_ACCENT
		                                : disabled ? C_PANEL_BORDER
		                                           : C_SECOND_BORDER),
		                     ui_col(ui, down ? C_SECOND_PRESSED : C_PANEL));
	else
		ui_fill_rect(ui, bx, y + h - ui_px(ui, 2), bw, ui_px(ui, 2),
		             ui_col(ui, C_PANEL_BORDER));
	if (!disabled && action != UI_ACT_NONE) /* the start edge marks what can be chosen */
		ui_fill_rect(ui, ui->ar ? bx + bw - ui_px(ui, 8) : bx, y + ui->radius / 2,
		             ui_px(ui, 8), h - ui->radius, ui_col(ui, C_ACCENT));
	if (toggle) { /* the box at the end side: an outline, filled when chosen */
		int b = toggle_box(ui), t = ui_px(ui, 4);
		int kx = ui->ar ? bx + pp : bx + bw - pp - b, ky = y + (h - b) / 2;
		uint32_t edge = ui_col(ui, disabled ? C_PANEL_BORDER : C_ACCENT);
		ui_fill_rect(ui, kx, ky, b, b, edge);
		ui_fill_rect(ui, kx + t, ky + t, b - 2 * t, b - 2 * t,
		             ui_col(ui, selected ? C_ACCENT : C_PANEL));
		if (selected) { /* a tick: down from the left, then up to the right */
			int x0 = b / 5, y0 = b / 2, x1 = 2 * b / 5, y1 = 7 * b / 10, x2 = 4 * b / 5,
			    y2 = 3 * b / 10;
			for (int px = x0; px <= x2; px++) {
				int py = px <= x1 ? y0 + (px - x0) * (y1 - y0) / (x1 - x0)
				                  : y1 - (px - x1) * (y1 - y2) / (x2 - x1);
				ui_fill_rect(ui, kx + px, ky + py - t / 2, 2, t,
				             ui_col(ui, C_PANEL));
			}
		}
	}
	int ty = y + pp;
	if (action != UI_ACT_NONE) {
		char tag[64];
		snprintf(tag, sizeof(tag), "button %s %d%s%s", ui_action_name(action), arg,
		         disabled ? " disabled" : "",
		         toggle ? (selected ? " selected" : " unselected") : "");
		char line[UI_DUMP_MAX / 8];
		snprintf(line, sizeof(line), "%s%s%s", label, value && value[0] ? " | " : "",
		         value ? value : "");
		ui_dump_line(ui, tag, line);
		ui->dump_mute = true;
	}
	if (l) {
		ui_text_blit(ui, l, x + pp, ty);
		ty += l->th + ui_px(ui, 6);
	}
	if (s)
		ui_text_blit(ui, s, x + pp, ty);
	ui->dump_mute = false;
	if (action != UI_ACT_NONE) {
		ui_widget_add_arg(ui, action, arg, x, y, w, h);
		if (ui->nwidgets > 0)
			ui->widgets[ui->nwidgets - 1].label = label;
	}
	return h;
}

int
ui_labelled(struct ui *ui, int x, int y, int w, const char *label, const char *value)
{
	const struct ui_text *l =
	        ui_text(ui, label, ui_font(ui, THEME_FONT_SMALL), false, TEXT_DIR_AUTO,
	                ui_align_start(ui), w, ui_col(ui, C_TEXT_MUTED));
	const struct ui_text *v = ui_text(ui, value, ui_font(ui, THEME_FONT_BODY), true,
	                                  TEXT_DIR_AUTO, ui_align_start(ui), w, ui_col(ui, C_TEXT));
	int h = 0;
	if (l) {
		ui_text_blit(ui, l, x, y);
		h += l->th;
	}
	if (v) {
		ui_text_blit(ui, v, x, y + h);
		h += v->th;
	}
	ui_fill_rect(ui, x, y + h + ui->gap / 3, w, ui_px(ui, 2), ui_col(ui, C_PANEL_BORDER));
	return h + ui->gap / 3 + ui_px(ui, 2);
}

int
ui_heading(struct ui *ui, const struct ui_view *v, int x, int y, int w)
{
	const struct ui_text *t = ui_text(ui, v->title, ui_font(ui, THEME_FONT_TITLE), true,
	                                  TEXT_DIR_AUTO, ui_align_start(ui), w, ui_col(ui, C_TEXT));
	const struct ui_text *b =
	        ui_text(ui, v->body, ui_font(ui, THEME_FONT_BODY), false, TEXT_DIR_AUTO,
	                ui_align_start(ui), w, ui_col(ui, C_TEXT_MUTED));
	const struct ui_text *n =
	        ui_text(ui, v->notice, ui_font(ui, THEME_FONT_BODY), true, TEXT_DIR_AUTO,
	                ui_align_start(ui), w, ui_col(ui, v->notice_error ? C_ERROR : C_ACCENT));
	if (t) {
		ui_text_blit(ui, t, x, y);
		y += t->th + ui->gap / 2;
	}
	if (b) {
		ui_text_blit(ui, b, x, y);
		y += b->th + ui->gap / 2;
	}
	if (n) {
		ui_text_blit(ui, n, x, y);
		y += n->th + ui->gap / 2;
	}
	return y + ui->gap / 2;
}

void
ui_mark(struct ui *ui, int cx, int cy, int r, bool ok)
{
	float s = (float)r;
	if (ok) {
		float w = (float)ui_px(ui, 18);
		ui_fill_circle(ui, cx, cy, r, ui_col(ui, C_OK), 255);
		ui_thick_line(ui, (float)cx - s * 0.45f, (float)cy + s * 0.02f,
		              (float)cx - s * 0.12f, (float)cy + s * 0.35f, w, 0xFFFFFF);
		ui_thick_line(ui, (float)cx - s * 0.12f, (float)cy + s * 0.35f,
		              (float)cx + s * 0.45f, (float)cy - s * 0.3f, w, 0xFFFFFF);
		return;
	}
	float w = (float)ui_px(ui, 22);
	ui_fill_circle(ui, cx, cy, r, ui_col(ui, C_ERROR), 255);
	ui_thick_line(ui, (float)cx, (float)cy - s * 0.5f, (float)cx, (float)cy + s * 0.12f, w,
	              0xFFFFFF);
	ui_fill_circle(ui, cx, cy + r * 45 / 100, ui_px(ui, 14), 0xFFFFFF, 255);
}
