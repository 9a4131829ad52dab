/*
 * test_golden.c - golden screenshots: every kind of screen (tests/views.h: card, busy, pin,
 * menu, info, list, form, result, error) and the idle dialog over the info screen, in Arabic and
 * English at 1080x1920 portrait and 1920x1080 landscape (plus high-contrast / large-text frames
 * and the kiosk out of service), rendered headlessly with the spinner frozen, the widget
 * gallery and its two-button dialog, and the tricky lines of the text
 * engine (a licence number and a date inside Arabic, an amount in OMR with 3 decimals, a phone
 * number, Arabic with diacritics, an English word inside Arabic, Arabic-Indic digits), each
 * compared with tests/golden/ui/<name>.png.
 *
 * Tolerance: a pixel differs when a channel is off by more than GOLDEN_TOL; a frame passes with
 * at most GOLDEN_MAX_BAD differing pixels (antialiasing noise, not a changed word: one changed
 * digit is hundreds of pixels). A failure writes <name>.actual.png and <name>.diff.png (the
 * golden faded, differing pixels red) to $KIOSK_BUILD/test-artifacts/golden/.
 * UPDATE_GOLDENS=1 (`make goldens`) writes the goldens instead; review the PNG diffs.
 * The goldens are tied to Debian 12's FreeType/HarfBuzz/SDL (style.md).
 */
#include "../engine_fakes.h"
#include "../tap.h"
#include "../texts.h"
#include "../views.h"

#include "app/receipt.h"
#include "common/bitmap.h"
#include "drivers/printer.h"
#include "common/config.h"
#include "common/kerr.h"
#include "text/text.h"
#include "ui/ui.h"
#include "ui/ui_test.h"

#include <SDL.h>
#include <SDL_image.h>
#include <errno.h>
#include <sys/stat.h>

#define GOLDEN_DIR     "tests/golden/ui"
#define GOLDEN_TOL     40
#define GOLDEN_MAX_BAD 24

static char artifacts[512];
static bool updating;

static void
make_artifacts_dir(void)
{
	const char *b = getenv("KIOSK_BUILD");
	char base[400];
	snprintf(base, sizeof(base), "%s", b && b[0] ? b : "build");
	mkdir(base, 0755);
	snprintf(artifacts, sizeof(artifacts), "%s/test-artifacts", base);
	mkdir(artifacts, 0755);
	snprintf(artifacts, sizeof(artifacts), "%s/test-artifacts/golden", base);
	if (mkdir(artifacts, 0755) < 0 && errno != EEXIST)
		snprintf(artifacts, sizeof(artifacts), "%s", tap_tmpdir());
}

static Uint32
px_at(SDL_Surface *s, int x, int y)
{
	return ((const Uint32 *)((const Uint8 *)s->pixels + (long)y * s->pitch))[x];
}

