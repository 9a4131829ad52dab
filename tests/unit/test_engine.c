/*
 * test_engine.c - the step engine driven through its ports alone: no thread, no SDL, no network.
 *
 * Fake ports record every commit, query, print and PIN request; the test answers them the way
 * the card worker, the backend and the printer would. Every service of the kiosk's table is
 * walked by a generic driver (so a new service is covered by adding its sample answer below),
 * plus a test service with every step kind and a second party. What is checked:
 *   - sign-in with roles: citizen, worker, employer with one and with three establishments, no
 *     role, an unknown role, 500 establishments, a mismatched card, an unreadable answer, offline;
 *   - commit before show: a failed commit prints nothing and says so; one commit per run;
 *   - the receipt is built from the committed payload; its status is the screen's;
 *   - the acknowledgement wait (SUBMITTED with the ministry's reference, or QUEUED);
 *   - the offline refusal; each query error has its own screen;
 *   - idle warning and timeout, with the session wiped (memory inspected);
 *   - the card pulled at every step, back and cancel at every step, a print cancelled at the
 *     session's end, the card pulled between commit and print, a second card where none is
 *     expected, a card swapped at the PIN screen, the expiry on the Oman day.
 */
#define _GNU_SOURCE /* malloc_usable_size */
#include "../../app/engine/engine_internal.h"
#include "../engine_fakes.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <openssl/evp.h>
#include <string.h>

/* ---- the tests ----------------------------------------------------------------------------- */

static bool
session_clean(struct engine *e)
{
	const struct session *s = engine_session(e);
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < sizeof(*s); i++)
		if (p[i])
			return false;
	return true;
}

static void
test_attract_and_pin(void)
{
	struct engine *e = open_all();
	is_str(state(e), "attract", "starts on the attract screen");
	is_int(view(e)->kind, UI_KIND_CARD, "attract is a card screen");
	is_str(view(e)->title, en("attract.insert_card"), "attract title from the catalogue");
	insert(e, &person_a, 3);
	is_str(state(e), "pin", "a card with a PIN asks for it");
	ok(view_has(e, "3"), "tries left shown");
	type_pin(e, "9999");
	is_int(F.verifies, 1, "the PIN went to the card worker");
	is_int(view(e)->pin_len, 0, "dots cleared once sent");
	note(e, CARD_NOTE_PIN, KERR_PIN, NULL, 2);
	is_str(state(e), "pin", "wrong PIN stays on the PIN screen");
	ok(view(e)->notice_error && strstr(view(e)->notice, en("msg.pin_wrong")), "wrong PIN said");
	type_pin(e, "1234");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	is_str(state(e), "signin", "right PIN: asking the backend who this is");
	is_str(last_path(), "/v1/signin", "the sign-in query was sent");
	ok(strstr(F.qbody[0], "90012345") != NULL, "with the civil number in the body");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	is_str(state(e), "signin", "a PIN answer nobody waits for changes nothing");
	engine_close(e);

	e = open_all();
	insert(e, &person_a, 0);
	is_str(state(e), "card-error", "blocked PIN refused at once");
	ok(view_has(e, en("msg.pin_blocked")), "says the PIN is blocked");
	ok(session_clean(e), "and keeps nothing of the holder");
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	is_str(state(e), "attract", "card out: attract");
	engine_close(e);

	e = open_all();
	note(e, CARD_NOTE_READING, 0, NULL, -1);
	note(e, CARD_NOTE_FAILED, KERR_REMOVED, NULL, -1);
	ok(view_has(e, en("msg.card_removed")),
	   "card pulled mid-read: 'removed', not 'unreadable'");
	engine_close(e);
}

static void
test_expiry_oman_day(void)
{
	struct card_identity id = person_a;
	snprintf(id.expiry, sizeof(id.expiry), "2031-01-01");
	struct engine *e = open_all();
	F.wall = 1925063999000LL; /* 2031-01-01T19:59:59Z = 23:59:59 in Oman */
	insert(e, &id, 3);
	is_str(state(e), "pin", "the last second of the expiry day in Oman: still valid");
	engine_close(e);
	int64_t after[] = {1925064000000LL, 1925076600000LL}; /* 00:00 and 03:30 Oman, 2 Jan */
	for (int i = 0; i < 2; i++) {
		e = open_all();
		F.wall = after[i];
		insert(e, &id, 3);
		is_str(state(e), "card-error",
		       "the day after expiry in Oman (UTC still says the expiry day): refused (%d)",
		       i);
		ok(view_has(e, en("msg.card_expired")), "says the card has expired");
		engine_close(e);
	}
}

static void
test_signin_roles(void)
{
	struct engine *e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	is_str(state(e), "home", "citizen: home");
	ok(home_row(e, "visit.title") >= 0, "citizen is offered the visit receipt");
	ok(home_row(e, "record.service") < 0, "but not the worker's record");
	ok(home_row(e, "licences.service") < 0, "nor the employer's licences");
	ok(view_has(e, "Salim Al Hinai"), "home greets by name");
	engine_close(e);

	e = open_all();
	sign_in(e, &person_b, "\"worker\"", WORKER_EMPLOYER);
	ok(home_row(e, "record.service") >= 0, "worker: the work permit");
	ok(home_row(e, "licences.service") < 0, "worker: no licences");
	engine_close(e);

	e = open_all();
	sign_in(e, &person_a, "\"citizen\",\"employer\"", EST1);
	is_str(state(e), "home", "employer of one establishment: straight home");
	ok(home_row(e, "licences.service") >= 0, "employer: licences and quotas");
	ok(view_has(e, "Al Noor Trading LLC"), "home names the establishment");
	ok(!has_button(e, UI_ACT_BACK), "no 'change establishment' with only one");
	engine_close(e);

	e = open_all();
	sign_in(e, &person_a, "\"citizen\",\"employer\"", EST3);
	is_str(state(e), "establishments", "three establishments: pick one first");
	is_int(view(e)->nrows, 3, "all three listed");
	ok(view_has(e, "Muscat Building Services"), "by name");
	engine_action(e, UI_ACT_CHOOSE, 1);
	is_str(state(e), "home", "picked: home");
	ok(view_has(e, "Muscat Building Services"), "home names the chosen one");
	is_str(engine_session(e)->bag
	               ? json_string_value(json_object_get(
	                         json_object_get(engine_session(e)->bag, "establishment"),
	                         "cr_number"))
	               : "",
	       "1000002", "the chosen establishment is in the bag");
	ok(has_button(e, UI_ACT_BACK), "'change establishment' offered");
	engine_action(e, UI_ACT_BACK, 0);
	is_str(state(e), "establishments", "and it goes back to the choice");
	engine_close(e);

	e = open_all();
	sign_in(e, &person_a, "", NULL);
	is_str(state(e), "no-role", "no role: its own screen");
	ok(view_has(e, en("norole.title")), "saying so");
	ok(has_button(e, UI_ACT_FINISH), "with finish");
	engine_close(e);

	e = open_all();
	sign_in(e, &person_b, "\"worker\",\"astronaut\"", WORKER_EMPLOYER);
	is_str(state(e), "home", "an unknown role next to a known one: home");
	ok(home_row(e, "record.service") >= 0, "with the known role's services");
	engine_close(e);

	e = open_all();
	sign_in(e, &person_b, "\"astronaut\"", NULL);
	is_str(state(e), "no-role", "only an unknown role: no role");
	engine_close(e);

	/* 500 establishments: paged */
	static char many[1 << 16];
	size_t o = (size_t)snprintf(many, sizeof(many), "\"establishments\":[");
	for (int i = 0; i < 500; i++)
		o += (size_t)snprintf(many + o, sizeof(many) - o,
		                      "%s{\"cr_number\":\"%d\",\"name_ar\":\"منشأة %d\","
		                      "\"name_en\":\"Establishment %d\"}",
		                      i ? "," : "", 2000000 + i, i, i);
	snprintf(many + o, sizeof(many) - o, "]");
	e = open_all();
	sign_in(e, &person_a, "\"employer\"", many);
	is_str(state(e), "establishments", "500 establishments: the choice");
	ok(view(e)->page_next && !view(e)->page_prev && view(e)->pager[0], "paged");
	for (int i = 0; i < 100; i++)
		engine_action(e, UI_ACT_PAGE, 1);
	ok(view_has(e, "Establishment 499") && !view(e)->page_next, "the last page has the last");
	engine_action(e, UI_ACT_CHOOSE, view(e)->nrows - 1);
	ok(view_has(e, "Establishment 499"), "and it can be chosen");
	engine_close(e);

	e = open_all();
	insert(e, &person_a, -2);
	answer(e, 0, 200, "{\"identity\":\"mismatch\",\"roles\":[]}");
	is_str(state(e), "card-error", "a card the registry does not hold for this person");
	ok(view_has(e, en("signin.mismatch")), "says so");
	ok(session_clean(e), "and forgets the holder");
	engine_close(e);

	const char *bad[] = {
	        "{\"identity\":\"confirmed\"}",                             /* missing roles */
	        "{\"identity\":\"confirmed\",\"roles\":[],\"admin\":true}", /* extra member */
	        "{\"identity\":\"confirmed\",\"roles\":\"citizen\"}",       /* wrong type */
	        "{\"identity\":\"confirmed\",\"roles\":[\"citizen\"]",      /* cut short */
	};
	for (int i = 0; i < 4; i++) {
		e = open_all();
		insert(e, &person_a, -2);
		answer(e, 0, 200, bad[i]);
		is_str(state(e), "home", "unreadable sign-in answer %d: home without the ministry",
		       i);
		ok(view_has(e, en("home.offline.unreadable")),
		   "saying the answer could not be read");
		engine_close(e);
	}
}

