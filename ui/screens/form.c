/*
 * form.c - UI_KIND_FORM: one question on one screen. The question (title), a hint (body), the
 * field with what was typed (or its placeholder), a notice when the answer is not valid, and a
 * keyboard: Arabic or QWERTY for text, a 12-key pad for numbers (view->keyboard). The
 * keyboard's "done" is the main button; back and cancel are at the top. Portrait: the keyboard
 * under the question. Landscape: the 12-key pad at the end side beside the question (as on the
 * PIN screen); a full keyboard needs the whole width, so it stays under the question and the
 * steps indicator gives up its place to it. The question never lies under the keyboard.
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_form(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	bool digits = v->keyboard == UI_KBD_DIGITS, wide = c->w > c->h;
	bool beside = wide && digits;
	int y = ui_nav_row(ui, v, false);
	if (v->nsteps > 1 && (beside || !wide))
		y += ui_steps(ui, c->x, y, c->w, v->nsteps, v->step - 1) + ui->gap;
	int col_w = beside ? (c->w - 2 * ui->gap) / 2 : c->w;
	int x = ui_x(ui, 0, col_w);
	int kx, ky, kw, kh, text_bottom;
	if (beside) {
		kw = col_w;
		kh = c->y + c->h - y;
		kx = ui_x(ui, col_w + 2 * ui->gap, col_w);
		ky = y;
		text_bottom = c->y + c->h;
	} else {
		/* the keys are never smaller than a touch target: the keyboard is at least that */
		int kmin = digits ? 4 * ui->touch + 3 * ui->gap : 5 * ui->touch + 4 * ui_px(ui, 8);
		kh = wide ? c->h / 2 : c->h * (digits ? 40 : 45) / 100;
		if (kh < kmin)
			kh = kmin;
		kw = digits ? c->w * 7 / 10 : c->w;
		kx = c->x + (c->w - kw) / 2;
		ky = c->y + c->h - kh;
		text_bottom = ky - ui->gap / 2;
	}
	struct ui_view head = *v;
	head.notice[0] = '\0'; /* the notice goes under the field */
	y = ui_heading(ui, &head, x, y, col_w);
	y += ui_text_field(ui, x, y, col_w, v->field, v->placeholder, true) + ui->gap / 2;
	const struct ui_text *n = ui_text(ui, v->notice, ui_font(ui, THEME_FONT_BODY), true,
	                                  TEXT_DIR_AUTO, ui_align_start(ui), col_w,
	                                  ui_col(ui, v->notice_error ? C_ERROR : C_ACCENT));
	if (n && y + n->th <= text_bottom)
		ui_text_blit(ui, n, x, y);
	if (digits)
		ui_digit_pad(ui, kx, ky, kw, kh);
	else if (v->keyboard != UI_KBD_NONE)
		ui_keyboard(ui, v->keyboard == UI_KBD_AR, kx, ky, kw, kh);
}
