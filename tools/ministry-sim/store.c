/*
 * store.c - the ministry simulator's storage (see store.h).
 *
 * The dedupe rule lives in the schema: UNIQUE(kiosk_id, idempotency_key), never pruned, written
 * in the same SQLite transaction as the transaction row itself (the "effect"), so a request
 * whose reply is lost can be retried any number of times and is stored exactly once.
 */
#include "store.h"

#include "effect.h"
#include "refdata_seed.h"

#include "../../common/kbuf.h"
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
        /* the effects of the transactions that change the record (apply_effect()): kept with
         * the transactions, never rebuilt with the seeded data */
        "CREATE TABLE IF NOT EXISTS objections ("
        " civil_number TEXT NOT NULL, reported TEXT NOT NULL, reason TEXT NOT NULL,"
        " details TEXT NOT NULL, filed TEXT NOT NULL, reference TEXT NOT NULL,"
        " UNIQUE (civil_number, reported));"
        /* a renewal per permit (effect_renewal.c); batch_id: the kiosk's batch, /pay/<batch> */
        "CREATE TABLE IF NOT EXISTS renewals ("
        " permit_no TEXT NOT NULL UNIQUE, civil_number TEXT NOT NULL, cr_number TEXT NOT NULL,"
        " reference TEXT NOT NULL, batch_id TEXT NOT NULL, batch_index INTEGER NOT NULL,"
        " renewal_baisa INTEGER NOT NULL, fine_baisa INTEGER NOT NULL,"
        " amount_baisa INTEGER NOT NULL, fee_version TEXT NOT NULL, old_expires TEXT NOT NULL,"
        " new_expires TEXT NOT NULL, at TEXT NOT NULL);"
        "CREATE INDEX IF NOT EXISTS renewals_by_batch ON renewals (batch_id);"
        /* a worker's consent to a transfer, agreed or declined (effect_transfer.c) */
        "CREATE TABLE IF NOT EXISTS transfer_requests ("
        " id INTEGER PRIMARY KEY, civil_number TEXT NOT NULL, permit_no TEXT NOT NULL,"
        " from_cr TEXT NOT NULL, to_cr TEXT NOT NULL, decision TEXT NOT NULL CHECK (decision"
        " IN ('agreed','declined')), request_hash TEXT NOT NULL, reference TEXT NOT NULL,"
        " at TEXT NOT NULL);"
        /* a citizen's job seeker registration, updated in place (effect_jobseeker.c) */
        "CREATE TABLE IF NOT EXISTS jobseekers ("
        " civil_number TEXT PRIMARY KEY, education TEXT NOT NULL, specialisation TEXT NOT NULL,"
        " occupations TEXT NOT NULL, governorate TEXT NOT NULL, wilayat TEXT NOT NULL,"
        " mobile TEXT NOT NULL, registered TEXT NOT NULL, updated TEXT NOT NULL,"
        " reference TEXT NOT NULL, registration_no TEXT NOT NULL UNIQUE);"
        /* what an effect added to an item's answer, answered again for a duplicate */
        "CREATE TABLE IF NOT EXISTS result_extras ("
        " reference TEXT PRIMARY KEY, extra TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS establishments ("
        " cr_number TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS people ("
        " civil_number TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL,"
        " establishment TEXT REFERENCES establishments(cr_number));"
        /* Fictional establishments (the data set below says which is which) and the first
         * demo's people table, which no route reads. */
        "INSERT OR IGNORE INTO establishments VALUES"
        " ('1000001', 'Al Noor Trading LLC', 'شركة النور للتجارة'),"
        " ('1000002', 'Muscat Building Services', 'خدمات مسقط للبناء'),"
        " ('1000003', 'Sohar Fisheries SAOC', 'صحار للأسماك'),"
        " ('1000004', 'Nizwa Electrical Works LLC', 'شركة نزوى للأعمال الكهربائية'),"
        " ('1000005', 'Al Batinah Hospitality and Catering LLC',"
        "  'شركة الباطنة للضيافة والتموين ش.م.م'),"
        " ('1000006', 'Duqm Logistics Services LLC', 'شركة الدقم للخدمات اللوجستية ش.م.م');"
        "INSERT OR IGNORE INTO people VALUES"
        " ('99000001', 'Test Person One', 'شخص تجريبي واحد', '1000001'),"
        " ('99000002', 'Test Person Two', 'شخص تجريبي اثنان', '1000002'),"
        " ('99000003', 'Test Person Three', 'شخص تجريبي ثلاثة', '1000003'),"
        " ('99000004', 'Test Person Four', 'شخص تجريبي أربعة', NULL);";