static void
test_offline_home(void)
{
	struct engine *e = open_all();
	insert(e, &person_b, -2);
	answer(e, KERR_OFFLINE, 0, NULL);
	is_str(state(e), "home", "backend unreachable: home anyway");
	ok(view_has(e, en("home.offline.unreachable")), "saying the ministry cannot be reached");
	int r = home_row(e, "record.service");
	ok(r >= 0 && view(e)->rows[r].disabled,
	   "a service that asks the ministry is shown refused");
	ok(view_has(e, en("refused.needs_connection.short")), "with why");
	engine_action(e, UI_ACT_CHOOSE, r);
	is_str(state(e), "refused", "choosing it explains");
	ok(view_has(e, en("refused.needs_connection")) && view_has(e, en("refused.elsewhere")),
	   "needs a connection, and where else to go");
	is_int(F.queries, 1, "nothing was asked of the backend for it");
	engine_action(e, UI_ACT_BACK, 0);
	is_str(state(e), "home", "back to the services");
	r = home_row(e, "visit.title");
	if (r < 0 && view(e)->page_next) { /* offline every service is listed: the next page */
		engine_action(e, UI_ACT_PAGE, 1);
		r = home_row(e, "visit.title");
	}
	ok(r >= 0 && !view(e)->rows[r].disabled, "the visit receipt works offline");
	F.offline_rc = KERR_OFFLINE; /* the reference data's policy says no */
	engine_action(e, UI_ACT_CHOOSE, r);
	is_str(state(e), "refused", "unless the offline policy refuses it");
	is_int(F.commits, 0, "nothing committed");
	engine_close(e);

	const struct {
		int rc;
		long status;
		const char *key;
	} fails[] = {
	        {KERR_TIMEOUT, 0, "home.offline.timeout"},
	        {KERR_TLS, 0, "home.offline.tls"},
	        {0, 503, "home.offline.unavailable"},
	        {KERR_TOOBIG, 0, "home.offline.unreadable"},
	};
	for (int i = 0; i < 4; i++) {
		e = open_all();
		insert(e, &person_b, -2);
		answer(e, fails[i].rc, fails[i].status, "{}");
		ok(strcmp(state(e), "home") == 0 && view_has(e, en(fails[i].key)),
		   "sign-in failure %d has its own notice", i);
		engine_close(e);
	}

	/* the query worker never answers: the engine's own deadline */
	e = open_all();
	insert(e, &person_b, -2);
	F.mono += 8000 + 3000;
	engine_tick(e);
	ok(strcmp(state(e), "home") == 0 && view_has(e, en("home.offline.timeout")),
	   "no answer at all: as a timeout");
	engine_close(e);
}

static const struct svc_def *
find(const char *id)
{
	for (int i = 0; i < nall; i++)
		if (strcmp(all_plus_test[i]->id, id) == 0)
			return all_plus_test[i];
	return NULL;
}

static void
test_visit_receipt(void)
{
	const struct svc_def *visit = find("visit-receipt");
	struct engine *e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	start(e, visit);
	is_str(state(e), "visit-receipt/welcome", "the visit receipt starts on its welcome");
	ok(view_has(e, "Salim Al Hinai"), "with the name");
	ok(view_has(e, "****2345") && !view_has(e, "90012345"), "civil number masked");
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 1, "print: committed");
	is_int(F.prints, 0, "nothing printed before the acknowledgement wait");
	ok(strstr(F.payload, "\"service\":\"visit-receipt\"") && strstr(F.payload, "90012345"),
	   "the payload names the service and the person");
	is_str(state(e), "visit-receipt/commit", "waiting for the acknowledgement");
	ok(engine_busy(e), "busy: nothing interrupts it");
	struct sync_note n = {.kind = SYNC_NOTE_ACKED, .seq = F.seq, .ref = "MOL-00000017"};
	engine_sync(e, &n);
	is_int(F.prints, 1, "acknowledged: printed");
	ok(F.commit_at < F.print_at, "commit before print");
	is_int(F.last.status, RECEIPT_SUBMITTED, "the receipt says SUBMITTED");
	is_str(F.last.ministry_ref, "MOL-00000017", "with the ministry's reference");
	is_str(F.last.reference, "K-000001-0", "and the kiosk's");
	is_str(F.last.title.en, en("receipt.title.visit"), "titled from the template");
	ok(F.last.nlines == 2 && strcmp(F.last.lines[0].value.en, "Salim Al Hinai") == 0 &&
	           strcmp(F.last.lines[0].value.ar, "سالم الهنائي") == 0,
	   "lines from the committed payload, in both languages");
	is_str(F.last.lines[1].value.en, "\u200E****2345",
	       "civil number masked on paper (a left-to-right mark first: the stars stay first)");
	is_str(F.last.hijri.en, "hijri-en", "the Hijri date of the day");
	struct print_result pr = {.job = F.job};
	engine_printed(e, &pr);
	is_str(state(e), "visit-receipt/result", "printed: the result");
	is_str(view(e)->title, en("result.title.submitted"), "the screen says submitted too");
	ok(view_has(e, "MOL-00000017") && view_has(e, "K-000001-0"), "with both references");
	engine_action(e, UI_ACT_BACK, 0);
	is_str(state(e), "visit-receipt/result", "no going back after a commit");
	engine_action(e, UI_ACT_CANCEL, 0);
	is_str(state(e), "home", "'another service' goes home");
	start(e, visit);
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 2, "a second visit receipt is a second transaction");
	engine_close(e);

	/* no acknowledgement in time: QUEUED, and the screen agrees */
	e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	start(e, visit);
	engine_action(e, UI_ACT_NEXT, 0);
	F.mono += 2999;
	engine_tick(e);
	is_int(F.prints, 0, "still waiting at 2.999 s");
	F.mono += 1;
	engine_tick(e);
	is_int(F.prints, 1, "3 s: printed");
	is_int(F.last.status, RECEIPT_QUEUED, "QUEUED - NOT YET SENT");
	n.seq = F.seq;
	engine_sync(e, &n); /* the acknowledgement comes late */
	pr.job = F.job;
	engine_printed(e, &pr);
	is_str(view(e)->title, en("result.title.queued"), "the screen says queued, as the paper");
	engine_close(e);

	/* commit before show: a failed commit prints nothing and says so */
	e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	start(e, visit);
	F.commit_rc = KERR_DB;
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.prints, 0, "failed commit: nothing printed");
	ok(view(e)->kind == UI_KIND_ERROR && view_has(e, en("msg.save_failed")),
	   "'nothing was recorded'");
	ok(has_button(e, UI_ACT_NEXT), "try again offered (nothing was recorded)");
	F.commit_rc = 0;
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 1, "the retry commits once");
	engine_close(e);

	/* offline at commit: no wait, QUEUED */
	e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	struct sync_note off = {.kind = SYNC_NOTE_OFFLINE};
	engine_sync(e, &off);
	start(e, visit);
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.prints, 1, "offline: printed at once");
	is_int(F.last.status, RECEIPT_QUEUED, "as queued");
	engine_close(e);
}

static void
test_print_faults(void)
{
	const struct svc_def *visit = find("visit-receipt");
	struct engine *e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	start(e, visit);
	engine_action(e, UI_ACT_NEXT, 0);
	F.mono += 3000;
	engine_tick(e);
	struct print_result pr = {.job = F.job, .rc = KERR_PAPER, .pending = true};
	engine_printed(e, &pr);
	ok(view_has(e, en("msg.printer_paper")), "out of paper: said, the request is saved");
	ok(view_has(e, "K-000001-0"), "with the reference");
	engine_action(e, UI_ACT_FINISH, 0);
	is_str(state(e), "attract", "finish ends the session");
	is_int(F.print_cancels, 1, "the kept print is cancelled: not for the next person");
	is_int(F.cancelled, F.job, "that job");
	engine_close(e);

	/* the printer is fixed while the person waits: the result */
	e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	start(e, visit);
	engine_action(e, UI_ACT_NEXT, 0);
	F.mono += 3000;
	engine_tick(e);
	pr.job = F.job;
	engine_printed(e, &pr);
	struct print_result fixed = {.job = F.job, .reprint = true};
	engine_printed(e, &fixed);
	is_str(state(e), "visit-receipt/result", "printed after the fix: the result");
	engine_close(e);

	/* the card pulled between commit and print */
	e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	start(e, visit);
	engine_action(e, UI_ACT_NEXT, 0);
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	is_str(state(e), "visit-receipt/commit", "committed: taking the card out does not stop it");
	F.mono += 3000;
	engine_tick(e);
	is_int(F.prints, 1, "the receipt of what was committed prints");
	struct print_result okp = {.job = F.job};
	engine_printed(e, &okp);
	is_str(state(e), "visit-receipt/result", "and the result shows");
	F.mono += 90000;
	engine_tick(e);
	is_str(state(e), "attract", "the idle timeout then ends it");
	ok(session_clean(e), "wiped");
	is_int(F.commits, 1, "one transaction");
	engine_close(e);

	/* no printer at all */
	e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	start(e, visit);
	F.print_rc = KERR_NODEV;
	engine_action(e, UI_ACT_NEXT, 0);
	F.mono += 3000;
	engine_tick(e);
	ok(view_has(e, en("print.failed")), "no printer: said, with the request saved");
	is_int(F.commits, 1, "the transaction stands");
	engine_close(e);
}

static void
test_idle(void)
{
	struct engine *e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	F.mono += 59999;
	engine_tick(e);
	ok(!view(e)->dialog.on, "no warning before idle_timeout - idle_warning");
	F.mono += 1;
	engine_tick(e);
	ok(view(e)->dialog.on, "the warning at 60 s");
	ok(strstr(view(e)->dialog.body, "30") != NULL, "counting 30 seconds");
	engine_action(e, UI_ACT_CONTINUE, 0);
	ok(!view(e)->dialog.on, "continue takes it away");
	is_str(state(e), "home", "where the person was");
	F.mono += 60000;
	engine_tick(e);
	F.mono += 30000;
	engine_tick(e);
	is_str(state(e), "attract", "90 s without a touch: the session ends");
	ok(session_clean(e), "and every byte of it is zero");
	is_str(view(e)->lang, "en", "the next person starts in the kiosk's language");
	engine_close(e);
}

static const struct svc_step *
step_named(const struct svc_def *def, const char *id)
{
	const char *slash = strchr(id, '/');
	for (int k = 0; slash && k < def->nsteps; k++)
		if (strcmp(slash + 1, def->steps[k].id) == 0)
			return &def->steps[k];
	return NULL;
}

/* Whether the walk showed a screen a person can go back to before ids[i] (a wait for the
 * ministry, a commit or a print is not one). */
static bool
earlier_screen(const struct svc_def *def, char ids[][64], int i)
{
	for (int j = 0; j < i; j++) {
		const struct svc_step *st = step_named(def, ids[j]);
		if (st && st->kind != SVC_STEP_QUERY && st->kind != SVC_STEP_COMMIT &&
		    st->kind != SVC_STEP_PRINT)
			return true;
	}
	return false;
}

