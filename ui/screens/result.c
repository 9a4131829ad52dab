/*
 * result.c - UI_KIND_RESULT and UI_KIND_ERROR: how it ended. A check mark (done) or a warning
 * mark (something went wrong), the title, what happened and what happens next (view->body),
 * the reference panel (view->panel: the references are isolated, so they read in order inside
 * Arabic), and the view's buttons (back / another service at the top, try again / finish at
 * the bottom).
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_result(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	bool ok = v->kind == UI_KIND_RESULT;
	int top = ui_nav_row(ui, v, false);
	int row_y = ui_action_row(ui, v);
	int r = ui_px(ui, 90), pp = ui_px(ui, 28);
	const struct ui_text *title =
	        ui_text(ui, v->title, ui_font(ui, THEME_FONT_HERO), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, ok ? C_TEXT : C_ERROR));
	const struct ui_text *msg =
	        ui_text(ui, v->body, ui_font(ui, THEME_FONT_BODY), false, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT));
	const struct ui_text *ref =
	        ui_text(ui, v->panel, ui_font(ui, THEME_FONT_TITLE), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w - 2 * pp, ui_col(ui, C_TEXT));
	int ph = ref ? ref->th + 2 * pp : 0;
	int gap = 2 * ui->gap;
	int y = ui_stack_top(top, row_y - ui->gap,
	                     2 * r + (title ? title->th : 0) + (msg ? msg->th : 0) + ph, 3, &gap);
	ui_mark(ui, c->x + c->w / 2, y + r, r, ok);
	y += 2 * r + gap;
	if (title)
		ui_text_blit(ui, title, c->x, y);
	y += (title ? title->th : 0) + gap / 2;
	if (msg)
		ui_text_blit(ui, msg, c->x, y);
	y += (msg ? msg->th : 0) + gap;
	if (ref) {
		ui_panel(ui, c->x, y, c->w, ph);
		ui_text_blit(ui, ref, c->x + pp, y + pp);
	}
}
