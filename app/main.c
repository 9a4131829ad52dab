/*
 * main.c - the kiosk program: command line, start-up in dependency order, the main loop, and
 * clean shutdown. Start here. Everything the kiosk owns lives in one struct kiosk (app/kiosk.h).
 *
 * Threads: the main thread owns SDL (through ui/) and the flow; the card, print, sync and query
 * workers post events to it with ui_post(); a signal thread turns SIGINT/SIGTERM into APP_EV_QUIT
 * so that shutdown always runs the same path (workers joined, database closed).
 *
 * Exit status: 0 normal, 1 a --script check failed, 2 bad configuration or usage, 4 no display,
 * fonts or English texts (en.mo), 5 a device backend failed to start. An unusable database does not
 * stop the kiosk: it shows "out of service", takes no session, and retries until the database
 * opens.
 */
#include "../common/config.h"
#include "../common/kerr.h"
#include "../common/klog.h"
#include "../drivers/clock.h"
#include "../drivers/net.h"
#include "../offline-cache/queue.h"
#include "../services/table.h"
#include "../text/i18n.h"
#include "../ui/ui.h"
#include "backend/query.h"
#include "cardmon.h"
#include "events.h"
#include "engine/engine.h"
#include "engine/session.h"
#include "kiosk.h"
#include "ports.h"
#include "print.h"
#include "script.h"
#include "sync.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KIOSK_VERSION    "0.1.0"
#define STORAGE_RETRY_MS 30000

struct options {
	const char *config;
	const char *check_config;
	const char *script;
	const char *artifacts;
	bool headless;
	bool config_doc;
};

static void
usage(FILE *out)
{
	/* command-line help for the technician: not user text */
	fputs("usage: kiosk [-c FILE] [--headless] [--script FILE [--artifacts DIR]]\n"
	      "       kiosk --check-config FILE\n"
	      "       kiosk --config-doc\n"
	      "  -c, --config FILE     configuration (default: kiosk.conf)\n"
	      "  --check-config FILE   validate FILE, print every problem with its line, exit 0 if "
	      "valid\n"
	      "  --config-doc          print the reference of every kiosk.conf key (Markdown)\n"
	      "  --headless            draw off screen (no display needed)\n"
	      "  --script FILE         run an automation script (see app/script.h)\n"
	      "  --artifacts DIR       where the script's screenshots go\n",
	      out);
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->config = "kiosk.conf";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_next = i + 1 < argc;
		if ((!strcmp(a, "-c") || !strcmp(a, "--config")) && has_next)
			o->config = argv[++i];
		else if (!strcmp(a, "--check-config") && has_next)
			o->check_config = argv[++i];
		else if (!strcmp(a, "--script") && has_next)
			o->script = argv[++i];
		else if (!strcmp(a, "--artifacts") && has_next)
			o->artifacts = argv[++i];
		else if (!strcmp(a, "--headless"))
			o->headless = true;
		else if (!strcmp(a, "--config-doc"))
			o->config_doc = true;
		else if (!strcmp(a, "--version")) {
			printf("kiosk %s\n", KIOSK_VERSION);
			exit(0);
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			exit(0);
		} else {
			fprintf(stderr, "kiosk: unknown or incomplete option '%s'\n", a);
			usage(stderr);
			return KERR_INVAL;
		}
	}
	return 0;
}

static void *
signal_thread(void *arg)
{
	sigset_t *set = arg;
	int sig;
	for (;;) {
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGUSR1) /* our own "stop waiting" at shutdown */
			return NULL;
		klog(KLOG_INFO, "main", "signal %d: shutting down", sig);
		ui_post(APP_EV_QUIT, NULL);
	}
}

/* Frees the data of an app event without acting on it (card notes and answers are wiped). */
static void
discard_app_event(const struct ui_event *ev)
{
	if (ev->app_code == APP_EV_CARD)
		cardmon_note_free(ev->app_data);
	else if (ev->app_code == APP_EV_ANSWER)
		query_answer_free(ev->app_data);
	else
		free(ev->app_data);
}