/* Card pulled, back, cancel: at every step of every service. */
static void
test_every_step(void)
{
	for (int s = 0; s < nall; s++) {
		const struct svc_def *def = all_plus_test[s];
		char ids[40][64];
		int n = walk(def, ids, 40);
		ok(n > 0, "%s: walked through %d screens", def->id, n);
		bool committed = false, past_p2 = false;
		for (int i = 0; i < n; i++) {
			const struct svc_step *step = step_named(def, ids[i]);
			if (step && step->kind == SVC_STEP_COMMIT)
				committed = true;
			if (i > 0 && step_named(def, ids[i - 1]) &&
			    step_named(def, ids[i - 1])->kind == SVC_STEP_SECOND_PARTY)
				past_p2 = true;
			/* the card pulled */
			struct engine *e = open_all();
			sign_in_all(e);
			ok(drive_to(e, def, ids[i]), "%s: reached", ids[i]);
			note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
			if (step && step->kind == SVC_STEP_SECOND_PARTY)
				ok(strcmp(state(e), ids[i]) == 0, "%s: card out asked for here",
				   ids[i]);
			else if (step && step->kind == SVC_STEP_RESULT)
				ok(strcmp(state(e), "attract") == 0 && session_clean(e),
				   "%s: all done: taking the card out is leaving, wiped", ids[i]);
			else if (committed || past_p2)
				ok(strcmp(state(e), ids[i]) == 0,
				   "%s: after the commit or the second person's consent the "
				   "session "
				   "goes on",
				   ids[i]);
			else
				ok(strcmp(state(e), "attract") == 0 && session_clean(e),
				   "%s: card out ends the session, wiped", ids[i]);
			engine_close(e);
			/* cancel */
			e = open_all();
			sign_in_all(e);
			drive_to(e, def, ids[i]);
			int commits = F.commits;
			engine_action(e, UI_ACT_CANCEL, 0);
			if (engine_busy(e))
				ok(strcmp(state(e), ids[i]) == 0,
				   "%s: cancel waits for the commit/print", ids[i]);
			else
				ok(strcmp(state(e), "home") == 0 &&
				           !session_get(engine_session(e), "form"),
				   "%s: cancel goes home, the service's values gone", ids[i]);
			is_int(F.commits, commits, "%s: cancel commits nothing", ids[i]);
			engine_close(e);
			/* back */
			e = open_all();
			sign_in_all(e);
			drive_to(e, def, ids[i]);
			bool busy = engine_busy(e);
			engine_action(e, UI_ACT_BACK, 0);
			if (committed)
				ok(strcmp(state(e), ids[i]) == 0, "%s: no back after the commit",
				   ids[i]);
			else if (busy)
				ok(strcmp(state(e), ids[i]) == 0, "%s: back waits for the print",
				   ids[i]);
			else if (!earlier_screen(def, ids, i))
				ok(strcmp(state(e), "home") == 0,
				   "%s: back from the first screen: home", ids[i]);
			else
				ok(strcmp(state(e), ids[i]) != 0 &&
				           (strcmp(state(e), ids[i - 1]) == 0 ||
				            strchr(state(e), '/') != NULL),
				   "%s: back goes to an earlier screen (%s)", ids[i], state(e));
			engine_close(e);
		}
	}
}

static void
test_second_party(void)
{
	struct engine *e = open_all();
	sign_in_all(e);
	ok(drive_to(e, &test_service, "test-two-party/worker"), "at the second party");
	is_int(view(e)->kind, UI_KIND_CARD, "asks the first person to take their card out");
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	is_str(state(e), "test-two-party/worker", "first card out: waiting for the second");
	ok(view_has(e, en("p2.insert.title")), "asking for the worker's card");
	insert(e, &person_a, 3);
	ok(view_has(e, en("p2.same_person")), "the same person's card again: refused");
	insert(e, &person_b, 3);
	is_int(view(e)->kind, UI_KIND_PIN, "the second person's PIN");
	type_pin(e, "4321");
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	ok(view(e)->kind == UI_KIND_CARD && view_has(e, en("p2.removed")),
	   "their card pulled: asked for again");
	is_int(engine_session(e)->nparties, 1, "the second party's data gone");
	insert(e, &person_b, 3);
	type_pin(e, "4321");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	is_str(last_path(), "/v1/signin", "the second person signs in too");
	answer(e, 0, 200, signin_json("\"citizen\"", NULL));
	ok(view_has(e, en("p2.wrong_role")), "not a worker: refused");
	insert(e, &person_b, -2);
	answer(e, 0, 200, signin_json("\"worker\"", WORKER_EMPLOYER));
	ok(view_has(e, en("p2.consent.title")) && view_has(e, "Rajesh Kumar"),
	   "a worker: asked to consent, by name");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "test-two-party/fee", "consented: on to the fee");
	ok(view_has(e, "2.500"), "the fee from the reference data");
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	is_str(state(e), "test-two-party/fee", "after consent the cards may go");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(strstr(F.payload, "90012345") && strstr(F.payload, "71234567"),
	   "both parties committed");
	ok(strstr(F.payload, "\"total_baisa\":2500") != NULL, "with the fee");
	ok(strstr(F.payload, "91234567") != NULL, "and the form");
	engine_close(e);

	/* a second card where none is expected ends the first session */
	e = open_all();
	sign_in(e, &person_a, "\"citizen\"", NULL);
	insert(e, &person_b, 3);
	is_str(state(e), "pin", "a new card at home: a new session");
	is_str(engine_session(e)->party[0].id.civil_number, "71234567", "for the new person");
	is_int(engine_session(e)->nparties, 1, "alone");
	engine_close(e);

	/* swapped at the PIN screen */
	e = open_all();
	insert(e, &person_a, 3);
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	insert(e, &person_b, 3);
	is_str(engine_session(e)->party[0].id.civil_number, "71234567",
	       "swapped at the PIN: the new card's holder");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	is_str(state(e), "pin", "an old PIN answer does not sign the new person in");
	engine_close(e);
}

static void
test_forms(void)
{
	struct engine *e = open_all();
	sign_in_all(e);
	drive_to(e, &test_service, "test-two-party/phone");
	is_int(view(e)->keyboard, UI_KBD_DIGITS, "a phone number: the digit keypad");
	for (const char *c = "1234"; *c; c++)
		engine_key(e, *c);
	is_str(view(e)->field, "1234", "typed");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(view(e)->notice_error && view(e)->notice[0], "too short: said");
	is_str(state(e), "test-two-party/phone", "and stays");
	engine_key(e, UI_KEY_BACKSPACE);
	engine_key(e, UI_KEY_BACKSPACE);
	engine_key(e, UI_KEY_BACKSPACE);
	engine_key(e, UI_KEY_BACKSPACE);
	const char *arabic = "\xd9\xa9\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7";
	for (const char *c = arabic; *c; c += 2)
		engine_key(e, 0x660 + ((unsigned char)c[1] - 0xa0));
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "test-two-party/check", "Arabic-Indic digits are a phone number too");
	ok(view_has(e, "91234567"), "check answers shows it in ASCII digits");
	engine_action(e, UI_ACT_CHOOSE, 0);
	is_str(state(e), "test-two-party/phone", "change goes back to the question");
	is_str(view(e)->field, "91234567", "with the answer");
	engine_key(e, UI_KEY_BACKSPACE);
	engine_key(e, '8');
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "test-two-party/check", "and back to check answers");
	ok(view_has(e, "91234568"), "changed");
	engine_close(e);
}

