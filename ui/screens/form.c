/*
 * form.c - UI_KIND_FORM: one question on one screen. The question (title), a hint (body), the
 * field with what was typed (or its placeholder), a notice when the answer is not valid, and a
 * keyboard: Arabic or QWERTY for text, a 12-key pad for numbers (view->keyboard). The
 * keyboard's "done" is the main button; back and cancel are at the top.
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_form(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int y = ui_nav_row(ui, v, false);
	if (v->nsteps > 1)
		y += ui_steps(ui, c->x, y, c->w, v->nsteps, v->step - 1) + ui->gap;
	bool digits = v->keyboard == UI_KBD_DIGITS;
	int kh = c->h * (digits ? 40 : 45) / 100;
	int kw = digits ? c->w * 7 / 10 : c->w;
	if (c->w > c->h)
		kh = c->h / 2;
	int ky = c->y + c->h - kh;
	struct ui_view head = *v;
	head.notice[0] = '\0'; /* the notice goes under the field */
	y = ui_heading(ui, &head, c->x, y, c->w);
	y += ui_text_field(ui, c->x, y, c->w, v->field, v->placeholder, true) + ui->gap / 2;
	const struct ui_text *n =
	        ui_text(ui, v->notice, ui_font(ui, THEME_FONT_BODY), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_START, c->w, ui_col(ui, v->notice_error ? C_ERROR : C_ACCENT));
	if (n && y + n->th <= ky)
		ui_text_blit(ui, n, c->x, y);
	if (digits)
		ui_digit_pad(ui, c->x + (c->w - kw) / 2, ky, kw, kh);
	else if (v->keyboard != UI_KBD_NONE)
		ui_keyboard(ui, v->keyboard == UI_KBD_AR, c->x, ky, c->w, kh);
}
