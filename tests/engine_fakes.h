/*
 * engine_fakes.h - the step engine's fake ports and a person's way through it, for the tests
 * that drive the engine without threads, SDL or a network (test_engine.c) and those that draw
 * what it shows at every step (test_golden.c: the goldens of every step of every service).
 *
 * Fake ports record every commit, query, print and PIN request in F; sample answers of the
 * backend by query path (samples[]); a test service with every step kind and a second party;
 * drive_step() moves any service one step on as a person, the backend and the devices would.
 * One translation unit each includes it: its functions are static (some go unused in one).
 */
#ifndef KIOSK_TESTS_ENGINE_FAKES_H
#define KIOSK_TESTS_ENGINE_FAKES_H

#include "app/backend/query.h"
#include "app/cardmon.h"
#include "app/engine/engine.h"
#include "app/engine/session.h"
#include "app/print.h"
#include "app/receipt.h"
#include "app/sync.h"
#include "common/kerr.h"
#include "common/klog.h"
#include "services/svc.h"
#include "services/table.h"
#include "text/i18n.h"
#include "text/text.h"
#include "tap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wunused-variable"

/* ---- fake ports ------------------------------------------------------------------------------ */

#define QMAX       64
#define BATCH_KEEP 8 /* payloads of a batch commit kept for the tests */

struct fake {
	int64_t wall, mono;
	int commit_rc;
	int commits;
	char payload[8192];              /* the last committed */
	int commit_batches;              /* calls of the port (a batch is one) */
	char payloads[BATCH_KEEP][4096]; /* of the last batch */
	int64_t seq;
	int query_rc;
	int queries;
	uint64_t qid;
	char qpath[QMAX][96];
	char qbody[QMAX][1024];
	int cancels;
	int print_rc;
	int prints;
	int64_t job;
	struct receipt last;
	int print_cancels;
	int64_t cancelled;
	int verifies;
	int offline_rc; /* what offline_allowed answers when the policy is asked */
	int offline_asked;
	int events; /* commits + prints, in order: commit_at, print_at */
	int commit_at, print_at;
	char owner[24]; /* of the last commit */
	int local_rc;   /* what the local questions answer (0: the samples below) */
	int locals;
	char local_path[32]; /* the last asked */
	int copy_rc;
	int copies;
	bool no_reasons;          /* the reference data has no objection reasons */
	bool no_jobseeker_lists;  /* nor education levels, occupations, governorates */
	const char *renewal_fees; /* the fee table's text instead of the sample one ("" none) */
	int last_batch;           /* transactions in the last commit */
	int64_t copy_seq;
};

static struct fake F;

static int
f_commit(void *ctx, const char *type, const char *const *payloads, int n, const char *owner,
         int64_t *seqs, char (*refs)[ENGINE_REF_MAX])
{
	(void)ctx;
	(void)type;
	snprintf(F.owner, sizeof(F.owner), "%s", owner ? owner : "");
	F.events++;
	if (F.commit_rc)
		return F.commit_rc;
	F.commits += n;
	F.commit_batches++;
	F.last_batch = n;
	F.commit_at = F.events;
	for (int i = 0; i < n; i++) {
		snprintf(F.payload, sizeof(F.payload), "%s", payloads[i]);
		if (i < BATCH_KEEP)
			snprintf(F.payloads[i], sizeof(F.payloads[i]), "%s", payloads[i]);
		seqs[i] = ++F.seq;
		snprintf(refs[i], ENGINE_REF_MAX, "K-%06lld-0", (long long)seqs[i]);
	}
	return 0;
}

static int
f_query(void *ctx, const struct query_request *r, uint64_t *id)
{
	(void)ctx;
	if (F.query_rc)
		return F.query_rc;
	int i = F.queries++ % QMAX;
	snprintf(F.qpath[i], sizeof(F.qpath[i]), "%s", r->path);
	snprintf(F.qbody[i], sizeof(F.qbody[i]), "%s", r->body ? r->body : "");
	*id = ++F.qid;
	return 0;
}

static void
f_query_cancel(void *ctx)
{
	(void)ctx;
	F.cancels++;
}

static int
f_print(void *ctx, const struct receipt *r, int64_t *job)
{
	(void)ctx;
	F.events++;
	if (F.print_rc)
		return F.print_rc;
	F.prints++;
	F.print_at = F.events;
	F.last = *r;
	*job = ++F.job;
	return 0;
}

