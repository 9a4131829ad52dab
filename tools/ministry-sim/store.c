/*
 * store.c - the ministry simulator's storage (see store.h).
 *
 * The dedupe rule lives in the schema: UNIQUE(kiosk_id, idempotency_key), never pruned, written
 * in the same SQLite transaction as the transaction row itself (the "effect"), so a request
 * whose reply is lost can be retried any number of times and is stored exactly once.
 */
#include "store.h"

#include "../../common/kerr.h"
#include "../../common/klog.h"
#include "../../common/xalloc.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <time.h>

#define KEY_MAX  255
#define TYPE_MAX 64

struct store {
	sqlite3 *db;
	pthread_mutex_t lock;
};

static const char schema[] =
        "CREATE TABLE IF NOT EXISTS transactions ("
        " id INTEGER PRIMARY KEY,"
        " kiosk_id TEXT NOT NULL,"
        " idempotency_key TEXT NOT NULL,"
        " seq INTEGER NOT NULL,"
        " type TEXT NOT NULL,"
        " created TEXT NOT NULL,"
        " canonical TEXT NOT NULL," /* {"payload":...,"type":...} with sorted keys */
        " reference TEXT UNIQUE,"
        " received TEXT NOT NULL,"
        " UNIQUE (kiosk_id, idempotency_key));"
        "CREATE TABLE IF NOT EXISTS establishments ("
        " cr_number TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS people ("
        " civil_number TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL,"
        " establishment TEXT REFERENCES establishments(cr_number));"
        /* Fictional reference data for the demo flows; a later issue extends it. */
        "INSERT OR IGNORE INTO establishments VALUES"
        " ('1000001', 'Al Noor Trading LLC', 'شركة النور للتجارة'),"
        " ('1000002', 'Muscat Building Services', 'خدمات مسقط للبناء'),"
        " ('1000003', 'Sohar Fisheries SAOC', 'صحار للأسماك'),"
        " ('1000004', 'Nizwa Electrical Works LLC', 'شركة نزوى للأعمال الكهربائية');"
        "INSERT OR IGNORE INTO people VALUES"
        " ('99000001', 'Test Person One', 'شخص تجريبي واحد', '1000001'),"
        " ('99000002', 'Test Person Two', 'شخص تجريبي اثنان', '1000002'),"
        " ('99000003', 'Test Person Three', 'شخص تجريبي ثلاثة', '1000003'),"
        " ('99000004', 'Test Person Four', 'شخص تجريبي أربعة', NULL);";

/*
 * The people and labour data set the query routes answer from (route_*.c). All of it is
 * INVENTED: civil numbers, card serials and names match the demo cards in assets/demo-cards/,
 * no real person. Dates that must stay in a state (a valid permit, an active licence) are
 * relative to the Oman day the database is created (SQLite's date('now', '+4 hours', ...)).
 * Professions are ISCO-08 unit groups with their English titles.
 *
 *   card  civil     serial       roles               establishments / permit
 *   01    90012345  DEMO0000001  citizen
 *   02    71234567  DEMO0000002  worker              WP-700001 (valid) at 1000001
 *   03    90023456  DEMO0000003  citizen, employer   1000001
 *   04    90034567  DEMO0000004  citizen, employer   1000002, 1000003, 1000004
 *   05    71299999  DEMO0000005  (none)
 *   06    90045678  DEMO0000099  citizen             the registry has DEMO0000045: "mismatch"
 */
static const char registry[] =
        "CREATE TABLE IF NOT EXISTS civil_registry ("
        " civil_number TEXT PRIMARY KEY, card_serial TEXT NOT NULL, name_ar TEXT NOT NULL,"
        " name_en TEXT NOT NULL, nationality TEXT NOT NULL,"
        " status TEXT NOT NULL CHECK (status IN ('active','suspended')));"
        "CREATE TABLE IF NOT EXISTS person_roles ("
        " civil_number TEXT NOT NULL REFERENCES civil_registry(civil_number),"
        " role TEXT NOT NULL CHECK (role IN"
        " ('citizen','jobseeker','worker','employer','technician')),"
        " PRIMARY KEY (civil_number, role));"
        "CREATE TABLE IF NOT EXISTS representatives ("
        " civil_number TEXT NOT NULL REFERENCES civil_registry(civil_number),"
        " cr_number TEXT NOT NULL REFERENCES establishments(cr_number),"
        " PRIMARY KEY (civil_number, cr_number));"
        "CREATE TABLE IF NOT EXISTS professions ("
        " isco TEXT PRIMARY KEY CHECK (length(isco) = 4), title_en TEXT NOT NULL,"
        " title_ar TEXT NOT NULL);"
        "";

