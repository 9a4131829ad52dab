/*
 * info.c - UI_KIND_INFO: information to read (a welcome, a work permit, a fee, a consent): a
 * title, a text, and labelled values (each label small above its value: long Arabic and
 * English values wrap in place), in two columns in landscape. The view's buttons: back and
 * cancel at the top, continue (or the step's own word) and finish at the bottom.
 */
#include "../theme.h"
#include "../ui_internal.h"

void
screen_info(struct ui *ui, const struct ui_view *v)
{
	const SDL_Rect *c = &ui->content;
	int y = ui_nav_row(ui, v, false);
	int bottom = ui_action_row(ui, v) - ui->gap;
	if (v->nsteps > 1)
		y += ui_steps(ui, c->x, y, c->w, v->nsteps, v->step - 1) + ui->gap;
	y = ui_heading(ui, v, c->x, y, c->w);
	int cols = c->w > c->h && v->nrows > 3 ? 2 : 1;
	int cw = (c->w - (cols - 1) * 2 * ui->gap) / cols;
	int col_y[2] = {y, y};
	for (int i = 0; i < v->nrows; i++) {
		int col = cols == 2 && i >= (v->nrows + 1) / 2 ? 1 : 0;
		if (col_y[col] >= bottom)
			continue;
		col_y[col] += ui_labelled(ui, ui_x(ui, col * (cw + 2 * ui->gap), cw), col_y[col],
		                          cw, v->rows[i].label, v->rows[i].value) +
		              ui->gap / 2;
	}
}