/*
 * The people and labour data set the query routes answer from (route_*.c). All of it is
 * INVENTED: civil numbers, card serials, names and PINs match the demo cards in
 * assets/demo-cards/ (docs/demo-data.md has the same table), no real person. Dates that must
 * stay in a state (a valid permit, an open objection deadline, an active licence) are relative
 * to the Oman day the database is created: DAY("-10 days") is SQLite's
 * date('now', '+4 hours', '-10 days'), AT("-97 minutes") the Oman local minute
 * "YYYY-MM-DDTHH:MM". Professions are ISCO-08 unit groups with their English titles; wages are
 * in baisa (1 OMR = 1000 baisa).
 *
 *   card                   civil     serial       PIN   roles / state
 *   01-citizen             90012345  DEMO0000001  1234  citizen; 9 access log entries
 *   02-resident            71234567  DEMO0000002  4321  worker: WP-700001 valid at 1000001,
 *                                                       renewal not_due; 10 access log entries
 *   03-employer            90023456  DEMO0000003  2468  citizen, employer of 1000001
 *   04-employer3           90034567  DEMO0000004  1357  citizen, employer of 1000002..1000004
 *   05-norole              71299999  DEMO0000005  9090  no role; no access log entry
 *   06-lostcard            90045678  DEMO0000099  1111  citizen; the registry has DEMO0000045
 *   07-expiring60          71200002  DEMO1000002  5802  worker: WP-700002 expires in 40 days, due
 *   08-history             71200003  DEMO1000003  6413  worker: WP-700003 renewed at 1000002;
 *                                                       3 older permits (2 at 1000003)
 *   09-newarrival          71200004  DEMO1000004  7024  worker: WP-700004 valid, no arrival
 *                                                       recorded, no movement at all
 *   10-departed            71200005  DEMO1000005  8135  worker: WP-700005 cancelled, departed
 *                                                       2025-01-15 by Muscat airport
 *   11-expiring30          71200006  DEMO1000006  9246  worker: WP-700006 expires in 20 days,
 *                                                       due; transfer to 1000002 approved
 *   12-expiring90          71200007  DEMO1000007  3570  worker: WP-700007 expires in 75 days,
 *                                                       renewal submitted
 *   13-expired             71200008  DEMO1000008  4681  worker: WP-700008 expired 15 days ago,
 *                                                       overdue; a refused transfer
 *   14-absent-open         71200009  DEMO1000009  5793  worker: absence reported 10 days ago,
 *                                                       objection deadline open (+50 days)
 *   15-absent-passed       71200010  DEMO1000010  6804  worker: absence reported 80 days ago,
 *                                                       deadline passed 20 days ago
 *   16-transfer            71200011  DEMO1000011  7915  worker: transfer 1000001 -> 1000005
 *                                                       requested 12 days ago, 1000001's
 *                                                       no-objection: eligible
 *   17-employer-batinah    90056789  DEMO0000017  2580  citizen, employer of 1000005, 1000006
 *   18-longname            90067890  DEMO0000018  3691  citizen: a five-part name (65 + 61 chars)
 *   19-accesslog           90078901  DEMO0000019  1470  citizen: name with tashkeel; 5,000
 *                                                       access log entries (recursive CTE)
 *   20-pin-blocked         90089012  DEMO0000020  8520  citizen; the card's PIN is blocked
 *   21-pin-lasttry         90090123  DEMO0000021  9630  citizen; 1 PIN try left
 *   (no card)              71200012  DEMO1000012        worker: WP-700012 at 1000001 (2411, A)
 *                                                       expires in 20 days
 *   (no card)              71200013  DEMO1000013        worker: WP-700013 at 1000001 (9321, C)
 *                                                       expired 15 days ago, overdue
 *   (no card)              71200014  DEMO1000014        worker: WP-700014 at 1000001 (3322, A)
 *                                                       expires in 85 days
 *
 * Names with hamza and alef variants: آمنة (آ), إسحاق (إ), أسماء (أ, ء), لؤي (ؤ), الرئيسية
 * (ئ), عيسى and يحيى (ى) next to علي (ي), ة in آمنة and الهنائية.
 *
 *   establishment  sector (Omani % / required)      licences
 *   1000001        trade 28 / 30                   LL-2024-0001 active: 5223 open, 8322 full,
 *                                                  2411 full, 3322 and 9321 open; 5 permits
 *                                                  to renew within 90 days
 *   1000002        construction 12 / 10            LL-2023-0002 active
 *   1000003        (no Omanisation data)           LL-2025-0005 active, LL-2021-0003 expired
 *   1000004        construction 8 / 10             LL-2025-0004 suspended: 7411 full
 *   1000005        hotels and restaurants 45 / 40  LL-2025-0007 active, 11 professions (open,
 *                                                  full, over: 5414 used + approved >
 *                                                  authorised, 9412 used > authorised),
 *                                                  LL-2022-0006 expired
 *   1000006        transport 100 / 60              LL-2026-0009 active, no professions yet
 */
#define DAY(rel) "date('now', '+4 hours', '" rel "')"
#define AT(rel)  "strftime('%Y-%m-%dT%H:%M', 'now', '+4 hours', '" rel "')"

/* Bump with any change to the tables or rows below: an older database loses its seeded tables
 * (never its transactions nor its reference data) and gets them anew. */
#define DATA_VERSION 3

static const char drop_seeded[] =
        "DROP TABLE IF EXISTS access_log; DROP TABLE IF EXISTS accessors;"
        "DROP TABLE IF EXISTS border_movements; DROP TABLE IF EXISTS ports;"
        "DROP TABLE IF EXISTS absence_reports; DROP TABLE IF EXISTS contracts;"
        "DROP TABLE IF EXISTS transfers; DROP TABLE IF EXISTS no_objections;"
        "DROP TABLE IF EXISTS workers;"
        "DROP TABLE IF EXISTS quotas; DROP TABLE IF EXISTS labour_licences;"
        "DROP TABLE IF EXISTS omanisation; DROP TABLE IF EXISTS sectors;"
        "DROP TABLE IF EXISTS professions; DROP TABLE IF EXISTS representatives;"
        "DROP TABLE IF EXISTS person_roles; DROP TABLE IF EXISTS civil_registry;"
        "DROP TABLE IF EXISTS people; DROP TABLE IF EXISTS establishments;";

/* the civil registry, roles, representatives, professions; border movements and who looked
 * at a person's record */
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
        " title_ar TEXT NOT NULL,"
        /* the permit renewal fee's category (refdata renewal_fees): 'A' ISCO-08 major groups
         * 1-3 (managers, professionals, technicians), 'C' group 9, 'B' the others */
        " fee_category TEXT GENERATED ALWAYS AS (CASE WHEN substr(isco, 1, 1) IN"
        " ('1', '2', '3') THEN 'A' WHEN substr(isco, 1, 1) = '9' THEN 'C' ELSE 'B' END)"
        " VIRTUAL);"
        /* airports, border posts and sea ports */
        "CREATE TABLE IF NOT EXISTS ports ("
        " code TEXT PRIMARY KEY, name_ar TEXT NOT NULL, name_en TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS border_movements ("
        " civil_number TEXT NOT NULL REFERENCES civil_registry(civil_number),"
        " direction TEXT NOT NULL CHECK (direction IN ('arrival','departure')),"
        " day TEXT NOT NULL, port TEXT NOT NULL REFERENCES ports(code),"
        " PRIMARY KEY (civil_number, direction, day));"
        /* who may look at a record: an employer, a Sanad centre, the ministry, an agency, the
         * police; the log says when, who, what was looked at or changed */
        "CREATE TABLE IF NOT EXISTS accessors ("
        " id INTEGER PRIMARY KEY, who TEXT NOT NULL CHECK (who IN"
        " ('employer','sanad','ministry','agency','police')), by_ar TEXT NOT NULL,"
        " by_en TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS access_log ("
        " id INTEGER PRIMARY KEY, civil_number TEXT NOT NULL REFERENCES"
        " civil_registry(civil_number), at TEXT NOT NULL, accessor INTEGER NOT NULL"
        " REFERENCES accessors(id), action TEXT NOT NULL CHECK (action IN"
        " ('viewed','changed')), what TEXT NOT NULL CHECK (what IN"
        " ('permit','contract','record','absence','movements')));"
        /* a page of one person's log, newest first, is a walk down this index */
        "CREATE INDEX IF NOT EXISTS access_log_by_person ON access_log (civil_number, at, id);"
        "";