static void
test_query_errors(void)
{
	const struct svc_def *record = find("worker-record");
	const struct {
		int rc;
		long status;
		const char *body, *key;
		bool retry;
	} cases[] = {
	        {KERR_TIMEOUT, 0, NULL, "query.err.timeout", true},
	        {KERR_OFFLINE, 0, NULL, "query.err.offline", true},
	        {KERR_TLS, 0, NULL, "query.err.tls", false},
	        {KERR_TOOBIG, 0, NULL, "query.err.unreadable", true},
	        {0, 404, "{\"error\":\"no record\"}", "record.not_found", false},
	        {0, 403, "{\"error\":\"no\"}", "query.err.forbidden", false},
	        {0, 500, "{\"error\":\"x\"}", "query.err.unavailable", true},
	        {0, 200, "{\"permit\":{}}", "query.err.unreadable", true},
	        {0, 200, "not json", "query.err.unreadable", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct engine *e = open_all();
		sign_in(e, &person_b, "\"worker\"", WORKER_EMPLOYER);
		start(e, record);
		is_str(last_path(), "/v2/workers/record", "the record is asked for");
		ok(strstr(F.qbody[(F.queries - 1) % QMAX], "71234567") &&
		           !strstr(last_path(), "7123"),
		   "the civil number in the body, not the path");
		answer(e, cases[i].rc, cases[i].status, cases[i].body);
		ok(view(e)->kind == UI_KIND_ERROR && view_has(e, en(cases[i].key)),
		   "query failure %zu: '%s'", i, cases[i].key);
		is_int(has_button(e, UI_ACT_NEXT), cases[i].retry, "retry offered: %d",
		       cases[i].retry);
		if (cases[i].retry) {
			engine_action(e, UI_ACT_NEXT, 0);
			answer(e, 0, 200, sample_for("/v2/workers/record"));
			is_str(state(e), "worker-record/permit", "retried: the permit");
		}
		engine_close(e);
	}
	struct engine *e = open_all();
	sign_in(e, &person_b, "\"worker\"", WORKER_EMPLOYER);
	start(e, record);
	answer(e, 0, 200, sample_for("/v2/workers/record"));
	ok(view_has(e, "WP-700001") && view_has(e, en("permit.status.valid")),
	   "the permit, its status in words");
	ok(view_has(e, "1 April 2027"), "dates as people write them");
	ok(view_has(e, "Shop sales assistant") && view_has(e, "Al Noor Trading LLC"),
	   "profession and employer in English");
	engine_action(e, UI_ACT_LANG_TOGGLE, 0);
	ok(view_has(e, "بائع") && view_has(e, "شركة النور"), "and in Arabic");
	engine_action(e, UI_ACT_FINISH, 0);
	is_int(F.cancels, 0, "nothing to cancel: no query in flight");
	engine_close(e);

	e = open_all();
	sign_in(e, &person_b, "\"worker\"", WORKER_EMPLOYER);
	start(e, record);
	engine_action(e, UI_ACT_FINISH, 0);
	is_int(F.cancels, 1, "a query in flight at the session's end is cancelled");
	answer(e, 0, 200, sample_for("/v2/workers/record"));
	is_str(state(e), "attract", "its late answer changes nothing");
	engine_close(e);
}

/* ---- memory: nothing of the person in the heap after the wipe ------------------------------ */

static bool tracking, leaked;

static bool
has_pii(const unsigned char *p, size_t n)
{
	static const char *const pii[] = {"90012345", "Salim", "Rajesh", "71234567"};
	for (size_t k = 0; k < sizeof(pii) / sizeof(pii[0]); k++) {
		size_t m = strlen(pii[k]);
		for (size_t i = 0; i + m <= n; i++)
			if (memcmp(p + i, pii[k], m) == 0)
				return true;
	}
	return false;
}

/* Zeroed, so the scan at free reads only defined bytes (jansson leaves slack in its blocks). */
static void *
t_malloc(size_t n)
{
	return calloc(1, n);
}

static void
t_free(void *ptr)
{
	if (!ptr)
		return;
	size_t n = malloc_usable_size(ptr);
	if (tracking && has_pii(ptr, n))
		leaked = true;
	memset(ptr, 0, n);
	free(ptr);
}

static void
test_wipe(void)
{
	json_set_alloc_funcs(t_malloc, t_free);
	struct engine *e = open_all();
	sign_in_all(e);
	drive_to(e, &test_service, "test-two-party/fee");
	const struct session *s = engine_session(e);
	ok(s->active && s->nparties == 2, "two parties in the session");
	tracking = true;
	engine_action(e, UI_ACT_FINISH, 0);
	tracking = false;
	ok(!leaked, "every JSON block freed at the end held no name or civil number");
	ok(session_clean(e), "the session struct is all zeros");
	const unsigned char *v = (const unsigned char *)view(e);
	ok(!has_pii(v, sizeof(struct ui_view)), "the view holds no personal data");
	engine_close(e);
	session_json_alloc_init();
}

/* What issue 11's services need of the engine: a link to an aside step and back, steps that run
 * only when the answer has their part, "not recorded" lines, the days left to a deadline, a
 * list paged by asking the backend again, the kiosk's own answers (my receipts) and a copy. */
static const char *
rec_sample(bool contract, bool absence, bool history)
{
	static char b[4096];
	snprintf(
	        b, sizeof(b),
	        "{\"permit\":{\"number\":\"WP-700001\",\"status\":\"expiring\",\"issued\":"
	        "\"2024-04-02\",\"expires\":\"2027-01-15\",\"profession\":{\"isco\":\"5223\","
	        "\"title_ar\":\"x\",\"title_en\":\"Shop sales assistant\"},\"employer\":{"
	        "\"cr_number\":\"1000001\",\"name_ar\":\"x\",\"name_en\":\"Al Noor Trading LLC\"}},"
	        "\"renewal\":\"due\",\"arrival\":{\"date\":\"2024-04-02\",\"port_ar\":\"x\","
	        "\"port_en\":\"Muscat International Airport\"},\"departure\":null,\"contract\":%s,"
	        "\"absence\":%s,\"transfer\":null,\"history\":[%s]}",
	        contract ? "{\"start\":\"2024-04-02\",\"end\":\"2026-04-01\",\"wage_baisa\":325000}"
	                 : "null",
	        absence ? "{\"reported\":\"2026-11-20\",\"objection_deadline\":\"2026-12-09\","
	                  "\"state\":\"open\"}"
	                : "null",
	        history ? "{\"number\":\"WP-600001\",\"status\":\"cancelled\",\"issued\":"
	                  "\"2020-01-01\",\"expires\":\"2022-01-01\",\"profession\":{\"isco\":"
	                  "\"5223\",\"title_ar\":\"x\",\"title_en\":\"y\"},\"employer\":{"
	                  "\"cr_number\":\"1000002\",\"name_ar\":\"x\",\"name_en\":\"Muscat "
	                  "Services\"}}"
	                : "");
	return b;
}

static void
test_records(void)
{
	const struct svc_def *rec = find("worker-record");
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, rec);
	answer(e, 0, 200, rec_sample(true, true, true));
	is_str(state(e), "worker-record/permit", "the record: the permit first");
	ok(has_button(e, UI_ACT_LINK), "with a button to the older permits");
	engine_action(e, UI_ACT_LINK, 0);
	is_str(state(e), "worker-record/history", "the link opens the history");
	ok(view_has(e, "WP-600001") && view_has(e, "Muscat Services"), "the older permit listed");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "worker-record/permit", "its main button goes back to the permit");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "worker-record/movements", "walking on skips the history");
	ok(view_has(e, "Muscat International Airport") && view_has(e, en("record.not_recorded")),
	   "the arrival's port, and a departure not recorded says so");
	ok(view_has(e, en("renewal.status.due")), "the renewal status");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "worker-record/contract", "the contract");
	ok(view_has(e, "325.000"), "its wage in rials");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "worker-record/absence", "the absence report");
	/* F.wall is 2026-11-30 in Oman; the deadline 2026-12-09: nine days */
	ok(view_has(e, "9 days left to object"), "the days left to object, counted");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "worker-record/statement", "then the statement");
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 1, "printing the statement commits it");
	is_str(F.owner, "90012345", "as the signed-in person's");
	ok(strstr(F.payload, "WP-700001") && strstr(F.payload, "\"today\"") == NULL,
	   "the payload holds the record as shown");
	struct sync_note n = {.kind = SYNC_NOTE_ACKED, .seq = F.seq};
	engine_sync(e, &n);
	bool wage = false, unrec = false, left = false;
	for (int i = 0; i < F.last.nlines; i++) {
		wage |= reads(F.last.lines[i].value.en, "325.000");
		unrec |= strcmp(F.last.lines[i].value.en, en("record.not_recorded")) == 0;
		left |= reads(F.last.lines[i].value.en, "9 days left");
	}
	ok(F.prints == 1 && wage && unrec && left,
	   "the paper says the wage, the departure not recorded and the days left (%d lines)",
	   F.last.nlines);
	engine_close(e);

	e = open_all();
	sign_in_all(e);
	start(e, rec);
	answer(e, 0, 200, rec_sample(false, false, false));
	ok(!has_button(e, UI_ACT_LINK), "no older permits: no button to them");
	engine_action(e, UI_ACT_NEXT, 0);
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "worker-record/statement",
	       "no contract, no absence report: their screens are skipped");
	engine_action(e, UI_ACT_LINK, 0);
	is_str(state(e), "home", "'done' leaves without printing");
	is_int(F.commits, 0, "nothing committed");
	engine_close(e);

	/* the absence deadline: today, and passed */
	const char *dl[][2] = {{"2026-11-30", "record.absence_title"}, {"2026-11-01", NULL}};
	for (int k = 0; k < 2; k++) {
		char body[4096];
		snprintf(body, sizeof(body), "%s", rec_sample(false, true, false));
		char *p = strstr(body, "2026-12-09");
		memcpy(p, dl[k][0], 10);
		e = open_all();
		sign_in_all(e);
		start(e, rec);
		answer(e, 0, 200, body);
		engine_action(e, UI_ACT_NEXT, 0);
		engine_action(e, UI_ACT_NEXT, 0);
		is_str(state(e), "worker-record/absence", "absence screen (%s)", dl[k][0]);
		ok(k == 0 ? view_has(e, en("absence.days_left.today"))
		          : view_has(e, "The deadline passed on") && view_has(e, "2026"),
		   k == 0 ? "the last day is said" : "a passed deadline says when it passed");
		engine_close(e);
	}

	/* the access log: pages asked of the backend, one at a time */
	const struct svc_def *log = find("access-log");
	e = open_all();
	sign_in_all(e);
	start(e, log);
	ok(strstr(F.qbody[(F.queries - 1) % QMAX], "\"page\":0") &&
	           strstr(F.qbody[(F.queries - 1) % QMAX], "\"per_page\":4"),
	   "the first page is asked for (%s)", F.qbody[(F.queries - 1) % QMAX]);
	answer(e, 0, 200, sample_for("/v1/persons/access-log"));
	is_str(state(e), "access-log/entries", "the entries");
	ok(reads(view(e)->pager, "1") && reads(view(e)->pager, "4") && view(e)->page_next,
	   "page 1 of 4 (13 entries, 4 a page): %s", view(e)->pager);
	ok(view_has(e, "13 entries"), "the total said");
	int q = F.queries;
	engine_action(e, UI_ACT_PAGE, -1);
	is_int(F.queries, q, "no page before the first");
	engine_action(e, UI_ACT_PAGE, 1);
	ok(F.queries == q + 1 && strstr(F.qbody[q % QMAX], "\"page\":1"),
	   "the next page asked for");
	answer(e, 0, 503, "{}");
	engine_action(e, UI_ACT_BACK, 0);
	is_str(state(e), "access-log/entries", "a page that failed: back to the one shown");
	ok(strstr(view(e)->pager, "1") != NULL, "still page 1 (%s)", view(e)->pager);
	engine_action(e, UI_ACT_PAGE, 1);
	answer(e, 0, 200,
	       "{\"total\":13,\"page\":1,\"per_page\":6,\"entries\":[{\"at\":\"2026-11-01T08:00\","
	       "\"who\":\"sanad\",\"by_ar\":\"x\",\"by_en\":\"Sanad Al Khuwair\",\"action\":"
	       "\"changed\",\"what\":\"contract\"}]}");
	ok(strstr(view(e)->pager, "2") && view_has(e, "Sanad Al Khuwair") &&
	           view_has(e, en("access.who.sanad")),
	   "page 2 shown with its entry (%s)", view(e)->pager);
	engine_action(e, UI_ACT_NEXT, 0);
	ok(strstr(F.qbody[(F.queries - 1) % QMAX], "\"per_page\":25") &&
	           strstr(F.qbody[(F.queries - 1) % QMAX], "\"page\":0"),
	   "printing asks for the newest entries");
	answer(e, 0, 200, sample_for("/v1/persons/access-log"));
	is_int(F.commits, 1, "the printed list is committed");
	engine_close(e);

	/* my receipts: the kiosk's own answers; a copy */
	const struct svc_def *mine = find("my-receipts");
	e = open_all();
	sign_in_all(e);
	start(e, mine);
	is_str(F.local_path, "local:receipts", "my receipts asks the kiosk itself");
	is_str(state(e), "my-receipts/list", "the list at once");
	ok(view_has(e, "Visit receipt") && view_has(e, "K-000007-3"), "the receipt listed");
	engine_action(e, UI_ACT_CHOOSE, 0);
	is_str(state(e), "my-receipts/confirm", "chosen: confirm the copy");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(F.copies == 1 && F.copy_seq == 7, "the copy asked for by its sequence");
	ok(F.last.copy && F.last.copy_ms == F.wall && strcmp(F.last.reference, "K-000007-3") == 0,
	   "printed as a COPY, with the time of the copy and its own reference");
	is_int(F.commits, 0, "a copy commits nothing");
	struct print_result pr = {.job = F.job};
	engine_printed(e, &pr);
	is_str(state(e), "my-receipts/done", "then: take your copy");
	engine_close(e);

	int refusals[] = {KERR_DENIED, KERR_EXPIRED, KERR_NOTFOUND};
	const char *said[] = {"copy.err.denied", "copy.err.expired", "copy.err.not_found"};
	for (int k = 0; k < 3; k++) {
		e = open_all();
		sign_in_all(e);
		start(e, mine);
		engine_action(e, UI_ACT_LINK, 0);
		is_str(state(e), "my-receipts/find", "find by reference (%d)", k);
		for (const char *c = "MCT-0001-000042-7"; *c; c++)
			engine_key(e, *c);
		F.local_rc = refusals[k];
		engine_action(e, UI_ACT_NEXT, 0);
		ok(view_has(e, en(said[k])), "refused: %s", said[k]);
		is_int(F.copies, 0, "nothing printed");
		engine_action(e, UI_ACT_BACK, 0);
		is_str(state(e), "my-receipts/find", "back to the reference");
		engine_close(e);
	}
	e = open_all();
	sign_in_all(e);
	start(e, mine);
	engine_action(e, UI_ACT_CHOOSE, 0);
	F.copy_rc = KERR_DENIED;
	engine_action(e, UI_ACT_NEXT, 0);
	ok(view_has(e, en("copy.err.denied")) && F.prints == 0,
	   "the copy port's own refusal is shown, nothing printed");
	engine_close(e);

	/* offline: my receipts still works (the outbox is the kiosk's own); the records say they
	 * need the ministry */
	e = open_all();
	F.query_rc = KERR_OFFLINE;
	insert(e, &person_a, 3);
	type_pin(e, "1234");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	is_str(state(e), "home", "offline: the home screen");
	int r = home_row(e, mine->title);
	for (int p = 0; r < 0 && p < 8 && engine_view(e)->page_next; p++) {
		engine_action(e, UI_ACT_PAGE, 1);
		r = home_row(e, mine->title);
	}
	ok(r >= 0 && !view(e)->rows[r].disabled, "offline: my receipts is offered");
	r = home_row(e, "access.service");
	for (int p = 0; r < 0 && p < 8 && engine_view(e)->page_next; p++) {
		engine_action(e, UI_ACT_PAGE, 1);
		r = home_row(e, "access.service");
	}
	ok(r >= 0 && view(e)->rows[r].disabled, "offline: the access log is marked");
	engine_action(e, UI_ACT_CHOOSE, r);
	ok(view_has(e, en("refused.needs_connection")) && view_has(e, "Sanad"),
	   "offline: the access log says it needs the ministry, and where else to go");
	engine_action(e, UI_ACT_BACK, 0);
	start(e, mine);
	is_str(state(e), "my-receipts/list", "offline: my receipts lists the receipts");
	engine_close(e);

	/* a record whose answer lacks a date it must have: unreadable, nothing shown of it */
	char broken[4096];
	snprintf(broken, sizeof(broken), "%s", rec_sample(true, false, false));
	char *x = strstr(broken, "\"expires\":\"2027-01-15\",");
	memmove(x, x + strlen("\"expires\":\"2027-01-15\","),
	        strlen(x + strlen("\"expires\":\"2027-01-15\",")) + 1);
	e = open_all();
	sign_in_all(e);
	start(e, rec);
	answer(e, 0, 200, broken);
	ok(view(e)->kind == UI_KIND_ERROR && view_has(e, en("query.err.unreadable")) &&
	           !view_has(e, "WP-700001"),
	   "a record without its expiry date: 'could not be read', no part of it shown");
	engine_close(e);

	/* the access log of thousands: the kiosk holds one page, whatever page it is on */
	e = open_all();
	sign_in_all(e);
	start(e, log);
	size_t first = 0, last = 0;
	for (int pg = 0; pg < 40; pg++) {
		char body[2048];
		int k = snprintf(body, sizeof(body),
		                 "{\"total\":5000,\"page\":%d,\"per_page\":6,"
		                 "\"entries\":[",
		                 pg);
		for (int i = 0; i < 6; i++)
			k += snprintf(
			        body + k, sizeof(body) - (size_t)k,
			        "%s{\"at\":\"2026-11-%02dT10:15\",\"who\":\"employer\","
			        "\"by_ar\":\"x\",\"by_en\":\"Employer %d\",\"action\":\"viewed\","
			        "\"what\":\"permit\"}",
			        i ? "," : "", 1 + i, pg * 6 + i);
		snprintf(body + k, sizeof(body) - (size_t)k, "]}");
		answer(e, 0, 200, body);
		char *bag = json_dumps(engine_session(e)->bag, JSON_COMPACT);
		size_t len = bag ? strlen(bag) : 0;
		free(bag);
		if (pg == 0)
			first = len;
		last = len;
		if (pg == 39)
			ok(reads(view(e)->pager, "40") && reads(view(e)->pager, "1250"),
			   "5,000 entries: page 40 of 1250 (%s)", view(e)->pager);
		engine_action(e, UI_ACT_PAGE, 1);
	}
	ok(first > 0 && last < first + 64, "page 40 holds no more than page 1 (%zu, %zu bytes)",
	   first, last);
	engine_close(e);
}

