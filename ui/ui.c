/*
 * ui.c - the screen: owns the SDL window/renderer (or the headless surface), the text texture
 * cache, event translation (SDL -> struct ui_event) and the frame loop (ui_render ->
 * ui_draw_frame -> status bar + screens/<name>.c + sim strip). See ui.h for the API, and
 * ui_internal.h for what the screens share.
 *
 * Input: fingers and the mouse are one "pointer". Mouse events SDL copied from a touch (which ==
 * SDL_TOUCH_MOUSEID) and finger events copied from the mouse (touchId == SDL_MOUSE_TOUCHID) are
 * dropped, so a touch acts once. A press on a widget shows pressed on the next frame; the action
 * fires on release inside the same widget.
 *
 * Renderer: software by default (reliable everywhere, 1-2 ms per cached frame at 1080x1920);
 * SDL_FRAMEBUFFER_ACCELERATION=0 keeps SDL from routing the window surface through GL.
 */
#include "ui.h"

#include "common/bitmap.h"
#include "common/config.h"
#include "common/kerr.h"
#include "common/klog.h"
#include "common/xalloc.h"
#include "theme.h"
#include "ui_internal.h"
#include "ui_test.h"

#include <SDL_image.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_ANIM_MS 100 /* spinner frame */

static pthread_once_t ui_event_once = PTHREAD_ONCE_INIT;
static Uint32 ui_event_type = (Uint32)-1; /* set once by SDL_RegisterEvents, then read-only */

static void
ui_register_event(void)
{
	ui_event_type = SDL_RegisterEvents(1);
}

/* ---- text cache ----------------------------------------------------------------------------- */

static uint32_t
hash_str(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

static void
text_entry_free(struct ui_text *t)
{
	if (t->tex)
		SDL_DestroyTexture(t->tex);
	free(t->s);
	memset(t, 0, sizeof(*t));
}

/* A texture of the columns [x0, x0 + w) of bm (the ink), coloured rgb. Blending costs per
 * pixel, so a centred line in a wide box is not blended across the empty box. */
static SDL_Texture *
texture_from_bitmap(struct ui *ui, const struct bitmap *bm, uint32_t rgb, int x0, int w)
{
	SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, bm->h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!s)
		return NULL;
	for (int y = 0; y < bm->h; y++) {
		Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + (long)y * s->pitch);
		const uint8_t *src = bm->px + (long)y * bm->stride + x0;
		for (int x = 0; x < w; x++)
			row[x] = ((Uint32)src[x] << 24) | (rgb & 0xFFFFFF);
	}
	SDL_Texture *t = SDL_CreateTextureFromSurface(ui->ren, s);
	SDL_FreeSurface(s);
	if (t)
		SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
	return t;
}

const struct ui_text *
ui_text(struct ui *ui, const char *s, int size_px, bool bold, enum text_dir dir,
        enum text_align align, int max_w, uint32_t rgb)
{
	if (!s || !s[0])
		return NULL;
	uint32_t h = hash_str(s);
	struct ui_text *slot = &ui->texts[0];
	ui->tick++;
	for (int i = 0; i < UI_TEXT_CACHE; i++) {
		struct ui_text *t = &ui->texts[i];
		if (t->s && t->hash == h && t->size == size_px && t->bold == bold &&
		    t->dir == dir && t->align == align && t->max_w == max_w && t->rgb == rgb &&
		    !strcmp(t->s, s)) {
			t->used = ui->tick;
			ui->stats.text_hits++;
			return t;
		}
		if (!t->s || (slot->s && t->used < slot->used))
			slot = t;
	}
	ui->stats.text_misses++;
	text_entry_free(slot);
	struct text_style st = {.size_px = size_px, .bold = bold, .dir = dir, .align = align};
	struct bitmap *bm = NULL;
	struct text_metrics m;
	int rc = text_render(ui->te, s, &st, max_w, &bm, &m);
	if (rc < 0) {
		klog(KLOG_ERR, "ui", "cannot lay out a %d-byte text: %s", (int)strlen(s),
		     kerr_str(rc));
		return NULL;
	}
	slot->s = xstrdup(s);
	slot->hash = h;
	slot->size = size_px;
	slot->bold = bold;
	slot->dir = dir;
	slot->align = align;
	slot->max_w = max_w;
	slot->rgb = rgb;
	slot->m = m;
	slot->used = ui->tick;
	if (bm) {
		int x0 = bm->w, x1 = -1;
		for (int y = 0; y < bm->h; y++) {
			const uint8_t *row = bm->px + (long)y * bm->stride;
			for (int x = 0; x < x0; x++)
				if (row[x]) {
					x0 = x;
					break;
				}
			for (int x = bm->w - 1; x > x1; x--)
				if (row[x]) {
					x1 = x;
					break;
				}
		}
		slot->tw = bm->w;
		slot->th = bm->h;
		slot->ink_x = x1 >= x0 ? x0 : 0;
		slot->ink_w = x1 >= x0 ? x1 - x0 + 1 : 0;
		slot->tex = slot->ink_w ? texture_from_bitmap(ui, bm, rgb, slot->ink_x, slot->ink_w)
		                        : NULL;
		if (!slot->tex && slot->ink_w)
			klog(KLOG_ERR, "ui", "cannot create a text texture: %s", SDL_GetError());
		bitmap_free(bm);
	}
	return slot;
}