/* licences with per-profession quotas, expatriate workers (one row per work permit, older
 * permits included) and their contracts, absence reports and transfers between
 * establishments; Omanisation by sector; the reference data kiosks pull */
static const char labour[] =
        "CREATE TABLE IF NOT EXISTS labour_licences ("
        " licence_no TEXT PRIMARY KEY, establishment TEXT NOT NULL REFERENCES"
        " establishments(cr_number), issued TEXT NOT NULL, expires TEXT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('active','suspended','expired')));"
        /* allowed = authorised; registered: visa applications pending; approved: visas
         * approved, not yet used; used: workers in place */
        "CREATE TABLE IF NOT EXISTS quotas ("
        " licence_no TEXT NOT NULL REFERENCES labour_licences(licence_no),"
        " profession TEXT NOT NULL, allowed INTEGER NOT NULL, used INTEGER NOT NULL,"
        " isco TEXT NOT NULL REFERENCES professions(isco),"
        " registered INTEGER NOT NULL DEFAULT 0, approved INTEGER NOT NULL DEFAULT 0,"
        " PRIMARY KEY (licence_no, profession));"
        /* state 'ended': an older permit, replaced by a renewal or a transfer */
        "CREATE TABLE IF NOT EXISTS workers ("
        " permit_no TEXT PRIMARY KEY, name_en TEXT NOT NULL, name_ar TEXT NOT NULL,"
        " nationality TEXT NOT NULL, profession TEXT NOT NULL, establishment TEXT"
        " REFERENCES establishments(cr_number), permit_issued TEXT NOT NULL,"
        " permit_expires TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN"
        " ('arrived','active','renewal_due','renewed','departed','absconded','ended')),"
        " civil_number TEXT REFERENCES civil_registry(civil_number),"
        " isco TEXT NOT NULL REFERENCES professions(isco),"
        " renewal_submitted TEXT);" /* the day a renewal was applied for, NULL: none */
        "CREATE INDEX IF NOT EXISTS workers_by_person ON workers (civil_number);"
        "CREATE TABLE IF NOT EXISTS contracts ("
        " permit_no TEXT PRIMARY KEY REFERENCES workers(permit_no), start TEXT NOT NULL,"
        " end TEXT NOT NULL, wage_baisa INTEGER NOT NULL CHECK (wage_baisa >= 0));"
        /* an employer's absence (absconding) report; the worker may object until the
         * deadline, 60 days after the report */
        "CREATE TABLE IF NOT EXISTS absence_reports ("
        " permit_no TEXT PRIMARY KEY REFERENCES workers(permit_no), reported TEXT NOT NULL,"
        " objection_deadline TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS transfers ("
        " id INTEGER PRIMARY KEY, permit_no TEXT NOT NULL REFERENCES workers(permit_no),"
        " from_cr TEXT NOT NULL, to_cr TEXT NOT NULL, requested TEXT NOT NULL,"
        " state TEXT NOT NULL CHECK (state IN ('requested','approved','refused','done')));"
        /* the current employer's no-objection to a worker's transfer (to_cr NULL: to any) */
        "CREATE TABLE IF NOT EXISTS no_objections ("
        " permit_no TEXT NOT NULL REFERENCES workers(permit_no), from_cr TEXT NOT NULL,"
        " to_cr TEXT, given TEXT NOT NULL, PRIMARY KEY (permit_no, from_cr));"
        "CREATE TABLE IF NOT EXISTS sectors ("
        " code TEXT PRIMARY KEY, name_ar TEXT NOT NULL, name_en TEXT NOT NULL,"
        " required INTEGER NOT NULL CHECK (required BETWEEN 0 AND 100));"
        "CREATE TABLE IF NOT EXISTS omanisation ("
        " cr_number TEXT PRIMARY KEY REFERENCES establishments(cr_number),"
        " sector TEXT NOT NULL REFERENCES sectors(code),"
        " percent INTEGER NOT NULL CHECK (percent BETWEEN 0 AND 100));"
        "CREATE TABLE IF NOT EXISTS refdata ("
        " key TEXT PRIMARY KEY, value TEXT NOT NULL);"
        "CREATE TABLE IF NOT EXISTS refdata_meta (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " version TEXT NOT NULL);"
        "";