#define OWN_ROW                                                                                      \
	"{\"seq\":7,\"reference\":\"K-000007-3\",\"type\":\"visit-receipt\",\"title_ar\":"           \
	"\"إيصال زيارة\",\"title_en\":\"Visit receipt\",\"created\":\"2026-12-01T09:30\"," \
	"\"status\":\"queued\"}"

static int
f_local(void *ctx, const char *path, const char *body, char **answer)
{
	(void)ctx;
	(void)body;
	F.locals++;
	snprintf(F.local_path, sizeof(F.local_path), "%s", path);
	if (F.local_rc)
		return F.local_rc;
	if (strcmp(path, "local:receipts") == 0)
		*answer =
		        strdup("{\"receipts\":[" OWN_ROW "],\"more\":false,\"retention_days\":30}");
	else
		*answer = strdup(OWN_ROW);
	return 0;
}

static int
f_copy(void *ctx, int64_t seq, const char *owner, struct engine_copy *out)
{
	(void)ctx;
	(void)owner;
	F.copies++;
	F.copy_seq = seq;
	if (F.copy_rc)
		return F.copy_rc;
	snprintf(out->type, sizeof(out->type), "visit-receipt");
	snprintf(out->reference, sizeof(out->reference), "K-%06lld-3", (long long)seq);
	out->status = RECEIPT_QUEUED;
	out->created_ms = 1796000000000LL;
	out->payload = strdup("{\"service\":\"visit-receipt\",\"created\":"
	                      "\"2026-12-01T09:30:00+04:00\",\"lang\":\"ar\",\"party\":[{"
	                      "\"civil_number\":\"90012345\",\"name_ar\":\"سالم\","
	                      "\"name_en\":\"Salim\"}],\"fees\":[],\"total_baisa\":0}");
	return 0;
}

static int
f_print_cancel(void *ctx, int64_t job)
{
	(void)ctx;
	F.print_cancels++;
	F.cancelled = job;
	return 0;
}

static int
f_verify(void *ctx, const char *pin, size_t len)
{
	(void)ctx;
	(void)pin;
	(void)len;
	F.verifies++;
	return 0;
}

/* small samples of the job seeker registration's lists (the simulator's: refdata_seed.c) */
static const char education_sample[] =
        "["
        "{\"id\":\"none\",\"title_ar\":\"بدون مؤهل دراسي\",\"title_en\":\"No formal education\"},"
        "{\"id\":\"general-diploma\",\"title_ar\":\"دبلوم التعليم العام\",\"title_en\":\"General "
        "Education Diploma\"},"
        "{\"id\":\"diploma\",\"title_ar\":\"دبلوم\",\"title_en\":\"Diploma\"},"
        "{\"id\":\"bachelor\",\"title_ar\":\"بكالوريوس\",\"title_en\":\"Bachelor's degree\"}"
        "]";
/* four engineers (a fourth cannot be chosen) and others */
static const char occupations_sample[] =
        "["
        "{\"id\":\"2142\",\"title_ar\":\"مهندس مدني\",\"title_en\":\"Civil engineer\"},"
        "{\"id\":\"2144\",\"title_ar\":\"مهندس ميكانيكي\",\"title_en\":\"Mechanical engineer\"},"
        "{\"id\":\"2151\",\"title_ar\":\"مهندس كهربائي\",\"title_en\":\"Electrical engineer\"},"
        "{\"id\":\"2145\",\"title_ar\":\"مهندس كيميائي\",\"title_en\":\"Chemical engineer\"},"
        "{\"id\":\"2221\",\"title_ar\":\"ممرض\",\"title_en\":\"Nurse\"},"
        "{\"id\":\"2411\",\"title_ar\":\"محاسب\",\"title_en\":\"Accountant\"},"
        "{\"id\":\"2512\",\"title_ar\":\"مطور برمجيات\",\"title_en\":\"Software developer\"},"
        "{\"id\":\"5120\",\"title_ar\":\"طباخ\",\"title_en\":\"Cook\"},"
        "{\"id\":\"8322\",\"title_ar\":\"سائق سيارة\",\"title_en\":\"Car driver\"}"
        "]";