/* "Check my PIN": from the attract screen, no sign-in, the tries left; a blocked PIN prints
 * where to unblock it (a slip with no personal data). */
static void
test_pin_check(void)
{
	struct engine *e = open_all();
	ok(has_button(e, UI_ACT_LINK), "the attract screen offers the PIN check");
	engine_action(e, UI_ACT_LINK, 0);
	is_str(state(e), "pin-check", "check my PIN: insert the card");
	engine_action(e, UI_ACT_BACK, 0);
	is_str(state(e), "attract", "back: the attract screen");
	engine_action(e, UI_ACT_LINK, 0);
	insert(e, &person_a, 3);
	is_str(state(e), "pin", "the PIN is asked");
	is_str(view(e)->title, en("pincheck.pin_title"), "as a check");
	type_pin(e, "9999");
	note(e, CARD_NOTE_PIN, KERR_PIN, NULL, 2);
	ok(view_has(e, en("msg.pin_wrong")) && view_has(e, "2"), "a wrong PIN: the tries left");
	type_pin(e, "1234");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	is_str(state(e), "pin-ok", "the right PIN: said so");
	ok(view_has(e, "3"), "with the tries left (%s)", view(e)->panel);
	is_int(F.queries, 0, "nothing asked of the backend");
	is_int(F.commits + F.prints, 0, "nothing committed or printed");
	engine_action(e, UI_ACT_FINISH, 0);
	ok(strcmp(state(e), "attract") == 0 && session_clean(e), "finish: attract, wiped");
	engine_close(e);

	e = open_all();
	engine_action(e, UI_ACT_LINK, 0);
	insert(e, &person_a, 1);
	type_pin(e, "9999");
	note(e, CARD_NOTE_PIN, KERR_BLOCKED, NULL, 0);
	is_str(state(e), "card-error", "the last try wrong: the PIN is blocked");
	ok(view_has(e, en("msg.pin_blocked")) && has_button(e, UI_ACT_NEXT),
	   "says so, and offers the slip");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(F.prints == 1 && F.last.slip && !F.last.qr_text[0], "a slip printed, with no QR");
	bool personal = false;
	for (int i = 0; i < F.last.nlines; i++)
		personal |= strstr(F.last.lines[i].value.en, "Salim") ||
		            strstr(F.last.lines[i].value.en, "2345");
	ok(!personal && F.last.nlines == 3 && strstr(F.last.lines[0].value.en, "Civil Status"),
	   "where to unblock it, and nothing of the person");
	ok(!has_button(e, UI_ACT_NEXT), "one slip per card");
	struct print_result pr = {.job = F.job};
	engine_printed(e, &pr);
	ok(view_has(e, en("pincheck.slip_printed")), "take the slip");
	engine_close(e);

	e = open_all();
	insert(e, &person_a, 0);
	is_str(state(e), "card-error", "a card already blocked, without the check");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(F.prints == 1 && F.last.slip, "the slip is offered there too");
	engine_close(e);
}

/* Every service's definition holds together: what a screen lists fits it, every link and
 * `then` names a step of the service, a paged list shows a page as the backend sends it. */
static void
test_definitions(void)
{
	int bad = 0;
	for (int i = 0; i < services_count; i++) {
		const struct svc_def *d = services_all[i];
		for (int k = 0; k < d->nsteps; k++) {
			const struct svc_step *st = &d->steps[k];
			bool link_ok = !st->link || !st->link->step, then_ok = !st->then;
			for (int j = 0; j < d->nsteps; j++) {
				link_ok |= st->link && st->link->step &&
				           !strcmp(d->steps[j].id, st->link->step);
				then_ok |= st->then && !strcmp(d->steps[j].id, st->then);
			}
			bool fits = st->kind != SVC_STEP_INFO || st->nlines <= UI_ROWS_MAX;
			bool paged = true;
			if (st->kind == SVC_STEP_LIST && st->list->total) {
				paged = k > 0 && d->steps[k - 1].kind == SVC_STEP_QUERY &&
				        d->steps[k - 1].query->page_size ==
				                list_page_rows(st->list);
			}
			if (!link_ok || !then_ok || !fits || !paged) {
				bad++;
				printf("# %s/%s: link %d then %d fits %d paged %d\n", d->id, st->id,
				       link_ok, then_ok, fits, paged);
			}
		}
	}
	is_int(bad, 0,
	       "every service's steps: links and `then` name steps, lines fit a screen, "
	       "a paged list shows the backend's page");
}

/* The objection to an absence report: open report, a reason from the reference data, optional
 * words, the check, the commit; refused with no report or after the deadline. */
