/*
 * sim.h - what the ministry simulator's files share: the server's state, a request's context,
 * the route table's row, the replies, and the query routes' handlers.
 *
 *   main.c                          options, the daemon, the route table and on_request(); the
 *                                   outbox, heartbeat, reference data and admin routes
 *   reply.c                         JSON replies, and the broken ones the faults need
 *   answer.c                        a query route's answer through its answer fault
 *   route_signin.c                  POST /v1/signin
 *   route_worker_record.c           POST /v1/workers/record (and what both versions share:
 *                                   the body, the permit, 404)
 *   route_worker_record_v2.c        POST /v2/workers/record
 *   route_establishment_licences.c  POST /v1/establishments/licences (and what both versions
 *                                   share: the body, the establishment, 403 and 404)
 *   route_establishment_licences_v2.c  POST /v2/establishments/licences
 *   route_access_log.c              POST /v1/persons/access-log
 *   route_renewals.c                POST /v1/establishments/renewals (renewal.c: the rules)
 *   route_transfer_eligibility.c    POST /v1/transfers/eligibility (transfer.c: the rules),
 *                                   POST /admin/eligibility-extra
 *   route_receipt_lookup.c          POST /v1/receipts/lookup
 *   route_pay.c                     GET /pay/<batch id>: a renewal batch's payment page
 *   store.c                         SQLite: transactions, the seeded data set, reference data
 *                                   (refdata_seed.c: the long values)
 *   effect.c, effect_<type>.c       what a transaction changes in the record (effect.h)
 *
 * Threads: libmicrohttpd runs one thread per connection; struct sim's counters and faults are
 * guarded by its lock, the store by its own.
 */
#ifndef MINISTRY_SIM_SIM_H
#define MINISTRY_SIM_SIM_H

#include "../../common/kbuf.h"
#include "store.h"

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

struct store;
struct sqlite3;
struct sqlite3_stmt;

struct faults {
	int latency_ms, fail_pct, drop_pct, reset_pct, hang_pct, hang_ms, truncate_pct;
};

/* The query routes: counted in /admin/stats, each with its own answer fault. */
enum sim_query {
	SIM_Q_SIGNIN,
	SIM_Q_WORKER_RECORD,
	SIM_Q_ESTABLISHMENT_LICENCES,
	SIM_Q_WORKER_RECORD_V2,
	SIM_Q_ESTABLISHMENT_LICENCES_V2,
	SIM_Q_ACCESS_LOG,
	SIM_Q_RENEWALS,
	SIM_Q_TRANSFER_ELIGIBILITY,
	SIM_Q_RECEIPT_LOOKUP,
	SIM_Q_COUNT_,
};

/* POST /admin/faults {"answer_fault": {"route": PATH, "mode": NAME, "slow_ms": N}}: what every
 * answer of that route gets until "none" (answer.c says what each does). */
enum answer_mode {
	ANSWER_NONE = 0,
	ANSWER_MISSING_FIELD,
	ANSWER_EXTRA_FIELD,
	ANSWER_WRONG_TYPE,
	ANSWER_UNKNOWN_ROLE,
	ANSWER_MANY_ESTABLISHMENTS,
	ANSWER_HUGE,
	ANSWER_SLOW,
	ANSWER_STATUS_500,
	ANSWER_GARBAGE,
	ANSWER_MODE_COUNT_,
};

struct answer_fault {
	enum answer_mode mode;
	int slow_ms; /* ANSWER_SLOW */
};

struct sim {
	struct store *store;
	bool tls;
	pthread_mutex_t lock; /* guards the fields below */
	struct faults f;
	struct answer_fault answer[SIM_Q_COUNT_];
	uint64_t rng;
	int64_t requests, duplicates;
	unsigned drops;
	int64_t resets, hangs, truncations, drops_done;
	int64_t heartbeats, hb_depth, hb_acked_through; /* the last heartbeat's figures */
	char hb_card[16], hb_printer[16];               /* its device health ("ok", "fault") */
	int64_t refdata_full, refdata_unchanged;
	int64_t queries[SIM_Q_COUNT_]; /* requests seen per query route */
	json_t *eligibility_extra;     /* POST /admin/eligibility-extra: the next answer's */
};

struct req_ctx {
	struct kbuf body;
	bool too_big;
	char kiosk_id[64]; /* from the client certificate's CN */
	int64_t start_ms;  /* monotonic, when the headers were in */
	const char *url;   /* the request's path (borrowed from libmicrohttpd) */
};

typedef enum MHD_Result sim_route_fn(struct sim *sim, struct MHD_Connection *conn,
                                     struct req_ctx *ctx);

/* One row of the route table (main.c): method + path -> handler; a path ending in '/' is a
 * prefix (GET /pay/<batch>). */
struct route {
	const char *method;
	const char *path;
	sim_route_fn *handler;
	int query; /* enum sim_query for a query route, -1 for the others */
};

/* main.c: the query route's row for path, NULL when path is not one; a query route's path. */
const struct route *route_query(const char *path);
const char *route_query_path(enum sim_query q);

/* reply.c. Each queues a response on conn; the json_t * ones steal j. */
enum MHD_Result reply_json(struct MHD_Connection *conn, unsigned int status, json_t *j);
enum MHD_Result reply_error(struct MHD_Connection *conn, unsigned int status, const char *msg);
enum MHD_Result reply_text(struct MHD_Connection *conn, unsigned int status, const char *type,
                           char *text, size_t len); /* takes text (malloc'd) */
enum MHD_Result reply_reset(struct MHD_Connection *conn);
enum MHD_Result reply_truncated(struct MHD_Connection *conn, json_t *j);
int64_t sim_mono_ms(void);
void sim_sleep_ms(int ms);