/* licences with per-profession quotas, expatriate workers (each with a work permit) and
 * their states, transfers between establishments; the reference data kiosks pull */
static const char labour[] =
        "CREATE TABLE IF NOT EXISTS labour_licences ("
        " licence_no TEXT PRIMARY KEY, establishment TEXT NOT NULL REFERENCES"
        " establishments(cr_number), issued TEXT NOT NULL, expires TEXT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('active','suspended','expired')));"
        "CREATE TABLE IF NOT EXISTS quotas ("
        " licence_no TEXT NOT NULL REFERENCES labour_licences(licence_no),"
        " profession TEXT NOT NULL, allowed INTEGER NOT NULL, used INTEGER NOT NULL,"
        " isco TEXT NOT NULL REFERENCES professions(isco),"
        " PRIMARY KEY (licence_no, profession));"
        "CREATE TABLE IF NOT EXISTS workers ("
        " permit_no TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL,"
        " nationality TEXT NOT NULL, profession TEXT NOT NULL, establishment TEXT"
        " REFERENCES establishments(cr_number), arrived TEXT, departed TEXT,"
        " permit_expires TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN"
        " ('arrived','active','renewal_due','renewed','departed','absconded')),"
        " civil_number TEXT REFERENCES civil_registry(civil_number),"
        " isco TEXT NOT NULL REFERENCES professions(isco), permit_issued TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS transfers ("
        " id INTEGER PRIMARY KEY, permit_no TEXT NOT NULL REFERENCES workers(permit_no),"
        " from_cr TEXT NOT NULL, to_cr TEXT NOT NULL, requested TEXT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('requested','approved','refused','done')));"
        "CREATE TABLE IF NOT EXISTS refdata ("
        " key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS refdata_meta (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " version TEXT NOT NULL);"

        "";

static const char registry_seed[] =
        "INSERT OR IGNORE INTO civil_registry VALUES"
        " ('90012345', 'DEMO0000001', 'سالم بن خلفان الهنائي', 'Salim Khalfan Al Hinai',"
        "  'OMN', 'active'),"
        " ('71234567', 'DEMO0000002', 'راجيش كومار', 'Rajesh Kumar', 'IND', 'active'),"
        " ('90023456', 'DEMO0000003', 'مريم بنت سعيد البلوشية', 'Maryam Saeed Al Balushi',"
        "  'OMN', 'active'),"
        " ('90034567', 'DEMO0000004', 'خالد بن ناصر الحارثي', 'Khalid Nasser Al Harthi',"
        "  'OMN', 'active'),"
        " ('71299999', 'DEMO0000005', 'محمد حسين', 'Mohammad Hossain', 'BGD', 'active'),"
        " ('90045678', 'DEMO0000045', 'فاطمة بنت علي الرواحية', 'Fatma Ali Al Rawahi',"
        "  'OMN', 'active'),"
        " ('71200002', 'DEMO1000002', 'عامل تجريبي ب', 'Test Worker B', 'BGD', 'active'),"
        " ('71200003', 'DEMO1000003', 'عامل تجريبي ج', 'Test Worker C', 'PAK', 'active'),"
        " ('71200004', 'DEMO1000004', 'عامل تجريبي د', 'Test Worker D', 'EGY', 'active'),"
        " ('71200005', 'DEMO1000005', 'عامل تجريبي هـ', 'Test Worker E', 'NPL', 'active');"
        "INSERT OR IGNORE INTO person_roles VALUES"
        " ('90012345', 'citizen'),"
        " ('71234567', 'worker'),"
        " ('90023456', 'citizen'), ('90023456', 'employer'),"
        " ('90034567', 'citizen'), ('90034567', 'employer'),"
        " ('90045678', 'citizen'),"
        " ('71200002', 'worker'), ('71200003', 'worker'), ('71200004', 'worker');"
        "INSERT OR IGNORE INTO representatives VALUES"
        " ('90023456', '1000001'),"
        " ('90034567', '1000002'), ('90034567', '1000003'), ('90034567', '1000004');"
        "INSERT OR IGNORE INTO professions VALUES"
        " ('5223', 'Shop sales assistants', 'مساعدو البيع في المتاجر'),"
        " ('8322', 'Car, taxi and van drivers', 'سائقو السيارات وسيارات الأجرة والشاحنات الصغيرة'),"
        " ('7112', 'Bricklayers and related workers', 'البناؤون والعاملون في المهن المرتبطة'),"
        " ('7411', 'Building and related electricians', 'كهربائيو المباني والمهن المرتبطة'),"
        " ('6222', 'Inland and coastal waters fishery workers',"
        "  'عمال مصايد الأسماك في المياه الداخلية والساحلية'),"
        " ('7126', 'Plumbers and pipe fitters', 'السباكون ومركبو الأنابيب'),"
        " ('5120', 'Cooks', 'الطهاة');"

        "";

