/*
 * welcome.c - UI_SCR_WELCOME: greets the card holder by name in Arabic and English (the current
 * language's form first) and offers "print receipt" (start side) and "finish" (end side).
 * The names are personal data: drawn, never logged.
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_welcome(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int row_y =
	        ui_button_row(ui, UI_ACT_PRINT, "welcome.print", UI_ACT_FINISH, "action.finish");
	int pp = ui_px(ui, 40), inner = c->w - 2 * pp;
	const struct ui_text *title =
	        ui_text(ui, ui_tr(ui, "welcome.title"), ui_font(ui, THEME_FONT_HERO), true,
	                TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_ACCENT));
	const struct ui_text *ar =
	        ui_text(ui, v->name_ar, ui_font(ui, THEME_FONT_NAME), true, TEXT_DIR_RTL,
	                TEXT_ALIGN_CENTER, inner, ui_col(ui, C_TEXT));
	const struct ui_text *en =
	        ui_text(ui, v->name_en, ui_font(ui, THEME_FONT_NAME) * 85 / 100, true, TEXT_DIR_LTR,
	                TEXT_ALIGN_CENTER, inner, ui_col(ui, C_TEXT));
	const struct ui_text *hint =
	        ui_text(ui, ui_tr(ui, "welcome.print_hint"), ui_font(ui, THEME_FONT_BODY), false,
	                TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT_MUTED));
	const struct ui_text *first = ui->ar ? ar : en, *second = ui->ar ? en : ar;
	int ph = (first || second) ? 2 * pp + (first ? first->th : 0) + (second ? second->th : 0) +
	                                     (first && second ? ui->gap : 0)
	                           : 0;
	int gap = 2 * ui->gap;
	int y = ui_stack_top(c->y, row_y - ui->gap,
	                     (title ? title->th : 0) + ph + (hint ? hint->th : 0), 2, &gap);
	if (title)
		ui_text_blit(ui, title, c->x, y);
	y += (title ? title->th : 0) + gap;
	if (ph) {
		int b = ui_px(ui, 3);
		ui_fill_round(ui, c->x, y, c->w, ph, ui->radius, ui_col(ui, C_PANEL_BORDER));
		ui_fill_round(ui, c->x + b, y + b, c->w - 2 * b, ph - 2 * b, ui->radius - b,
		              ui_col(ui, C_PANEL));
		int ty = y + pp;
		if (first) {
			ui_text_blit(ui, first, c->x + pp, ty);
			ty += first->th + ui->gap;
		}
		if (second)
			ui_text_blit(ui, second, c->x + pp, ty);
		y += ph + gap;
	}
	if (hint)
		ui_text_blit(ui, hint, c->x, y);
}