/* Compares the PNG at actual with the golden `name` in dir; writes the artifacts on a failure. */
static void
compare_in(const char *dir, const char *name, const char *actual)
{
	char golden[600], out[700];
	snprintf(golden, sizeof(golden), "%s/%s.png", dir, name);
	if (updating) {
		SDL_Surface *a = IMG_Load(actual);
		int rc = a ? IMG_SavePNG(a, golden) : -1;
		SDL_FreeSurface(a);
		ok(rc == 0, "%s: golden written to %s", name, golden);
		return;
	}
	SDL_Surface *a0 = IMG_Load(actual), *g0 = IMG_Load(golden);
	if (!a0 || !g0) {
		ok(0, "%s: %s (run `make goldens` and review the pictures)", name,
		   a0 ? "no golden yet" : "the frame could not be read back");
		SDL_FreeSurface(a0);
		SDL_FreeSurface(g0);
		return;
	}
	SDL_Surface *a = SDL_ConvertSurfaceFormat(a0, SDL_PIXELFORMAT_ARGB8888, 0),
	            *g = SDL_ConvertSurfaceFormat(g0, SDL_PIXELFORMAT_ARGB8888, 0);
	SDL_FreeSurface(a0);
	SDL_FreeSurface(g0);
	long bad = 0;
	bool same_size = a && g && a->w == g->w && a->h == g->h;
	SDL_Surface *diff = NULL;
	if (same_size) {
		diff = SDL_CreateRGBSurfaceWithFormat(0, g->w, g->h, 32, SDL_PIXELFORMAT_ARGB8888);
		for (int y = 0; y < g->h; y++) {
			for (int x = 0; x < g->w; x++) {
				Uint32 pa = px_at(a, x, y), pg = px_at(g, x, y);
				int worst = 0;
				for (int sh = 0; sh < 24; sh += 8) {
					int d = abs((int)((pa >> sh) & 0xFF) -
					            (int)((pg >> sh) & 0xFF));
					worst = d > worst ? d : worst;
				}
				/* the golden faded to a quarter, differences in red */
				Uint32 grey = 192 + (((pg >> 8) & 0xFF) >> 2);
				Uint32 o = worst > GOLDEN_TOL
				                   ? 0xFFFF0000u
				                   : 0xFF000000u | grey << 16 | grey << 8 | grey;
				if (worst > GOLDEN_TOL)
					bad++;
				if (diff)
					((Uint32 *)((Uint8 *)diff->pixels +
					            (long)y * diff->pitch))[x] = o;
			}
		}
	}
	bool pass = same_size && bad <= GOLDEN_MAX_BAD;
	if (!pass) {
		snprintf(out, sizeof(out), "%s/%s.actual.png", artifacts, name);
		if (a)
			IMG_SavePNG(a, out);
		if (diff) {
			snprintf(out, sizeof(out), "%s/%s.diff.png", artifacts, name);
			IMG_SavePNG(diff, out);
		}
	}
	if (same_size)
		ok(pass, "%s matches its golden (%ld pixels differ, %d allowed)%s%s", name, bad,
		   GOLDEN_MAX_BAD, pass ? "" : "; see ", pass ? "" : artifacts);
	else
		ok(0, "%s: size %dx%d, golden %dx%d; see %s", name, a ? a->w : 0, a ? a->h : 0,
		   g ? g->w : 0, g ? g->h : 0, artifacts);
	SDL_FreeSurface(diff);
	SDL_FreeSurface(a);
	SDL_FreeSurface(g);
}

static void
compare(const char *name, const char *actual)
{
	compare_in(GOLDEN_DIR, name, actual);
}

static void
shoot(struct ui *ui, const struct ui_view *v, const char *name)
{
	char path[700];
	snprintf(path, sizeof(path), "%s/%s.frame.png", tap_tmpdir(), name);
	int rc = ui_render(ui, v);
	if (rc == 0)
		rc = ui_screenshot(ui, path);
	if (rc < 0) {
		ok(0, "%s renders (%s)", name, kerr_str(rc));
		return;
	}
	compare(name, path);
	remove(path);
}

static void
screens(struct kiosk_config *cfg, int w, int h, const char *orient)
{
	struct ui *ui;
	struct ui_view v;
	char name[128];
	cfg->width = w;
	cfg->height = h;
	if (ui_open(&ui, cfg, test_texts(), true) < 0) {
		ok(0, "ui_open %dx%d", w, h);
		return;
	}
	ui_freeze_animation(ui, 3);
	/* each kind as tests/views.h fills it, then the idle dialog over the info screen */
	for (int k = 0; k <= UI_KIND_COUNT_; k++) {
		for (int l = 0; l < 2; l++) {
			const char *lang = l ? "en" : "ar";
			if (k < UI_KIND_COUNT_) {
				sample_view(&v, (enum ui_kind)k, lang, test_texts());
			} else {
				sample_view(&v, UI_KIND_INFO, lang, test_texts());
				sample_dialog(&v, test_texts(), 30);
			}
			snprintf(name, sizeof(name), "%s-%s-%s",
			         k < UI_KIND_COUNT_ ? sample_kind_name((enum ui_kind)k) : "dialog",
			         lang, orient);
			shoot(ui, &v, name);
		}
	}
	if (!strcmp(orient, "portrait")) {
		/* the modes, and the messages of their own */
		sample_pin_wrong(&v, "ar", test_texts(), 1);
		v.high_contrast = v.large_text = true;
		shoot(ui, &v, "pin-ar-portrait-contrast-large");
		sample_view(&v, UI_KIND_INFO, "en", test_texts());
		v.high_contrast = true;
		shoot(ui, &v, "info-en-portrait-contrast");
		sample_out_of_service(&v, "ar", test_texts());
		v.large_text = true;
		shoot(ui, &v, "error-ar-portrait-large-out_of_service");
		/* the reusable widgets (gallery) and the gallery's two-button dialog */
		char path[700];
		static const char *const gal[2] = {"widgets-ar-portrait",
		                                   "widgets-dialog-en-portrait"};
		for (int g = 0; g < 2; g++) {
			sample_view(&v, UI_KIND_CARD, g ? "en" : "ar", test_texts());
			snprintf(path, sizeof(path), "%s/%s.frame.png", tap_tmpdir(), gal[g]);
			if (ui_render_gallery(ui, &v, g + 1) == 0 && ui_screenshot(ui, path) == 0)
				compare(gal[g], path);
			else
				ok(0, "%s renders", gal[g]);
			remove(path);
		}
	}
	ui_close(ui);
}