void
ui_text_blit(struct ui *ui, const struct ui_text *t, int x, int y)
{
	if (t && !ui->dump_mute)
		ui_dump_line(ui, "text", t->s);
	if (!t || !t->tex)
		return;
	SDL_Rect dst = {x + t->ink_x, y, t->ink_w, t->th};
	SDL_RenderCopy(ui->ren, t->tex, NULL, &dst);
}

int
ui_text_draw(struct ui *ui, const char *utf8, const struct text_style *st, uint32_t rgb, int x,
             int y, int max_w, struct text_metrics *out)
{
	const struct ui_text *t =
	        ui_text(ui, utf8, st->size_px, st->bold, st->dir, st->align, max_w, rgb);
	if (out)
		memset(out, 0, sizeof(*out));
	if (!t)
		return utf8 && utf8[0] ? KERR_INVAL : 0;
	ui_text_blit(ui, t, x, y);
	if (out)
		*out = t->m;
	return 0;
}

/* ---- open / close --------------------------------------------------------------------------- */

int
ui_open(struct ui **out, const struct kiosk_config *cfg, const struct i18n *i18n, bool headless)
{
	int rc;
	*out = NULL;
	if (!cfg || cfg->width <= 0 || cfg->height <= 0)
		return KERR_INVAL;
	struct ui *ui = xcalloc(1, sizeof(*ui));
	ui->headless = headless;
	ui->w = cfg->width;
	ui->h = cfg->height;
	ui->dpi = cfg->dpi > 0 ? cfg->dpi : 96;
	ui->dirty = true;
	ui->anim_frozen = -1;
	ui->pal = ui_palettes[0];
	ui->font_pct = 100;

	ui->i18n = i18n; /* main()'s, shared with the print worker */
	ui->lang = "en";

	rc = text_open(&ui->te, cfg->font_dir);
	if (rc < 0)
		goto out_fail;

	if (SDL_InitSubSystem(SDL_INIT_EVENTS) < 0) {
		klog(KLOG_ERR, "ui", "SDL events: %s", SDL_GetError());
		rc = KERR_INTERNAL;
		goto out_fail;
	}
	ui->sdl_events = true;
	pthread_once(&ui_event_once, ui_register_event);

	if (headless) {
		ui->target = SDL_CreateRGBSurfaceWithFormat(0, ui->w, ui->h, 32,
		                                            SDL_PIXELFORMAT_ARGB8888);
		if (!ui->target) {
			klog(KLOG_ERR, "ui", "cannot create a %dx%d surface: %s", ui->w, ui->h,
			     SDL_GetError());
			rc = KERR_NOMEM;
			goto out_fail;
		}
		ui->ren = SDL_CreateSoftwareRenderer(ui->target);
		if (!ui->ren) {
			klog(KLOG_ERR, "ui", "software renderer: %s", SDL_GetError());
			rc = KERR_INTERNAL;
			goto out_fail;
		}
	} else {
		/* keep the window surface out of GL (llvmpipe: 6-11x slower, +100 MB) */
		SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
		if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
			klog(KLOG_ERR, "ui", "no display: %s (set DISPLAY, or run headless)",
			     SDL_GetError());
			rc = KERR_NODEV;
			goto out_fail;
		}
		ui->sdl_video = true;
		/* SDL falls back to drivers that show nothing; only use them when asked for */
		const char *drv = SDL_GetCurrentVideoDriver(),
		           *want = SDL_getenv("SDL_VIDEODRIVER");
		if (drv && (!strcmp(drv, "offscreen") || !strcmp(drv, "dummy")) &&
		    !(want && !strcmp(want, drv))) {
			klog(KLOG_ERR, "ui",
			     "no display (SDL fell back to the '%s' video driver): set DISPLAY, "
			     "or run headless",
			     drv);
			rc = KERR_NODEV;
			goto out_fail;
		}
		Uint32 flags = SDL_WINDOW_SHOWN;
		if (cfg->fullscreen)
			flags |= SDL_WINDOW_FULLSCREEN_DESKTOP | SDL_WINDOW_BORDERLESS;
		/* the window manager's title (not shown full screen): not user text */
		ui->win = SDL_CreateWindow("Ministry of Labour kiosk", SDL_WINDOWPOS_CENTERED,
		                           SDL_WINDOWPOS_CENTERED, ui->w, ui->h, flags);
		if (!ui->win) {
			klog(KLOG_ERR, "ui", "cannot open a window on %s: %s",
			     SDL_GetCurrentVideoDriver() ? SDL_GetCurrentVideoDriver() : "?",
			     SDL_GetError());
			rc = KERR_NODEV;
			goto out_fail;
		}
		ui->ren = SDL_CreateRenderer(ui->win, -1, SDL_RENDERER_SOFTWARE);
		if (!ui->ren)
			ui->ren = SDL_CreateRenderer(ui->win, -1, 0);
		if (!ui->ren) {
			klog(KLOG_ERR, "ui", "no renderer: %s", SDL_GetError());
			rc = KERR_NODEV;
			goto out_fail;
		}
		if (cfg->fullscreen)
			SDL_ShowCursor(SDL_DISABLE);
		int ow, oh;
		if (SDL_GetRendererOutputSize(ui->ren, &ow, &oh) == 0 && ow > 0 && oh > 0) {
			ui->w = ow;
			ui->h = oh;
		}
		SDL_RendererInfo info;
		if (SDL_GetRendererInfo(ui->ren, &info) == 0)
			klog(KLOG_INFO, "ui", "video %s, renderer %s, %dx%d",
			     SDL_GetCurrentVideoDriver(), info.name, ui->w, ui->h);
	}
	*out = ui;
	return 0;