static const char labour_seed[] =
        "INSERT OR IGNORE INTO labour_licences VALUES"
        " ('LL-2024-0001', '1000001', date('now', '+4 hours', '-9 months'),"
        "  date('now', '+4 hours', '+27 months'), 'active'),"
        " ('LL-2023-0002', '1000002', date('now', '+4 hours', '-18 months'),"
        "  date('now', '+4 hours', '+18 months'), 'active'),"
        " ('LL-2021-0003', '1000003', '2021-01-10', '2024-01-09', 'expired'),"
        " ('LL-2025-0004', '1000004', date('now', '+4 hours', '-6 months'),"
        "  date('now', '+4 hours', '+30 months'), 'suspended'),"
        " ('LL-2025-0005', '1000003', date('now', '+4 hours', '-3 months'),"
        "  date('now', '+4 hours', '+33 months'), 'active');"
        /* licence, profession (the refdata id), allowed, used, ISCO-08 */
        "INSERT OR IGNORE INTO quotas VALUES"
        " ('LL-2024-0001', 'sales-clerk', 4, 2, '5223'),"
        " ('LL-2024-0001', 'driver', 2, 2, '8322'),"
        " ('LL-2023-0002', 'mason', 10, 7, '7112'),"
        " ('LL-2023-0002', 'electrician', 3, 1, '7411'),"
        " ('LL-2021-0003', 'fisher', 6, 0, '6222'),"
        " ('LL-2025-0004', 'electrician', 5, 5, '7411'),"
        " ('LL-2025-0004', 'plumber', 2, 0, '7126'),"
        " ('LL-2025-0005', 'fisher', 8, 3, '6222'),"
        " ('LL-2025-0005', 'driver', 1, 0, '8322');"
        /* a departed or absconded worker's permit is cancelled (route_worker_record.c) */
        "INSERT OR IGNORE INTO workers (permit_no, name_en, name_ar, nationality, profession,"
        " establishment, arrived, departed, permit_expires, state, civil_number, isco,"
        " permit_issued) VALUES"
        " ('WP-700001', 'Rajesh Kumar', 'راجيش كومار', 'IND', 'sales-clerk', '1000001',"
        "  '2024-04-02', NULL, date('now', '+4 hours', '+16 months'), 'active', '71234567',"
        "  '5223', date('now', '+4 hours', '-8 months')),"
        " ('WP-700002', 'Test Worker B', 'عامل تجريبي ب', 'BGD', 'driver', '1000001',"
        "  '2024-05-20', NULL, date('now', '+4 hours', '+40 days'), 'renewal_due', '71200002',"
        "  '8322', date('now', '+4 hours', '-23 months')),"
        " ('WP-700003', 'Test Worker C', 'عامل تجريبي ج', 'PAK', 'mason', '1000002',"
        "  '2023-07-01', NULL, date('now', '+4 hours', '+20 months'), 'renewed', '71200003',"
        "  '7112', date('now', '+4 hours', '-4 months')),"
        " ('WP-700004', 'Test Worker D', 'عامل تجريبي د', 'EGY', 'electrician', '1000002',"
        "  NULL, NULL, date('now', '+4 hours', '+24 months'), 'arrived', '71200004', '7411',"
        "  date('now', '+4 hours', '-10 days')),"
        " ('WP-700005', 'Test Worker E', 'عامل تجريبي هـ', 'NPL', 'mason', '1000002',"
        "  '2022-02-01', '2025-01-15', '2025-01-31', 'departed', '71200005', '7112',"
        "  '2023-02-01');"
        "INSERT OR IGNORE INTO transfers VALUES"
        " (1, 'WP-700003', '1000003', '1000002', '2023-06-20', 'done'),"
        " (2, 'WP-700002', '1000001', '1000002', '2026-10-01', 'requested');"
        "";

