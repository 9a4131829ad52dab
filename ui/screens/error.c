/*
 * error.c - UI_SCR_ERROR: something went wrong for the person (card unreadable, printer out of
 * paper, ...). A warning sign, the message from view->msg, where to get help, and "finish".
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_error(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int row_y = ui_button_row(ui, UI_ACT_FINISH, "action.finish", UI_ACT_NONE, NULL);
	int r = ui_px(ui, 90);
	const struct ui_text *title =
	        ui_text(ui, ui_tr(ui, "error.title"), ui_font(ui, THEME_FONT_HERO), true,
	                TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_ERROR));
	const struct ui_text *msg =
	        ui_text(ui, ui_tr(ui, ui_msg_key(v->msg)), ui_font(ui, THEME_FONT_TITLE), false,
	                TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT));
	const struct ui_text *help =
	        ui_text(ui, ui_tr(ui, "error.ask_staff"), ui_font(ui, THEME_FONT_BODY), false,
	                TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT_MUTED));
	int gap = 2 * ui->gap;
	int y = ui_stack_top(c->y, row_y - ui->gap,
	                     2 * r + (title ? title->th : 0) + (msg ? msg->th : 0) +
	                             (help ? help->th : 0),
	                     3, &gap);
	int cx = c->x + c->w / 2, cy = y + r;
	ui_fill_circle(ui, cx, cy, r, ui_col(ui, C_ERROR), 255);
	float w = (float)ui_px(ui, 22);
	ui_thick_line(ui, (float)cx, (float)cy - (float)r * 0.5f, (float)cx,
	              (float)cy + (float)r * 0.12f, w, 0xFFFFFF);
	ui_fill_circle(ui, cx, cy + r * 45 / 100, ui_px(ui, 14), 0xFFFFFF, 255);
	y += 2 * r + gap;
	if (title)
		ui_text_blit(ui, title, c->x, y);
	y += (title ? title->th : 0) + gap / 2;
	if (msg)
		ui_text_blit(ui, msg, c->x, y);
	y += (msg ? msg->th : 0) + gap + gap / 2;
	if (help)
		ui_text_blit(ui, help, c->x, y);
}