out_fail:
	ui_close(ui);
	return rc;
}

void
ui_close(struct ui *ui)
{
	if (!ui)
		return;
	for (int i = 0; i < UI_TEXT_CACHE; i++)
		text_entry_free(&ui->texts[i]);
	if (ui->ren)
		SDL_DestroyRenderer(ui->ren);
	if (ui->target)
		SDL_FreeSurface(ui->target);
	if (ui->win)
		SDL_DestroyWindow(ui->win);
	if (ui->sdl_video)
		SDL_QuitSubSystem(SDL_INIT_VIDEO);
	if (ui->sdl_events)
		SDL_QuitSubSystem(SDL_INIT_EVENTS);
	text_close(ui->te);
	free(ui);
}

/* ---- frames --------------------------------------------------------------------------------- */

static bool
screen_animates(enum ui_kind k)
{
	return k == UI_KIND_BUSY;
}

static bool
ui_animating(const struct ui *ui)
{
	return ui->have_view && ui->anim_frozen < 0 && screen_animates(ui->view.kind);
}

/* What besides the view changes a frame: the press, the spinner's phase, the gallery. */
static uint32_t
frame_extra(const struct ui *ui)
{
	uint32_t h = 2166136261u;
	h = (h ^ (uint32_t)ui->pressed) * 16777619u;
	h = (h ^ (uint32_t)ui->pressed_arg) * 16777619u;
	h = (h ^ (uint32_t)ui->anim_frozen) * 16777619u;
	h = (h ^ (uint32_t)ui->gallery) * 16777619u;
	if (ui->anim_frozen < 0 && screen_animates(ui->view.kind))
		h = (h ^ (SDL_GetTicks() / UI_ANIM_MS)) * 16777619u;
	return h;
}

static bool
frame_changed(const struct ui *ui)
{
	return ui->dirty || frame_extra(ui) != ui->drawn_extra ||
	       memcmp(&ui->view, &ui->drawn, sizeof(ui->view)) != 0;
}

static const char *const kind_names[UI_KIND_COUNT_] = {
        [UI_KIND_CARD] = "card", [UI_KIND_BUSY] = "busy",     [UI_KIND_PIN] = "pin",
        [UI_KIND_MENU] = "menu", [UI_KIND_INFO] = "info",     [UI_KIND_LIST] = "list",
        [UI_KIND_FORM] = "form", [UI_KIND_RESULT] = "result", [UI_KIND_ERROR] = "error",
};

