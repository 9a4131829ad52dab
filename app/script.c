/*
 * script.c - the automation script runner (see script.h). Each main-loop iteration calls
 * script_step(), which executes commands until one has to wait (an expect not yet true).
 * Timeouts use the system clock even when the kiosk runs on the fake one.
 */
#include "script.h"

#include "../common/kerr.h"
#include "../common/klog.h"
#include "../common/xalloc.h"
#include "../drivers/clock.h"
#include "cardmon.h"
#include "flow.h"
#include "kiosk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

static const char *const msg_names[UI_MSG_COUNT_] = {
        [UI_MSG_NONE] = "none",
        [UI_MSG_CARD_UNREADABLE] = "unreadable",
        [UI_MSG_CARD_REMOVED] = "removed",
        [UI_MSG_PRINTER_PAPER] = "paper",
        [UI_MSG_PRINTER_FAULT] = "printer",
        [UI_MSG_SAVE_FAILED] = "save-failed",
        [UI_MSG_SENT] = "sent",
        [UI_MSG_QUEUED] = "queued",
        [UI_MSG_PIN_WRONG] = "pin-wrong",
        [UI_MSG_PIN_BLOCKED] = "pin-blocked",
        [UI_MSG_CARD_EXPIRED] = "expired",
        [UI_MSG_CARD_NOT_GENUINE] = "not-genuine",
        [UI_MSG_OUT_OF_SERVICE] = "out-of-service",
};

static const struct {
	const char *name;
	enum ui_action action;
} actions[] = {
        {"lang", UI_ACT_LANG_TOGGLE},  {"print", UI_ACT_PRINT},       {"finish", UI_ACT_FINISH},
        {"continue", UI_ACT_CONTINUE}, {"insert", UI_ACT_SIM_INSERT}, {"remove", UI_ACT_SIM_REMOVE},
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

/* Executes one line; returns false when it has to wait and must be retried. */
static bool
exec_line(struct script *sc, struct kiosk *k, const char *line, bool *quit)
{
	char cmd[32] = "", a1[128] = "", a2[64] = "";
	int x, y;
	sscanf(line, "%31s %127s %63s", cmd, a1, a2);
	long timeout = a2[0] ? strtol(a2, NULL, 10) : 10000;

	if (strcmp(cmd, "expect") == 0)
		return expect(sc, line, strcmp(flow_screen_name(k->view.screen), a1) == 0, timeout,
		              flow_screen_name(k->view.screen));
	if (strcmp(cmd, "expect-msg") == 0) {
		const char *cur =
		        (unsigned)k->view.msg < UI_MSG_COUNT_ ? msg_names[k->view.msg] : "?";
		return expect(sc, line, strcmp(cur, a1) == 0, timeout, cur);
	}
	if (strcmp(cmd, "expect-no-personal") == 0) {
		bool clean = !k->view.name_ar[0] && !k->view.name_en[0] && !k->view.reference[0] &&
		             !k->s.active && !k->s.id.civil_number[0] && !k->s.id.name_en[0];
		check(sc, clean, line, clean ? NULL : "personal data still held");
		return true;
	}
	if (strcmp(cmd, "tap") == 0) {
		for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++) {
			if (strcmp(actions[i].name, a1) != 0)
				continue;
			int rc = ui_widget_center(k->ui, actions[i].action, &x, &y);
			if (rc == 0)
				rc = ui_inject_tap(k->ui, x, y);
			check(sc, rc == 0, line, rc ? "no such widget on this screen" : NULL);
			return true;
		}
		check(sc, 0, line, "unknown action");
		return true;
	}
	if (strcmp(cmd, "card") == 0) {
		char c[sizeof(a1) + sizeof(a2) + 2];
		snprintf(c, sizeof(c), "%s%s%s", a1, a2[0] ? " " : "", a2);
		int rc = k->cardmon ? cardmon_control(k->cardmon, c) : KERR_NODEV;
		check(sc, rc == 0, line, rc ? kerr_str(rc) : NULL);
		return true;
	}
	if (strcmp(cmd, "pin") == 0) { /* "pin DIGITS": typed on the keypad, then OK */
		bool digits = a1[0] != 0;
		for (const char *d = a1; *d; d++)
			digits = digits && *d >= '0' && *d <= '9';
		if (digits) {
			for (const char *d = a1; *d; d++)
				flow_on_pin_digit(k, *d - '0');
			flow_on_action(k, UI_ACT_PIN_OK);
		}
		check(sc, digits && k->view.screen != UI_SCR_ERROR, "pin (digits not logged)",
		      digits ? NULL : "expected digits");
		return true;
	}
	if (strcmp(cmd, "wait-gone") == 0) { /* another process removes a file (tests) */
		return expect(sc, line, access(a1, F_OK) != 0, timeout, "still there");
	}
	if (strcmp(cmd, "advance") == 0) {
		int rc = clock_advance(&k->clock, strtoll(a1, NULL, 10) * 1000);
		check(sc, rc == 0, line, rc ? "clock is not the fake one" : NULL);
		return true;
	}
	if (strcmp(cmd, "shot") == 0) {
		char path[700];
		snprintf(path, sizeof(path), "%s/%s.png", sc->artifacts, a1);
		int rc = ui_render(k->ui, &k->view);
		if (rc == 0)
			rc = ui_screenshot(k->ui, path);
		check(sc, rc == 0, line, rc ? kerr_str(rc) : NULL);
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
		if (!exec_line(sc, k, sc->lines[sc->pc], &quit))
			return false;
		sc->pc++;
		if (strncmp(sc->lines[sc->pc - 1], "tap", 3) == 0 ||
		    strncmp(sc->lines[sc->pc - 1], "card", 4) == 0 ||
		    strncmp(sc->lines[sc->pc - 1], "advance", 7) == 0)
			return false; /* let the main loop deliver what the command caused */
	}
	return quit || sc->pc >= sc->nlines;
}
