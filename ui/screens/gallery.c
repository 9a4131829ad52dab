/*
 * gallery.c - the reusable widgets no screen uses yet (steps, progress bar, text fields, list,
 * keyboards, the modal dialog), laid out on one frame so tests can tap them and goldens can show
 * them (ui_render_gallery() in ui_test.h). Not reachable from the app's flow.
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_gallery(struct ui *ui, const struct ui_view *v, int which)
{
	const SDL_Rect *c = &ui->content;
	if (which == 2) { /* the time-out dialog over the attract screen */
		screen_attract(ui, v);
		ui_dialog(ui, ui_str(ui, S_STILL_THERE, ui->ar), ui_str(ui, S_ASK_STAFF, ui->ar),
		          UI_ACT_CONTINUE, ui_str(ui, S_CONTINUE, ui->ar), UI_ACT_FINISH,
		          ui_str(ui, S_FINISH, ui->ar));
		return;
	}
	int y = c->y;
	y += ui_steps(ui, c->x, y, c->w, 4, 1) + ui->gap;
	ui_progress_bar(ui, c->x, y, c->w, ui_px(ui, 24), 2, 5);
	y += ui_px(ui, 24) + ui->gap;
	y += ui_text_field(ui, c->x, y, c->w, ui->ar ? "٩٦٨ 2468 ١٢٣٤" : "+968 2468 1234",
	                   ui_str(ui, S_DEMO_FIELD, ui->ar), true) +
	     ui->gap;
	y += ui_text_field(ui, c->x, y, c->w, "", ui_str(ui, S_DEMO_FIELD, ui->ar), false) +
	     ui->gap;
	static const char *const rows[2][3] = {
	        {"Work permit", "Labour card", "Complaint"},
	        {"تصريح عمل", "بطاقة عمل", "شكوى"},
	};
	y += ui_list(ui, UI_ACT_LIST, c->x, y, c->w, rows[ui->ar], 3, 1) + ui->gap;
	int kh = c->y + c->h - y;
	if (kh > ui_px(ui, 640))
		kh = ui_px(ui, 640);
	ui_keyboard(ui, ui->ar, c->x, c->y + c->h - kh, c->w, kh);
}
