/*
 * menu.c - UI_KIND_MENU and UI_KIND_LIST: a title, a text, and rows. On a menu (the home
 * screen's services, an employer's establishments) every row is a large button; on a list the
 * rows are buttons when the view says `choose`, else a read-only table. Rows come a page at a
 * time (the engine pages; the pager shows "Page 2 of 5" between previous and next). Landscape
 * lays the rows out in two columns, or three when a full page (ENG_PAGE_ROWS, six) would not
 * fit in two. A dimmed row still answers: the engine says why it cannot be used. On a multiple
 * choice (the view's `multi`) every row is a toggle with a box, ticked when chosen.
 */
#include "../theme.h"
#include "../ui_internal.h"

/* How row i is drawn: dimmed, a toggle of a multiple choice, ticked. */
static unsigned
row_flags(const struct ui_view *v, int i)
{
	return (v->rows[i].disabled ? UI_ROW_DISABLED : 0u) | (v->multi ? UI_ROW_TOGGLE : 0u) |
	       (v->multi && v->rows[i].selected ? UI_ROW_SELECTED : 0u);
}

/* Height of the rows laid out in cols columns of width cw: each line of rows as tall as its
 * tallest. */
static int
rows_height(struct ui *ui, const struct ui_view *v, int cols, int cw)
{
	int total = 0, line = 0;
	for (int i = 0; i < v->nrows; i++) {
		int h = ui_row_button_height(ui, cw, v->rows[i].label, v->rows[i].value,
		                             row_flags(v, i));
		line = h > line ? h : line;
		if (i % cols == cols - 1 || i == v->nrows - 1) {
			total += line + ui->gap / 2;
			line = 0;
		}
	}
	return total;
}

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
	if (cols == 2 && v->nrows > 4 && y + rows_height(ui, v, 2, cw) > bottom) {
		cols = 3;
		cw = (c->w - 2 * ui->gap) / 3;
	}
	/* rows side by side (columns): a line of rows starts below the tallest of the last */
	int row_top = y, next_top = y;
	for (int i = 0; i < v->nrows; i++) {
		int col = i % cols;
		int x = ui_x(ui, col * (cw + ui->gap), cw);
		if (col == 0)
			row_top = next_top;
		int h = ui_row_button_height(ui, cw, v->rows[i].label, v->rows[i].value,
		                             row_flags(v, i));
		if (row_top + h > bottom)
			break; /* the engine's pages are sized for the screen; never draw over
			          buttons */
		h = ui_row_button(ui, buttons ? UI_ACT_CHOOSE : UI_ACT_NONE, i, x, row_top, cw,
		                  v->rows[i].label, v->rows[i].value, row_flags(v, i));
		if (row_top + h + ui->gap / 2 > next_top)
			next_top = row_top + h + ui->gap / 2;
	}
	if (v->pager[0])
		ui_pager(ui, v, bottom + ui->gap);
}
