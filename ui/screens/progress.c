/*
 * progress.c - UI_SCR_READING and UI_SCR_WORKING: a spinner, what is happening, and what the
 * person should (not) do. Both animate: ui.c redraws them every spinner step.
 */
#include "../theme.h"
#include "../ui_internal.h"

static void
progress(struct ui *ui, const char *title, const char *sub)
{
	const SDL_Rect *c = &ui->content;
	int r = ui_px(ui, 90);
	const struct ui_text *t =
	        ui_text(ui, ui_tr(ui, title), ui_font(ui, THEME_FONT_HERO), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT));
	const struct ui_text *s =
	        ui_text(ui, ui_tr(ui, sub), ui_font(ui, THEME_FONT_BODY), false, TEXT_DIR_AUTO,
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

void
screen_reading(struct ui *ui, const struct ui_view *v)
{
	(void)v;
	progress(ui, "reading.title", "reading.dont_remove");
}

void
screen_working(struct ui *ui, const struct ui_view *v)
{
	(void)v;
	progress(ui, "working.printing", "working.please_wait");
}