static void
ui_draw_frame(struct ui *ui)
{
	const struct ui_view *v = &ui->view;
	ui->lang = v->lang[0] ? v->lang : "ar";
	ui->ar = strcmp(ui->lang, "en") != 0;
	ui->nwidgets = 0;
	ui->dump_len = 0;
	ui->dump[0] = '\0';
	ui->pal = ui_palettes[v->high_contrast ? 1 : 0];
	ui->font_pct = v->large_text ? THEME_LARGE_TEXT_PCT : 100;
	int shortside = ui->w < ui->h ? ui->w : ui->h;
	ui->scale = (float)shortside / THEME_DESIGN_PX;
	ui->pad = ui_px(ui, THEME_PAD);
	ui->gap = ui_px(ui, THEME_GAP);
	ui->touch = ui_mm(ui, THEME_TOUCH_MM);
	ui->radius = ui_px(ui, THEME_RADIUS);

	char head[96];
	snprintf(head, sizeof(head), "%s %s", v->id[0] ? v->id : "-",
	         (unsigned)v->kind < UI_KIND_COUNT_ ? kind_names[v->kind] : "?");
	ui_dump_line(ui, "screen", head);
	ui_fill_rect(ui, 0, 0, ui->w, ui->h, ui_col(ui, C_BG));
	int bar_h = ui->touch + 2 * ui_px(ui, 14);
	int sim_h = v->sim_controls ? ui->touch + 2 * ui_px(ui, 14) : 0;
	ui->content = (SDL_Rect){ui->pad, bar_h + ui->pad, ui->w - 2 * ui->pad,
	                         ui->h - bar_h - sim_h - 2 * ui->pad};

	if (ui->gallery > 0) {
		screen_gallery(ui, v, ui->gallery);
	} else {
		switch (v->kind) {
		case UI_KIND_CARD:
			screen_card(ui, v);
			break;
		case UI_KIND_BUSY:
			screen_busy(ui, v);
			break;
		case UI_KIND_PIN:
			screen_pin(ui, v);
			break;
		case UI_KIND_MENU:
		case UI_KIND_LIST:
			screen_menu(ui, v);
			break;
		case UI_KIND_INFO:
			screen_info(ui, v);
			break;
		case UI_KIND_FORM:
			screen_form(ui, v);
			break;
		case UI_KIND_RESULT:
		case UI_KIND_ERROR:
		default:
			screen_result(ui, v);
			break;
		}
	}
	ui_status_bar(ui, bar_h);
	if (v->sim_controls)
		ui_sim_strip(ui, ui->h - sim_h, sim_h);
	if (v->dialog.on && ui->gallery == 0)
		ui_dialog(ui, v->dialog.title, v->dialog.body, UI_ACT_CONTINUE, v->dialog.button,
		          UI_ACT_NONE, NULL);
	ui_dialog_flush(ui);
}

static void
ui_present(struct ui *ui)
{
	ui_draw_frame(ui);
	SDL_RenderPresent(ui->ren);
	ui->drawn = ui->view;
	ui->drawn_extra = frame_extra(ui);
	ui->dirty = false;
	ui->stats.frames++;
}

static int render_view(struct ui *ui, const struct ui_view *view);

int
ui_render_gallery(struct ui *ui, const struct ui_view *view, int which)
{
	if (!ui || !view || which < 1 || which > 2)
		return KERR_INVAL;
	ui->gallery = which;
	return render_view(ui, view);
}

int
ui_render(struct ui *ui, const struct ui_view *view)
{
	if (ui)
		ui->gallery = 0;
	return render_view(ui, view);
}

static int
render_view(struct ui *ui, const struct ui_view *view)
{
	if (!ui || !view)
		return KERR_INVAL;
	if ((unsigned)view->kind >= UI_KIND_COUNT_)
		return KERR_INVAL;
	if (ui->have_view && strcmp(view->id, ui->view.id) != 0) {
		ui->pressed = UI_ACT_NONE; /* a press does not survive a screen change */
		ui->pressed_arg = 0;
	}
	ui->view = *view;
	/* every string a view holds is terminated here, whatever the caller wrote */
	ui->view.lang[sizeof(ui->view.lang) - 1] = '\0';
	ui->view.id[sizeof(ui->view.id) - 1] = '\0';
	ui->view.title[sizeof(ui->view.title) - 1] = '\0';
	ui->view.title_other[sizeof(ui->view.title_other) - 1] = '\0';
	ui->view.body[sizeof(ui->view.body) - 1] = '\0';
	ui->view.notice[sizeof(ui->view.notice) - 1] = '\0';
	ui->view.pager[sizeof(ui->view.pager) - 1] = '\0';
	ui->view.panel[sizeof(ui->view.panel) - 1] = '\0';
	ui->view.field[sizeof(ui->view.field) - 1] = '\0';
	ui->view.placeholder[sizeof(ui->view.placeholder) - 1] = '\0';
	ui->view.dialog.title[sizeof(ui->view.dialog.title) - 1] = '\0';
	ui->view.dialog.body[sizeof(ui->view.dialog.body) - 1] = '\0';
	ui->view.dialog.button[sizeof(ui->view.dialog.button) - 1] = '\0';
	if (ui->view.nrows < 0 || ui->view.nrows > UI_ROWS_MAX)
		ui->view.nrows = 0;
	if (ui->view.nbuttons < 0 || ui->view.nbuttons > UI_BUTTONS_MAX)
		ui->view.nbuttons = 0;
	for (int i = 0; i < ui->view.nrows; i++) {
		ui->view.rows[i].label[sizeof(ui->view.rows[i].label) - 1] = '\0';
		ui->view.rows[i].value[sizeof(ui->view.rows[i].value) - 1] = '\0';
	}
	for (int i = 0; i < ui->view.nbuttons; i++)
		ui->view.buttons[i].label[sizeof(ui->view.buttons[i].label) - 1] = '\0';
	ui->have_view = true;
	if (!frame_changed(ui))
		return 0;
	ui_present(ui);
	return 0;
}

