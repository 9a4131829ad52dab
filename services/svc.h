/*
 * svc.h - a ministry service described as data, for the step engine (app/engine/engine.h).
 *
 * A service is one const struct svc_def in its own file under services/ (svc_<name>.c, which
 * defines `const struct svc_def svc_<name>`); the build collects every such file into the table
 * services[] (services/table.h), so adding a service is adding that file, its texts in po/ and,
 * when it asks the backend something, the simulator's route (HACKING.md, "Adding a service").
 *
 * Everything a service shows or prints is a message key (po/en.po, po/ar.po) or a value taken
 * from the session's bag of values by a path: "party.0.civil_number", "establishment.name",
 * "record.permit.expires". The bag (a JSON object owned by the session) holds:
 *   party        [party 1, party 2]: civil_number, name_ar, name_en, nationality, card_serial,
 *                expiry, roles (array of role names) - from the card and the sign-in
 *   signin       the sign-in answer (roles, employer, establishments)
 *   establishment the establishment chosen by an employer's representative
 *   form         the values typed on FORM steps, by field key
 *   <save_as>    a query's validated answer, a list's chosen item
 * What is committed (COMMIT step) is a snapshot of parts of the bag (see svc_def.commit); the
 * receipt is printed from that committed payload (svc_receipt), so a reprint is the same paper.
 *
 * Nothing here is personal data; values in the bag are (see app/engine/session.h).
 */
#ifndef KIOSK_SVC_H
#define KIOSK_SVC_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

struct schema;

/* What a service needs before it can start; the home screen refuses it otherwise, saying why. */
enum svc_need {
	SVC_NEED_CARD = 1u << 0,          /* an ID card was read */
	SVC_NEED_PIN = 1u << 1,           /* and its PIN verified */
	SVC_NEED_ONLINE = 1u << 2,        /* the backend must answer (it has a QUERY step) */
	SVC_NEED_PRINTER = 1u << 3,       /* it prints (a PRINT step) */
	SVC_NEED_SECOND_PARTY = 1u << 4,  /* a second person's card and PIN (SECOND_PARTY step) */
	SVC_NEED_TECHNICIAN = 1u << 5,    /* only for a technician's card */
	SVC_NEED_ESTABLISHMENT = 1u << 6, /* acts for the establishment the representative chose */
};

/* Who the backend says the person is (sign-in); a service lists the roles it is for. */
enum svc_role {
	SVC_ROLE_CITIZEN = 1u << 0,
	SVC_ROLE_JOBSEEKER = 1u << 1,
	SVC_ROLE_WORKER = 1u << 2,   /* an expatriate worker, with an employer */
	SVC_ROLE_EMPLOYER = 1u << 3, /* representative of one or more establishments */
	SVC_ROLE_TECHNICIAN = 1u << 4,
};
#define SVC_ROLE_ANY 0u /* svc_def.roles: everybody with a card */

enum svc_step_kind {
	SVC_STEP_INFO,          /* a title, a text and lines of values; "continue" */
	SVC_STEP_FORM,          /* one question per screen: each field typed on the keyboard */
	SVC_STEP_LIST,          /* rows from an array in the bag, paged; choose one or just read */
	SVC_STEP_QUERY,         /* ask the backend; the checked answer goes into the bag */
	SVC_STEP_CHECK_ANSWERS, /* every form answer with "change"; "confirm" */
	SVC_STEP_FEE,           /* the fees and the total; "confirm" */
	SVC_STEP_SECOND_PARTY,  /* the other person inserts their card and gives their PIN */
	SVC_STEP_COMMIT,        /* the transaction goes to the outbox (durable), then waits a
	                           moment for the backend's acknowledgement */
	SVC_STEP_PRINT,         /* the receipt, printed from the committed payload; with a title
	                           (a message key: "the worker") the paper says whose copy it is,
	                           so each party of a two-party service takes one */
	SVC_STEP_RESULT,        /* what happened, the reference, what happens next */
	SVC_STEP_REPRINT,       /* a copy of a receipt from the outbox (the bag's "copy_of":
	                           {"seq"}), the person's own only, marked COPY; audited */
};