static const char governorates_sample[] =
        "["
        "{\"id\":\"muscat\",\"title_ar\":\"مسقط\",\"title_en\":\"Muscat\",\"wilayats\":["
        "{\"id\":\"muscat\",\"title_ar\":\"مسقط\",\"title_en\":\"Muscat\"},"
        "{\"id\":\"muttrah\",\"title_ar\":\"مطرح\",\"title_en\":\"Muttrah\"},"
        "{\"id\":\"bawshar\",\"title_ar\":\"بوشر\",\"title_en\":\"Bawshar\"},"
        "{\"id\":\"as-seeb\",\"title_ar\":\"السيب\",\"title_en\":\"As Seeb\"}"
        "]},"
        "{\"id\":\"dhofar\",\"title_ar\":\"ظفار\",\"title_en\":\"Dhofar\",\"wilayats\":["
        "{\"id\":\"salalah\",\"title_ar\":\"صلالة\",\"title_en\":\"Salalah\"},"
        "{\"id\":\"taqah\",\"title_ar\":\"طاقة\",\"title_en\":\"Taqah\"},"
        "{\"id\":\"mirbat\",\"title_ar\":\"مرباط\",\"title_en\":\"Mirbat\"}"
        "]},"
        "{\"id\":\"musandam\",\"title_ar\":\"مسندم\",\"title_en\":\"Musandam\",\"wilayats\":["
        "{\"id\":\"khasab\",\"title_ar\":\"خصب\",\"title_en\":\"Khasab\"},"
        "{\"id\":\"daba\",\"title_ar\":\"دباء\",\"title_en\":\"Daba\"}"
        "]}"
        "]";

static int
f_refdata(void *ctx, const char *key, char *out, size_t size)
{
	(void)ctx;
	if (strcmp(key, "fees") == 0) {
		snprintf(out, size, "{\"visit-receipt\":0,\"test-fee\":2500}");
		return 0;
	}
	if (strcmp(key, "renewal_fees") == 0) {
		if (F.renewal_fees && !F.renewal_fees[0])
			return KERR_NOTFOUND;
		snprintf(out, size, "%s",
		         F.renewal_fees
		                 ? F.renewal_fees
		                 : "{\"version\":\"2026.1\",\"effective\":\"2026-01-01\","
		                   "\"categories\":{\"A\":301000,\"B\":201000,\"C\":101000},"
		                   "\"fine_per_month_baisa\":10000,\"fine_cap_baisa\":100000}");
		return 0;
	}
	if (strcmp(key, "education_levels") == 0 && !F.no_jobseeker_lists) {
		snprintf(out, size, "%s", education_sample);
		return 0;
	}
	if (strcmp(key, "occupations") == 0 && !F.no_jobseeker_lists) {
		snprintf(out, size, "%s", occupations_sample);
		return 0;
	}
	if (strcmp(key, "governorates") == 0 && !F.no_jobseeker_lists) {
		snprintf(out, size, "%s", governorates_sample);
		return 0;
	}
	if (strcmp(key, "objection_reasons") == 0 && !F.no_reasons) {
		snprintf(out, size,
		         "[{\"id\":\"sick\",\"title_ar\":\"كنت مريضًا\",\"title_en\":\"I was ill\"},"
		         "{\"id\":\"unpaid\",\"title_ar\":\"لم تُدفع أجوري\",\"title_en\":"
		         "\"My wages were not paid\"}]");
		return 0;
	}
	return KERR_NOTFOUND;
}

static int
f_offline(void *ctx, const char *type, bool dflt)
{
	(void)ctx;
	(void)type;
	F.offline_asked++;
	return F.offline_rc ? F.offline_rc : dflt ? 0 : KERR_OFFLINE;
}

static void
f_hijri(void *ctx, int64_t wall, char *ar, char *en, size_t size)
{
	(void)ctx;
	(void)wall;
	snprintf(ar, size, "hijri-ar");
	snprintf(en, size, "hijri-en");
}

static int64_t
f_wall(void *ctx)
{
	(void)ctx;
	return F.wall;
}

static int64_t
f_mono(void *ctx)
{
	(void)ctx;
	return F.mono;
}

