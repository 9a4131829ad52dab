/*
 * info.c - UI_KIND_INFO: information to read (a welcome, a work permit, a fee, a consent): a
 * title, a text, and labelled values (each label small above its value: long Arabic and
 * English values wrap in place), in two columns in landscape and when the rows would not fit
 * one column in portrait. The view's buttons: back and
 * cancel at the top, continue (or the step's own word) and finish at the bottom.
 */
#include "../theme.h"
#include "../ui_internal.h"

/* The height ui_labelled() takes for a row of width w, drawing nothing. */
static int
labelled_height(struct ui *ui, int w, const char *label, const char *value)
{
	const struct ui_text *l =
	        ui_text(ui, label, ui_font(ui, THEME_FONT_SMALL), false, TEXT_DIR_AUTO,
	                ui_align_start(ui), w, ui_col(ui, C_TEXT_MUTED));
	const struct ui_text *t = ui_text(ui, value, ui_font(ui, THEME_FONT_BODY), true,
	                                  TEXT_DIR_AUTO, ui_align_start(ui), w, ui_col(ui, C_TEXT));
	return (l ? l->th : 0) + (t ? t->th : 0) + ui->gap / 3 + ui_px(ui, 2);
}

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
	if (cols == 1 && v->nrows > 3) { /* rows that do not fit one column (Arabic lines are
		                            taller): two, as in landscape */
		int h = 0;
		for (int i = 0; i < v->nrows; i++)
			h += labelled_height(ui, c->w, v->rows[i].label, v->rows[i].value) +
			     ui->gap / 2;
		if (y + h > bottom)
			cols = 2;
	}
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
