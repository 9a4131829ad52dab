/*
 * script.c - the automation script runner (see script.h). Each main-loop iteration calls
 * script_step(), which executes commands until one has to wait (an expect not yet true).
 * Timeouts use the system clock even when the kiosk runs on the fake one.
 */
#include "script.h"

#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/utf8.h"
#include "../common/xalloc.h"
#include "../drivers/clock.h"
#include "../text/i18n.h"
#include "../text/text.h"
#include "cardmon.h"
#include "engine/engine.h"
#include "engine/session.h"
#include "kiosk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UI_DUMP_TEXT_MAX 16384

#define SCRIPT_MAX_LINES 512

struct script {
	char *lines[SCRIPT_MAX_LINES];
	int nlines;
	int pc;
	int checks, failures;
	int64_t wait_started; /* real ms when the current expect began, 0 = not waiting */
	struct clock_dev real;
	char artifacts[512];
};

int
script_load(const char *path, const char *artifacts_dir, struct script **out)
{
	char buf[512];
	FILE *f = fopen(path, "r");
	*out = NULL;
	if (!f) {
		klog(KLOG_ERR, "script", "cannot open %s", path);
		return KERR_IO;
	}
	struct script *sc = xcalloc(1, sizeof(*sc));
	while (fgets(buf, sizeof(buf), f) && sc->nlines < SCRIPT_MAX_LINES) {
		buf[strcspn(buf, "\r\n")] = 0;
		char *p = buf;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != '#')
			sc->lines[sc->nlines++] = xstrdup(p);
	}
	fclose(f);
	snprintf(sc->artifacts, sizeof(sc->artifacts), "%s", artifacts_dir ? artifacts_dir : ".");
	clock_open_named(&sc->real, "system", NULL);
	*out = sc;
	return 0;
}

void
script_free(struct script *sc)
{
	if (!sc)
		return;
	for (int i = 0; i < sc->nlines; i++)
		free(sc->lines[i]);
	clock_close(&sc->real);
	free(sc);
}

int
script_failures(const struct script *sc)
{
	return sc->failures;
}

static void
check(struct script *sc, int pass, const char *line, const char *why)
{
	sc->checks++;
	if (!pass)
		sc->failures++;
	printf("%sok %d - %s%s%s\n", pass ? "" : "not ", sc->checks, line, why ? ": " : "",
	       why ? why : "");
	fflush(stdout);
}

/* For an expect: true when it is settled (passed or timed out). */
static bool
expect(struct script *sc, const char *line, bool cond, long timeout_ms, const char *now_is)
{
	int64_t now = clock_mono_ms(&sc->real);
	if (cond) {
		check(sc, 1, line, NULL);
		sc->wait_started = 0;
		return true;
	}
	if (!sc->wait_started)
		sc->wait_started = now;
	if (now - sc->wait_started < timeout_ms)
		return false;
	char why[96];
	snprintf(why, sizeof(why), "timed out; it is %s", now_is);
	check(sc, 0, line, why);
	sc->wait_started = 0;
	return true;
}

/* The text of the last drawn frame (ui_dump()). */
static const char *
screen_text(struct kiosk *k)
{
	static char dump[UI_DUMP_TEXT_MAX], plain[UI_DUMP_TEXT_MAX];
	ui_render(k->ui, engine_view(k->engine));
	ui_dump(k->ui, dump, sizeof(dump));
	text_strip_controls(dump, plain, sizeof(plain)); /* isolates and marks: what is read */
	return plain;
}

/* Touches the centre of the widget of action a (of its key arg when by_arg). */
static int
tap_widget(struct kiosk *k, enum ui_action a, int arg, bool by_arg)
{
	int x = 0, y = 0;
	int rc = by_arg ? ui_widget_center_arg(k->ui, a, arg, &x, &y)
	                : ui_widget_center(k->ui, a, &x, &y);
	return rc ? rc : ui_inject_tap(k->ui, x, y);
}