/* Redraws the last view when its frame changed (press feedback, spinner, expose). */
static void
ui_refresh(struct ui *ui)
{
	if (ui->have_view && frame_changed(ui))
		ui_present(ui);
}

int
ui_screenshot(struct ui *ui, const char *png_path)
{
	if (!ui || !png_path)
		return KERR_INVAL;
	if (!ui->have_view)
		return KERR_STATE;
	SDL_Surface *shot =
	        SDL_CreateRGBSurfaceWithFormat(0, ui->w, ui->h, 32, SDL_PIXELFORMAT_ARGB8888);
	if (!shot)
		return KERR_NOMEM;
	/* the back buffer is undefined after a present: draw the frame again, read, present */
	ui_draw_frame(ui);
	int rc = SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_ARGB8888, shot->pixels,
	                              shot->pitch);
	SDL_RenderPresent(ui->ren);
	if (rc < 0) {
		klog(KLOG_ERR, "ui", "cannot read the frame back: %s", SDL_GetError());
		SDL_FreeSurface(shot);
		return KERR_INTERNAL;
	}
	rc = IMG_SavePNG(shot, png_path);
	SDL_FreeSurface(shot);
	if (rc < 0) {
		klog(KLOG_ERR, "ui", "cannot write %s: %s", png_path, SDL_GetError());
		return KERR_IO;
	}
	return 0;
}

/* ---- input ---------------------------------------------------------------------------------- */

static const struct ui_widget *
hit(const struct ui *ui, int x, int y)
{
	SDL_Point p = {x, y};
	for (int i = ui->nwidgets - 1; i >= 0; i--)
		if (SDL_PointInRect(&p, &ui->widgets[i].r))
			return &ui->widgets[i];
	return NULL;
}

static bool
widget_present(const struct ui *ui, enum ui_action a)
{
	for (int i = 0; i < ui->nwidgets; i++)
		if (ui->widgets[i].action == a)
			return true;
	return false;
}

/* Enter presses the screen's main button. */
static enum ui_action
primary_action(const struct ui *ui)
{
	static const enum ui_action order[] = {UI_ACT_CONTINUE, UI_ACT_NEXT, UI_ACT_PIN_OK,
	                                       UI_ACT_FINISH};
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (widget_present(ui, order[i]))
			return order[i];
	return UI_ACT_NONE;
}

enum ptr_result { PTR_IGNORE, PTR_INPUT, PTR_ACTION };

static enum ptr_result
pointer_down(struct ui *ui, int x, int y, bool finger, SDL_FingerID id, struct ui_event *ev)
{
	if (ui->pressed != UI_ACT_NONE)
		return PTR_INPUT; /* a second finger while one is held */
	const struct ui_widget *w = hit(ui, x, y);
	if (!w || w->action == UI_ACT_NONE)
		return PTR_INPUT; /* nothing, or a dialog's scrim over the screen */
	ui->pressed = w->action;
	ui->pressed_arg = w->arg;
	ui->press_finger = finger;
	ui->press_id = id;
	(void)ev;
	ui_refresh(ui); /* pressed look now, not when the app next renders */
	return PTR_IGNORE;
}

static enum ptr_result
pointer_up(struct ui *ui, int x, int y, bool finger, SDL_FingerID id, struct ui_event *ev)
{
	if (ui->pressed == UI_ACT_NONE)
		return PTR_IGNORE; /* the down already counted as input */
	if (ui->press_finger != finger || (finger && ui->press_id != id))
		return PTR_IGNORE;
	enum ui_action a = ui->pressed;
	int arg = ui->pressed_arg;
	ui->pressed = UI_ACT_NONE;
	ui->pressed_arg = 0;
	ui->dirty = true;
	const struct ui_widget *w = hit(ui, x, y);
	if (w && w->action == a && w->arg == arg) {
		ev->action = a;
		ev->arg = arg;
		return PTR_ACTION;
	}
	return PTR_INPUT; /* slid off: cancelled, but it was activity */
}

static int
finger_px(float v, int size)
{
	int p = (int)(v * (float)size);
	return p < 0 ? 0 : p >= size ? size - 1 : p;
}