static void
test_objection(void)
{
	const struct svc_def *obj = find("absence-objection");
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, obj);
	answer(e, 0, 200, rec_sample(true, true, false));
	is_str(state(e), "absence-objection/report", "an open report: shown");
	ok(view_has(e, "9 days left to object"), "with the days left");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "absence-objection/reason", "the reasons");
	ok(view_has(e, "I was ill") && view_has(e, "My wages were not paid"),
	   "from the reference data");
	engine_action(e, UI_ACT_CHOOSE, 1);
	is_str(state(e), "absence-objection/details", "then the words of their own");
	engine_key(e, UI_KEY_ENTER);
	is_str(state(e), "absence-objection/check", "which may be left empty");
	ok(view_has(e, "My wages were not paid") && view_has(e, en("objection.no_details")),
	   "the check: the reason, and no words");
	engine_action(e, UI_ACT_BACK, 0);
	for (const char *c = "late pay"; *c; c++)
		engine_key(e, *c);
	engine_key(e, UI_KEY_ENTER);
	ok(view_has(e, "late pay"), "words typed are checked too");
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 1, "submitted: committed once");
	ok(strstr(F.payload, "\"unpaid\"") && strstr(F.payload, "late pay") &&
	           strstr(F.payload, "2026-12-09"),
	   "the payload: the reason's id, the words, the report");
	engine_close(e);

	const char *when[] = {"none", "passed", "since"};
	for (int k = 0; k < 3; k++) {
		char body[4096];
		snprintf(body, sizeof(body), "%s", rec_sample(true, k != 0, false));
		char *st = strstr(body, "\"state\":\"open\"");
		if (k == 1 && st) { /* the backend says the deadline has passed */
			char tail[4096];
			snprintf(tail, sizeof(tail), "%s", st + strlen("\"state\":\"open\""));
			snprintf(st, sizeof(body) - (size_t)(st - body), "\"state\":\"passed\"%s",
			         tail);
		}
		e = open_all();
		sign_in_all(e);
		start(e, obj);
		if (k == 2)
			F.wall +=
			        20LL * 86400000; /* the deadline passes while the answer is read */
		answer(e, 0, 200, body);
		ok(view(e)->kind == UI_KIND_ERROR &&
		           view_has(e, en(k == 0 ? "objection.none" : "objection.passed")),
		   "no objection possible (%s): said why and where to go", when[k]);
		is_int(F.commits, 0, "nothing committed (%s)", when[k]);
		engine_close(e);
	}
	e = open_all();
	sign_in_all(e);
	start(e, obj);
	F.no_reasons = true;
	answer(e, 0, 200, rec_sample(true, true, false));
	engine_action(e, UI_ACT_NEXT, 0);
	ok(view_has(e, en("objection.no_reasons")), "no reasons on the kiosk yet: said so");
	engine_close(e);
}

/* A line of the last receipt (label or value, either language) with text in it. */
static bool
receipt_has(const char *text)
{
	for (int i = 0; i < F.last.nlines; i++) {
		const struct receipt_line *l = &F.last.lines[i];
		if (strstr(l->label.en, text) || strstr(l->value.en, text) ||
		    strstr(l->label.ar, text) || strstr(l->value.ar, text))
			return true;
	}
	return false;
}

/* A renewal on its check screen with the first n workers of the sample chosen (30 days). */
static struct engine *
renewal_checked(const struct svc_def *ren, int n)
{
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, ren);
	engine_action(e, UI_ACT_CHOOSE, 0);
	answer(e, 0, 200, renewals_sample);
	for (int i = 0; i < n; i++)
		engine_action(e, UI_ACT_CHOOSE, i);
	engine_action(e, UI_ACT_NEXT, 0);
	return e;
}

/* Renewals: a range, the workers with their fees from the reference data (a fine when late, a
 * row that cannot be chosen and why), several chosen with a running total, one request per
 * worker in one commit, each acknowledged, one receipt listing them with the payment link. */
static void
test_renewal(void)
{
	const struct svc_def *ren = find("permit-renewal");
	ok(ren != NULL, "the renewal service is in the table");
	if (!ren)
		return;
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, ren);
	is_str(state(e), "permit-renewal/range", "first the range");
	ok(view(e)->nrows == 3 && view_has(e, "30 days") && view_has(e, "90 days"),
	   "30, 60 or 90 days");
	engine_action(e, UI_ACT_CHOOSE, 1);
	is_str(last_path(), "/v1/establishments/renewals", "asked the ministry");
	ok(strstr(F.qbody[(F.queries - 1) % QMAX], "\"within_days\":60") &&
	           strstr(F.qbody[(F.queries - 1) % QMAX], "\"cr_number\":\"1000001\""),
	   "for the establishment, within 60 days (a number): %s", F.qbody[(F.queries - 1) % QMAX]);
	answer(e, 0, 200, renewals_sample);
	is_str(state(e), "permit-renewal/workers", "the workers");
	const struct ui_view *v = view(e);
	ok(v->multi && v->nrows == 4, "a multiple choice of four rows");
	ok(view_has(e, "OMR 201.000") && view_has(e, "OMR 111.000"),
	   "each with its fee: 201.000 (B), 101.000 + one month's fine 10.000 (C)");
	ok(v->rows[2].disabled && view_has(e, en("renewal.already_submitted")),
	   "a permit already submitted: shown, not to be chosen, and why");
	ok(v->rows[3].disabled && view_has(e, en("renewal.fee_missing")),
	   "a category the fee table lacks: the same");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(strcmp(state(e), "permit-renewal/workers") == 0 &&
	           view_has(e, en("renewal.none_chosen")),
	   "nothing chosen: said so, not gone on");
	engine_action(e, UI_ACT_CHOOSE, 3);
	ok(view_has(e, en("renewal.fee_missing")) && !view(e)->rows[3].selected,
	   "touching a row that cannot be chosen says why and chooses nothing");
	engine_action(e, UI_ACT_CHOOSE, 0);
	engine_action(e, UI_ACT_CHOOSE, 1);
	ok(view(e)->rows[0].selected && view(e)->rows[1].selected, "two chosen: both ticked");
	ok(view_has(e, "2 chosen") && view_has(e, "OMR 312.000"), "with the running total");
	engine_action(e, UI_ACT_CHOOSE, 0);
	ok(!view(e)->rows[0].selected && view_has(e, "OMR 111.000") && view_has(e, "1 chosen"),
	   "touched again: left out, the total follows");
	engine_action(e, UI_ACT_CHOOSE, 0);
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "permit-renewal/check", "then the check");
	ok(view(e)->nrows == 2 && view_has(e, "OMR 312.000") && view_has(e, "OMR 10.000"),
	   "the two, their fees and fine, the total");
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commit_batches, 1, "one commit");
	is_int(F.commits, 2, "of one request per worker");
	ok(strstr(F.payloads[0], "\"permit_no\":\"WP-700008\"") &&
	           strstr(F.payloads[0], "\"index\":0") && strstr(F.payloads[0], "\"count\":2") &&
	           strstr(F.payloads[0], "\"total_baisa\":111000") &&
	           strstr(F.payloads[0], "\"version\":\"2026.1\""),
	   "the first: its worker (in the order chosen), the batch, its fee with the table's "
	   "version");
	ok(strstr(F.payloads[1], "\"permit_no\":\"WP-700006\"") &&
	           strstr(F.payloads[1], "\"total_baisa\":201000") &&
	           !strstr(F.payloads[1], "WP-700008"),
	   "the second: its own worker only");
	struct sync_note n = {.kind = SYNC_NOTE_ACKED, .seq = F.seq - 1};
	snprintf(n.ref, sizeof(n.ref), "MOL-00000101");
	snprintf(n.pay_url, sizeof(n.pay_url), "https://pay.example/p/1");
	engine_sync(e, &n);
	is_str(state(e), "permit-renewal/commit", "one acknowledged: waiting for the other");
	n.seq = F.seq;
	snprintf(n.ref, sizeof(n.ref), "MOL-00000102");
	n.pay_url[0] = '\0';
	engine_sync(e, &n);
	is_int(F.prints, 1, "both acknowledged: the receipt");
	ok(receipt_has("Bashir Ahmed") && receipt_has("MOL-00000101") &&
	           receipt_has("Anil Menon") && receipt_has("MOL-00000102"),
	   "one paper listing each worker with the ministry's reference");
	is_str(F.last.pay_url, "https://pay.example/p/1", "and the payment link");
	is_int(F.last.status, RECEIPT_SUBMITTED, "submitted");
	int64_t total = 0;
	for (int i = 0; i < F.last.nitems; i++)
		total += F.last.items[i].amount_baisa;
	ok(F.last.nitems == 2 && total == 312000, "the fees summed over the requests (%lld)",
	   (long long)total);
	struct print_result pr = {.job = F.job};
	engine_printed(e, &pr);
	ok(view_has(e, "2 requests") && view_has(e, "2 sent") &&
	           view_has(e, en("result.pay_on_receipt")),
	   "the result: how many went, and where to pay");
	engine_close(e);

	/* the link drops after the list: the requests queue (renewals may) */
	e = renewal_checked(ren, 2);
	struct sync_note off = {.kind = SYNC_NOTE_OFFLINE};
	engine_sync(e, &off);
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 2, "offline: both committed to the queue");
	is_int(F.prints, 1, "and printed at once");
	is_int(F.last.status, RECEIPT_QUEUED, "QUEUED");
	ok(receipt_has(en("renewal.outcome.queued")) && !F.last.pay_url[0],
	   "each row queued, no payment link yet");
	engine_close(e);

	/* a policy that does not let them wait: nothing committed, said why */
	e = renewal_checked(ren, 1);
	engine_sync(e, &off);
	F.offline_rc = KERR_OFFLINE;
	engine_action(e, UI_ACT_NEXT, 0);
	ok(F.commits == 0 && view_has(e, en("commit.needs_connection")),
	   "offline and not allowed to queue: nothing committed, said why");
	engine_close(e);

	/* no fee table on the kiosk: the fees cannot be worked out */
	e = open_all();
	sign_in_all(e);
	F.renewal_fees = "";
	start(e, ren);
	engine_action(e, UI_ACT_CHOOSE, 0);
	answer(e, 0, 200, renewals_sample);
	ok(view(e)->kind == UI_KIND_ERROR && view_has(e, en("renewal.no_fee_table")),
	   "no fee table: said so");
	engine_close(e);
	/* a table without category C: that worker cannot be chosen, the others can */
	e = open_all();
	sign_in_all(e);
	F.renewal_fees = "{\"version\":\"2026.2\",\"categories\":{\"A\":301000,\"B\":201000},"
	                 "\"fine_per_month_baisa\":10000,\"fine_cap_baisa\":100000}";
	start(e, ren);
	engine_action(e, UI_ACT_CHOOSE, 0);
	answer(e, 0, 200, renewals_sample);
	ok(view(e)->rows[1].disabled && !view(e)->rows[0].disabled,
	   "a fee table missing a category: only that worker is held back");
	engine_close(e);
}

