/*
 * script.h - automation scripts for the running kiosk (end-to-end tests, demos, screenshots).
 *
 * `kiosk --script FILE` runs one command per line inside the main loop, on the main thread,
 * driving the real screens with injected touch events and printing TAP lines for its checks.
 * What a check reads is what the person sees: the engine's state name and the text dump of the
 * last drawn frame (ui_dump(): every text and button label, in the frame's language).
 *
 *   expect STATE [MS]       wait until the engine's state is STATE ("attract", "pin", "home",
 *                           "establishments", "visit-receipt/welcome", ...); fail after MS
 *                           (default 10000) real ms
 *   expect-text TEXT        wait (10 s) until the screen shows TEXT (the rest of the line;
 *                           the screen's text without its bidi controls)
 *   expect-msg KEY [MS]     wait until the screen shows the text of message KEY (po/) in the
 *                           screen's language, up to its first {placeholder}
 *   expect-no-msg KEY       the screen does not show that text now
 *   expect-no-text TEXT     the screen does not show TEXT now
 *   expect-no-personal      every byte of the session is zero: no personal data is held
 *                           (after a session ended; pair it with expect-no-text NAME)
 *   tap ACTION [ARG]        touch the widget: next, back, cancel, finish, continue, lang,
 *                           contrast, large, insert, remove, choose N (a row), page 1|-1
 *   tap-text TEXT           touch the button or row whose label shows TEXT
 *   type TEXT               touch the on-screen keys of TEXT one by one
 *   pin DIGITS              touch the PIN keypad's digits, then OK (digits never logged)
 *   card insert [NAME]      simulator reader: insert a demo card; card remove
 *   advance SECONDS         move the fake clock ([clock] backend = fake)
 *   wait-gone PATH [MS]     wait until PATH no longer exists (a test's shell removed it)
 *   shot NAME               save a screenshot to ARTIFACTS/NAME.png; its TAP line says what it
 *                           shows: "ok N - shot NAME (STATE, LANG)" (scripts/demo reads it)
 *   dump NAME               save the screen's text dump to ARTIFACTS/NAME.txt
 *   quit                    stop the kiosk (exit status 0 only if every check passed)
 */
#ifndef KIOSK_SCRIPT_H
#define KIOSK_SCRIPT_H

#include <stdbool.h>

struct kiosk;
struct script;

int script_load(const char *path, const char *artifacts_dir, struct script **out);
void script_free(struct script *sc);
/* Runs as far as it can without blocking; returns true when the script asks to quit. */
bool script_step(struct script *sc, struct kiosk *k);
int script_failures(const struct script *sc);

#endif
