/*
 * result.c - UI_SCR_RESULT: the receipt is printed. A check mark, what happened to the request
 * (sent / saved for later, from view->msg) and the reference number, an argument of its text
 * (i18n_fmt isolates it, so its characters keep their order inside Arabic).
 */
#include "../theme.h"
#include "../ui_internal.h"

#include <stdio.h>

void
screen_result(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int row_y = ui_button_row(ui, UI_ACT_FINISH, "action.finish", UI_ACT_NONE, NULL);
	int r = ui_px(ui, 90), pp = ui_px(ui, 28);
	const struct ui_text *title =
	        ui_text(ui, ui_tr(ui, "result.title"), ui_font(ui, THEME_FONT_HERO), true,
	                TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT));
	const struct ui_text *msg =
	        ui_text(ui, ui_tr(ui, ui_msg_key(v->msg)), ui_font(ui, THEME_FONT_BODY), false,
	                TEXT_DIR_AUTO, TEXT_ALIGN_CENTER, c->w,
	                v->msg == UI_MSG_SENT ? ui_col(ui, C_OK) : ui_col(ui, C_TEXT));
	const struct ui_text *ref = NULL;
	if (v->reference[0]) {
		char line[sizeof(v->reference) + 96];
		const struct i18n_arg ref_arg = {"reference", v->reference};
		ui_fmt(ui, "result.reference", &ref_arg, 1, line, sizeof(line));
		ref = ui_text(ui, line, ui_font(ui, THEME_FONT_TITLE), true, TEXT_DIR_AUTO,
		              TEXT_ALIGN_CENTER, c->w - 2 * pp, ui_col(ui, C_TEXT));
	}
	int ph = ref ? ref->th + 2 * pp : 0;
	int gap = 2 * ui->gap;
	int y = ui_stack_top(c->y, row_y - ui->gap,
	                     2 * r + (title ? title->th : 0) + (msg ? msg->th : 0) + ph, 3, &gap);

	int cx = c->x + c->w / 2, cy = y + r;
	ui_fill_circle(ui, cx, cy, r, ui_col(ui, C_OK), 255);
	float s = (float)r, w = (float)ui_px(ui, 18);
	ui_thick_line(ui, (float)cx - s * 0.45f, (float)cy + s * 0.02f, (float)cx - s * 0.12f,
	              (float)cy + s * 0.35f, w, 0xFFFFFF);
	ui_thick_line(ui, (float)cx - s * 0.12f, (float)cy + s * 0.35f, (float)cx + s * 0.45f,
	              (float)cy - s * 0.3f, w, 0xFFFFFF);
	y += 2 * r + gap;
	if (title)
		ui_text_blit(ui, title, c->x, y);
	y += (title ? title->th : 0) + gap / 2;
	if (msg)
		ui_text_blit(ui, msg, c->x, y);
	y += (msg ? msg->th : 0) + gap + gap / 2;
	if (ref) {
		int b = ui_px(ui, 3);
		ui_fill_round(ui, c->x, y, c->w, ph, ui->radius, ui_col(ui, C_PANEL_BORDER));
		ui_fill_round(ui, c->x + b, y + b, c->w - 2 * b, ph - 2 * b, ui->radius - b,
		              ui_col(ui, C_PANEL));
		ui_text_blit(ui, ref, c->x + pp, y + pp);
	}
}
