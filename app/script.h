/*
 * script.h - automation scripts for the running kiosk (end-to-end tests, demos, screenshots).
 *
 * `kiosk --script FILE` runs one command per line inside the main loop, on the main thread,
 * driving the real screens with injected touch events and printing TAP lines for its checks:
 *
 *   expect SCREEN [MS]     wait until the screen is SCREEN (attract, reading, welcome, working,
 *                          result, error, idle-warn); fail after MS (default 10000) real ms
 *   expect-msg MSG [MS]    wait until the message is MSG (sent, queued, paper, ...)
 *   expect-no-personal     the view holds no name or reference (after a session ended)
 *   tap ACTION             touch the widget: lang, print, finish, continue, insert, remove
 *   card insert [NAME]     simulator reader: insert a demo card; card remove
 *   advance SECONDS        move the fake clock ([clock] backend = fake)
 *   wait-gone PATH [MS]    wait until PATH no longer exists (a test's shell removed it)
 *   shot NAME              save a screenshot to ARTIFACTS/NAME.png
 *   quit                   stop the kiosk (exit status 0 only if every check passed)
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
