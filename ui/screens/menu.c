/*
 * menu.c - UI_KIND_MENU and UI_KIND_LIST: a title, a text, and rows. On a menu (the home
 * screen's services, an employer's establishments) every row is a large button; on a list the
 * rows are buttons when the view says `choose`, else a read-only table. Rows come a page at a
 * time (the engine pages; the pager shows "Page 2 of 5" between previous and next). Landscape
 * lays the rows out in two columns. A dimmed row still answers: the engine says why it cannot
 * be used.
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_menu(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int y = ui_nav_row(ui, v, false);
	int bottom = ui_action_row(ui, v) - ui->gap;
	if (v->nsteps > 1)
		y += ui_steps(ui, c->x, y, c->w, v->nsteps, v->step - 1) + ui->gap;
	y = ui_heading(ui, v, c->x, y, c->w);
	if (v->pager[0])
		bottom -= ui->touch + ui->gap;
	bool buttons = v->kind == UI_KIND_MENU || v->choose;
	int cols = c->w > c->h && v->nrows > 2 ? 2 : 1;
	int cw = (c->w - (cols - 1) * ui->gap) / cols;
	int rows_y = y;
	for (int i = 0; i < v->nrows; i++) {
		int col = cols == 2 ? i % 2 : 0;
		int x = ui_x(ui, col * (cw + ui->gap), cw);
		if (col == 0 && i > 0)
			y = rows_y;
		int h = ui_row_button_height(ui, cw, v->rows[i].label, v->rows[i].value);
		if (y + h > bottom)
			break; /* the engine's pages are sized for the screen; never draw over buttons */
		y += ui_row_button(ui, buttons ? UI_ACT_CHOOSE : UI_ACT_NONE, i, x, y, cw,
		                   v->rows[i].label, v->rows[i].value, v->rows[i].disabled) +
		     ui->gap / 2;
		if (cols == 1 || col == 1)
			rows_y = y;
	}
	if (v->pager[0])
		ui_pager(ui, v, bottom + ui->gap);
}
