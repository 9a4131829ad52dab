/*
 * busy.c - UI_KIND_BUSY: something is under way (a card read, a question to the ministry, a
 * commit waiting for its acknowledgement, a print). A spinner, what is happening, and what the
 * person should (not) do. It animates: ui.c redraws it every spinner step.
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_busy(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int r = ui_px(ui, 90);
	const struct ui_text *t =
	        ui_text(ui, v->title, ui_font(ui, THEME_FONT_HERO), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT));
	const struct ui_text *s =
	        ui_text(ui, v->body, ui_font(ui, THEME_FONT_BODY), false, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT_MUTED));
	int gap = 2 * ui->gap;
	int y = ui_stack_top(c->y, c->y + c->h, 2 * r + (t ? t->th : 0) + (s ? s->th : 0), 2, &gap);
	ui_spinner(ui, c->x + c->w / 2, y + r, r);
	y += 2 * r + gap;
	if (t)
		ui_text_blit(ui, t, c->x, y);
	y += (t ? t->th : 0) + gap;
	if (s)
		ui_text_blit(ui, s, c->x, y);
}