/* The transfer on the screen of the worker's consent: the civil number typed, the rules of
 * answer shown, the employer's card out, the worker's card in (tries 3) and PIN 4321 given. */
static struct engine *
transfer_at_consent(const struct svc_def *tr, const char *answer_body)
{
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, tr);
	for (const char *c = "71234567"; *c; c++)
		engine_key(e, *c);
	engine_key(e, UI_KEY_ENTER);
	answer(e, 0, 200, answer_body);
	engine_action(e, UI_ACT_NEXT, 0); /* the case */
	engine_action(e, UI_ACT_NEXT, 0); /* the rules */
	return e;
}

static void
worker_signs_in(struct engine *e)
{
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	insert(e, &person_b, 3);
	type_pin(e, "4321");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	answer(e, 0, 200, signin_json("\"worker\"", WORKER_EMPLOYER));
}

/* Transfer of services: the ministry's rules before anything, only the named worker consents
 * with their own card and PIN, bound to the request's hash; a refusal is recorded; two papers;
 * not eligible, an unknown rule, offline: nothing sent. */
static void
test_transfer(void)
{
	const struct svc_def *tr = find("service-transfer");
	ok(tr != NULL, "the transfer service is in the table");
	if (!tr)
		return;
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, tr);
	is_str(state(e), "service-transfer/worker", "first the worker's civil number");
	for (const char *c = "71234567"; *c; c++)
		engine_key(e, *c);
	engine_key(e, UI_KEY_ENTER);
	is_str(last_path(), "/v1/transfers/eligibility", "the ministry asked");
	ok(strstr(F.qbody[(F.queries - 1) % QMAX], "\"civil_number\":\"71234567\"") &&
	           strstr(F.qbody[(F.queries - 1) % QMAX], "\"cr_number\":\"1000001\""),
	   "about this worker and this establishment");
	answer(e, 0, 200, eligibility_ok);
	is_str(state(e), "service-transfer/case", "the case");
	ok(view_has(e, "Rajesh Kumar") && view_has(e, "Muscat Building Services") &&
	           view_has(e, "Al Noor Trading LLC"),
	   "the worker, from whom, to whom");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "service-transfer/rules", "then every rule");
	ok(view_has(e, en("transfer.rule.quota")) && view_has(e, en("transfer.verdict.passed")),
	   "each rule with its verdict");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "service-transfer/consent", "all passed: the worker is asked");
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	static const struct card_identity third = {.civil_number = "71299999",
	                                           .name_ar = "شخص ثالث",
	                                           .name_en = "A Third Person",
	                                           .nationality = "IND",
	                                           .expiry = "2029-01-01",
	                                           .card_serial = "DEMO0000005"};
	insert(e, &third, 3);
	ok(view_has(e, en("transfer.not_the_worker")) && e->s.nparties == 1,
	   "a third person's card: refused before any PIN, said why");
	note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
	insert(e, &person_b, 3);
	type_pin(e, "4321");
	note(e, CARD_NOTE_PIN, KERR_BLOCKED, NULL, 0);
	ok(view_has(e, en("msg.pin_blocked")) && F.commits == 0,
	   "the worker's PIN blocked during the consent: said, nothing sent");
	worker_signs_in(e);
	ok(view_has(e, en("transfer.consent")) && view_has(e, "Rajesh Kumar"),
	   "the worker, by name, is asked to agree");
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 1, "agreed: one request committed");
	unsigned char md[32];
	unsigned int mdlen = 0;
	const char *req =
	        "{\"from\":\"1000002\",\"permit_no\":\"WP-700001\",\"profession\":\"5223\","
	        "\"to\":\"1000001\",\"worker\":\"71234567\"}";
	char hex[65] = "", want[96];
	EVP_Digest(req, strlen(req), md, &mdlen, EVP_sha256(), NULL);
	for (unsigned int i = 0; i < mdlen; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
	snprintf(want, sizeof(want), "\"request_hash\":\"%s\"", hex);
	ok(strstr(F.payload, "\"decision\":\"agreed\"") && strstr(F.payload, want) &&
	           strstr(F.payload, "\"card_serial\":\"DEMO0000002\"") &&
	           strstr(F.payload, "\"civil_number\":\"71234567\""),
	   "the consent: agreed, bound to the request's hash and the worker's card, both parties");
	struct sync_note n = {.kind = SYNC_NOTE_ACKED, .seq = F.seq};
	snprintf(n.ref, sizeof(n.ref), "MOL-00000200");
	engine_sync(e, &n);
	is_int(F.prints, 1, "the first paper");
	ok(F.last.nlines > 0 && strstr(F.last.lines[0].value.en, "new employer"),
	   "says it is the new employer's copy");
	struct print_result pr = {.job = F.job};
	engine_printed(e, &pr);
	is_int(F.prints, 2, "then the second");
	ok(strstr(F.last.lines[0].value.en, "the worker") != NULL, "the worker's copy");
	engine_close(e);

	/* the worker does not agree: recorded, committed, both papers say so */
	e = transfer_at_consent(tr, eligibility_ok);
	worker_signs_in(e);
	engine_action(e, UI_ACT_CANCEL, 0);
	ok(F.commits == 1 && strstr(F.payload, "\"decision\":\"declined\""),
	   "declined: the refusal is committed, not dropped");
	engine_close(e);

	/* offline when the worker agrees: nothing committed (the transfer needs the ministry) */
	e = transfer_at_consent(tr, eligibility_ok);
	worker_signs_in(e);
	struct sync_note off = {.kind = SYNC_NOTE_OFFLINE};
	engine_sync(e, &off);
	engine_action(e, UI_ACT_NEXT, 0);
	ok(F.commits == 0 && view_has(e, en("commit.needs_connection")),
	   "offline at the commit: nothing sent, said why");
	engine_close(e);

	/* a rule failed: what blocks it and who can fix it; the worker is not asked */
	static const char failed[] =
	        ELIGIBILITY("false", RULE("contract_or_noc", "false", "current_employer") "," RULE(
	                                     "quota", "true", "new_employer"));
	e = transfer_at_consent(tr, failed);
	ok(view(e)->kind == UI_KIND_ERROR && view_has(e, en("transfer.not_eligible")) &&
	           F.commits == 0,
	   "not eligible: said, nothing sent");
	engine_action(e, UI_ACT_BACK, 0);
	ok(view_has(e, en("transfer.verdict.fail_current_employer")),
	   "the failed rule says who can fix it");
	engine_close(e);

	/* a rule the kiosk does not know: shown as such, the transfer not made here */
	static const char unknown[] =
	        ELIGIBILITY("true", RULES_OK "," RULE("medical_check", "true", "worker"));
	e = transfer_at_consent(tr, unknown);
	ok(view(e)->kind == UI_KIND_ERROR && view_has(e, en("transfer.unknown_rule")) &&
	           F.commits == 0,
	   "an unknown rule: said, nothing sent, even if the ministry says eligible");
	engine_close(e);
}

/* Types text into the form on screen, after clearing what is there. */
static void
type_over(struct engine *e, const char *text)
{
	while (view(e)->field[0])
		engine_key(e, UI_KEY_BACKSPACE);
	for (const char *c = text; *c; c++)
		engine_key(e, (unsigned char)*c);
}

/* The row of the list on screen whose label is text, or -1. */
static int
row_of(struct engine *e, const char *text)
{
	for (int i = 0; i < view(e)->nrows; i++)
		if (reads(view(e)->rows[i].label, text))
			return i;
	return -1;
}

/* A job seeker registration on its check screen: bachelor, "Civil engineering", the civil
 * engineer, Muscat / Muttrah, 91234567. */
static struct engine *
jobseeker_checked(const struct svc_def *js)
{
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, js);
	engine_action(e, UI_ACT_CHOOSE, 3);
	type_over(e, "Civil engineering");
	engine_action(e, UI_ACT_NEXT, 0);
	type_over(e, "civil");
	engine_action(e, UI_ACT_NEXT, 0);
	engine_action(e, UI_ACT_CHOOSE, 0);
	engine_action(e, UI_ACT_NEXT, 0);
	engine_action(e, UI_ACT_CHOOSE, 0);
	engine_action(e, UI_ACT_CHOOSE, 1);
	type_over(e, "91234567");
	engine_action(e, UI_ACT_NEXT, 0);
	return e;
}

/* Job seeker registration: the education level, the specialisation typed, occupations found by
 * typing (1 to 3, kept over a search again), the governorate then its wilayats, the mobile,
 * the check, the commit with the reference data's ids, the certificate; offline it queues. */
