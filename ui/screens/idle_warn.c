/*
 * idle_warn.c - UI_SCR_IDLE_WARN: nobody has touched the screen for a while. Asks "are you still
 * there?" with the seconds left (view->countdown_s, counted by the app), "continue" at the start
 * side and "finish" at the end side.
 */
#include "../theme.h"
#include "../ui_internal.h"

#include <stdio.h>

void
screen_idle_warn(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int secs = v->countdown_s < 0 ? 0 : v->countdown_s > 999 ? 999 : v->countdown_s;
	int row_y = ui_button_row(ui, UI_ACT_CONTINUE, "action.continue", UI_ACT_FINISH,
	                          "action.finish");
	int r = ui_px(ui, 120);
	char num[8], line[160];
	snprintf(num, sizeof(num), "%d", secs);
	ui_nfmt(ui, "idle.session_ends", secs, line, sizeof(line));
	const struct ui_text *title =
	        ui_text(ui, ui_tr(ui, "idle.title"), ui_font(ui, THEME_FONT_HERO), true,
	                TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT));
	const struct ui_text *n = ui_text(ui, num, ui_px(ui, 110), true, TEXT_DIR_LTR,
	                                  TEXT_ALIGN_CENTER, 0, ui_col(ui, C_ACCENT));
	const struct ui_text *l =
	        ui_text(ui, line, ui_font(ui, THEME_FONT_TITLE), false, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT));
	int gap = 2 * ui->gap;
	int y = ui_stack_top(c->y, row_y - ui->gap,
	                     (title ? title->th : 0) + 2 * r + (l ? l->th : 0), 2, &gap);
	if (title)
		ui_text_blit(ui, title, c->x, y);
	y += (title ? title->th : 0) + gap;
	int cx = c->x + c->w / 2, cy = y + r;
	ui_fill_circle(ui, cx, cy, r, ui_col(ui, C_ACCENT), 255);
	ui_fill_circle(ui, cx, cy, r - ui_px(ui, 14), ui_col(ui, C_PANEL), 255);
	if (n)
		ui_text_blit(ui, n, cx - n->tw / 2, cy - n->th / 2);
	y += 2 * r + gap;
	if (l)
		ui_text_blit(ui, l, c->x, y);
}
