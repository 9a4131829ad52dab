/*
 * card.c - UI_KIND_CARD: a card to insert. The attract screen (the ministry's name in both
 * languages, "insert your ID card" in the current language with the other language below it:
 * nobody has chosen a language yet) and a second person's card (a SECOND_PARTY step: its title,
 * what to do, the notice when the last card could not be used, back and cancel). A picture of
 * a card going into the reader fills the space between. Never shows personal data.
 */
#include "../theme.h"
#include "../ui_internal.h"

/* An ID card above a reader slot with an arrow into it, centred at cx, inside height h. */
static void
card_picture(struct ui *ui, int cx, int top, int h)
{
	int cw = ui_px(ui, 440), ch = cw * 63 / 100;
	if (ch + ui_px(ui, 200) > h) {
		ch = h - ui_px(ui, 200);
		cw = ch * 100 / 63;
	}
	if (cw < ui_px(ui, 80))
		return;
	int x = cx - cw / 2, y = top + (h - ch - ui_px(ui, 200)) / 2;
	int b = ui_px(ui, 4);
	ui_fill_round(ui, x, y, cw, ch, ui_px(ui, 24), ui_col(ui, C_PANEL_BORDER));
	ui_fill_round(ui, x + b, y + b, cw - 2 * b, ch - 2 * b, ui_px(ui, 20), ui_col(ui, C_PANEL));
	/* chip on the start side, text lines on the end side: mirrored with the layout */
	int chip_w = cw / 5, chip_h = ch / 4;
	int chip_x = ui->ar ? x + cw - cw / 8 - chip_w : x + cw / 8;
	ui_fill_round(ui, chip_x, y + ch / 3, chip_w, chip_h, ui_px(ui, 8), 0xC9A227);
	for (int i = 0; i < 3; i++) {
		int lw = cw * (45 - i * 10) / 100;
		int lx = ui->ar ? x + cw / 8 : x + cw - cw / 8 - lw;
		ui_fill_round(ui, lx, y + ch / 3 + i * chip_h / 2, lw, ui_px(ui, 12), ui_px(ui, 6),
		              ui_col(ui, C_PANEL_BORDER));
	}
	/* arrow down into the slot */
	float ax = (float)cx, ay0 = (float)(y + ch + ui_px(ui, 30)),
	      ay1 = ay0 + (float)ui_px(ui, 90);
	float aw = (float)ui_px(ui, 16);
	ui_thick_line(ui, ax, ay0, ax, ay1, aw, ui_col(ui, C_ACCENT));
	ui_thick_line(ui, ax - (float)ui_px(ui, 40), ay1 - (float)ui_px(ui, 40), ax, ay1, aw,
	              ui_col(ui, C_ACCENT));
	ui_thick_line(ui, ax + (float)ui_px(ui, 40), ay1 - (float)ui_px(ui, 40), ax, ay1, aw,
	              ui_col(ui, C_ACCENT));
	/* the reader's slot */
	int sw = cw + ui_px(ui, 60);
	ui_fill_round(ui, cx - sw / 2, (int)ay1 + ui_px(ui, 30), sw, ui_px(ui, 36), ui_px(ui, 18),
	              ui_col(ui, C_BAR_BG));
}

void
screen_card(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int y = ui_nav_row(ui, v, false);
	if (y == c->y) { /* no buttons: the attract screen, with the ministry's name */
		y += ui_px(ui, 24);
		y += ui_text_center(ui, ui_tr_in(ui, "ar", "common.ministry"),
		                    ui_font(ui, THEME_FONT_HERO), true, ui_col(ui, C_ACCENT), y);
		y += ui_text_center(ui, ui_tr_in(ui, "en", "common.ministry"),
		                    ui_font(ui, THEME_FONT_TITLE), true, ui_col(ui, C_ACCENT), y);
		y += ui->gap;
		ui_fill_rect(ui, c->x + c->w / 4, y, c->w / 2, ui_px(ui, 3),
		             ui_col(ui, C_PANEL_BORDER));
	}
	/* the prompt block sits in the lower part; the picture fills what is between */
	const struct ui_text *main =
	        ui_text(ui, v->title, ui_font(ui, THEME_FONT_HERO), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT));
	const struct ui_text *other =
	        ui_text(ui, v->title_other, ui_font(ui, THEME_FONT_TITLE), false, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT_MUTED));
	const struct ui_text *hint =
	        ui_text(ui, v->body, ui_font(ui, THEME_FONT_BODY), false, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, C_TEXT_MUTED));
	const struct ui_text *note =
	        ui_text(ui, v->notice, ui_font(ui, THEME_FONT_BODY), true, TEXT_DIR_AUTO,
	                TEXT_ALIGN_CENTER, c->w, ui_col(ui, v->notice_error ? C_ERROR : C_ACCENT));
	const struct ui_text *parts[] = {note, main, other, hint};
	int block = 0;
	for (int i = 0; i < 4; i++)
		block += parts[i] ? parts[i]->th + ui->gap : 0;
	/* a button at the bottom (the attract screen's "check my PIN") takes its row first */
	int bottom = ui_view_button(v, UI_ACT_NEXT) || ui_view_button(v, UI_ACT_LINK) ||
	                             ui_view_button(v, UI_ACT_FINISH)
	                     ? ui_action_row(ui, v) - ui->gap
	                     : c->y + c->h;
	int by = bottom - block - ui_px(ui, 40);
	card_picture(ui, c->x + c->w / 2, y + ui->gap, by - y - 2 * ui->gap);
	for (int i = 0; i < 4; i++) {
		if (!parts[i])
			continue;
		ui_text_blit(ui, parts[i], c->x, by);
		by += parts[i]->th + ui->gap;
	}
}