/* clang-format off */
static const char *const registry_seed[] = {
	"INSERT OR IGNORE INTO civil_registry VALUES"
	" ('90012345', 'DEMO0000001', 'سالم بن خلفان الهنائي', 'Salim Khalfan Al Hinai', 'OMN', 'active'),"
	" ('71234567', 'DEMO0000002', 'راجيش كومار', 'Rajesh Kumar', 'IND', 'active'),"
	" ('90023456', 'DEMO0000003', 'مريم بنت سعيد البلوشية', 'Maryam Saeed Al Balushi', 'OMN', 'active'),"
	" ('90034567', 'DEMO0000004', 'خالد بن ناصر الحارثي', 'Khalid Nasser Al Harthi', 'OMN', 'active'),"
	" ('71299999', 'DEMO0000005', 'محمد حسين', 'Mohammad Hossain', 'BGD', 'active'),"
	" ('90045678', 'DEMO0000045', 'فاطمة بنت علي الرواحية', 'Fatma Ali Al Rawahi', 'OMN', 'active'),"
	" ('71200002', 'DEMO1000002', 'رفيق الإسلام', 'Rafiqul Islam', 'BGD', 'active'),"
	" ('71200003', 'DEMO1000003', 'شاهد محمود', 'Shahid Mehmood', 'PAK', 'active'),"
	" ('71200004', 'DEMO1000004', 'أحمد فتحي عبد الرحمن', 'Ahmed Fathy Abdelrahman', 'EGY', 'active'),"
	" ('71200005', 'DEMO1000005', 'رام بهادور ثابا', 'Ram Bahadur Thapa', 'NPL', 'active'),"
	" ('71200006', 'DEMO1000006', 'أنيل كومار ناير', 'Anil Kumar Nair', 'IND', 'active'),"
	" ('71200007', 'DEMO1000007', 'ماريا سانتوس رييس', 'Maria Santos Reyes', 'PHL', 'active'),"
	" ('71200008', 'DEMO1000008', 'عبد الكريم ميا', 'Abdul Karim Mia', 'BGD', 'active'),"
	" ('71200009', 'DEMO1000009', 'مصطفى إسماعيل عبد العزيز', 'Mostafa Ismail Abdelaziz', 'EGY', 'active'),"
	" ('71200010', 'DEMO1000010', 'نفيد أختر', 'Naveed Akhtar', 'PAK', 'active'),"
	" ('71200011', 'DEMO1000011', 'نوان بيريرا', 'Nuwan Perera', 'LKA', 'active'),"
	" ('71200012', 'DEMO1000012', 'جوزيف ماثيو', 'Joseph Mathew', 'IND', 'active'),"
	" ('71200013', 'DEMO1000013', 'كمال الدين', 'Kamal Uddin', 'BGD', 'active'),"
	" ('71200014', 'DEMO1000014', 'سونيل فرناندو', 'Sunil Fernando', 'LKA', 'active'),"
	" ('90056789', 'DEMO0000017', 'آمنة بنت عيسى الرئيسية', 'Amna Issa Al Raisi', 'OMN', 'active'),"
	" ('90067890', 'DEMO0000018', 'عبد الرحمن بن سليمان بن عبد الله بن محمد بن خميس بن راشد آل سعيدي', 'Abdulrahman Sulaiman Abdullah Mohammed Khamis Rashid Al Saidi', 'OMN', 'active'),"
	" ('90078901', 'DEMO0000019', 'مُحَمَّد بْنُ سَعِيدٍ الْمَعْمَرِيُّ', 'Mohammed Saeed Al Maamari', 'OMN', 'active'),"
	" ('90089012', 'DEMO0000020', 'أسماء بنت يحيى الهنائية', 'Asma Yahya Al Hinai', 'OMN', 'active'),"
	" ('90090123', 'DEMO0000021', 'لؤي بن إسحاق الشيذاني', 'Luay Ishaq Al Shidhani', 'OMN', 'active');",
	"INSERT OR IGNORE INTO person_roles VALUES"
	" ('90012345', 'citizen'),"
	" ('71234567', 'worker'),"
	" ('90023456', 'citizen'),"
	" ('90023456', 'employer'),"
	" ('90034567', 'citizen'),"
	" ('90034567', 'employer'),"
	" ('90045678', 'citizen'),"
	" ('71200002', 'worker'),"
	" ('71200003', 'worker'),"
	" ('71200004', 'worker'),"
	" ('71200005', 'worker'),"
	" ('71200006', 'worker'),"
	" ('71200007', 'worker'),"
	" ('71200008', 'worker'),"
	" ('71200009', 'worker'),"
	" ('71200010', 'worker'),"
	" ('71200011', 'worker'),"
	" ('71200012', 'worker'),"
	" ('71200013', 'worker'),"
	" ('71200014', 'worker'),"
	" ('90056789', 'citizen'),"
	" ('90056789', 'employer'),"
	" ('90067890', 'citizen'),"
	" ('90078901', 'citizen'),"
	" ('90089012', 'citizen'),"
	" ('90090123', 'citizen');",
	"INSERT OR IGNORE INTO representatives VALUES"
	" ('90023456', '1000001'),"
	" ('90034567', '1000002'),"
	" ('90034567', '1000003'),"
	" ('90034567', '1000004'),"
	" ('90056789', '1000005'),"
	" ('90056789', '1000006');",
	"INSERT OR IGNORE INTO professions VALUES"
	" ('5223', 'Shop sales assistants', 'مساعدو البيع في المتاجر'),"
	" ('8322', 'Car, taxi and van drivers', 'سائقو السيارات وسيارات الأجرة والشاحنات الصغيرة'),"
	" ('7112', 'Bricklayers and related workers', 'البناؤون والعاملون في المهن المرتبطة'),"
	" ('7411', 'Building and related electricians', 'كهربائيو المباني والمهن المرتبطة'),"
	" ('6222', 'Inland and coastal waters fishery workers', 'عمال مصايد الأسماك في المياه الداخلية والساحلية'),"
	" ('7126', 'Plumbers and pipe fitters', 'السباكون ومركبو الأنابيب'),"
	" ('5120', 'Cooks', 'الطهاة'),"
	" ('3434', 'Chefs', 'رؤساء الطهاة'),"
	" ('4224', 'Hotel receptionists', 'موظفو الاستقبال في الفنادق'),"
	" ('4311', 'Accounting and bookkeeping clerks', 'كتبة المحاسبة ومسك الدفاتر'),"
	" ('5131', 'Waiters', 'الندل'),"
	" ('5151', 'Cleaning and housekeeping supervisors in offices, hotels and other establishments', 'مشرفو أعمال التنظيف والتدبير الداخلي في المكاتب والفنادق والمنشآت الأخرى'),"
	" ('5414', 'Security guards', 'حراس الأمن'),"
	" ('7512', 'Bakers, pastry-cooks and confectionery makers', 'الخبازون وصانعو المعجنات والحلويات'),"
	" ('9112', 'Cleaners and helpers in offices, hotels and other establishments', 'عمال النظافة والمساعدون في المكاتب والفنادق والمنشآت الأخرى'),"
	" ('9412', 'Kitchen helpers', 'مساعدو المطابخ'),"
	" ('2411', 'Accountants', 'المحاسبون'),"
	" ('3322', 'Commercial sales representatives', 'مندوبو المبيعات التجارية'),"
	" ('9321', 'Hand packers', 'عمال التعبئة اليدوية');",
	"INSERT OR IGNORE INTO ports VALUES"
	" ('MCT', 'مطار مسقط الدولي', 'Muscat International Airport'),"
	" ('SLL', 'مطار صلالة', 'Salalah Airport'),"
	" ('WAJ', 'منفذ الوجاجة', 'Al Wajajah border post'),"
	" ('SOH', 'ميناء صحار', 'Sohar Port'),"
	" ('KHM', 'منفذ خطمة ملاحة', 'Khatmat Malaha border post'),"
	" ('MZN', 'منفذ المزيونة', 'Al Mazyunah border post'),"
	" ('DQM', 'مطار الدقم', 'Duqm Airport');",
	/* the latest of each direction is the one the record shows; 71200004 has none */
	"INSERT OR IGNORE INTO border_movements VALUES"
	" ('71234567', 'arrival', '2024-04-02', 'MCT'),"
	" ('71234567', 'departure', " DAY("-150 days") ", 'MCT'),"
	" ('71234567', 'arrival', " DAY("-120 days") ", 'MCT'),"
	" ('71200002', 'arrival', '2024-05-20', 'MCT'),"
	" ('71200003', 'arrival', '2019-06-25', 'SOH'),"
	" ('71200003', 'arrival', '2023-07-01', 'WAJ'),"
	" ('71200003', 'departure', " DAY("-60 days") ", 'SLL'),"
	" ('71200003', 'arrival', " DAY("-40 days") ", 'SLL'),"
	" ('71200005', 'arrival', '2022-02-01', 'MCT'),"
	" ('71200005', 'departure', '2025-01-15', 'MCT'),"
	" ('71200006', 'arrival', " DAY("-700 days") ", 'MCT'),"
	" ('71200007', 'arrival', " DAY("-300 days") ", 'KHM'),"
	" ('71200008', 'arrival', " DAY("-2 years") ", 'MCT'),"
	" ('71200009', 'arrival', " DAY("-400 days") ", 'MCT'),"
	" ('71200010', 'arrival', " DAY("-500 days") ", 'SOH'),"
	" ('71200011', 'departure', " DAY("-260 days") ", 'DQM'),"
	" ('71200011', 'arrival', " DAY("-200 days") ", 'MZN'),"
	" ('90012345', 'departure', " DAY("-30 days") ", 'MCT'),"
	" ('90012345', 'arrival', " DAY("-23 days") ", 'WAJ');",
	"INSERT OR IGNORE INTO accessors VALUES"
	" (1, 'employer', 'شركة النور للتجارة', 'Al Noor Trading LLC'),"
	" (2, 'employer', 'شركة الباطنة للضيافة والتموين ش.م.م', 'Al Batinah Hospitality and Catering LLC'),"
	" (3, 'sanad', 'مركز سند الخوير', 'Sanad Centre Al Khuwair'),"
	" (4, 'sanad', 'مركز سند صحار', 'Sanad Centre Sohar'),"
	" (5, 'ministry', 'وزارة العمل - دائرة التفتيش العمالي بمسقط', 'Ministry of Labour, Labour Inspection Department, Muscat'),"
	" (6, 'ministry', 'وزارة العمل - المديرية العامة للرعاية العمالية', 'Ministry of Labour, Directorate General of Labour Welfare'),"
	" (7, 'agency', 'وكالة نجمة الخليج لاستقدام القوى العاملة', 'Gulf Star Manpower Recruitment Agency'),"
	" (8, 'police', 'شرطة عمان السلطانية - الإدارة العامة للجوازات والإقامة', 'Royal Oman Police, Directorate General of Passports and Residence'),"
	" (9, 'police', 'شرطة عمان السلطانية - منفذ الوجاجة', 'Royal Oman Police, Al Wajajah border post'),"
	" (10, 'employer', 'خدمات مسقط للبناء', 'Muscat Building Services'),"
	" (11, 'agency', 'وكالة الأفق للتوظيف', 'Al Ufuq Employment Agency');",
	/* every kind for the demo worker and the demo citizen; 71299999 has none */
	"INSERT OR IGNORE INTO access_log VALUES"
	" (1, '71234567', " AT("-2 hours") ", 1, 'viewed', 'permit'),"
	" (2, '71234567', " AT("-27 hours") ", 3, 'viewed', 'record'),"
	" (3, '71234567', " AT("-3 days") ", 5, 'changed', 'contract'),"
	" (4, '71234567', " AT("-7 days") ", 8, 'viewed', 'movements'),"
	" (5, '71234567', " AT("-12 days") ", 7, 'viewed', 'record'),"
	" (6, '71234567', " AT("-20 days") ", 1, 'changed', 'permit'),"
	" (7, '71234567', " AT("-35 days") ", 6, 'viewed', 'absence'),"
	" (8, '71234567', " AT("-60 days") ", 9, 'viewed', 'movements'),"
	" (9, '71234567', " AT("-90 days") ", 4, 'changed', 'record'),"
	" (10, '71234567', " AT("-150 days") ", 1, 'viewed', 'contract'),"
	" (11, '90012345', " AT("-5 hours") ", 3, 'viewed', 'record'),"
	" (12, '90012345', " AT("-2 days") ", 5, 'viewed', 'record'),"
	" (13, '90012345', " AT("-4 days") ", 10, 'viewed', 'record'),"
	" (14, '90012345', " AT("-9 days") ", 8, 'viewed', 'movements'),"
	" (15, '90012345', " AT("-15 days") ", 11, 'viewed', 'record'),"
	" (16, '90012345', " AT("-30 days") ", 6, 'changed', 'record'),"
	" (17, '90012345', " AT("-45 days") ", 4, 'changed', 'record'),"
	" (18, '90012345', " AT("-70 days") ", 2, 'viewed', 'record'),"
	" (19, '90012345', " AT("-100 days") ", 9, 'viewed', 'movements'),"
	" (20, '71200009', " AT("-10 days") ", 2, 'changed', 'absence'),"
	" (21, '71200009', " AT("-9 days") ", 5, 'viewed', 'absence');",
	/* 5,000 entries for 90078901, one every 97 minutes back from now (ids 100001..105000,
	 * newest first); skipped when they are there */
	"INSERT OR IGNORE INTO access_log"
	" WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
	" SELECT 100000 + i, '90078901',"
	"  strftime('%Y-%m-%dT%H:%M', 'now', '+4 hours', '-' || (i * 97) || ' minutes'),"
	"  1 + i % 11, CASE WHEN i % 4 = 0 THEN 'changed' ELSE 'viewed' END,"
	"  CASE i % 5 WHEN 0 THEN 'permit' WHEN 1 THEN 'contract' WHEN 2 THEN 'record'"
	"  WHEN 3 THEN 'absence' ELSE 'movements' END"
	" FROM n WHERE NOT EXISTS (SELECT 1 FROM access_log WHERE id = 105000);",
	NULL,
};
/* clang-format on */