/* How a value from the bag is written on screen and paper. */
enum svc_fmt {
	SVC_FMT_TEXT = 0,  /* a string: a code, as it is (its digits never change); an integer: a
	                      number, in the language's digits (app/engine/valuefmt.h) */
	SVC_FMT_LANG,      /* path names a pair <path>_ar / <path>_en: the language's one (the
	                      other when it is missing) */
	SVC_FMT_DATE,      /* "YYYY-MM-DD", written as the language writes dates */
	SVC_FMT_AMOUNT,    /* an integer of baisa, as OMR with three decimals */
	SVC_FMT_MASKED,    /* digits: only the last four shown ("****5678") */
	SVC_FMT_ENUM,      /* the message <key>.<value> ("permit.status.valid") */
	SVC_FMT_COUNT,     /* an integer n: the message <key> in its plural form for n, {n} */
	SVC_FMT_DATETIME,  /* "YYYY-MM-DDTHH:MM" (Oman time), written as the language writes it */
	SVC_FMT_DAYS_LEFT, /* a date "YYYY-MM-DD": the days from the root's "today" (or the day
	                      of its "created") to it: <key> (plural, {n}) when n > 0,
	                      <key>.today when 0, <key>.passed ({date}) when it has passed */
	SVC_FMT_PERCENT,   /* an integer 0..100 as the language writes a percentage */
};

struct svc_value {
	const char *path; /* in the bag (or, in a list row, in the item; "" = the item itself) */
	enum svc_fmt fmt;
	const char *key; /* SVC_FMT_ENUM: the key prefix; SVC_FMT_COUNT: the message key */
};

/* A labelled value: a line on an INFO screen or a receipt. A line whose value is absent from
 * the bag (an optional member) is left out. */
struct svc_line {
	const char *label; /* message key */
	struct svc_value v;
	const char *missing; /* message key shown when the value is absent or null ("not
	                        recorded"); NULL: the line is left out */
};

/* Who a receipt is for: the first person's name in the language, their civil number masked. */
#define SVC_PARTY_LINES                                                                            \
	{"field.name", {"party.0.name", SVC_FMT_LANG, NULL}},                                      \
	{                                                                                          \
		"field.civil_number",                                                              \
		{                                                                                  \
			"party.0.civil_number", SVC_FMT_MASKED, NULL                               \
		}                                                                                  \
	}

/* A message whose {name} placeholders are filled from values. */
struct svc_arg {
	const char *name;
	struct svc_value v;
};
struct svc_text {
	const char *key; /* message key; NULL = nothing */
	const struct svc_arg *args;
	int nargs;
};

/* FORM: one field, one screen. Typed values go to form.<key>. */
enum svc_val_type {
	SVC_VAL_TEXT,   /* letters (Arabic or Latin), digits, spaces, basic punctuation */
	SVC_VAL_DIGITS, /* digits only */
	SVC_VAL_PHONE,  /* an Omani mobile number: 8 digits starting with 7 or 9 */
	SVC_VAL_EMAIL,
};
struct svc_field {
	const char *key;   /* form.<key> in the bag; also the name in the payload */
	const char *label; /* message key: the question */
	const char *hint;  /* message key under it, or NULL */
	enum svc_val_type type;
	int min_len, max_len; /* characters; min_len 0 = may be left empty */
	bool personal;        /* personal data: never logged, masked in the technician's view */
};

/* An optional step of a QUERY: works out values from the checked answer (which it may change:
 * members added to its items, e.g. each worker's fee from the reference data) before it goes
 * into the bag. 0, or KERR_REJECTED with a message key in *why_key (the step fails). */
struct svc_ctx;
typedef int svc_derive_fn(const struct svc_ctx *ctx, json_t *answer, const char **why_key);

/* QUERY: a request to the backend, built from the bag, and how its answer is read. Identifiers
 * go in a POST body, never in the path (paths reach access logs). */