/* Translates one SDL event; true when it produced *ev. */
static bool
translate(struct ui *ui, const SDL_Event *e, struct ui_event *ev)
{
	enum ptr_result pr = PTR_IGNORE;
	memset(ev, 0, sizeof(*ev));
	if (e->type == ui_event_type) {
		if (e->user.code == UI_APP_QUIT) {
			ev->type = UI_EV_QUIT;
			return true;
		}
		ev->type = UI_EV_APP;
		ev->app_code = e->user.code;
		ev->app_data = e->user.data1;
		return true;
	}
	switch (e->type) {
	case SDL_QUIT:
		ev->type = UI_EV_QUIT;
		return true;
	case SDL_FINGERDOWN:
	case SDL_FINGERUP:
		if (e->tfinger.touchId == SDL_MOUSE_TOUCHID)
			return false; /* SDL's copy of a mouse event */
		{
			int x = finger_px(e->tfinger.x, ui->w), y = finger_px(e->tfinger.y, ui->h);
			pr = e->type == SDL_FINGERDOWN
			             ? pointer_down(ui, x, y, true, e->tfinger.fingerId, ev)
			             : pointer_up(ui, x, y, true, e->tfinger.fingerId, ev);
		}
		break;
	case SDL_MOUSEBUTTONDOWN:
	case SDL_MOUSEBUTTONUP:
		if (e->button.which == SDL_TOUCH_MOUSEID || e->button.button != SDL_BUTTON_LEFT)
			return false; /* SDL's copy of a touch; only the primary button acts */
		pr = e->type == SDL_MOUSEBUTTONDOWN
		             ? pointer_down(ui, e->button.x, e->button.y, false, 0, ev)
		             : pointer_up(ui, e->button.x, e->button.y, false, 0, ev);
		break;
	case SDL_KEYDOWN: {
		if (e->key.repeat)
			return false;
		SDL_Keycode k = e->key.keysym.sym;
		bool pin = widget_present(ui, UI_ACT_PIN_DIGIT);
		bool kbd = widget_present(ui, UI_ACT_KEY);
		ev->type = UI_EV_ACTION;
		if (kbd && ((k >= SDLK_a && k <= SDLK_z) || (k >= SDLK_0 && k <= SDLK_9) ||
		            k == SDLK_SPACE || k == SDLK_BACKSPACE || k == SDLK_RETURN)) {
			/* a hardware keyboard types into the field (service and tests) */
			ev->action = UI_ACT_KEY;
			ev->arg = k == SDLK_BACKSPACE ? UI_KEY_BACKSPACE
			          : k == SDLK_RETURN  ? UI_KEY_ENTER
			                              : (int)k;
		} else if (pin &&
		           ((k >= SDLK_0 && k <= SDLK_9) || (k >= SDLK_KP_1 && k <= SDLK_KP_0))) {
			ev->action = UI_ACT_PIN_DIGIT;
			ev->arg = k >= SDLK_0 && k <= SDLK_9 ? (int)(k - SDLK_0)
			          : k == SDLK_KP_0           ? 0
			                                     : (int)(k - SDLK_KP_1) + 1;
		} else if (pin && k == SDLK_BACKSPACE)
			ev->action = UI_ACT_PIN_BACK;
		else if (k == SDLK_F2)
			ev->action = UI_ACT_CONTRAST;
		else if (k == SDLK_F3)
			ev->action = UI_ACT_LARGE_TEXT;
		else if (k == SDLK_F1 || k == SDLK_l)
			ev->action = UI_ACT_LANG_TOGGLE;
		else if (k == SDLK_ESCAPE)
			ev->action = UI_ACT_FINISH;
		else if ((k == SDLK_RETURN || k == SDLK_KP_ENTER) && primary_action(ui))
			ev->action = primary_action(ui);
		else if (k == SDLK_i && ui->view.sim_controls)
			ev->action = UI_ACT_SIM_INSERT;
		else if (k == SDLK_r && ui->view.sim_controls)
			ev->action = UI_ACT_SIM_REMOVE;
		else
			ev->type = UI_EV_INPUT;
		return true;
	}
	case SDL_WINDOWEVENT:
		if (e->window.event == SDL_WINDOWEVENT_EXPOSED ||
		    e->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
			int ow, oh;
			if (SDL_GetRendererOutputSize(ui->ren, &ow, &oh) == 0 && ow > 0 && oh > 0) {
				ui->w = ow;
				ui->h = oh;
			}
			ui->dirty = true;
			ui_refresh(ui);
		}
		return false;
	default:
		return false;
	}
	if (pr == PTR_ACTION) {
		ev->type = UI_EV_ACTION;
		return true;
	}
	if (pr == PTR_INPUT) {
		ev->type = UI_EV_INPUT;
		return true;
	}
	return false;
}

int
ui_wait_event(struct ui *ui, int timeout_ms, struct ui_event *ev)
{
	if (!ui || !ev)
		return KERR_INVAL;
	Uint32 start = SDL_GetTicks();
	memset(ev, 0, sizeof(*ev));
	for (;;) {
		int slice = timeout_ms;
		bool anim = ui_animating(ui);
		if (timeout_ms >= 0) {
			Uint32 spent = SDL_GetTicks() - start;
			slice = spent >= (Uint32)timeout_ms ? 0 : timeout_ms - (int)spent;
		}
		if (anim && (slice < 0 || slice > UI_ANIM_MS))
			slice = UI_ANIM_MS;
		SDL_Event e;
		int got = slice < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, slice);
		if (got && translate(ui, &e, ev))
			return 0;
		if (anim)
			ui_refresh(ui);
		if (timeout_ms >= 0 && SDL_GetTicks() - start >= (Uint32)timeout_ms) {
			/* drain what is already queued before reporting a timeout */
			while (SDL_PollEvent(&e))
				if (translate(ui, &e, ev))
					return 0;
			ev->type = UI_EV_NONE;
			return 0;
		}
	}
}