/* clang-format off */
static const char *const labour_seed[] = {
	"INSERT OR IGNORE INTO labour_licences VALUES"
	" ('LL-2024-0001', '1000001', " DAY("-9 months") ", " DAY("+27 months") ", 'active'),"
	" ('LL-2023-0002', '1000002', " DAY("-18 months") ", " DAY("+18 months") ", 'active'),"
	" ('LL-2021-0003', '1000003', '2021-01-10', '2024-01-09', 'expired'),"
	" ('LL-2025-0004', '1000004', " DAY("-6 months") ", " DAY("+30 months") ", 'suspended'),"
	" ('LL-2025-0005', '1000003', " DAY("-3 months") ", " DAY("+33 months") ", 'active'),"
	" ('LL-2022-0006', '1000005', '2022-02-01', '2025-01-31', 'expired'),"
	" ('LL-2025-0007', '1000005', " DAY("-5 months") ", " DAY("+31 months") ", 'active'),"
	" ('LL-2026-0009', '1000006', " DAY("-6 days") ", " DAY("+36 months") ", 'active');",
	/* licence, profession (the refdata id), authorised, used, ISCO-08, registered,
	 * approved; remaining = authorised - used - approved - registered, at least 0 */
	"INSERT OR IGNORE INTO quotas VALUES"
	" ('LL-2024-0001', 'sales-clerk', 4, 2, '5223', 1, 0),"
	" ('LL-2024-0001', 'driver', 2, 2, '8322', 0, 0),"
	" ('LL-2024-0001', 'accountant', 1, 1, '2411', 0, 0),"
	" ('LL-2024-0001', 'sales-representative', 2, 1, '3322', 0, 0),"
	" ('LL-2024-0001', 'packer', 3, 1, '9321', 0, 0),"
	" ('LL-2023-0002', 'mason', 10, 7, '7112', 0, 1),"
	" ('LL-2023-0002', 'electrician', 3, 1, '7411', 0, 0),"
	" ('LL-2021-0003', 'fisher', 6, 0, '6222', 0, 0),"
	" ('LL-2025-0004', 'electrician', 5, 5, '7411', 0, 0),"
	" ('LL-2025-0004', 'plumber', 2, 0, '7126', 0, 0),"
	" ('LL-2025-0005', 'fisher', 8, 3, '6222', 2, 1),"
	" ('LL-2025-0005', 'driver', 1, 0, '8322', 0, 0),"
	" ('LL-2022-0006', 'cook', 4, 2, '5120', 0, 0),"
	" ('LL-2022-0006', 'waiter', 6, 6, '5131', 0, 0),"
	" ('LL-2025-0007', 'chef', 2, 1, '3434', 0, 0),"
	" ('LL-2025-0007', 'receptionist', 3, 2, '4224', 1, 0),"
	" ('LL-2025-0007', 'accounts-clerk', 1, 0, '4311', 0, 0),"
	" ('LL-2025-0007', 'cook', 6, 3, '5120', 1, 1),"
	" ('LL-2025-0007', 'waiter', 8, 4, '5131', 2, 1),"
	" ('LL-2025-0007', 'housekeeping-supervisor', 1, 1, '5151', 0, 0),"
	" ('LL-2025-0007', 'security-guard', 4, 3, '5414', 0, 2),"
	" ('LL-2025-0007', 'baker', 2, 0, '7512', 0, 0),"
	" ('LL-2025-0007', 'driver', 3, 1, '8322', 0, 1),"
	" ('LL-2025-0007', 'cleaner', 10, 7, '9112', 3, 2),"
	" ('LL-2025-0007', 'kitchen-helper', 5, 6, '9412', 0, 0);",
	"INSERT OR IGNORE INTO sectors VALUES"
	" ('TRD', 'تجارة الجملة والتجزئة', 'Wholesale and retail trade', 30),"
	" ('CON', 'الإنشاءات', 'Construction', 10),"
	" ('HTL', 'الفنادق والمطاعم', 'Hotels and restaurants', 40),"
	" ('TRN', 'النقل والخدمات اللوجستية', 'Transport and logistics', 60);",
	/* 1000003 has no Omanisation data */
	"INSERT OR IGNORE INTO omanisation VALUES"
	" ('1000001', 'TRD', 28),"
	" ('1000002', 'CON', 12),"
	" ('1000004', 'CON', 8),"
	" ('1000005', 'HTL', 45),"
	" ('1000006', 'TRN', 100);",
	/* one row per permit; a departed or absconded worker's permit is cancelled
	 * (route_worker_record.c) */
	"INSERT OR IGNORE INTO workers (permit_no, name_en, name_ar, nationality, profession,"
	" establishment, permit_issued, permit_expires, state, civil_number, isco,"
	" renewal_submitted) VALUES"
	" ('WP-700001', 'Rajesh Kumar', 'راجيش كومار', 'IND', 'sales-clerk', '1000001', " DAY("-8 months") ", " DAY("+16 months") ", 'active', '71234567', '5223', NULL),"
	" ('WP-700002', 'Rafiqul Islam', 'رفيق الإسلام', 'BGD', 'driver', '1000001', " DAY("-23 months") ", " DAY("+40 days") ", 'renewal_due', '71200002', '8322', NULL),"
	" ('WP-600031', 'Shahid Mehmood', 'شاهد محمود', 'PAK', 'fisher', '1000003', '2019-07-01', '2021-06-30', 'ended', '71200003', '6222', NULL),"
	" ('WP-600032', 'Shahid Mehmood', 'شاهد محمود', 'PAK', 'fisher', '1000003', '2021-07-01', '2023-06-30', 'ended', '71200003', '6222', NULL),"
	" ('WP-650033', 'Shahid Mehmood', 'شاهد محمود', 'PAK', 'mason', '1000002', '2023-07-01', date('now', '+4 hours', '-4 months', '-1 day'), 'ended', '71200003', '7112', NULL),"
	" ('WP-700003', 'Shahid Mehmood', 'شاهد محمود', 'PAK', 'mason', '1000002', " DAY("-4 months") ", " DAY("+20 months") ", 'renewed', '71200003', '7112', NULL),"
	" ('WP-700004', 'Ahmed Fathy Abdelrahman', 'أحمد فتحي عبد الرحمن', 'EGY', 'electrician', '1000002', " DAY("-10 days") ", " DAY("+24 months") ", 'arrived', '71200004', '7411', NULL),"
	" ('WP-700005', 'Ram Bahadur Thapa', 'رام بهادور ثابا', 'NPL', 'mason', '1000002', '2023-02-01', '2025-01-31', 'departed', '71200005', '7112', NULL),"
	" ('WP-700006', 'Anil Kumar Nair', 'أنيل كومار ناير', 'IND', 'cook', '1000005', " DAY("-22 months") ", " DAY("+20 days") ", 'renewal_due', '71200006', '5120', NULL),"
	" ('WP-700007', 'Maria Santos Reyes', 'ماريا سانتوس رييس', 'PHL', 'sales-clerk', '1000001', " DAY("-21 months") ", " DAY("+75 days") ", 'renewal_due', '71200007', '5223', " DAY("-5 days") "),"
	" ('WP-700008', 'Abdul Karim Mia', 'عبد الكريم ميا', 'BGD', 'mason', '1000002', " DAY("-24 months") ", " DAY("-15 days") ", 'active', '71200008', '7112', NULL),"
	" ('WP-700009', 'Mostafa Ismail Abdelaziz', 'مصطفى إسماعيل عبد العزيز', 'EGY', 'cleaner', '1000005', " DAY("-13 months") ", " DAY("+11 months") ", 'absconded', '71200009', '9112', NULL),"
	" ('WP-700010', 'Naveed Akhtar', 'نفيد أختر', 'PAK', 'mason', '1000002', " DAY("-16 months") ", " DAY("+8 months") ", 'absconded', '71200010', '7112', NULL),"
	" ('WP-700011', 'Nuwan Perera', 'نوان بيريرا', 'LKA', 'driver', '1000001', " DAY("-14 months") ", " DAY("+10 months") ", 'active', '71200011', '8322', NULL);",
	/* 1000001's other workers, whose permits its employer renews (no demo cards) */
	"INSERT OR IGNORE INTO workers (permit_no, name_en, name_ar, nationality, profession,"
	" establishment, permit_issued, permit_expires, state, civil_number, isco,"
	" renewal_submitted) VALUES"
	" ('WP-700012', 'Joseph Mathew', 'جوزيف ماثيو', 'IND', 'accountant', '1000001', " DAY("-710 days") ", " DAY("+20 days") ", 'renewal_due', '71200012', '2411', NULL),"
	" ('WP-700013', 'Kamal Uddin', 'كمال الدين', 'BGD', 'packer', '1000001', " DAY("-745 days") ", " DAY("-15 days") ", 'active', '71200013', '9321', NULL),"
	" ('WP-700014', 'Sunil Fernando', 'سونيل فرناندو', 'LKA', 'sales-representative', '1000001', " DAY("-645 days") ", " DAY("+85 days") ", 'renewal_due', '71200014', '3322', NULL);",
	"INSERT OR IGNORE INTO contracts VALUES"
	" ('WP-700001', " DAY("-8 months") ", " DAY("+16 months") ", 325000),"
	" ('WP-700002', " DAY("-23 months") ", " DAY("+40 days") ", 180000),"
	" ('WP-650033', '2023-07-01', date('now', '+4 hours', '-4 months', '-1 day'), 195000),"
	" ('WP-700003', " DAY("-4 months") ", " DAY("+20 months") ", 210000),"
	" ('WP-700004', " DAY("-10 days") ", " DAY("+24 months") ", 280500),"
	" ('WP-700005', '2023-02-01', '2025-01-31', 175000),"
	" ('WP-700006', " DAY("-22 months") ", " DAY("+20 days") ", 240000),"
	" ('WP-700007', " DAY("-21 months") ", " DAY("+75 days") ", 230000),"
	" ('WP-700008', " DAY("-24 months") ", " DAY("-15 days") ", 160000),"
	" ('WP-700009', " DAY("-13 months") ", " DAY("+11 months") ", 120000),"
	" ('WP-700010', " DAY("-16 months") ", " DAY("+8 months") ", 170000),"
	" ('WP-700011', " DAY("-14 months") ", " DAY("+10 months") ", 200000),"
	" ('WP-700012', " DAY("-710 days") ", " DAY("+20 days") ", 450000),"
	" ('WP-700013', " DAY("-745 days") ", " DAY("-15 days") ", 110000),"
	" ('WP-700014', " DAY("-645 days") ", " DAY("+85 days") ", 260000);",
	/* 16-transfer's employer let it go to 1000005 (the transfer the kiosk completes) */
	"INSERT OR IGNORE INTO no_objections VALUES"
	" ('WP-700011', '1000001', '1000005', " DAY("-14 days") ");",
	"INSERT OR IGNORE INTO absence_reports VALUES"
	" ('WP-700009', " DAY("-10 days") ", " DAY("+50 days") "),"
	" ('WP-700010', " DAY("-80 days") ", " DAY("-20 days") ");",
	"INSERT OR IGNORE INTO transfers VALUES"
	" (1, 'WP-600032', '1000003', '1000002', '2023-06-20', 'done'),"
	" (2, 'WP-700011', '1000001', '1000005', " DAY("-12 days") ", 'requested'),"
	" (3, 'WP-700006', '1000005', '1000002', " DAY("-20 days") ", 'approved'),"
	" (4, 'WP-700008', '1000002', '1000001', " DAY("-100 days") ", 'refused');",
	NULL,
};
/* clang-format on */

