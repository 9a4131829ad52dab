/*
 * pin.c - UI_KIND_PIN: PIN entry. A title, a hint, one masked dot per digit typed
 * (view->pin_len; the ui never sees the digits: each key press goes to the app as
 * UI_ACT_PIN_DIGIT with ev.arg), the tries left or "wrong PIN" (view->notice), the 12-key
 * keypad (ui_keypad in widgets.c), and "finish" at the top. Portrait: text above the keypad;
 * landscape: text at the start side, keypad at the end side.
 */
#include "../theme.h"
#include "../ui_internal.h"

#include <stdio.h>

#define PIN_DOTS_MIN 4 /* Omani ID card PINs are 4 digits; longer entries get more dots */
#define PIN_DOTS_MAX 12

void
screen_pin(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	bool wide = c->w > c->h;
	int col_w = wide ? (c->w - 2 * ui->gap) / 2 : c->w;
	int len = v->pin_len < 0 ? 0 : v->pin_len > PIN_DOTS_MAX ? PIN_DOTS_MAX : v->pin_len;
	int ndots = len > PIN_DOTS_MIN ? len : PIN_DOTS_MIN;

	int top = ui_nav_row(ui, v, true);
	const struct ui_text *title =
	        ui_text(ui, v->title, ui_font(ui, THEME_FONT_HERO), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, col_w, ui_col(ui, C_TEXT));
	const struct ui_text *hint =
	        ui_text(ui, v->body, ui_font(ui, THEME_FONT_BODY), false, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, col_w, ui_col(ui, C_TEXT_MUTED));
	/* the state line: tries left, or "wrong PIN" with them (the engine words it) */
	const struct ui_text *st =
	        ui_text(ui, v->notice, ui_font(ui, THEME_FONT_BODY), v->notice_error, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, col_w, ui_col(ui, v->notice_error ? C_ERROR : C_TEXT));
	int dots_h = 2 * ui_px(ui, 22);
	int text_h = (title ? title->th : 0) + (hint ? hint->th : 0) + dots_h + (st ? st->th : 0);

	int key_h, key_w, kx, ky, tx, ty, gap = ui->gap;
	if (wide) {
		key_w = col_w;
		key_h = c->y + c->h - top;
		kx = ui_x(ui, col_w + 2 * ui->gap, col_w);
		ky = top;
		tx = ui_x(ui, 0, col_w);
		gap = 2 * ui->gap;
		ty = ui_stack_top(top, c->y + c->h, text_h, 3, &gap);
	} else {
		key_w = c->w * 8 / 10;
		key_h = c->h * 52 / 100;
		kx = c->x + (c->w - key_w) / 2;
		ky = c->y + c->h - key_h;
		tx = c->x;
		gap = 2 * ui->gap;
		ty = ui_stack_top(top, ky - ui->gap, text_h, 3, &gap);
	}
	if (title)
		ui_text_blit(ui, title, tx, ty);
	ty += (title ? title->th : 0) + gap / 2;
	if (hint)
		ui_text_blit(ui, hint, tx, ty);
	ty += (hint ? hint->th : 0) + gap;
	ty += ui_pin_dots(ui, tx + col_w / 2, ty, ndots, len) + gap;
	if (st)
		ui_text_blit(ui, st, tx, ty);
	ui_keypad(ui, kx, ky, key_w, key_h);
}