/* what kiosks pull with GET /v1/refdata (values are JSON) */
static const char refseed[] =
        "INSERT OR IGNORE INTO refdata VALUES"
        " ('services', '[{\"id\":\"visit-receipt\",\"en\":\"Visit receipt\","
        "\"ar\":\"إيصال زيارة\",\"offline\":true},{\"id\":\"permit-renewal\","
        "\"en\":\"Work permit renewal\",\"ar\":\"تجديد تصريح العمل\",\"offline\":false}]'),"
        " ('professions', '[{\"id\":\"sales-clerk\",\"en\":\"Sales clerk\","
        "\"ar\":\"بائع\"},{\"id\":\"driver\",\"en\":\"Driver\",\"ar\":\"سائق\"},"
        "{\"id\":\"mason\",\"en\":\"Mason\",\"ar\":\"بناء\"},{\"id\":\"electrician\","
        "\"en\":\"Electrician\",\"ar\":\"كهربائي\"},{\"id\":\"fisher\","
        "\"en\":\"Fisher\",\"ar\":\"صياد\"}]'),"
        " ('fees', '{\"visit-receipt\":0,\"permit-renewal\":20000}'),"
        /* Hijri dates per Gregorian Oman day, made by hijri.c at start-up (an old database
         * gets a fresh table and loses the old one-day "hijri_date") */
        " ('hijri_dates', sim_hijri_dates()); UPDATE refdata SET value = sim_hijri_dates()"
        " WHERE key = 'hijri_dates'; DELETE FROM refdata WHERE key = 'hijri_date';"
        " INSERT OR IGNORE INTO refdata VALUES"
        " ('offline_policy', '{\"types\":[\"visit-receipt\"],\"max_age_h\":72,"
        "\"max_queue\":500}');"
        "INSERT OR IGNORE INTO refdata_meta VALUES (1, 'rd-1');";

static int
store_exec(struct store *st, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &err) != SQLITE_OK) {
		klog(KLOG_ERR, "store", "%s", err ? err : sqlite3_errmsg(st->db));
		sqlite3_free(err);
		return KERR_DB;
	}
	return 0;
}

int
store_open(const char *path, struct store **out)
{
	*out = NULL;
	struct store *st = xcalloc(1, sizeof(*st));
	pthread_mutex_init(&st->lock, NULL);
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		klog(KLOG_ERR, "store", "%s: %s", path,
		     st->db ? sqlite3_errmsg(st->db) : "no memory");
		goto out_fail;
	}
	sqlite3_busy_timeout(st->db, 5000);
	if (store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;") < 0 ||
	    store_exec(st, schema) < 0 || store_exec(st, registry) < 0 ||
	    store_exec(st, labour) < 0 || store_exec(st, registry_seed) < 0 ||
	    store_exec(st, labour_seed) < 0 || store_exec(st, refseed) < 0)
		goto out_fail;
	*out = st;
	return 0;
out_fail:
	store_close(st);
	return KERR_DB;
}

void
store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	pthread_mutex_destroy(&st->lock);
	free(st);
}