static const struct engine_ports ports = {
        .commit = f_commit,
        .local = f_local,
        .copy = f_copy,
        .query = f_query,
        .query_cancel = f_query_cancel,
        .print = f_print,
        .print_cancel = f_print_cancel,
        .verify_pin = f_verify,
        .refdata = f_refdata,
        .offline_allowed = f_offline,
        .hijri = f_hijri,
        .wall_ms = f_wall,
        .mono_ms = f_mono,
};

static struct i18n *I18N;

static const char *
en(const char *key)
{
	return i18n_tr(I18N, "en", key);
}

/* ---- a test service with every step kind and a second party --------------------------------- */

static const struct svc_field phone_field[] = {
        {"phone", "field.phone", NULL, SVC_VAL_PHONE, 8, 8, true},
};

static const struct svc_party worker_party = {SVC_ROLE_WORKER, "p2.insert.title", "p2.insert.body",
                                              NULL};

static const struct svc_fee test_fees[] = {{"receipt.item.service_fee", "test-fee", NULL}};

static const struct svc_line test_lines[] = {
        {"field.name", {"party.0.name", SVC_FMT_LANG, NULL}},
        {"field.phone", {"form.phone", SVC_FMT_TEXT, NULL}},
};

static const struct svc_receipt test_receipt = {"receipt.title.visit", test_lines, 2, NULL};

static const struct svc_step test_steps[] = {
        {.id = "intro", .kind = SVC_STEP_INFO, .title = "welcome.title"},
        {.id = "phone", .kind = SVC_STEP_FORM, .fields = phone_field, .nfields = 1},
        {.id = "check", .kind = SVC_STEP_CHECK_ANSWERS},
        {.id = "worker", .kind = SVC_STEP_SECOND_PARTY, .party = &worker_party},
        {.id = "fee", .kind = SVC_STEP_FEE},
        {.id = "commit", .kind = SVC_STEP_COMMIT},
        {.id = "print", .kind = SVC_STEP_PRINT},
        {.id = "result", .kind = SVC_STEP_RESULT},
};

static const struct svc_def test_service = {
        .id = "test-two-party",
        .title = "p2.insert.title",
        .summary = "visit.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_PRINTER | SVC_NEED_SECOND_PARTY,
        .roles = SVC_ROLE_EMPLOYER,
        .order = 1,
        .offline_ok = false,
        .steps = test_steps,
        .nsteps = SVC_N(test_steps),
        .fees = test_fees,
        .nfees = 1,
        .receipt = &test_receipt,
};

/* ---- sample answers of the backend, by query path -------------------------------------------- */

static const struct {
	const char *path, *body;
} samples[] = {
        {"/v2/workers/record",
         "{\"permit\":{\"number\":\"WP-700001\",\"status\":\"valid\",\"issued\":\"2024-04-02\","
         "\"expires\":\"2027-04-01\",\"profession\":{\"isco\":\"5223\",\"title_ar\":\"بائع\","
         "\"title_en\":\"Shop sales assistant\"},\"employer\":{\"cr_number\":\"1000001\","
         "\"name_ar\":\"شركة النور\",\"name_en\":\"Al Noor Trading LLC\"}},\"renewal\":\"not_due\","
         "\"arrival\":{\"date\":\"2024-04-02\",\"port_ar\":\"مطار مسقط الدولي\",\"port_en\":"
         "\"Muscat International Airport\"},\"departure\":null,\"contract\":{\"start\":"
         "\"2024-04-02\",\"end\":\"2026-04-01\",\"wage_baisa\":325000},\"absence\":{\"reported\":"
         "\"2026-11-20\",\"objection_deadline\":\"2027-01-19\",\"state\":\"open\"},\"transfer\":"
         "null,"
         "\"history\":[{\"number\":\"WP-600001\",\"status\":\"cancelled\",\"issued\":"
         "\"2020-01-01\",\"expires\":\"2022-01-01\",\"profession\":{\"isco\":\"5223\","
         "\"title_ar\":\"بائع\",\"title_en\":\"Shop sales assistant\"},\"employer\":{"
         "\"cr_number\":\"1000002\",\"name_ar\":\"خدمات مسقط\",\"name_en\":\"Muscat "
         "Services\"}}]}"},
        {"/v2/establishments/licences",
         "{\"establishment\":{\"cr_number\":\"1000001\",\"name_ar\":\"شركة النور\","
         "\"name_en\":\"Al Noor Trading LLC\"},\"omanisation\":{\"sector_ar\":\"التجارة\","
         "\"sector_en\":\"Trade\",\"percent\":18,\"required\":25},\"totals\":{\"authorised\":4,"
         "\"registered\":1,\"approved\":0,\"used\":2,\"remaining\":1},\"licences\":[{"
         "\"licence_no\":\"LL-2024-0001\",\"state\":\"active\",\"issued\":\"2024-03-01\","
         "\"expires\":\"2027-02-28\",\"totals\":{\"authorised\":4,\"registered\":1,"
         "\"approved\":0,\"used\":2,\"remaining\":1},\"quotas\":[{\"isco\":\"5223\","
         "\"title_ar\":\"بائع\",\"title_en\":\"Shop sales assistant\",\"authorised\":4,"
         "\"registered\":1,\"approved\":0,\"used\":2,\"remaining\":1,\"state\":\"open\"}]}]}"},
        {"/v1/persons/access-log",
         "{\"total\":13,\"page\":0,\"per_page\":6,\"entries\":[{\"at\":\"2026-12-01T10:15\","
         "\"who\":\"employer\",\"by_ar\":\"شركة النور\",\"by_en\":\"Al Noor Trading LLC\","
         "\"action\":\"viewed\",\"what\":\"permit\"}]}"},
};