static void
handle_app_event(struct kiosk *k, const struct ui_event *ev)
{
	switch (ev->app_code) {
	case APP_EV_QUIT:
		k->quit = true;
		break;
	case APP_EV_CARD:
		engine_card(k->engine, ev->app_data);
		cardmon_note_free(ev->app_data);
		break;
	case APP_EV_PRINTED:
		engine_printed(k->engine, ev->app_data);
		free(ev->app_data);
		break;
	case APP_EV_SYNC:
		engine_sync(k->engine, ev->app_data);
		free(ev->app_data);
		break;
	case APP_EV_ANSWER:
		engine_answer(k->engine, ev->app_data);
		query_answer_free(ev->app_data);
		break;
	default:
		klog(KLOG_WARN, "main", "unknown event %d", ev->app_code);
		discard_app_event(ev);
		break;
	}
}

/* After the workers are joined: events they posted that the loop never took still own memory
 * (and a card note holds personal data). Nothing is posted any more, so the queue empties. */
static void
drain_events(struct kiosk *k)
{
	struct ui_event ev;
	while (ui_wait_event(k->ui, 0, &ev) == 0 && ev.type != UI_EV_NONE)
		if (ev.type == UI_EV_APP)
			discard_app_event(&ev);
}

/* While out of service, tries the outbox again every STORAGE_RETRY_MS; back in service once it
 * opens (with its checks), with the sync worker started then. */
static void
storage_retry(struct kiosk *k)
{
	int64_t now = clock_mono_ms(&k->clock);
	if (!k->out_of_service || now < k->storage_retry_at)
		return;
	k->storage_retry_at = now + STORAGE_RETRY_MS;
	if (queue_open_cfg(&k->cfg, &k->queue) != 0)
		return;
	klog(KLOG_INFO, "main", "the database opens again: back in service");
	int rc = sync_start(&k->sync, &k->cfg, &k->clock);
	if (rc)
		klog(KLOG_ERR, "main", "sync worker failed to start: %s", kerr_str(rc));
	k->out_of_service = false;
	engine_set_out_of_service(k->engine, false);
}

static void
main_loop(struct kiosk *k)
{
	while (!k->quit) {
		struct ui_event ev;
		int timeout = k->script ? 10 : 250; /* the tick only drives the idle countdown */
		if (ui_wait_event(k->ui, timeout, &ev) == 0) {
			switch (ev.type) {
			case UI_EV_QUIT:
				k->quit = true;
				break;
			case UI_EV_ACTION:
				if (ev.action == UI_ACT_KEY)
					engine_key(k->engine, ev.arg);
				else
					engine_action(k->engine, ev.action, ev.arg);
				break;
			case UI_EV_INPUT:
				engine_input(k->engine);
				break;
			case UI_EV_APP:
				handle_app_event(k, &ev);
				break;
			case UI_EV_NONE:
				break;
			}
		}
		engine_tick(k->engine);
		storage_retry(k);
		if (k->script && script_step(k->script, k))
			k->quit = true;
		ui_render(k->ui, engine_view(k->engine));
	}
}

static int
check_config(const char *path)
{
	struct kiosk_config cfg;
	int rc = config_load(path, &cfg, stderr);
	if (rc == 0)
		printf("%s: OK\n", path);
	return rc == 0 ? 0 : 2;
}