/* answer.c: a query route's answer (status and JSON body, stolen) through the route's answer
 * fault, logged as "METHOD PATH -> STATUS (N ms)": never a body. j NULL (the store failed)
 * answers 500 {"error": "storage error"}. */
enum MHD_Result reply_answer(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx,
                             enum sim_query q, unsigned int status, json_t *j);
/* The mode of a name ("unknown_role"), or -1. */
int answer_mode_by_name(const char *name);
const char *answer_mode_name(enum answer_mode m);

/* The request body as a JSON object (duplicate members refused), or NULL. Caller decrefs. */
json_t *req_json(const struct req_ctx *ctx);
/* The member name of o when it is a string of 1..max decimal digits, else NULL. */
const char *req_digits(const json_t *o, const char *name, size_t max);
/* A query route's refusal of its request: true when the body was too big or !well_formed, with
 * *status 413 or 400 and *answer {"error": msg}; false (nothing set) otherwise. */
bool req_refused(const struct req_ctx *ctx, bool well_formed, const char *msg, unsigned *status,
                 json_t **answer);

/* route_worker_record.c: a work permit as both versions of the record answer it. The columns
 * (SIM_PERMIT_NCOLS of them) of the permits of a person, from workers w, professions p and
 * establishments e; bound: ?1 the civil number, ?2 the "expiring" window as an SQLite date
 * modifier ('+60 days' in v1). SIM_PERMIT_CURRENT picks the one a record shows: not an older
 * ('ended') one, then not a cancelled one, then the latest expiry. */
#define SIM_PERMIT_COLUMNS                                                                         \
	"w.permit_no, CASE WHEN w.state IN ('departed', 'absconded') THEN 'cancelled'"             \
	" WHEN w.permit_expires < date('now', '+4 hours') THEN 'expired'"                          \
	" WHEN w.permit_expires <= date('now', '+4 hours', ?2) THEN 'expiring' ELSE 'valid' END,"  \
	" w.permit_issued, w.permit_expires, p.isco, p.title_ar, p.title_en, e.cr_number,"         \
	" e.name_ar, e.name_en"
#define SIM_PERMIT_FROM                                                                            \
	" FROM workers w JOIN professions p ON p.isco = w.isco JOIN establishments e"              \
	" ON e.cr_number = w.establishment WHERE w.civil_number = ?1"
#define SIM_PERMIT_CURRENT                                                                         \
	" ORDER BY w.state = 'ended', w.state IN ('departed', 'absconded'), w.permit_expires DESC" \
	" LIMIT 1"
#define SIM_PERMIT_NCOLS 10
/* {number, status, issued, expires, profession {isco, title_ar, title_en}, employer
 * {cr_number, name_ar, name_en}} of the row st stands on (SIM_PERMIT_COLUMNS). */
json_t *sim_permit_json(struct sqlite3_stmt *st);
/* The 200 answer of a record route from the current permit's row (the columns of its query),
 * or NULL on a database error. */
typedef json_t *sim_record_fn(struct sqlite3 *db, const char *civil, struct sqlite3_stmt *current);
/* A record route: the body {"civil_number"}, sql (?1 the civil number, ?2 soon: the columns
 * of SIM_PERMIT_COLUMNS first, at most one row) for the current permit, 404 {"error": "no
 * record"} without one, else make's answer. */
enum MHD_Result sim_record_answer(struct sim *sim, struct MHD_Connection *conn, struct req_ctx *ctx,
                                  enum sim_query q, const char *sql, const char *soon,
                                  sim_record_fn *make);

/* route_establishment_licences.c: an establishment's licences, newest first, at most 200 of 200
 * quotas each, as a new array (NULL on a database error): licence(row, c) makes each from the
 * row (licence_no, state, issued, expires), c a struct sim_licences_ctx whose ctx is the one
 * given; sim_licence_quotas(row, c, quota, ...) gives that licence's quotas, quota() making
 * each from the row quota_columns (selected from quotas q JOIN professions p, by ISCO). */
struct sim_licences_ctx {
	struct sqlite3_stmt *quotas;
	void *ctx;
};
json_t *sim_licences_list(struct sqlite3 *db, const char *cr, const char *quota_columns,
                          store_row_fn *licence, void *ctx);
json_t *sim_licence_quotas(struct sqlite3_stmt *licence, const struct sim_licences_ctx *c,
                           store_row_fn *quota, void *ctx);

/* route_establishment_licences.c: the 200 answer of a licences route for the establishment
 * (a new {cr_number, name_ar, name_en}, stolen), or NULL on a database error. */
typedef json_t *sim_licences_fn(struct sqlite3 *db, const char *cr, json_t *establishment);
/* A licences route: the body {"cr_number", "civil_number"}, 404 for an unknown establishment,
 * 403 when the civil number does not represent it, else build's answer. */
enum MHD_Result sim_licences_answer(struct sim *sim, struct MHD_Connection *conn,
                                    struct req_ctx *ctx, enum sim_query q, sim_licences_fn *build);

/* The query routes */
sim_route_fn route_signin;
sim_route_fn route_worker_record;
sim_route_fn route_establishment_licences;
sim_route_fn route_worker_record_v2;
sim_route_fn route_establishment_licences_v2;
sim_route_fn route_access_log;
sim_route_fn route_renewals;
sim_route_fn route_transfer_eligibility;
sim_route_fn route_receipt_lookup;

/* The other routes in files of their own */
sim_route_fn route_pay;               /* route_pay.c: GET /pay/<batch id> */
sim_route_fn route_eligibility_extra; /* route_transfer_eligibility.c */

#endif
