/*
 * engine_internal.h - what the engine's files share (engine.c: global states and events;
 * steps.c: the step runner; present.c: the view; policy.c: what a service needs now;
 * payload.c: the commit payload). Not for use outside app/engine/.
 */
#ifndef KIOSK_ENGINE_INTERNAL_H
#define KIOSK_ENGINE_INTERNAL_H

#include "../../services/svc.h"
#include "engine.h"
#include "session.h"

#include <stdbool.h>
#include <stdint.h>

#define ENG_HIST_MAX       32 /* steps a service may show before its commit */
#define ENG_PAGE_ROWS      6  /* rows on one page of a MENU or LIST */
#define ENG_EDIT_MAX       256
#define ENG_QUERY_GRACE_MS 3000 /* past the query's own timeout: the worker never answered */

enum eng_state {
	ENG_OUT_OF_SERVICE = 0, /* storage unusable: no session starts */
	ENG_ATTRACT,            /* "insert your card" */
	ENG_READING,            /* the first card is being read */
	ENG_CARD_ERROR,         /* a card that cannot be used; msg_key says why; data wiped */
	ENG_PIN,                /* the first person's PIN */
	ENG_SIGNIN,             /* asking the backend who the person is */
	ENG_NO_ROLE,            /* the ministry has no service for this person */
	ENG_PICK_EST,           /* a representative of several establishments chooses one */
	ENG_HOME,               /* the services this person may use */
	ENG_REFUSED,            /* the chosen service cannot run now; msg_key says why */
	ENG_STEP,               /* a step of the running service */
	ENG_PIN_CHECK,          /* "check my PIN": waiting for the card */
	ENG_PIN_OK,             /* "check my PIN": the PIN is right, the tries left said */
};

/* Where a step is. */
enum eng_phase {
	PH_SHOW = 0, /* its screen, waiting for the person */
	PH_WAIT,     /* QUERY: the answer; COMMIT: the acknowledgement; PRINT: the printer */
	PH_ERROR,    /* it failed: err_key says why; err_retry offers "try again" */
	/* SECOND_PARTY */
	PH_P2_REMOVE,  /* the first person takes their card out */
	PH_P2_INSERT,  /* waiting for the second person's card */
	PH_P2_READING, /* reading it */
	PH_P2_PIN,     /* the second person's PIN */
	PH_P2_SIGNIN,  /* asking the backend who they are */
	PH_P2_CONSENT, /* the second person agrees, or not */
};

enum { ENG_TXN_QUEUED = 0, ENG_TXN_ACKED, ENG_TXN_REJECTED };

struct engine {
	struct engine_config cfg;
	struct engine_ports p;
	const struct i18n *i18n;
	const struct svc_def **svcs; /* the services, sorted by their order (owned array) */
	int nsvcs;

	enum eng_state state;
	struct session s;
	char lang[4]; /* of the screen: the session's, or the kiosk's between sessions */
	bool out_of_service;

	/* the devices and the backend as last heard */
	bool online;
	enum ui_dev_state card_state, printer_state;
	int queue_depth;
	bool high_contrast, large_text;

	/* cards and PINs */
	int pin_party; /* whose PIN the keypad takes: 0 or 1 */
	bool pin_pending;
	int pin_tries; /* -1 unknown */
	bool pin_wrong;
	bool pin_check; /* the person only checks their PIN: no sign-in, no service */
	int slip;       /* CARD_ERROR of a blocked PIN: 0 none, 1 printing, 2 printed, -1 failed */
	int64_t slip_job;
	const char *msg_key; /* CARD_ERROR, NO_ROLE, REFUSED: the reason (a message key) */
	const struct svc_def *refused; /* REFUSED: which service */

	/* queries (the sign-in or a QUERY step) */
	uint64_t query_id; /* the answer waited for, 0 = none */
	int64_t query_deadline;
	bool signed_in;          /* the backend answered the sign-in */
	const char *offline_key; /* the home screen's notice when it could not */
	int nest;                /* establishments the person represents */
	int page;                /* MENU / LIST page */
	int qpage;               /* LIST of a paged query: the page shown (from 0) */
	int qpage_want;          /* the page asked for */
	bool paging;             /* the query is entered to turn the page */