/* what kiosks pull with GET /v1/refdata (values are JSON) */
static const char refseed[] =
        "INSERT OR IGNORE INTO refdata VALUES"
        " ('objection_reasons', '[{\"id\":\"not-absent\",\"title_en\":\"I was at work\","
        "\"title_ar\":\"كنت في العمل\"},{\"id\":\"sick\",\"title_en\":\"I was ill (medical"
        " report)\",\"title_ar\":\"كنت مريضًا (تقرير طبي)\"},{\"id\":\"unpaid\",\"title_en\":"
        "\"My wages were not paid\",\"title_ar\":\"لم تُدفع أجوري\"},{\"id\":\"dispute\","
        "\"title_en\":\"A labour dispute is open\",\"title_ar\":\"توجد شكوى عمالية مفتوحة\"},"
        "{\"id\":\"other\",\"title_en\":\"Another reason\",\"title_ar\":\"سبب آخر\"}]'),"
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
        /* the first offline policy (visit receipts only) gives way to refdata_seed.c's: a
         * kiosk sees the new version */
        " DELETE FROM refdata WHERE key = 'offline_policy' AND value ="
        " '{\"types\":[\"visit-receipt\"],\"max_age_h\":72,\"max_queue\":500}';"
        " UPDATE refdata_meta SET version = 'rd-2' WHERE version = 'rd-1';"
        "INSERT OR IGNORE INTO refdata_meta VALUES (1, 'rd-2');";