static void
test_jobseeker(void)
{
	const struct svc_def *js = find("jobseeker-registration");
	ok(js != NULL, "the job seeker registration is in the table");
	if (!js)
		return;
	struct engine *e = open_engine(all_plus_test, nall);
	sign_in(e, &person_b, "\"worker\"", WORKER_EMPLOYER);
	ok(home_row(e, js->title) < 0, "not offered to a worker");
	engine_close(e);
	e = open_all();
	sign_in(e, &person_a, "\"jobseeker\"", NULL);
	ok(home_row(e, js->title) >= 0, "offered to a job seeker (to update the registration)");
	engine_close(e);

	e = open_all();
	sign_in_all(e);
	start(e, js);
	is_str(state(e), "jobseeker-registration/education", "first the education level");
	ok(view(e)->nrows == 4 && view_has(e, "No formal education") &&
	           view_has(e, "Bachelor's degree"),
	   "the ministry's levels, four rows a page");
	engine_action(e, UI_ACT_CHOOSE, 3);
	is_str(state(e), "jobseeker-registration/specialisation", "then the specialisation");
	is_int(view(e)->keyboard, UI_KBD_EN, "typed on the English keyboard (an English session)");
	type_over(e, "C");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(strcmp(state(e), "jobseeker-registration/specialisation") == 0 &&
	           view_has(e, "at least 2 characters"),
	   "one letter is too short: said, stays");
	type_over(e, "Civil engineering");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "jobseeker-registration/find", "then what work is looked for");
	for (int i = 0; i < 41; i++)
		engine_key(e, 'a');
	ok(strlen(view(e)->field) == 40 && view_has(e, "no more than 40 characters"),
	   "typing past the 40 characters: not taken, said (%zu)", strlen(view(e)->field));
	type_over(e, "zzz");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "jobseeker-registration/occupations", "the occupations found");
	ok(view(e)->nrows == 0 && view_has(e, en("jobseeker.no_match")),
	   "nothing matches: said, try other words");
	ok(has_button(e, UI_ACT_LINK), "with a way to search again");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(strcmp(state(e), "jobseeker-registration/occupations") == 0 &&
	           view_has(e, en("jobseeker.none_chosen")),
	   "going on with nothing chosen: said, stays");
	engine_action(e, UI_ACT_LINK, 0);
	is_str(state(e), "jobseeker-registration/find", "search again: back to the question");
	is_str(view(e)->field, "zzz", "with what was typed");
	type_over(e, "engin");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(view(e)->nrows == 4 && row_of(e, "Civil engineer") >= 0 &&
	           row_of(e, "Chemical engineer") >= 0 && !view_has(e, "Nurse") &&
	           !view_has(e, "Accountant"),
	   "\"engin\" lists the four engineers only (%d rows)", view(e)->nrows);
	ok(view(e)->multi, "several may be chosen");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(view_has(e, en("jobseeker.none_chosen")) &&
	           strcmp(state(e), "jobseeker-registration/occupations") == 0,
	   "nothing chosen: said so");
	engine_action(e, UI_ACT_CHOOSE, row_of(e, "Civil engineer"));
	engine_action(e, UI_ACT_CHOOSE, row_of(e, "Mechanical engineer"));
	engine_action(e, UI_ACT_CHOOSE, row_of(e, "Electrical engineer"));
	int chem = row_of(e, "Chemical engineer");
	engine_action(e, UI_ACT_CHOOSE, chem);
	ok(view_has(e, "You can choose up to 3.") && !view(e)->rows[chem].selected,
	   "a fourth occupation: refused, said why");
	ok(view_has(e, "3 chosen"), "three chosen");
	engine_action(e, UI_ACT_LINK, 0);
	/* in Arabic letters, in an English session: the Arabic titles match too */
	type_over(e, "");
	const uint32_t muhandis[] = {0x645, 0x647, 0x646, 0x62f, 0x633}; /* engineer */
	for (size_t i = 0; i < sizeof(muhandis) / sizeof(muhandis[0]); i++)
		engine_key(e, (int)muhandis[i]);
	engine_action(e, UI_ACT_NEXT, 0);
	ok(view(e)->nrows == 4 && view_has(e, "3 chosen"),
	   "typed in Arabic: the same four; the three chosen kept over the search");
	engine_action(e, UI_ACT_LINK, 0);
	type_over(e, "nurse");
	engine_action(e, UI_ACT_NEXT, 0);
	ok(view(e)->nrows == 1 && view_has(e, "Nurse") && view_has(e, "3 chosen"),
	   "another search: its rows, the choices kept");
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "jobseeker-registration/governorate", "then the governorate");
	ok(view(e)->nrows == 3 && view_has(e, "Muscat") && view_has(e, "Dhofar"),
	   "the governorates of the reference data");
	engine_action(e, UI_ACT_CHOOSE, row_of(e, "Dhofar"));
	is_str(state(e), "jobseeker-registration/wilayat", "then the wilayat");
	ok(view(e)->nrows == 3 && view_has(e, "Salalah") && view_has(e, "Mirbat") &&
	           !view_has(e, "Muttrah") && !view_has(e, "Khasab"),
	   "the wilayats of Dhofar only");
	ok(view_has(e, "Choose your wilayat in"), "named in the text");
	engine_action(e, UI_ACT_CHOOSE, row_of(e, "Salalah"));
	is_str(state(e), "jobseeker-registration/mobile", "then the mobile");
	is_int(view(e)->keyboard, UI_KBD_DIGITS, "on the digit keypad");
	ok(view_has(e, "+968"), "the hint: +968, 8 digits starting with 7 or 9");
	const char *bad[] = {"12345678", "9123", "9a12b345"};
	for (int k = 0; k < 3; k++) {
		type_over(e, bad[k]);
		engine_action(e, UI_ACT_NEXT, 0);
		ok(strcmp(state(e), "jobseeker-registration/mobile") == 0 &&
		           view(e)->notice_error && view_has(e, "8 digits starting with 7 or 9"),
		   "a bad mobile \"%s\": said (%s), stays", bad[k], view(e)->notice);
	}
	type_over(e, "");
	const char *arabic = "\xd9\xa9\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6\xd9\xa7";
	for (const char *c = arabic; *c; c += 2)
		engine_key(e, 0x660 + ((unsigned char)c[1] - 0xa0));
	engine_action(e, UI_ACT_NEXT, 0);
	is_str(state(e), "jobseeker-registration/check", "Arabic-Indic digits: a mobile too");
	ok(view(e)->nrows == 8 && view_has(e, "Bachelor's degree") &&
	           view_has(e, "Civil engineering") && view_has(e, "Civil engineer") &&
	           view_has(e, "Mechanical engineer") && view_has(e, "Electrical engineer") &&
	           view_has(e, "Dhofar") && view_has(e, "Salalah") && view_has(e, "91234567"),
	   "the check: every answer (%d lines)", view(e)->nrows);
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 1, "registered: committed once");
	ok(strstr(F.payload, "\"civil_number\":\"90012345\"") &&
	           strstr(F.payload, "\"specialisation\":\"Civil engineering\"") &&
	           strstr(F.payload, "\"mobile\":\"91234567\"") &&
	           strstr(F.payload, "\"education\":{\"id\":\"bachelor\"") &&
	           strstr(F.payload, "\"id\":\"2142\"") && strstr(F.payload, "\"id\":\"2144\"") &&
	           strstr(F.payload, "\"id\":\"2151\"") && !strstr(F.payload, "\"id\":\"2145\"") &&
	           strstr(F.payload, "\"governorate\":{\"id\":\"dhofar\"") &&
	           strstr(F.payload, "\"wilayat\":{\"id\":\"salalah\""),
	   "the payload: the ids the ministry checks, the mobile in ASCII digits");
	ok(!strstr(F.payload, "wilayats") && !strstr(F.payload, "occupation_list"),
	   "and not the lists they came from");
	struct sync_note n = {.kind = SYNC_NOTE_ACKED, .seq = F.seq};
	snprintf(n.ref, sizeof(n.ref), "MOL-00000201");
	engine_sync(e, &n);
	is_int(F.prints, 1, "acknowledged: the certificate");
	is_int(F.last.status, RECEIPT_SUBMITTED, "submitted");
	ok(receipt_has("Salim Al Hinai") && receipt_has("****2345") &&
	           receipt_has("Bachelor's degree") && receipt_has("Civil engineering") &&
	           receipt_has("Civil engineer") && receipt_has("Electrical engineer") &&
	           receipt_has("Dhofar") && receipt_has("Salalah") && receipt_has("****4567") &&
	           !receipt_has("91234567"),
	   "the certificate: the person, every answer, the mobile masked");
	struct print_result pr = {.job = F.job};
	engine_printed(e, &pr);
	ok(view_has(e, en("result.body.submitted.jobseeker_registration")),
	   "the result says what happens next");
	engine_close(e);

	/* offline: it needs no query, so it commits to the queue and prints QUEUED */
	e = jobseeker_checked(js);
	is_str(state(e), "jobseeker-registration/check", "walked to the check");
	struct sync_note off = {.kind = SYNC_NOTE_OFFLINE};
	engine_sync(e, &off);
	engine_action(e, UI_ACT_NEXT, 0);
	is_int(F.commits, 1, "offline: committed to the queue");
	is_int(F.prints, 1, "and printed at once");
	is_int(F.last.status, RECEIPT_QUEUED, "QUEUED");
	ok(strstr(F.payload, "\"wilayat\":{\"id\":\"muttrah\"") && receipt_has("Muttrah"),
	   "with its answers");
	engine_close(e);

	/* the kiosk has none of the lists yet */
	e = open_all();
	sign_in_all(e);
	F.no_jobseeker_lists = true;
	start(e, js);
	ok(view(e)->nrows == 0 && view_has(e, en("jobseeker.no_refdata")),
	   "no education levels on the kiosk yet: said so");
	engine_close(e);
}

/* The ministry's number given with the acknowledgement (a job seeker's registration): first on
 * the certificate, and on the result screen. */
static void
test_ministry_number(void)
{
	const struct svc_def *js = find("jobseeker-registration");
	if (!js)
		return;
	struct engine *e = open_all();
	sign_in_all(e);
	start(e, js);
	for (int guard = 0; guard < 40 && strcmp(state(e), "jobseeker-registration/commit") != 0 &&
	                    strchr(state(e), '/');
	     guard++)
		drive_step(e, js);
	is_str(state(e), "jobseeker-registration/commit", "registered: waiting for the ministry");
	struct sync_note n = {.kind = SYNC_NOTE_ACKED, .seq = F.seq};
	snprintf(n.ref, sizeof(n.ref), "MOL-00000300");
	snprintf(n.number, sizeof(n.number), "JS-2026-00042");
	engine_sync(e, &n);
	ok(F.prints == 1 && strstr(F.last.lines[0].value.en, "JS-2026-00042") &&
	           strstr(F.last.lines[0].label.en, en("jobseeker.registration_no")),
	   "the registration number first on the certificate");
	struct print_result pr = {.job = F.job};
	engine_printed(e, &pr);
	ok(view_has(e, "JS-2026-00042"), "and on the result screen");
	engine_close(e);
}

int
main(void)
{
	klog_set_level(KLOG_ERR);
	session_json_alloc_init();
	if (i18n_open_all(&I18N, NULL) != 0) {
		printf("not ok 1 - the catalogues (build/locale/*.mo) open\n");
		return 1;
	}
	for (int i = 0; i < services_count && nall < 63; i++)
		all_plus_test[nall++] = services_all[i];
	all_plus_test[nall++] = &test_service;
	ok(find("visit-receipt") && find("worker-record") && find("establishment-licences"),
	   "the kiosk's services are in the table (%d)", services_count);

	test_attract_and_pin();
	test_expiry_oman_day();
	test_signin_roles();
	test_offline_home();
	test_visit_receipt();
	test_print_faults();
	test_idle();
	test_every_step();
	test_second_party();
	test_forms();
	test_query_errors();
	test_wipe();
	test_records();
	test_pin_check();
	test_definitions();
	test_objection();
	test_renewal();
	test_transfer();
	test_jobseeker();
	test_ministry_number();
	i18n_free(I18N);
	return tap_done();
}