#define RENEWAL_WORKER(permit, civil, en, ar, isco, cat, expires, state)                           \
	"{\"permit_no\":\"" permit "\",\"civil_number\":\"" civil "\",\"name_en\":\"" en           \
	"\",\"name_ar\":\"" ar "\",\"profession\":{\"isco\":\"" isco "\",\"title_en\":\"Driver\"," \
	"\"title_ar\":\"سائق\"},\"fee_category\":\"" cat "\",\"expires\":\"" expires               \
	"\",\"renewal\":\"" state "\"}"

/* an establishment's workers due for renewal on 2026-11-29: due in 20 days (B), expired 15
 * days ago (C: one month's fine), already submitted, and a category the fee table lacks */
static const char renewals_sample[] =
        "{\"cr_number\":\"1000001\",\"within_days\":60,\"today\":\"2026-11-29\",\"workers\":"
        "[" RENEWAL_WORKER("WP-700006", "71200006", "Anil Menon", "أنيل مينون", "8322", "B", "2026-12-19", "due") "," RENEWAL_WORKER(
                "WP-700008", "71200008", "Bashir Ahmed", "بشير أحمد", "9112", "C", "2026-11-14",
                "overdue") "," RENEWAL_WORKER("WP-700007", "71200007", "Chandra Das", "تشاندرا داس",
                                              "8322", "B", "2027-01-20",
                                              "submitted") "," RENEWAL_WORKER("WP-700009",
                                                                              "71200009",
                                                                              "Dev Patel",
                                                                              "ديف باتيل", "8322",
                                                                              "Z", "2027-01-25",
                                                                              "due") "]}";

#define RULE(id, passed, fix)                                                                      \
	"{\"id\":\"" id "\",\"passed\":" passed ",\"fix_by\":\"" fix "\",\"detail\":{}}"
#define ELIGIBILITY(eligible, rules)                                                                    \
	"{\"worker\":{\"civil_number\":\"71234567\",\"name_ar\":\"راجيش كومار\",\"name_en\":" \
	"\"Rajesh Kumar\",\"permit_no\":\"WP-700001\",\"profession\":{\"isco\":\"5223\","               \
	"\"title_ar\":\"بائع\",\"title_en\":\"Shop sales "                                          \
	"assistant\"},\"employer\":{\"cr_number\":"                                                     \
	"\"1000002\",\"name_ar\":\"خدمات مسقط للبناء\",\"name_en\":\"Muscat Building "   \
	"Services\"}},"                                                                                 \
	"\"to\":{\"cr_number\":\"1000001\",\"name_ar\":\"شركة النور\",\"name_en\":"            \
	"\"Al Noor Trading LLC\"},\"eligible\":" eligible ",\"request\":{\"worker\":\"71234567\","      \
	"\"permit_no\":\"WP-700001\",\"from\":\"1000002\",\"to\":\"1000001\",\"profession\":"           \
	"\"5223\"},\"rules\":[" rules "]}"