	/* the running service */
	const struct svc_def *svc;
	int step;
	enum eng_phase phase;
	int hist[ENG_HIST_MAX];
	int nhist;
	int field;               /* FORM: the field on screen */
	char edit[ENG_EDIT_MAX]; /* FORM: what is typed (personal: wiped) */
	bool return_to_check;    /* a "change" from CHECK_ANSWERS goes back there */
	const char *err_key;
	bool err_retry;
	const char *notice_key; /* a notice on the step's screen */
	struct i18n_arg_store { /* {min}/{max} of a form notice */
		char a[16], b[16];
	} notice_args;
	bool committed;
	bool rejected; /* the backend refused the committed transaction */
	int64_t seq;
	char ref[48];
	char ministry_ref[64];
	bool acked;
	int64_t ack_deadline;
	char *payload;      /* the committed JSON text: personal data, wiped */
	int receipt_status; /* enum receipt_status printed (and shown) */
	int64_t job;
	bool printed;
	bool past_p2; /* the second person agreed: taking a card out no longer ends the session */
	/* COMMIT with `each`: one transaction per item (the first is also seq/ref/acked above) */
	struct eng_txn {
		int64_t seq;
		char ref[48];
		char ministry_ref[64];
		char pay_url[192]; /* the backend's payment link for the batch, or "" */
		char number[32];   /* a number the ministry gave with it (a registration), or "" */
		int state;         /* ENG_TXN_* */
	} batch[SVC_CHOSEN_MAX];
	int nbatch;
	char batch_id[96];

	/* idle */
	int64_t last_input; /* monotonic ms */
	bool idle_warning;
	int countdown_s;

	struct ui_view view;
	char state_name[96];
};

/* engine.c */
void eng_end_session(struct engine *e);
void eng_go_home(struct engine *e);
void eng_signin(struct engine *e, int party);
int64_t eng_mono(struct engine *e);
int64_t eng_wall(struct engine *e);
/* CARD_ERROR because the PIN is blocked: the screen offers the slip of where to unblock it. */
bool eng_pin_blocked(const struct engine *e);
/* Why a card that was read cannot be used (a message key), or NULL. */
const char *eng_card_refusal(struct engine *e, const struct card_note *n);
/* The i-th service the home screen lists (the visible ones, in order), or NULL; how many. */
const struct svc_def *eng_home_service(const struct engine *e, int i);
int eng_home_count(const struct engine *e);

/* steps.c */
void step_start_service(struct engine *e, const struct svc_def *def);
void step_enter(struct engine *e, int i);
void step_action(struct engine *e, enum ui_action a, int arg);
void step_key(struct engine *e, int key);
void step_answer(struct engine *e, const struct query_answer *a);
void step_card(struct engine *e, const struct card_note *n);
bool step_card_removed(struct engine *e); /* true: handled (the session goes on) */
void step_acked(struct engine *e, const struct sync_note *n);
void step_printed(struct engine *e, const struct print_result *r);
void step_tick(struct engine *e);
void step_leave_service(struct engine *e); /* back to home: the service's values go */
const struct svc_step *step_cur(const struct engine *e);
bool step_link_shown(const struct engine *e, const struct svc_step *st);
/* The rows of list l that are listed (those its match lets through): how many; idx[0..max)
 * gets the array indices of the from-th and those after it (idx may be NULL). */
int list_visible(const struct engine *e, const struct svc_list *l, int from, int *idx, int max);
/* multi: is item among the chosen? */
bool list_is_chosen(const struct engine *e, const struct svc_list *l, const json_t *item);
/* The context a service's check or derive function sees. */
void step_ctx(struct engine *e, struct svc_ctx *ctx);
/* The rows of one screen of list l (svc_list.page_rows, at most ENG_PAGE_ROWS). */
int list_page_rows(const struct svc_list *l);
/* LIST of a paged query: how many pages, and the one shown in *page; 1 for any other. */
int step_pages(const struct engine *e, int *page);

/* The status of what the running service committed (enum receipt_status), and the backend's
 * payment link for it ("" none). */
int step_commit_status(const struct engine *e);
const char *step_pay_url(const struct engine *e);

/* policy.c */
bool policy_visible(const struct engine *e, const struct svc_def *def);
/* NULL when def may start now, else the message key saying why not. */
const char *policy_refusal(const struct engine *e, const struct svc_def *def);

/* payload.c: the JSON text committed for the running service (caller wipes and frees). */
char *payload_build(struct engine *e);

/* present.c */
void present(struct engine *e);
/* Formats a bag value for the screen in lang (see svc.h, enum svc_fmt) into out. */
void present_value(struct engine *e, const json_t *root, const struct svc_value *v, char *out,
                   size_t size);
/* A message with arguments from values (relative to root). */
void present_text(struct engine *e, const json_t *root, const struct svc_text *t, char *out,
                  size_t size);

#endif