/* refdata_seed.c's values, each checked (JSON, shorter than REFDATA_SEED_MAX) before it goes
 * in; a key already there keeps its value. 0 or KERR_DB. */
static int
store_seed_refdata(struct store *st)
{
	sqlite3_stmt *ins = NULL;
	int rc = KERR_DB;
	if (sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO refdata VALUES (?1, ?2)", -1, &ins,
	                       NULL) != SQLITE_OK)
		goto out;
	for (const struct refdata_seed *r = refdata_seed; r->key; r++) {
		struct kbuf b;
		kbuf_init(&b, REFDATA_SEED_MAX - 1);
		int added = 0;
		for (const char *const *part = r->parts; added == 0 && *part; part++)
			added = kbuf_add(&b, *part, strlen(*part));
		json_t *j = added == 0 ? json_loadb((const char *)b.data, b.len, 0, NULL) : NULL;
		if (!j) {
			klog(KLOG_ERR, "store", "refdata %s: not JSON or %d bytes or more", r->key,
			     REFDATA_SEED_MAX);
			kbuf_free(&b);
			goto out;
		}
		json_decref(j);
		sqlite3_reset(ins);
		sqlite3_bind_text(ins, 1, r->key, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, (const char *)b.data, (int)b.len, SQLITE_TRANSIENT);
		int step = sqlite3_step(ins);
		kbuf_free(&b);
		if (step != SQLITE_DONE)
			goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		klog(KLOG_ERR, "store", "refdata: %s", sqlite3_errmsg(st->db));
	sqlite3_finalize(ins);
	return rc;
}

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