/* The rest of the line after the command word (a text with spaces). */
static const char *
rest(const char *line)
{
	const char *p = line + strcspn(line, " \t");
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Touches the on-screen key of one code point; a digits pad has ASCII digits only. */
static int
type_cp(struct kiosk *k, uint32_t cp)
{
	return tap_widget(k, UI_ACT_KEY, (int)cp, true);
}

/* Executes one line; returns false when it has to wait and must be retried. */
static bool
exec_line(struct script *sc, struct kiosk *k, const char *line, bool *quit)
{
	char cmd[32] = "", a1[128] = "", a2[64] = "";
	int x = 0, y = 0, rc;
	sscanf(line, "%31s %127s %63s", cmd, a1, a2);
	/* a touch lands on what the engine shows now, not on the frame drawn before it changed */
	if (strncmp(cmd, "tap", 3) == 0 || strcmp(cmd, "type") == 0 || strcmp(cmd, "pin") == 0)
		ui_render(k->ui, engine_view(k->engine));
	long timeout = a2[0] ? strtol(a2, NULL, 10) : 10000;

	if (strcmp(cmd, "expect") == 0) {
		const char *now = engine_state_name(k->engine);
		return expect(sc, line, strcmp(now, a1) == 0, timeout, now);
	}
	if (strcmp(cmd, "expect-text") == 0)
		return expect(sc, line, strstr(screen_text(k), rest(line)) != NULL, 10000,
		              engine_state_name(k->engine));
	if (strcmp(cmd, "expect-msg") == 0 || strcmp(cmd, "expect-no-msg") == 0) {
		/* the text of key a1 in the screen's language, up to its first placeholder */
		char want[512];
		const char *lang = engine_view(k->engine)->lang;
		if (!i18n_lookup(i18n_catalog_of(k->i18n, lang), a1)) {
			check(sc, 0, line, "no such message in po/");
			return true;
		}
		text_strip_controls(i18n_tr(k->i18n, lang, a1), want, sizeof(want));
		want[strcspn(want, "{")] = '\0';
		bool shown = want[0] && strstr(screen_text(k), want) != NULL;
		if (cmd[7] == 'm')
			return expect(sc, line, shown, timeout, engine_state_name(k->engine));
		check(sc, want[0] && !shown, line, shown ? "it is on the screen" : NULL);
		return true;
	}
	if (strcmp(cmd, "expect-no-text") == 0) {
		bool absent = strstr(screen_text(k), rest(line)) == NULL;
		check(sc, absent, line, absent ? NULL : "it is on the screen");
		return true;
	}
	if (strcmp(cmd, "expect-no-personal") == 0) {
		const struct session *s = engine_session(k->engine);
		const unsigned char *p = (const unsigned char *)s;
		bool clean = true;
		for (size_t i = 0; i < sizeof(*s); i++)
			clean = clean && p[i] == 0;
		check(sc, clean, line, clean ? NULL : "personal data still held");
		return true;
	}
	if (strcmp(cmd, "tap") == 0) {
		enum ui_action a = ui_action_by_name(a1);
		if (a == UI_ACT_NONE) {
			check(sc, 0, line, "unknown action");
			return true;
		}
		rc = tap_widget(k, a, a2[0] ? (int)strtol(a2, NULL, 10) : 0, a2[0] != 0);
		check(sc, rc == 0, line, rc ? "no such widget on this screen" : NULL);
		return true;
	}
	if (strcmp(cmd, "tap-text") == 0) {
		rc = ui_find_label(k->ui, rest(line), &x, &y);
		if (rc == 0)
			rc = ui_inject_tap(k->ui, x, y);
		check(sc, rc == 0, line, rc ? "nothing with that label on this screen" : NULL);
		return true;
	}
	if (strcmp(cmd, "type") == 0) {
		const char *t = rest(line);
		size_t len = strlen(t);
		rc = 0;
		while (rc == 0 && len > 0) {
			uint32_t cp;
			size_t used;
			utf8_next(t, len, &cp, &used);
			rc = type_cp(k, cp == ' ' ? ' ' : cp);
			t += used;
			len -= used;
		}
		check(sc, rc == 0, "type (text not logged)",
		      rc ? "a key is not on this keyboard" : NULL);
		return true;
	}
	if (strcmp(cmd, "card") == 0) {
		char c[sizeof(a1) + sizeof(a2) + 2];
		snprintf(c, sizeof(c), "%s%s%s", a1, a2[0] ? " " : "", a2);
		rc = k->cardmon ? cardmon_control(k->cardmon, c) : KERR_NODEV;
		check(sc, rc == 0, line, rc ? kerr_str(rc) : NULL);
		return true;
	}
	if (strcmp(cmd, "pin") == 0) { /* "pin DIGITS": touched on the keypad, then OK */
		bool digits = a1[0] != 0;
		rc = 0;
		for (const char *d = a1; *d; d++)
			digits = digits && *d >= '0' && *d <= '9';
		for (const char *d = a1; digits && rc == 0 && *d; d++)
			rc = tap_widget(k, UI_ACT_PIN_DIGIT, *d - '0', true);
		if (digits && rc == 0)
			rc = tap_widget(k, UI_ACT_PIN_OK, 0, false);
		check(sc, digits && rc == 0, "pin (digits not logged)",
		      !digits ? "expected digits"
		      : rc    ? "no PIN keypad on this screen"
		              : NULL);
		return true;
	}
	if (strcmp(cmd, "wait-gone") == 0) /* another process removes a file (tests) */
		return expect(sc, line, access(a1, F_OK) != 0, timeout, "still there");
	if (strcmp(cmd, "advance") == 0) {
		rc = clock_advance(&k->clock, strtoll(a1, NULL, 10) * 1000);
		check(sc, rc == 0, line, rc ? "clock is not the fake one" : NULL);
		return true;
	}
	if (strcmp(cmd, "shot") == 0 || strcmp(cmd, "dump") == 0) {
		char path[700];
		bool shot = cmd[0] == 's';
		snprintf(path, sizeof(path), "%s/%s.%s", sc->artifacts, a1, shot ? "png" : "txt");
		rc = ui_render(k->ui, engine_view(k->engine));
		if (rc == 0 && shot) {
			rc = ui_screenshot(k->ui, path);
		} else if (rc == 0) {
			FILE *f = fopen(path, "w");
			rc = f && fputs(screen_text(k), f) >= 0 ? 0 : KERR_IO;
			if (f && fclose(f) != 0)
				rc = KERR_IO;
		}
		/* a shot says what it shows, for scripts/demo: "shot NAME (STATE, LANG)" */
		char what[256];
		if (shot)
			snprintf(what, sizeof(what), "shot %s (%s, %s)", a1,
			         engine_state_name(k->engine), engine_view(k->engine)->lang);
		check(sc, rc == 0, shot ? what : line, rc ? kerr_str(rc) : NULL);
		return true;
	}
	if (strcmp(cmd, "quit") == 0) {
		*quit = true;
		return true;
	}
	check(sc, 0, line, "unknown command");
	return true;
}

bool
script_step(struct script *sc, struct kiosk *k)
{
	bool quit = false;
	while (sc->pc < sc->nlines && !quit) {
		/* a tap acts when the main loop reaches it, which may be after a worker's events
		 * queued before it: the next command (a shot, another tap) waits for that */
		if (ui_input_pending(k->ui))
			return false;
		if (!exec_line(sc, k, sc->lines[sc->pc], &quit))
			return false;
		sc->pc++;
		const char *done = sc->lines[sc->pc - 1];
		if (strncmp(done, "tap", 3) == 0 || strncmp(done, "card", 4) == 0 ||
		    strncmp(done, "advance", 7) == 0 || strncmp(done, "pin", 3) == 0 ||
		    strncmp(done, "type", 4) == 0)
			return false; /* let the main loop deliver what the command caused */
	}
	return quit || sc->pc >= sc->nlines;
}