#define RULES_OK                                                                                   \
	RULE("contract_or_noc", "true", "current_employer")                                        \
	"," RULE("no_open_absence", "true", "worker") "," RULE(                                    \
	        "quota", "true",                                                                   \
	        "new_employer") "," RULE("licence_valid", "true",                                  \
	                                 "new_employer") "," RULE("permit_valid", "true",          \
	                                                          "ministry") "," RULE("not_same_" \
	                                                                               "employer", \
	                                                                               "true",     \
	                                                                               "new_"      \
	                                                                               "employer")
static const char eligibility_ok[] = ELIGIBILITY("true", RULES_OK);

static const char *
sample_for(const char *path)
{
	if (strcmp(path, "/v1/transfers/eligibility") == 0)
		return eligibility_ok;
	if (strcmp(path, "/v1/establishments/renewals") == 0)
		return renewals_sample;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		if (strcmp(samples[i].path, path) == 0)
			return samples[i].body;
	return NULL;
}

/* ---- driving ------------------------------------------------------------------------------- */

static const struct card_identity person_a = {.civil_number = "90012345",
                                              .name_ar = "سالم الهنائي",
                                              .name_en = "Salim Al Hinai",
                                              .nationality = "OMN",
                                              .expiry = "2031-01-01",
                                              .card_serial = "DEMO0000001"};
static const struct card_identity person_b = {.civil_number = "71234567",
                                              .name_ar = "راجيش كومار",
                                              .name_en = "Rajesh Kumar",
                                              .nationality = "IND",
                                              .expiry = "2028-06-15",
                                              .card_serial = "DEMO0000002"};

static struct engine *
open_engine(const struct svc_def *const *svcs, int n)
{
	struct engine *e;
	struct engine_config cfg = {.kiosk_id = "K-TEST",
	                            .location = "Test bench",
	                            .language = "en",
	                            .idle_timeout_s = 90,
	                            .idle_warning_s = 30,
	                            .ack_wait_ms = 3000,
	                            .query_timeout_ms = 8000};
	memset(&F, 0, sizeof(F));
	F.wall = 1796000000000LL; /* 2026-11-29 */
	F.mono = 1000000;
	if (engine_open(&e, &cfg, &ports, I18N, svcs, n) != 0)
		return NULL;
	return e;
}

static const struct svc_def *all_plus_test[64];
static int nall;

static struct engine *
open_all(void)
{
	return open_engine(all_plus_test, nall);
}

static void
note(struct engine *e, enum card_note_kind kind, int rc, const struct card_identity *id, int tries)
{
	struct card_note n = {.kind = kind, .rc = rc, .auth = CARD_AUTH_GENUINE, .tries = tries};
	if (id)
		n.id = *id;
	engine_card(e, &n);
}

static void
insert(struct engine *e, const struct card_identity *id, int tries)
{
	note(e, CARD_NOTE_READING, 0, NULL, -1);
	note(e, CARD_NOTE_READ, 0, id, tries);
}

static void
type_pin(struct engine *e, const char *digits)
{
	for (const char *d = digits; *d; d++)
		engine_action(e, UI_ACT_PIN_DIGIT, *d - '0');
	engine_action(e, UI_ACT_PIN_OK, 0);
}

static void
answer(struct engine *e, int rc, long status, const char *body)
{
	struct query_answer a = {.id = F.qid, .rc = rc, .status = status};
	a.body = body ? strdup(body) : NULL;
	a.len = body ? strlen(body) : 0;
	engine_answer(e, &a);
	free(a.body);
}

static const char *
last_path(void)
{
	return F.queries ? F.qpath[(F.queries - 1) % QMAX] : "";
}

static char signin_body[1 << 16];

static const char *
signin_json(const char *roles, const char *extra)
{
	snprintf(signin_body, sizeof(signin_body),
	         "{\"identity\":\"confirmed\",\"roles\":[%s]%s%s}", roles,
	         extra && extra[0] ? "," : "", extra ? extra : "");
	return signin_body;
}

#define EST1                                                                                       \
	"\"establishments\":[{\"cr_number\":\"1000001\",\"name_ar\":\"شركة النور\","      \
	"\"name_en\":\"Al Noor Trading LLC\"}]"