/* ---- every step of every service, as the engine fills it ------------------------------------ */

#define STEPS_DIR "tests/golden/steps"

/* The frame of the engine's view now, against its golden picture and its golden text dump
 * (what a person reads, line by line: a changed word fails even where pixels might not). */
static void
shoot_step(struct ui *ui, struct engine *e, const char *name)
{
	char path[700], golden[700], text[16384];
	snprintf(path, sizeof(path), "%s/%s.frame.png", tap_tmpdir(), name);
	if (ui_render(ui, engine_view(e)) < 0 || ui_screenshot(ui, path) < 0) {
		ok(0, "%s renders", name);
		return;
	}
	compare_in(STEPS_DIR, name, path);
	remove(path);
	ui_dump(ui, text, sizeof(text));
	snprintf(golden, sizeof(golden), "%s/%s.txt", STEPS_DIR, name);
	if (updating) {
		FILE *f = fopen(golden, "w");
		ok(f && fputs(text, f) >= 0 && fclose(f) == 0, "%s: text golden written", name);
		return;
	}
	FILE *f = fopen(golden, "r");
	char want[16384];
	size_t n = f ? fread(want, 1, sizeof(want) - 1, f) : 0;
	if (f)
		fclose(f);
	want[n] = '\0';
	bool same = f && strcmp(want, text) == 0;
	if (!same) {
		snprintf(path, sizeof(path), "%s/%s.actual.txt", artifacts, name);
		FILE *o = fopen(path, "w");
		if (o) {
			fputs(text, o);
			fclose(o);
		}
	}
	ok(same, "%s: the screen's text is its golden's%s%s", name, same ? "" : "; see ",
	   same ? "" : path);
}

/* The paper the engine printed, as the renderer draws it for an 80 mm printer, against
 * tests/golden/receipts/<name>.png (the QR's text fixed: the print worker signs the real one). */
static void
receipt_golden(const struct kiosk_config *cfg, const struct receipt *printed, const char *name)
{
	struct text_engine *te = NULL;
	struct bitmap *bm = NULL;
	struct receipt r = *printed;
	char path[700];
	if (!r.slip)
		snprintf(r.qr_text, sizeof(r.qr_text), "https://verify.example/r/TEST");
	snprintf(path, sizeof(path), "%s/%s.paper.png", tap_tmpdir(), name);
	int rc = text_open(&te, cfg->font_dir);
	if (rc == 0)
		rc = receipt_render(te, test_texts(), printer_profile_find("generic-80"), &r, &bm);
	if (rc == 0)
		rc = bitmap_write_png(bm, path);
	if (rc < 0)
		ok(0, "%s: the receipt renders (%s)", name, kerr_str(rc));
	else
		compare_in("tests/golden/receipts", name, path);
	remove(path);
	bitmap_free(bm);
	text_close(te);
}

/* The view in both languages: <svc>-<NN>-<step>-<lang>. */
static void
shoot_both(struct ui *ui, struct engine *e, const char *svc, int nth, const char *step)
{
	for (int l = 0; l < 2; l++) {
		char name[160];
		snprintf(name, sizeof(name), "%s-%02d-%s-%s", svc, nth, step, engine_view(e)->lang);
		shoot_step(ui, e, name);
		engine_action(e, UI_ACT_LANG_TOGGLE, 0);
	}
}

/* The step a link of the screen's step opens when it is an aside one (history, find), else
 * NULL. */