/* PRAGMA user_version: the DATA_VERSION of the seeded tables, 0 for a new database. */
static int
data_version(struct store *st)
{
	sqlite3_stmt *q = NULL;
	int v = -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &q, NULL) == SQLITE_OK &&
	    sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int(q, 0);
	sqlite3_finalize(q);
	return v;
}

/* The tables and their seeds in one transaction (one sync to disk, however many rows). */
static int
store_seed(struct store *st)
{
	char set_version[48];
	if (store_exec(st, "BEGIN IMMEDIATE") < 0)
		return KERR_DB;
	int v = data_version(st);
	snprintf(set_version, sizeof(set_version), "PRAGMA user_version = %d", DATA_VERSION);
	int rc = 0;
	if (v < 0 || (v != DATA_VERSION && store_exec(st, drop_seeded) < 0) ||
	    store_exec(st, schema) < 0 || store_exec(st, registry) < 0 ||
	    store_exec(st, labour) < 0)
		rc = KERR_DB;
	/* statements of their own: C11 compilers need only take 4095-byte literals */
	for (int i = 0; rc == 0 && registry_seed[i]; i++)
		rc = store_exec(st, registry_seed[i]);
	for (int i = 0; rc == 0 && labour_seed[i]; i++)
		rc = store_exec(st, labour_seed[i]);
	if (rc == 0 && (store_exec(st, refseed) < 0 || store_seed_refdata(st) < 0 ||
	                store_exec(st, set_version) < 0 || store_exec(st, "COMMIT") < 0))
		rc = KERR_DB;
	if (rc < 0)
		store_exec(st, "ROLLBACK");
	return rc;
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
	    store_seed(st) < 0)
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

/* What apply() added to the result of the item stored as ref (pay_url, registration_no): kept
 * so that a duplicate answers them too (a kiosk whose first answer was lost still gets them). */
static int
extras_save(struct store *st, const char *ref, json_t *r)
{
	json_t *extra = json_object();
	const char *k;
	json_t *v;
	json_object_foreach(r, k, v)
	{
		if (strcmp(k, "seq") != 0 && strcmp(k, "status") != 0 &&
		    strcmp(k, "reference") != 0)
			json_object_set(extra, k, v);
	}
	int rc = 0;
	if (json_object_size(extra) > 0) {
		char *text = json_dumps(extra, JSON_COMPACT | JSON_SORT_KEYS);
		sqlite3_stmt *ins = NULL;
		rc = KERR_DB;
		if (text && sqlite3_prepare_v2(st->db, "INSERT INTO result_extras VALUES (?1, ?2)",
		                               -1, &ins, NULL) == SQLITE_OK) {
			sqlite3_bind_text(ins, 1, ref, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, text, -1, SQLITE_STATIC);
			rc = sqlite3_step(ins) == SQLITE_DONE ? 0 : KERR_DB;
		}
		sqlite3_finalize(ins);
		free(text);
	}
	json_decref(extra);
	return rc;
}

/* The saved extras of ref into r (nothing when there are none). */
static void
extras_load(struct store *st, const char *ref, json_t *r)
{
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(st->db, "SELECT extra FROM result_extras WHERE reference = ?1", -1,
	                       &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, ref, -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			json_t *extra = json_loads(store_text(q, 0), 0, NULL);
			if (json_is_object(extra))
				json_object_update(r, extra);
			json_decref(extra);
		}
	}
	sqlite3_finalize(q);
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
			if (ref)
				extras_load(st, ref, r);
			(*dups)++;
		} else {
			set_rejected(r, "key reused with different payload");
		}
		rc = 0;
		goto out;
	}
	if (step != SQLITE_DONE)
		goto out;
	const struct effect *e = effect_find(type);
	why = e ? e->problem(st->db, json_object_get(it, "payload"), kiosk_id) : NULL;
	if (why) { /* refused for a reason the ministry states: nothing stored */
		set_rejected(r, why);
		rc = 0;
		goto out;
	}

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
	if (e && (e->apply(st->db, json_object_get(it, "payload"), ref, now, r) < 0 ||
	          extras_save(st, ref, r) < 0))
		goto out;
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

json_t *
store_one(sqlite3 *db, const char *sql, const char *a, const char *b, store_row_fn *make, void *ctx)
{
	sqlite3_stmt *st = NULL;
	json_t *j = NULL;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		klog(KLOG_ERR, "store", "%s", sqlite3_errmsg(db));
		return NULL;
	}
	sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
	int step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		j = make(st, ctx);
	else if (step == SQLITE_DONE)
		j = json_null();
	sqlite3_finalize(st);
	return j;
}

json_t *
store_rows(sqlite3_stmt *st, store_row_fn *make, void *ctx)
{
	json_t *arr = json_array();
	int step;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *j = make(st, ctx);
		if (!j)
			break;
		json_array_append_new(arr, j);
	}
	if (step != SQLITE_DONE) {
		json_decref(arr);
		return NULL;
	}
	return arr;
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

int
store_set_base_url(struct store *st, const char *url)
{
	sqlite3_stmt *q = NULL;
	int rc = KERR_DB;
	pthread_mutex_lock(&st->lock);
	/* a TEMP table: this connection's, never written to the database file */
	if (store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS sim_env (key TEXT PRIMARY KEY,"
	                   " value TEXT NOT NULL)") == 0 &&
	    sqlite3_prepare_v2(st->db,
	                       "INSERT OR REPLACE INTO temp.sim_env VALUES ('base_url', ?1)", -1,
	                       &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, url, -1, SQLITE_STATIC);
		rc = sqlite3_step(q) == SQLITE_DONE ? 0 : KERR_DB;
	}
	sqlite3_finalize(q);
	pthread_mutex_unlock(&st->lock);
	return rc;
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