#define EST3                                                                                        \
	"\"establishments\":[{\"cr_number\":\"1000001\",\"name_ar\":\"شركة النور\","       \
	"\"name_en\":\"Al Noor Trading LLC\"},{\"cr_number\":\"1000002\",\"name_ar\":\"خدمات " \
	"مسقط\",\"name_en\":\"Muscat Building Services\"},{\"cr_number\":\"1000003\","          \
	"\"name_ar\":\"صحار للأسماك\",\"name_en\":\"Sohar Fisheries SAOC\"}]"
#define WORKER_EMPLOYER                                                                                 \
	"\"employer\":{\"cr_number\":\"1000001\",\"name_ar\":\"شركة النور\",\"name_en\":\"Al " \
	"Noor "                                                                                         \
	"Trading LLC\",\"permit_no\":\"WP-700001\"}"

/* Card in, PIN, sign-in answered with roles (and extra members). */
static void
sign_in(struct engine *e, const struct card_identity *id, const char *roles, const char *extra)
{
	insert(e, id, 3);
	type_pin(e, "1234");
	note(e, CARD_NOTE_PIN, 0, NULL, 3);
	answer(e, 0, 200, signin_json(roles, extra));
}

static const char *
state(struct engine *e)
{
	return engine_state_name(e);
}

static const struct ui_view *
view(struct engine *e)
{
	return engine_view(e);
}

/* The home screen row of a service's title, or -1. */
static int
home_row(struct engine *e, const char *title_key)
{
	const struct ui_view *v = view(e);
	for (int i = 0; i < v->nrows; i++)
		if (strcmp(v->rows[i].label, en(title_key)) == 0)
			return i;
	return -1;
}

/* Whether text is in s as a person reads it: the invisible isolates around values left out. */
static bool
reads(const char *s, const char *text)
{
	char plain[1024], want[256];
	text_strip_controls(s, plain, sizeof(plain));
	text_strip_controls(text, want, sizeof(want));
	return strstr(plain, want) != NULL;
}

static bool
view_has(struct engine *e, const char *text)
{
	const struct ui_view *v = view(e);
	if (reads(v->title, text) || reads(v->body, text) || reads(v->notice, text) ||
	    reads(v->panel, text))
		return true;
	for (int i = 0; i < v->nrows; i++)
		if (reads(v->rows[i].label, text) || reads(v->rows[i].value, text))
			return true;
	return false;
}

static bool
has_button(struct engine *e, enum ui_action a)
{
	const struct ui_view *v = view(e);
	for (int i = 0; i < v->nbuttons; i++)
		if (v->buttons[i].action == a)
			return true;
	return false;
}

/* Every service signed in with every role and one establishment: all are visible. */
static void
sign_in_all(struct engine *e)
{
	sign_in(e, &person_a, "\"citizen\",\"worker\",\"employer\"", WORKER_EMPLOYER "," EST1);
}

/* Chooses def on the home screen, turning its pages until it is there. */
static void
start(struct engine *e, const struct svc_def *def)
{
	int r = home_row(e, def->title);
	for (int p = 0; r < 0 && p < 8 && engine_view(e)->page_next; p++) {
		engine_action(e, UI_ACT_PAGE, 1);
		r = home_row(e, def->title);
	}
	engine_action(e, UI_ACT_CHOOSE, r);
}

/* A field whose answer filters a later list of reference data (svc_list.match): the start of
 * the sample's first row (English), long enough for the field, so the list finds something. */
static bool
search_text(const struct svc_def *def, const struct svc_field *f, char *out, size_t size)
{
	char path[80], text[8192];
	snprintf(path, sizeof(path), "form.%s", f->key);
	for (int i = 0; i < def->nsteps; i++) {
		const struct svc_list *l = def->steps[i].list;
		if (def->steps[i].kind != SVC_STEP_LIST || !l->match || strcmp(l->match, path) ||
		    !l->refdata || f_refdata(NULL, l->refdata, text, sizeof(text)) != 0)
			continue;
		json_t *rows = json_loads(text, 0, NULL);
		snprintf(path, sizeof(path), "%s%s", l->primary.path,
		         l->primary.fmt == SVC_FMT_LANG ? "_en" : "");
		const char *t = json_string_value(svc_get(json_array_get(rows, 0), path));
		int n = f->min_len > 3 ? f->min_len : 3;
		bool ok = t && strlen(t) >= (size_t)n && (size_t)n < size;
		if (ok)
			snprintf(out, size, "%.*s", n, t);
		json_decref(rows);
		return ok;
	}
	return false;
}