static const char *
aside_target(const struct svc_def *def, const char *state_name)
{
	const char *slash = strchr(state_name, '/');
	for (int i = 0; slash && i < def->nsteps; i++) {
		const struct svc_step *st = &def->steps[i];
		if (strcmp(st->id, slash + 1) != 0 || !st->link || !st->link->step)
			continue;
		for (int k = 0; k < def->nsteps; k++)
			if (!strcmp(def->steps[k].id, st->link->step) && def->steps[k].aside)
				return def->steps[k].id;
	}
	return NULL;
}

static void
service_steps(struct ui *ui, const struct kiosk_config *cfg, const struct svc_def *def)
{
	struct engine *e = open_all();
	char seen[48][64];
	int nseen = 0, nth = 0;
	sign_in_all(e);
	start(e, def);
	for (int guard = 0; guard < 40 && strchr(state(e), '/'); guard++) {
		bool again = false;
		for (int k = 0; k < nseen; k++)
			again |= strcmp(seen[k], state(e)) == 0;
		if (!again && nseen < 48) {
			snprintf(seen[nseen++], 64, "%s", state(e));
			shoot_both(ui, e, def->id, ++nth, strchr(state(e), '/') + 1);
			const char *aside = aside_target(def, state(e));
			if (aside && has_button(e, UI_ACT_LINK)) {
				engine_action(e, UI_ACT_LINK, 0);
				shoot_both(ui, e, def->id, ++nth, aside);
				engine_action(e, UI_ACT_BACK, 0);
			}
		}
		if (!drive_step(e, def))
			break;
	}
	if (F.prints > 0) {
		char name[96];
		snprintf(name, sizeof(name), "step-%s", def->id);
		receipt_golden(cfg, &F.last, name);
	}
	engine_close(e);
}

/* "Check my PIN" and a blocked PIN, before any service. */
static void
pin_steps(struct ui *ui, const struct kiosk_config *cfg)
{
	struct engine *e = open_all();
	shoot_both(ui, e, "pin-check", 1, "attract");
	engine_action(e, UI_ACT_LINK, 0);
	shoot_both(ui, e, "pin-check", 2, "insert");
	insert(e, &person_a, 2);
	shoot_both(ui, e, "pin-check", 3, "pin");
	type_pin(e, "1234");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	shoot_both(ui, e, "pin-check", 4, "ok");
	engine_close(e);
	e = open_all();
	insert(e, &person_a, 0);
	shoot_both(ui, e, "pin-check", 5, "blocked");
	engine_action(e, UI_ACT_NEXT, 0);
	struct print_result pr = {.job = F.job};
	engine_printed(e, &pr);
	shoot_both(ui, e, "pin-check", 6, "slip-printed");
	receipt_golden(cfg, &F.last, "step-pin-blocked-slip");
	engine_close(e);
}

/* Types text into the form on screen, after clearing what is there. */
static void
type_over(struct engine *e, const char *text)
{
	while (engine_view(e)->field[0])
		engine_key(e, UI_KEY_BACKSPACE);
	for (const char *c = text; *c; c++)
		engine_key(e, (unsigned char)*c);
}

/* The job seeker registration at its fullest (the walk above chooses one of everything): a
 * search that finds nothing, three engineers and a fourth refused, a bad mobile, the check with
 * every line and the certificate listing three occupations. */
static void
jobseeker_steps(struct ui *ui, const struct kiosk_config *cfg)
{
	const char *svc = "jobseeker-full";
	const struct svc_def *def = NULL;
	for (int i = 0; i < services_count; i++)
		if (!strcmp(services_all[i]->id, "jobseeker-registration"))
			def = services_all[i];
	if (!def) {
		ok(0, "the job seeker registration is in the table");
		return;
	}
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, def);
	engine_action(e, UI_ACT_CHOOSE, 3);
	type_over(e, "Civil engineering, structures and roads");
	engine_action(e, UI_ACT_NEXT, 0);
	type_over(e, "plumber");
	engine_action(e, UI_ACT_NEXT, 0);
	shoot_both(ui, e, svc, 1, "no-match");
	engine_action(e, UI_ACT_LINK, 0);
	type_over(e, "engin");
	engine_action(e, UI_ACT_NEXT, 0);
	for (int i = 1; i < 5; i++)
		engine_action(e, UI_ACT_CHOOSE, i % 4);
	shoot_both(ui, e, svc, 2, "max-chosen");
	engine_action(e, UI_ACT_NEXT, 0);
	engine_action(e, UI_ACT_CHOOSE, 1);
	engine_action(e, UI_ACT_CHOOSE, 0);
	type_over(e, "12345678");
	engine_action(e, UI_ACT_NEXT, 0);
	shoot_both(ui, e, svc, 3, "bad-mobile");
	type_over(e, "91234567");
	engine_action(e, UI_ACT_NEXT, 0);
	shoot_both(ui, e, svc, 4, "check");
	engine_action(e, UI_ACT_NEXT, 0);
	struct sync_note n = {.kind = SYNC_NOTE_ACKED, .seq = F.seq};
	snprintf(n.ref, sizeof(n.ref), "MOL-000001");
	engine_sync(e, &n);
	if (F.prints > 0)
		receipt_golden(cfg, &F.last, "step-jobseeker-full");
	else
		ok(0, "the certificate printed");
	engine_close(e);
}

