/*
 * engine.h - the step engine: the kiosk's global states (out of service, attract, reading a
 * card, PIN, sign-in, the establishment choice, the home screen of services, the idle warning)
 * and the runner of any service described as data (services/svc.h).
 *
 * The engine reaches the world only through a ports table: commit a transaction to the outbox,
 * send a query to the backend, print a receipt, ask the card worker to verify a PIN, read the
 * reference data, read the clocks. Everything comes back in as events (engine_card(),
 * engine_answer(), engine_printed(), engine_sync(), engine_action(), engine_tick()), and after
 * each the engine's view (engine_view()) says what the screen shows. So a test drives any
 * service with no thread, no SDL and no network (tests/unit/test_engine.c), and app/main.c
 * wires the real ports (app/ports.c).
 *
 * The rules that matter most:
 *  - a transaction is committed (durable) before anything about it is shown or printed; a
 *    commit that fails prints nothing and says so; a session commits a service at most once;
 *  - the receipt is made from the committed payload, with the status the screen shows;
 *  - removing the card ends the session (the person's data is wiped) except at a step that asks
 *    for a second party, or once the transaction is committed (its receipt still prints);
 *  - idle: a warning, then the end of the session; never while a commit or a print is under way.
 *
 * Thread: the main thread only. The engine owns the session (app/engine/session.h).
 */
#ifndef KIOSK_ENGINE_H
#define KIOSK_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../../ui/view.h"

struct engine;
struct i18n;
struct receipt;
struct svc_def;
struct card_note;
struct query_answer;
struct query_request;
struct print_result;
struct sync_note;
struct session;

/* A transaction of the outbox, for a copy of its receipt (engine_ports.copy). */
struct engine_copy {
	char type[32];
	char *payload; /* the committed JSON text (malloc'd; the engine wipes and frees it) */
	char reference[48];
	char ministry_ref[64];
	int status; /* enum receipt_status now: acknowledged, queued or rejected */
	int64_t created_ms;
};

#define ENGINE_REF_MAX 48 /* a kiosk reference (txn_reference()) with its NUL */

struct engine_ports {
	void *ctx;
	/* Commits n transactions of type (1..SVC_CHOSEN_MAX: a COMMIT with `each` makes one per
	 * item), payloads[i] the JSON text of each, for owner (the civil number of the person
	 * who made them), all in one durable commit: 0 only when every one is durable, then
	 * seqs[i] and refs[i] (the kiosk's references) are filled; an error stores none. */
	int (*commit)(void *ctx, const char *type, const char *const *payloads, int n,
	              const char *owner, int64_t *seqs, char (*refs)[ENGINE_REF_MAX]);
	/* A question the kiosk answers itself (a QUERY step with .local): path ("local:..."),
	 * the request body (JSON text); 0 and *answer (JSON text, malloc'd: the engine wipes and
	 * frees it), or KERR_NOTFOUND, KERR_DENIED (not the person's), KERR_EXPIRED (past the
	 * retention), another KERR_*. May be NULL. */
	int (*local)(void *ctx, const char *path, const char *body, char **answer);
	/* The outbox item seq for a copy asked for by owner: 0 and *out only when it is owner's
	 * and inside the retention period; KERR_DENIED, KERR_EXPIRED, KERR_NOTFOUND otherwise.
	 * Audited either way. May be NULL. */
	int (*copy)(void *ctx, int64_t seq, const char *owner, struct engine_copy *out);
	/* Sends a query; its answer comes back through engine_answer() with *id. */
	int (*query)(void *ctx, const struct query_request *r, uint64_t *id);
	/* The session ended: answers of queries sent so far must not come back. */
	void (*query_cancel)(void *ctx);
	/* Queues a copy of r for printing; *job > 0. Its end comes through engine_printed(). */
	int (*print)(void *ctx, const struct receipt *r, int64_t *job);
	/* Forgets a print job kept for a fixed printer (its person has gone). */
	int (*print_cancel)(void *ctx, int64_t job);
	/* Asks the card worker to verify a PIN on the card in the reader (answer: a CARD_NOTE_PIN
	 * through engine_card()). The caller wipes pin after the call. */
	int (*verify_pin)(void *ctx, const char *pin, size_t len);
	/* Simulator control of the card reader ("insert", "remove"); KERR_NOTSUP on a real one. */
	int (*card_control)(void *ctx, const char *cmd);
	/* A reference data entry (JSON text) into out; KERR_NOTFOUND when absent. */
	int (*refdata)(void *ctx, const char *key, char *out, size_t size);
	/* May a transaction of type be taken while the backend is unreachable? 0 yes,
	 * KERR_OFFLINE no; dflt is the service's own answer when no policy is stored. */
	int (*offline_allowed)(void *ctx, const char *type, bool dflt);
	/* The receipt's Hijri date for the Oman day of wall_ms, written out in ar and en ("" when
	 * the backend gave none for that day). */
	void (*hijri)(void *ctx, int64_t wall_ms, char *ar, char *en, size_t size);
	/* Tells the backend (heartbeat) how the card reader and printer are: 0 unknown, 1 ok,
	 * 2 fault. May be NULL. */
	void (*health)(void *ctx, int card, int printer);
	int64_t (*wall_ms)(void *ctx); /* ms since 1970 UTC */
	int64_t (*mono_ms)(void *ctx); /* never goes back */
};

struct engine_config {
	char kiosk_id[64];
	char location[256];
	char language[4];   /* the language a session starts in */
	int idle_timeout_s; /* no touch for this long ends the session */
	int idle_warning_s; /* the warning shows this long before */
	int ack_wait_ms;    /* after a commit: how long to wait for the backend's acknowledgement */
	int query_timeout_ms;
	bool sim_controls; /* show the simulator's card buttons */
	char verify_url[256];
};

/*
 * Makes an engine for services[0..nservices) (the table, services/table.h, or a test's own),
 * with the texts of i18n (borrowed until engine_close). The ports table is copied. Starts on the
 * attract screen.
 */
int engine_open(struct engine **out, const struct engine_config *cfg,
                const struct engine_ports *ports, const struct i18n *i18n,
                const struct svc_def *const *services, int nservices);
void engine_close(struct engine *e); /* ends any session (wiped); NULL is a no-op */

/* Inputs. */
void engine_action(struct engine *e, enum ui_action a, int arg); /* a touch on a widget */
void engine_key(struct engine *e, int key);                      /* an on-screen keyboard key */
void engine_input(struct engine *e);                             /* any other touch */
void engine_card(struct engine *e, const struct card_note *n);
void engine_answer(struct engine *e, const struct query_answer *a);
void engine_printed(struct engine *e, const struct print_result *r);
void engine_sync(struct engine *e, const struct sync_note *n);
void engine_tick(struct engine *e); /* timers: idle, acknowledgement wait */

/* Storage unusable (or usable again): no session may start while out of service. */
void engine_set_out_of_service(struct engine *e, bool out);

/* What the screen shows now; borrowed until the next call into the engine. */
const struct ui_view *engine_view(struct engine *e);

/* The engine's state name ("attract", "pin", "home", "step:visit-receipt/welcome"), for the
 * log, scripts and tests. Borrowed until the next event. */
const char *engine_state_name(struct engine *e);

/* Test and script hooks. */
const struct session *engine_session(const struct engine *e);
bool engine_busy(const struct engine *e); /* a commit, an acknowledgement wait or a print is under
                                             way (nothing may interrupt it) */

#endif