struct svc_query_arg {
	const char *name; /* member of the request body */
	const char *path; /* its value from the bag (a string) */
};
struct svc_query {
	const char *path; /* e.g. "/v1/workers/record"; always POST */
	const struct svc_query_arg *args;
	int nargs;
	const struct schema *answer; /* the answer's closed schema (services/schema.h) */
	const char *save_as;         /* the bag key of the checked answer */
	const char *not_found;       /* message key shown for a 404 ("no record"), NULL = generic */
	int page_size;       /* > 0: the answer is one page: the body also gets "page" (from 0) and
	                        "per_page"; the LIST after it pages by asking again (svc_list.total) */
	bool local;          /* answered by the kiosk itself (engine_ports.local: the outbox), so it
	                        works offline; path names the local question ("local:receipts") */
	const char *denied;  /* local: message key when the answer is not this person's */
	const char *expired; /* local: message key when it is past its retention */
	svc_derive_fn *derive;
};

/* LIST: rows of an array in the bag. */
struct svc_list {
	const char *items;         /* bag path of the array */
	struct svc_value primary;  /* each row's main text (paths relative to the item) */
	struct svc_text secondary; /* its second line (argument paths relative to the item) */
	const char *save_as;       /* bag key that gets the chosen item; NULL: read only */
	const char *empty;         /* message key shown when the array is empty */
	const char *total;   /* bag path of the number of rows in all pages when the QUERY step
	                        just before this one is paged (page_size); NULL: items is all */
	int page_rows;       /* rows on one screen (1..6); 0: six. Rows of three or four lines
	                        (long names, several counts) need fewer to fit a portrait screen */
	const char *refdata; /* the rows are the reference data entry of this key (a JSON array
	                        the backend publishes: objection reasons), put in the bag at
	                        `items` (a top-level key) when the step is entered */
	const char *const *options; /* fixed rows (NULL-terminated ids): items gets
	                               [{"id": id}, ...] when the step is entered, an id of
	                               digits with its number at "n" too; the primary value is
	                               then {"id", SVC_FMT_ENUM, "<prefix>"} or {"n",
	                               SVC_FMT_COUNT, "<key>"} */
	const char *match; /* bag path of typed text (a FORM answer): only the rows whose primary
	                      text, in Arabic or in English, contains it are listed (letters
	                      compared without case, hamza forms, tashkeel or tatweel) */
	/* several rows at once: a row is a toggle, save_as gets the array of the chosen items
	 * (compared by their "id", kept in the order chosen) and the main button goes on */
	bool multi;
	int max_chosen;   /* multi: at most this many (1..SVC_CHOSEN_MAX; 0 = that maximum) */
	const char *none; /* multi: message key said when going on with nothing chosen */
	const char *sum;  /* multi: item path of an integer of baisa, summed over the chosen
	                     rows into the bag at sum_as (the running total, shown under the
	                     text) */
	const char *sum_as;
	const char *blocked; /* item path of a message key: a row whose item has one is shown
	                        but cannot be chosen; touching it says that message */
};

/* The most rows a multiple choice may hold (and the most transactions a COMMIT with `each`
 * makes at once). */
#define SVC_CHOSEN_MAX 20

/* A second button beside a step's main one: to another step of the service (step: its id),
 * or out of it (step NULL: back to the home screen). */
struct svc_link {
	const char *label; /* message key */
	const char *step;
	const char *when; /* bag path: the button is shown only when it holds a value (not null,
	                     not an empty array); NULL: always */
};

/* FEE: an item of the fee, resolved at COMMIT into the payload's "fees". */
struct svc_fee {
	const char *label;   /* message key */
	const char *refdata; /* key in the reference data's "fees" object (baisa), or NULL */
	const char *path;    /* else: an integer of baisa in the bag */
};

/* SECOND_PARTY: who must come. */
struct svc_party {
	unsigned role;     /* SVC_ROLE_* the second person must have (0 = anybody) */
	const char *title; /* message key: "Ask the worker to insert their card" */
	const char *body;
	const char *consent; /* message key the second person agrees to (with {args}), or NULL */
	const char *who;     /* bag path of the civil number the second person must have (the
	                        worker a request names), or NULL: anybody with the role */
	const char *who_refused; /* message key said to anybody else who inserts a card */
	const char *bind;        /* bag path of the request the consent is bound to: the bag gets
	                            "consent" {decision, request_hash (SHA-256, hex, of the request's
	                            compact JSON with sorted keys), card_serial, card_auth (the second
	                            card's authenticity check), at}; NULL: no record */
	bool decline; /* "I do not agree" is recorded (consent.decision "declined") and the
	                 service goes on to commit it; false: it leaves the service */
};