static void
steps(struct kiosk_config *cfg)
{
	struct ui *ui;
	cfg->width = 720;
	cfg->height = 1280;
	I18N = (struct i18n *)test_texts();
	for (int i = 0; i < services_count && nall < 63; i++)
		all_plus_test[nall++] = services_all[i];
	if (ui_open(&ui, cfg, test_texts(), true) < 0) {
		ok(0, "ui_open for the steps");
		return;
	}
	ui_freeze_animation(ui, 3);
	klog_set_level(KLOG_ERR);
	for (int i = 0; i < services_count; i++)
		service_steps(ui, cfg, services_all[i]);
	jobseeker_steps(ui, cfg);
	pin_steps(ui, cfg);
	ui_close(ui);
}

struct line {
	const char *name;
	const char *before, *field, *after; /* field is wrapped in LRI..PDI when not NULL */
	enum text_dir dir;
};

static void
tricky_lines(const struct kiosk_config *cfg)
{
	static const struct line lines[] = {
	        {"line-licence-date", "رقم الترخيص ", "LIC-2024-00123",
	         " صالح حتى ⁦2025-03-01⁩", TEXT_DIR_AUTO},
	        {"line-amount-omr", "الرسوم المستحقة: ", "12.500 OMR", " تُدفع عند الاستلام",
	         TEXT_DIR_AUTO},
	        {"line-phone", "للاستفسار اتصل على ", "+968 2468 1234", " من الأحد إلى الخميس",
	         TEXT_DIR_AUTO},
	        {"line-diacritics", "وَزَارَةُ العَمَلِ تُرَحِّبُ بِكُمْ", NULL, "", TEXT_DIR_AUTO},
	        {"line-english-word", "يرجى تحميل تطبيق ", NULL, "Sanad ثم مسح الرمز",
	         TEXT_DIR_AUTO},
	        {"line-arabic-digits", "رقم الطلب ١٢٣٤٥ بتاريخ ٢٠٢٤/٠٣/٠١", NULL, "", TEXT_DIR_RTL},
	};
	struct text_engine *te;
	if (text_open(&te, cfg->font_dir) < 0) {
		ok(0, "text_open");
		return;
	}
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		char iso[128] = "", text[512], path[700];
		if (lines[i].field)
			text_isolate_ltr(lines[i].field, iso, sizeof(iso));
		snprintf(text, sizeof(text), "%s%s%s", lines[i].before, iso, lines[i].after);
		struct text_style st = {.size_px = 40, .dir = lines[i].dir};
		struct bitmap *bm = NULL;
		int rc = text_render(te, text, &st, 0, &bm, NULL);
		snprintf(path, sizeof(path), "%s/%s.png", tap_tmpdir(), lines[i].name);
		if (rc < 0 || !bm || bitmap_write_png(bm, path) < 0) {
			ok(0, "%s renders", lines[i].name);
		} else {
			compare(lines[i].name, path);
			remove(path);
		}
		bitmap_free(bm);
	}
	text_close(te);
}

int
main(void)
{
	struct kiosk_config cfg;
	const char *u = getenv("UPDATE_GOLDENS");
	updating = u && !strcmp(u, "1");
	make_artifacts_dir();
	config_defaults(&cfg, ".");
	if (updating) {
		mkdir(GOLDEN_DIR, 0755);
		mkdir(STEPS_DIR, 0755);
	}
	screens(&cfg, 1080, 1920, "portrait");
	screens(&cfg, 1920, 1080, "landscape");
	tricky_lines(&cfg);
	steps(&cfg);
	return tap_done();
}
