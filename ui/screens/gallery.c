/*
 * gallery.c - the widgets on one frame (steps, progress bar, text fields, rows, the keyboard
 * of the frame's language; or the modal dialog over the card screen), so tests can tap them and
 * goldens can show them (ui_render_gallery() in ui_test.h). Not reachable from the engine.
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_gallery(struct ui *ui, const struct ui_view *v, int which)
{
	const SDL_Rect *c = &ui->content;
	if (which == 2) { /* the time-out dialog over the card screen */
		screen_card(ui, v);
		ui_dialog(ui, ui_tr(ui, "idle.title"), ui_tr(ui, "error.ask_staff"),
		          UI_ACT_CONTINUE, ui_tr(ui, "action.continue"), UI_ACT_FINISH,
		          ui_tr(ui, "action.finish"));
		return;
	}
	int y = c->y;
	y += ui_steps(ui, c->x, y, c->w, 4, 1) + ui->gap;
	ui_progress_bar(ui, c->x, y, c->w, ui_px(ui, 24), 2, 5);
	y += ui_px(ui, 24) + ui->gap;
	y += ui_text_field(ui, c->x, y, c->w, ui_tr(ui, "gallery.phone_sample"),
	                   ui_tr(ui, "gallery.phone_field"), true) +
	     ui->gap;
	y += ui_text_field(ui, c->x, y, c->w, "", ui_tr(ui, "gallery.phone_field"), false) +
	     ui->gap;
	const char *const rows[3] = {ui_tr(ui, "gallery.row.work_permit"),
	                             ui_tr(ui, "gallery.row.labour_card"),
	                             ui_tr(ui, "gallery.row.complaint")};
	for (int i = 0; i < 3; i++)
		y += ui_row_button(ui, UI_ACT_CHOOSE, i, c->x, y, c->w, rows[i], NULL,
		                   i == 2 ? UI_ROW_DISABLED : 0) +
		     ui->gap / 2;
	int kh = c->y + c->h - y;
	if (kh > ui_px(ui, 640))
		kh = ui_px(ui, 640);
	ui_keyboard(ui, ui->ar, c->x, c->y + c->h - kh, c->w, kh);
}