struct svc_ctx {
	const json_t *bag;
	const char *lang; /* "ar", "en" */
	int64_t now_ms;   /* wall clock */
	/* The reference data entry of key as JSON (a new reference: the caller decrefs it), or
	 * NULL when the kiosk has none. */
	json_t *(*refdata)(const struct svc_ctx *ctx, const char *key);
	void *priv; /* the engine's */
};

/* An optional rule checked when leaving a step: 0 to go on, or a message key in *why_key
 * (shown as the reason the service cannot go on) and KERR_REJECTED. */
typedef int svc_check_fn(const struct svc_ctx *ctx, const char **why_key);

struct svc_step {
	const char *id; /* unique within the service ("welcome", "record") */
	enum svc_step_kind kind;
	const char *title;      /* message key */
	struct svc_text body;   /* the text under the title, or {NULL} */
	const char *next_label; /* message key of the main button; NULL = "Continue" */
	const struct svc_field *fields;
	int nfields; /* FORM */
	const struct svc_line *lines;
	int nlines;                    /* INFO */
	const struct svc_query *query; /* QUERY */
	const struct svc_list *list;   /* LIST */
	const struct svc_party *party; /* SECOND_PARTY */
	svc_check_fn *check;
	const char *when; /* bag path: the step runs only when it holds a value (not null, not an
	                     empty array); skipped otherwise. NULL: always */
	const struct svc_link *link;
	bool aside;       /* reached only through a link: walking on from the steps before skips
	                     it; walking on from it goes to `then`, or back where it came from */
	const char *then; /* the step (id) after this one, instead of the next in the list */
	/* COMMIT: one transaction per item of the array at bag path `each` (one request, one
	 * idempotency key each), the item in its payload at `each_as`, with "batch": {"id",
	 * "index", "count"}. The receipt is one paper for all: its payload has the array at
	 * `each` with each item's "outcome" {"status", "reference"} (see svc_receipt.rows). */
	const char *each;
	const char *each_as;
};

/* The receipt: what the paper says besides the header, status, references, dates and QR that
 * every receipt has. Paths are in the committed payload, which has the bag's shape. */
struct svc_receipt {
	const char *title; /* message key, printed in Arabic and in English */
	const struct svc_line *lines;
	int nlines;
	const char *next; /* message key of the "what happens next" for this service, or NULL for
	                     the one of the status */
	const struct svc_list *rows;  /* a line per item of an array of the payload (label: the
	                                 primary value, value: the secondary text), or NULL */
	const struct svc_line *after; /* lines printed after the rows (totals) */
	int nafter;
	const char *number_label; /* message key of the number the ministry may give with its
	                             acknowledgement (a registration number): printed first, and
	                             said on the result screen; NULL: none */
};

struct svc_def {
	const char *id;      /* "visit-receipt": the transaction type and the offline policy name */
	const char *title;   /* message key: the button on the home screen */
	const char *summary; /* message key: one line under it */
	unsigned needs;      /* SVC_NEED_* */
	unsigned roles;      /* SVC_ROLE_* who are offered it; SVC_ROLE_ANY = everybody */
	int order;           /* place on the home screen, smallest first */
	bool offline_ok;     /* may be taken with the backend unreachable (reference data's
	                        offline_policy overrides; never for a service with a QUERY) */
	const struct svc_step *steps;
	int nsteps;
	const struct svc_fee *fees;
	int nfees;
	const char *const *commit; /* bag keys committed besides party, establishment and form
	                              (NULL-terminated), e.g. {"record", NULL} */
	const struct svc_receipt *receipt; /* NULL when it prints nothing */
};

/* The number of elements of a const array (steps, lines, fields). */
#define SVC_N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* The value at path in bag (NULL when absent): "a.b.0.c" - object members and array indices. */
const json_t *svc_get(const json_t *bag, const char *path);

/* The value at path of the context's bag (a check function's view). */
const json_t *svc_ctx_get(const struct svc_ctx *ctx, const char *path);

#endif