/* One step forward of the running service, as a person, the backend and the devices would. */
static bool
drive_step(struct engine *e, const struct svc_def *def)
{
	const struct ui_view *v = view(e);
	const char *st = state(e);
	const char *slash = strchr(st, '/');
	if (!slash)
		return false;
	const struct svc_step *step = NULL;
	for (int i = 0; i < def->nsteps; i++)
		if (strcmp(def->steps[i].id, slash + 1) == 0)
			step = &def->steps[i];
	if (!step)
		return false;
	switch (step->kind) {
	case SVC_STEP_QUERY: {
		const char *body = sample_for(last_path());
		ok(body != NULL, "%s: a sample answer for %s exists", def->id, last_path());
		answer(e, 0, 200, body ? body : "{}");
		break;
	}
	case SVC_STEP_FORM: {
		const struct svc_field *f = &step->fields[0];
		char found[16];
		const char *val = f->type == SVC_VAL_PHONE                    ? "91234567"
		                  : f->type == SVC_VAL_DIGITS                 ? "12345678"
		                  : f->type == SVC_VAL_EMAIL                  ? "a@b.om"
		                  : search_text(def, f, found, sizeof(found)) ? found
		                                                              : "Test";
		for (int i = 0; i < step->nfields; i++) {
			for (const char *c = val; *c; c++)
				engine_key(e, *c);
			engine_action(e, UI_ACT_NEXT, 0);
		}
		break;
	}
	case SVC_STEP_LIST:
		if (v->multi) { /* the first row that can be chosen, then on */
			bool any = false;
			for (int i = 0; i < v->nrows; i++)
				any = any || v->rows[i].selected;
			for (int i = 0; !any && i < v->nrows; i++)
				if (!v->rows[i].disabled) {
					engine_action(e, UI_ACT_CHOOSE, i);
					any = true;
				}
			engine_action(e, UI_ACT_NEXT, 0);
		} else if (v->choose && v->nrows > 0)
			engine_action(e, UI_ACT_CHOOSE, 0);
		else
			engine_action(e, UI_ACT_NEXT, 0);
		break;
	case SVC_STEP_SECOND_PARTY:
		note(e, CARD_NOTE_REMOVED, 0, NULL, -1);
		insert(e, &person_b, 3);
		type_pin(e, "4321");
		note(e, CARD_NOTE_PIN, 0, NULL, 3);
		answer(e, 0, 200, signin_json("\"worker\"", WORKER_EMPLOYER));
		engine_action(e, UI_ACT_NEXT, 0); /* consent */
		break;
	case SVC_STEP_COMMIT: /* every transaction of the commit acknowledged */
		for (int64_t s = F.seq - F.last_batch + 1; s <= F.seq; s++) {
			struct sync_note n = {.kind = SYNC_NOTE_ACKED, .seq = s};
			snprintf(n.ref, sizeof(n.ref), "MOL-%06lld", (long long)s);
			engine_sync(e, &n);
		}
		break;
	case SVC_STEP_PRINT:
	case SVC_STEP_REPRINT: {
		struct print_result r = {.job = F.job};
		engine_printed(e, &r);
		break;
	}
	case SVC_STEP_RESULT:
		return false;
	default:
		engine_action(e, UI_ACT_NEXT, 0);
		break;
	}
	return true;
}

/* The ids of the steps a walk through def shows, in order (the walk is a fresh one). */
static int
walk(const struct svc_def *def, char ids[][64], int max)
{
	struct engine *e = open_all();
	int n = 0;
	sign_in_all(e);
	start(e, def);
	for (int guard = 0; guard < 40 && strchr(state(e), '/'); guard++) {
		if (n < max)
			snprintf(ids[n++], 64, "%s", state(e));
		if (!drive_step(e, def))
			break;
	}
	engine_close(e);
	return n;
}

/* Drives def until the step named id is on screen. */
static bool
drive_to(struct engine *e, const struct svc_def *def, const char *id)
{
	start(e, def);
	for (int guard = 0; guard < 40; guard++) {
		if (strcmp(state(e), id) == 0)
			return true;
		if (!drive_step(e, def))
			return false;
	}
	return false;
}

#endif