int
ui_post(int code, void *data)
{
	if (!SDL_WasInit(SDL_INIT_EVENTS))
		return KERR_STATE;
	pthread_once(&ui_event_once, ui_register_event);
	if (ui_event_type == (Uint32)-1)
		return KERR_INTERNAL;
	SDL_Event e;
	SDL_zero(e);
	e.type = ui_event_type;
	e.user.code = code;
	e.user.data1 = data;
	int rc = SDL_PushEvent(&e);
	if (rc < 0)
		return KERR_FULL;
	return rc == 1 ? 0 : KERR_STATE; /* 0: filtered out */
}

/* ---- test hooks ----------------------------------------------------------------------------- */

int
ui_widget_box(struct ui *ui, enum ui_action action, int *x, int *y, int *w, int *h)
{
	for (int i = 0; ui && i < ui->nwidgets; i++) {
		const SDL_Rect *r = &ui->widgets[i].r;
		if (ui->widgets[i].action != action)
			continue;
		if (x)
			*x = r->x;
		if (y)
			*y = r->y;
		if (w)
			*w = r->w;
		if (h)
			*h = r->h;
		return 0;
	}
	return KERR_NOTFOUND;
}

int
ui_key_box(struct ui *ui, enum ui_action action, int arg, int *x, int *y, int *w, int *h)
{
	for (int i = 0; ui && i < ui->nwidgets; i++) {
		const SDL_Rect *r = &ui->widgets[i].r;
		if (ui->widgets[i].action != action || ui->widgets[i].arg != arg)
			continue;
		*x = r->x;
		*y = r->y;
		*w = r->w;
		*h = r->h;
		return 0;
	}
	return KERR_NOTFOUND;
}

void
ui_freeze_animation(struct ui *ui, int phase)
{
	ui->anim_frozen = phase < 0 ? -1 : phase;
	ui->dirty = true;
}

int
ui_widget_center(struct ui *ui, enum ui_action action, int *x, int *y)
{
	int bx, by, bw, bh;
	int rc = ui_widget_box(ui, action, &bx, &by, &bw, &bh);
	if (rc < 0)
		return rc;
	*x = bx + bw / 2;
	*y = by + bh / 2;
	return 0;
}

int
ui_inject_tap(struct ui *ui, int x, int y)
{
	if (!ui || x < 0 || y < 0 || x >= ui->w || y >= ui->h)
		return KERR_INVAL;
	SDL_Event e;
	SDL_zero(e);
	e.type = SDL_FINGERDOWN;
	e.tfinger.touchId = 1; /* any id but SDL_MOUSE_TOUCHID */
	e.tfinger.fingerId = 0;
	e.tfinger.x = ((float)x + 0.5f) / (float)ui->w;
	e.tfinger.y = ((float)y + 0.5f) / (float)ui->h;
	e.tfinger.pressure = 1.0f;
	e.tfinger.windowID = ui->win ? SDL_GetWindowID(ui->win) : 0;
	if (SDL_PushEvent(&e) != 1)
		return KERR_FULL;
	e.type = SDL_FINGERUP;
	e.tfinger.pressure = 0.0f;
	if (SDL_PushEvent(&e) != 1)
		return KERR_FULL;
	return 0;
}

bool
ui_input_pending(const struct ui *ui)
{
	if (ui && ui->pressed != UI_ACT_NONE)
		return true;
	/* keyboard, mouse, touch and gesture events: SDL_KEYDOWN .. SDL_MULTIGESTURE */
	return SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_KEYDOWN, SDL_MULTIGESTURE) > 0;
}

int
ui_inject_finger(struct ui *ui, int x, int y, bool down, bool mouse_copy)
{
	if (!ui || x < 0 || y < 0 || x >= ui->w || y >= ui->h)
		return KERR_INVAL;
	SDL_Event e;
	SDL_zero(e);
	e.type = down ? SDL_FINGERDOWN : SDL_FINGERUP;
	e.tfinger.touchId = mouse_copy ? SDL_MOUSE_TOUCHID : 1;
	e.tfinger.x = ((float)x + 0.5f) / (float)ui->w;
	e.tfinger.y = ((float)y + 0.5f) / (float)ui->h;
	e.tfinger.pressure = down ? 1.0f : 0.0f;
	e.tfinger.windowID = ui->win ? SDL_GetWindowID(ui->win) : 0;
	return SDL_PushEvent(&e) == 1 ? 0 : KERR_FULL;
}

