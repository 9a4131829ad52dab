/*
 * kiosk.h - struct kiosk: everything the running kiosk owns, made once in main() and passed down.
 * Only the main thread reads or writes it; workers talk to it through ui_post() events.
 */
#ifndef KIOSK_KIOSK_H
#define KIOSK_KIOSK_H

#include <stdbool.h>
#include <stdint.h>

#include "../common/config.h"
#include "../drivers/card/identity.h"
#include "../drivers/clock.h"
#include "../ui/ui.h"

struct i18n;
struct queue;
struct cardmon;
struct print_worker;
struct sync;
struct query;
struct script;
struct engine;

struct kiosk {
	struct kiosk_config cfg;
	struct clock_dev clock;
	struct i18n *i18n; /* every text, both languages: shared by the ui and the print worker */
	struct ui *ui;
	struct queue *queue; /* the main thread's connection to the outbox */
	struct cardmon *cardmon;
	struct print_worker *printer;
	struct sync *sync;
	struct query *query;   /* the query worker (app/backend/query.h) */
	struct script *script; /* --script automation (tests, demos), NULL normally */
	struct engine *engine; /* the states and the services (app/engine/engine.h) */
	bool quit;
	int exit_code;
	/* The outbox cannot be used (unwritable, full, quarantined as corrupt): no session may
	 * start, the screen says so, and main.c retries opening it every STORAGE_RETRY_MS. */
	bool out_of_service;
	int64_t storage_retry_at; /* monotonic ms of the next attempt */
};

#endif