int
main(int argc, char **argv)
{
	struct options o;
	struct kiosk *k;
	sigset_t sigs;
	pthread_t sigthr;
	int rc, status = 0;

	if (parse_args(argc, argv, &o))
		return 2;
	if (o.config_doc) {
		config_write_doc(stdout);
		return 0;
	}
	if (o.check_config)
		return check_config(o.check_config);
	session_json_alloc_init(); /* every JSON block is zeroed when freed: personal data */
	k = calloc(1, sizeof(*k));
	if (!k)
		return 1;

	if (config_load(o.config, &k->cfg, stderr)) {
		fprintf(stderr, "kiosk: configuration %s is not usable; not starting\n", o.config);
		free(k);
		return 2;
	}
	klog_set_level(!strcmp(k->cfg.log_level, "error")   ? KLOG_ERR
	               : !strcmp(k->cfg.log_level, "warn")  ? KLOG_WARN
	               : !strcmp(k->cfg.log_level, "debug") ? KLOG_DEBUG
	                                                    : KLOG_INFO);
	klog(KLOG_INFO, "main", "kiosk %s (%s) starting", KIOSK_VERSION, k->cfg.kiosk_id);

	/* Signals go to the signal thread only: block them before any thread starts. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((rc = clock_open(&k->clock, &k->cfg))) {
		status = 2;
		goto out_free;
	}
	/* Every text of the screen and the receipt, opened once: the ui and the print worker
	 * share it. Without English (the fallback of every text) the kiosk would show keys. */
	if ((rc = i18n_open_all(&k->i18n, NULL))) {
		fprintf(stderr, "kiosk: cannot load the texts (en.mo): %s (see the log above)\n",
		        kerr_str(rc));
		status = 4;
		goto out_clock;
	}
	/* The digits of each language, before the ui and the print worker share the texts: the
	 * screen and the paper then write every number alike (config.c checked the values). */
	enum i18n_digits ar = I18N_DIGITS_WESTERN, en = I18N_DIGITS_WESTERN;
	i18n_digits_parse(k->cfg.digits_ar, &ar);
	i18n_digits_parse(k->cfg.digits_en, &en);
	i18n_set_digits(k->i18n, "ar", ar);
	i18n_set_digits(k->i18n, "en", en);
	if ((rc = ui_open(&k->ui, &k->cfg, k->i18n, o.headless))) {
		fprintf(stderr, "kiosk: cannot start the screen: %s (see the log above)\n",
		        kerr_str(rc));
		status = 4;
		goto out_i18n;
	}
	if ((rc = queue_open_cfg(&k->cfg, &k->queue))) {
		/* Stay up and say so on screen; main_loop() retries (a technician may free space or
		 * remove a quarantine marker). Nothing is taken while the outbox is unusable. */
		fprintf(stderr,
		        "kiosk: cannot use the database %s: %s; out of service until it opens\n",
		        k->cfg.cache_database, kerr_str(rc));
		k->out_of_service = true;
		k->storage_retry_at = clock_mono_ms(&k->clock) + STORAGE_RETRY_MS;
	}
	if (o.script && script_load(o.script, o.artifacts, &k->script)) {
		status = 2;
		goto out_queue;
	}
	struct engine_config ec;
	struct engine_ports ports;
	ports_engine_config(&ec, &k->cfg);
	ports_init(&ports, k);
	if ((rc = engine_open(&k->engine, &ec, &ports, k->i18n, services_all, services_count))) {
		status = 2;
		goto out_script;
	}
	if (k->out_of_service)
		engine_set_out_of_service(k->engine, true);
	net_global_init();
	if ((rc = cardmon_start(&k->cardmon, &k->cfg))) {
		fprintf(stderr, "kiosk: card reader backend '%s' failed: %s\n", k->cfg.card_backend,
		        kerr_str(rc));
		status = 5;
		goto out_net;
	}
	if ((rc = print_start(&k->printer, &k->cfg, k->i18n)))
		klog(KLOG_ERR, "main", "printer worker failed to start: %s", kerr_str(rc));
	if (!k->out_of_service && (rc = sync_start(&k->sync, &k->cfg, &k->clock)))
		klog(KLOG_ERR, "main", "sync worker failed to start: %s", kerr_str(rc));
	if ((rc = query_start(&k->query, &k->cfg)))
		klog(KLOG_ERR, "main", "query worker failed to start: %s", kerr_str(rc));
	pthread_create(&sigthr, NULL, signal_thread, &sigs);

	main_loop(k);

	klog(KLOG_INFO, "main", "stopping");
	pthread_kill(sigthr, SIGUSR1);
	pthread_join(sigthr, NULL);
	query_stop(k->query);
	sync_stop(k->sync);
	print_stop(k->printer);
	cardmon_stop(k->cardmon);
	drain_events(k);
	if (k->script && script_failures(k->script))
		status = 1;
out_net:
	net_global_cleanup();
	engine_close(k->engine); /* the session's data are wiped */
out_script:
	script_free(k->script);
out_queue:
	queue_close(k->queue);
	ui_close(k->ui);
out_i18n:
	i18n_free(k->i18n);
out_clock:
	clock_close(&k->clock);
out_free:
	free(k);
	klog(KLOG_INFO, "main", "stopped (status %d)", status);
	return status;
}