static void
iso_now(char *out, size_t size)
{
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void
set_rejected(json_t *r, const char *reason)
{
	json_object_set_new(r, "status", json_string("rejected"));
	json_object_set_new(r, "reason", json_string(reason));
}

/* Checks one item's shape; NULL when fine, else the reason it is rejected. */
static const char *
item_problem(json_t *it)
{
	if (!json_is_object(it))
		return "item is not an object";
	json_t *seq = json_object_get(it, "seq");
	if (!json_is_integer(seq) || json_integer_value(seq) < 1)
		return "seq must be a positive integer";
	const char *key = json_string_value(json_object_get(it, "idempotency_key"));
	if (!key || !key[0] || strlen(key) > KEY_MAX)
		return "idempotency_key must be a string of 1..255 characters";
	for (const char *p = key; *p; p++)
		if ((unsigned char)*p < 0x21 || (unsigned char)*p > 0x7e)
			return "idempotency_key must be printable ASCII";
	const char *type = json_string_value(json_object_get(it, "type"));
	if (!type || !type[0] || strlen(type) > TYPE_MAX)
		return "type must be a string of 1..64 characters";
	if (!json_is_string(json_object_get(it, "created")))
		return "created must be an ISO 8601 string";
	if (!json_is_object(json_object_get(it, "payload")))
		return "payload must be an object";
	return NULL;
}

/* One item inside the open transaction. KERR_DB on a database failure (the batch rolls back). */
static int
apply_item(struct store *st, const char *kiosk_id, json_t *it, json_t *r, const char *now,
           int *dups)
{
	sqlite3_stmt *sel = NULL, *ins = NULL;
	char *canon = NULL;
	int rc = KERR_DB;

	const char *why = item_problem(it);
	if (why) {
		set_rejected(r, why);
		return 0;
	}
	const char *key = json_string_value(json_object_get(it, "idempotency_key"));
	const char *type = json_string_value(json_object_get(it, "type"));
	json_t *c = json_pack("{s:O,s:O}", "type", json_object_get(it, "type"), "payload",
	                      json_object_get(it, "payload"));
	canon = c ? json_dumps(c, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(c);
	if (!canon) {
		set_rejected(r, "payload cannot be encoded");
		return 0;
	}

	if (sqlite3_prepare_v2(st->db,
	                       "SELECT reference, canonical FROM transactions"
	                       " WHERE kiosk_id = ?1 AND idempotency_key = ?2",
	                       -1, &sel, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(sel, 1, kiosk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(sel, 2, key, -1, SQLITE_STATIC);
	int step = sqlite3_step(sel);
	if (step == SQLITE_ROW) {
		const char *ref = (const char *)sqlite3_column_text(sel, 0);
		const char *old = (const char *)sqlite3_column_text(sel, 1);
		if (old && strcmp(old, canon) == 0) {
			json_object_set_new(r, "status", json_string("duplicate"));
			json_object_set_new(r, "reference", json_string(ref ? ref : ""));
			(*dups)++;
		} else {
			set_rejected(r, "key reused with different payload");
		}
		rc = 0;
		goto out;
	}
	if (step != SQLITE_DONE)
		goto out;

	if (sqlite3_prepare_v2(st->db,
	                       "INSERT INTO transactions (kiosk_id, idempotency_key, seq, type,"
	                       " created, canonical, received) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	                       " RETURNING id",
	                       -1, &ins, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(ins, 1, kiosk_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 3, json_integer_value(json_object_get(it, "seq")));
	sqlite3_bind_text(ins, 4, type, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, json_string_value(json_object_get(it, "created")), -1,
	                  SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, canon, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, now, -1, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_ROW)
		goto out;
	sqlite3_int64 id = sqlite3_column_int64(ins, 0);
	sqlite3_finalize(ins);
	ins = NULL;
	char ref[32];
	snprintf(ref, sizeof(ref), "MOL-%08lld", (long long)id);
	if (sqlite3_prepare_v2(st->db, "UPDATE transactions SET reference = ?1 WHERE id = ?2", -1,
	                       &ins, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(ins, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 2, id);
	if (sqlite3_step(ins) != SQLITE_DONE)
		goto out;
	json_object_set_new(r, "status", json_string("accepted"));
	json_object_set_new(r, "reference", json_string(ref));
	rc = 0;
out:
	if (rc < 0)
		klog(KLOG_ERR, "store", "apply: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(sel);
	sqlite3_finalize(ins);
	free(canon);
	return rc;
}

int
store_apply(struct store *st, const char *kiosk_id, json_t *items, json_t **results, int *dups)
{
	char now[32];
	int batch_dups = 0;
	json_t *arr = json_array();
	size_t i;
	json_t *it;
	int rc;

	*results = NULL;
	iso_now(now, sizeof(now));
	pthread_mutex_lock(&st->lock);
	rc = store_exec(st, "BEGIN IMMEDIATE");
	if (rc < 0)
		goto out;
	json_array_foreach(items, i, it)
	{
		json_t *r = json_object();
		json_t *seq = json_is_object(it) ? json_object_get(it, "seq") : NULL;
		json_object_set(r, "seq", json_is_integer(seq) ? seq : json_null());
		json_array_append_new(arr, r);
		rc = apply_item(st, kiosk_id, it, r, now, &batch_dups);
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc = store_exec(st, "COMMIT");
	if (rc < 0)
		store_exec(st, "ROLLBACK");
out:
	pthread_mutex_unlock(&st->lock);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*dups += batch_dups;
	*results = arr;
	return 0;
}

int
store_refdata(struct store *st, const char *have, json_t **out)
{
	sqlite3_stmt *q = NULL;
	int rc = KERR_DB;
	*out = NULL;
	pthread_mutex_lock(&st->lock);
	if (sqlite3_prepare_v2(st->db, "SELECT version FROM refdata_meta WHERE id = 1", -1, &q,
	                       NULL) != SQLITE_OK ||
	    sqlite3_step(q) != SQLITE_ROW)
		goto out;
	json_t *root = json_pack("{s:s}", "version", (const char *)sqlite3_column_text(q, 0));
	bool same = have && strcmp(have, (const char *)sqlite3_column_text(q, 0)) == 0;
	sqlite3_finalize(q);
	q = NULL;
	if (same) {
		json_object_set_new(root, "unchanged", json_true());
		*out = root;
		rc = 0;
		goto out;
	}
	json_t *entries = json_object();
	json_object_set_new(root, "entries", entries);
	if (sqlite3_prepare_v2(st->db, "SELECT key, value FROM refdata ORDER BY key", -1, &q,
	                       NULL) != SQLITE_OK) {
		json_decref(root);
		goto out;
	}
	while (sqlite3_step(q) == SQLITE_ROW) {
		json_error_t e;
		json_t *v =
		        json_loads((const char *)sqlite3_column_text(q, 1), JSON_DECODE_ANY, &e);
		if (v)
			json_object_set_new(entries, (const char *)sqlite3_column_text(q, 0), v);
	}
	*out = root;
	rc = 0;
out:
	sqlite3_finalize(q);
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int
store_refdata_set(struct store *st, const char *key, const char *value_json, const char *version)
{
	sqlite3_stmt *q = NULL;
	int rc = KERR_DB;
	pthread_mutex_lock(&st->lock);
	if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto out;
	if (sqlite3_prepare_v2(st->db, "INSERT OR REPLACE INTO refdata VALUES (?, ?)", -1, &q,
	                       NULL) != SQLITE_OK)
		goto out_rollback;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, value_json, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		goto out_rollback;
	sqlite3_finalize(q);
	q = NULL;
	if (sqlite3_prepare_v2(st->db, "UPDATE refdata_meta SET version = ? WHERE id = 1", -1, &q,
	                       NULL) != SQLITE_OK)
		goto out_rollback;
	sqlite3_bind_text(q, 1, version, -1, SQLITE_STATIC);
	if (sqlite3_step(q) != SQLITE_DONE)
		goto out_rollback;
	if (sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
		rc = 0;
		goto out;
	}
out_rollback:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
out:
	sqlite3_finalize(q);
	pthread_mutex_unlock(&st->lock);
	return rc;
}

const char *
store_text(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	return t ? t : "";
}

sqlite3 *
store_acquire(struct store *st)
{
	pthread_mutex_lock(&st->lock);
	return st->db;
}

void
store_release(struct store *st)
{
	pthread_mutex_unlock(&st->lock);
}

int64_t
store_count(struct store *st)
{
	sqlite3_stmt *s = NULL;
	int64_t n = KERR_DB;
	pthread_mutex_lock(&st->lock);
	if (sqlite3_prepare_v2(st->db, "SELECT COUNT(*) FROM transactions", -1, &s, NULL) ==
	            SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	pthread_mutex_unlock(&st->lock);
	return n;
}