int
ui_inject_click(struct ui *ui, int x, int y, bool touch_copy)
{
	if (!ui || x < 0 || y < 0 || x >= ui->w || y >= ui->h)
		return KERR_INVAL;
	SDL_Event e;
	SDL_zero(e);
	e.type = SDL_MOUSEBUTTONDOWN;
	e.button.which = touch_copy ? SDL_TOUCH_MOUSEID : 0;
	e.button.button = SDL_BUTTON_LEFT;
	e.button.state = SDL_PRESSED;
	e.button.clicks = 1;
	e.button.x = x;
	e.button.y = y;
	e.button.windowID = ui->win ? SDL_GetWindowID(ui->win) : 0;
	if (SDL_PushEvent(&e) != 1)
		return KERR_FULL;
	e.type = SDL_MOUSEBUTTONUP;
	e.button.state = SDL_RELEASED;
	return SDL_PushEvent(&e) == 1 ? 0 : KERR_FULL;
}

int
ui_inject_key(struct ui *ui, int key)
{
	if (!ui)
		return KERR_INVAL;
	SDL_Event e;
	SDL_zero(e);
	e.type = SDL_KEYDOWN;
	e.key.state = SDL_PRESSED;
	e.key.keysym.sym = key == 0xF1   ? SDLK_F1
	                   : key == 0xF2 ? SDLK_F2
	                   : key == 0xF3 ? SDLK_F3
	                   : key == '\r' ? SDLK_RETURN
	                                 : (SDL_Keycode)key;
	e.key.windowID = ui->win ? SDL_GetWindowID(ui->win) : 0;
	return SDL_PushEvent(&e) == 1 ? 0 : KERR_FULL;
}

void
ui_get_stats(const struct ui *ui, unsigned long *frames, unsigned long *text_misses,
             unsigned long *text_hits)
{
	if (frames)
		*frames = ui->stats.frames;
	if (text_misses)
		*text_misses = ui->stats.text_misses;
	if (text_hits)
		*text_hits = ui->stats.text_hits;
}

int
ui_size(const struct ui *ui, int *w, int *h)
{
	*w = ui->w;
	*h = ui->h;
	return 0;
}

int
ui_touch_px(const struct ui *ui)
{
	return ui_mm(ui, THEME_TOUCH_MM);
}

static const char *const action_names[UI_ACT_COUNT_] = {
        [UI_ACT_NONE] = "none",         [UI_ACT_NEXT] = "next",
        [UI_ACT_BACK] = "back",         [UI_ACT_CANCEL] = "cancel",
        [UI_ACT_FINISH] = "finish",     [UI_ACT_CHOOSE] = "choose",
        [UI_ACT_PAGE] = "page",         [UI_ACT_CONTINUE] = "continue",
        [UI_ACT_LANG_TOGGLE] = "lang",  [UI_ACT_CONTRAST] = "contrast",
        [UI_ACT_LARGE_TEXT] = "large",  [UI_ACT_SIM_INSERT] = "insert",
        [UI_ACT_SIM_REMOVE] = "remove", [UI_ACT_PIN_DIGIT] = "digit",
        [UI_ACT_PIN_BACK] = "pin-back", [UI_ACT_PIN_OK] = "pin-ok",
        [UI_ACT_KEY] = "key",           [UI_ACT_LINK] = "link",
};

const char *
ui_action_name(enum ui_action a)
{
	return (unsigned)a < UI_ACT_COUNT_ && action_names[a] ? action_names[a] : "?";
}

enum ui_action
ui_action_by_name(const char *name)
{
	for (int a = 1; a < UI_ACT_COUNT_; a++)
		if (action_names[a] && strcmp(action_names[a], name) == 0)
			return (enum ui_action)a;
	return UI_ACT_NONE;
}

int
ui_widget_center_arg(struct ui *ui, enum ui_action action, int arg, int *x, int *y)
{
	int bx, by, bw, bh;
	int rc = ui_key_box(ui, action, arg, &bx, &by, &bw, &bh);
	if (rc < 0)
		return rc;
	*x = bx + bw / 2;
	*y = by + bh / 2;
	return 0;
}

int
ui_find_label(struct ui *ui, const char *text, int *x, int *y)
{
	char plain[UI_DUMP_MAX / 8];
	for (int i = 0; ui && text && i < ui->nwidgets; i++) {
		const struct ui_widget *w = &ui->widgets[i];
		if (!w->label || w->action == UI_ACT_NONE)
			continue;
		text_strip_controls(w->label, plain, sizeof(plain));
		if (!strstr(plain, text))
			continue;
		*x = w->r.x + w->r.w / 2;
		*y = w->r.y + w->r.h / 2;
		return 0;
	}
	return KERR_NOTFOUND;
}

size_t
ui_dump(struct ui *ui, char *out, size_t size)
{
	if (!out || !size)
		return 0;
	size_t n = ui ? ui->dump_len : 0;
	if (n >= size) { /* cut at the end of a line */
		n = size - 1;
		while (n > 0 && ui->dump[n - 1] != '\n')
			n--;
	}
	if (n)
		memcpy(out, ui->dump, n);
	out[n] = '\0';
	return n;
}
