/*
 * effect_jobseeker.c - "jobseeker-registration": a citizen (party[0]) registers as a job
 * seeker, or updates the registration. Refused when the person is not a citizen
 * (person_roles), the mobile is not 8 ASCII digits starting with 7 or 9, the education or an
 * occupation is not in the reference data (education_levels, occupations), there are not 1 to
 * 3 occupations, or the wilayat is not one of the governorate's (governorates). Applied: the
 * jobseekers row, inserted or updated; the registration number "JS-<year>-<5 digits>" given
 * the first time and kept after; the person gets the role "jobseeker"; the item's result gets
 * "registration_no".
 */
#include "effect.h"
#include "store.h"

#include "../../common/kerr.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define OCCUPATIONS_MAX 3

/* Whether sql (?1, ?2 bound to a and b) gives a row; -1 on a database error. */
static int
exists(sqlite3 *db, const char *sql, const char *a, const char *b)
{
	sqlite3_stmt *q = NULL;
	int found = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, a, -1, SQLITE_STATIC);
		if (b)
			sqlite3_bind_text(q, 2, b, -1, SQLITE_STATIC);
		int step = sqlite3_step(q);
		found = step == SQLITE_ROW ? 1 : step == SQLITE_DONE ? 0 : -1;
	}
	sqlite3_finalize(q);
	return found;
}

/* an id in the reference data list ?2 ("occupations") */
static const char in_list_sql[] = "SELECT 1 FROM refdata r, json_each(r.value) j WHERE"
                                  " r.key = ?2 AND json_extract(j.value, '$.id') = ?1";

static bool
mobile_ok(const char *m)
{
	if (!m || strlen(m) != 8 || (m[0] != '7' && m[0] != '9'))
		return false;
	for (const char *c = m; *c; c++)
		if (*c < '0' || *c > '9')
			return false;
	return true;
}

static const char *
jobseeker_problem(sqlite3 *db, json_t *payload, const char *kiosk_id)
{
	(void)kiosk_id;
	const char *civil = effect_party_civil(payload, 0);
	const char *education = effect_str(payload, "education.id");
	const char *gov = effect_str(payload, "governorate.id");
	const char *wilayat = effect_str(payload, "wilayat.id");
	json_t *occ = json_object_get(payload, "occupations");
	if (!civil)
		return "registration without its person";
	int r = exists(db,
	               "SELECT 1 FROM person_roles WHERE civil_number = ?1 AND role = 'citizen'",
	               civil, NULL);
	if (r < 0)
		return "the record could not be read";
	if (r == 0)
		return "job seeker registration is for citizens";
	if (!mobile_ok(effect_str(payload, "form.mobile")))
		return "the mobile number must be 8 digits starting with 7 or 9";
	if (!json_is_string(effect_get(payload, "form.specialisation")))
		return "registration without its specialisation";
	if (!education || exists(db, in_list_sql, education, "education_levels") != 1)
		return "the education level is not in the ministry's list";
	if (!json_is_array(occ) || json_array_size(occ) < 1 ||
	    json_array_size(occ) > OCCUPATIONS_MAX)
		return "one to three occupations are needed";
	size_t i;
	json_t *o;
	json_array_foreach(occ, i, o)
	{
		const char *id = json_string_value(json_object_get(o, "id"));
		if (!id || exists(db, in_list_sql, id, "occupations") != 1)
			return "an occupation is not in the ministry's list";
	}
	if (!gov || !wilayat ||
	    exists(db,
	           "SELECT 1 FROM refdata r, json_each(r.value) g, json_each(g.value, '$.wilayats')"
	           " w WHERE r.key = 'governorates' AND json_extract(g.value, '$.id') = ?1 AND"
	           " json_extract(w.value, '$.id') = ?2",
	           gov, wilayat) != 1)
		return "the wilayat is not in the governorate";
	return NULL;
}

static int
jobseeker_apply(sqlite3 *db, json_t *payload, const char *ref, const char *now, json_t *result)
{
	json_t *ids = json_array();
	size_t i;
	json_t *o;
	json_t *list = json_object_get(payload, "occupations");
	json_array_foreach(list, i, o)
	{
		json_array_append(ids, json_object_get(o, "id"));
	}
	char *occ = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	const char *args[] = {
	        effect_party_civil(payload, 0),
	        effect_str(payload, "education.id"),
	        effect_str(payload, "form.specialisation"),
	        occ,
	        effect_str(payload, "governorate.id"),
	        effect_str(payload, "wilayat.id"),
	        effect_str(payload, "form.mobile"),
	        now,
	        ref,
	};
	int rc = KERR_DB;
	if (!occ)
		goto out;
	/* the number: this year's registrations so far + 1, five digits */
	if (effect_exec(db,
	                "INSERT INTO jobseekers VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9,"
	                " printf('JS-%s-%05d', strftime('%Y', 'now', '+4 hours'), 1 + (SELECT"
	                " count(*) FROM jobseekers WHERE registration_no LIKE 'JS-' ||"
	                " strftime('%Y', 'now', '+4 hours') || '-%')))"
	                " ON CONFLICT (civil_number) DO UPDATE SET education = ?2,"
	                " specialisation = ?3, occupations = ?4, governorate = ?5, wilayat = ?6,"
	                " mobile = ?7, updated = ?8, reference = ?9",
	                9, args) < 0 ||
	    effect_exec(db, "INSERT OR IGNORE INTO person_roles VALUES (?1, 'jobseeker')", 1,
	                args) < 0)
		goto out;
	sqlite3_stmt *q = NULL;
	if (sqlite3_prepare_v2(db, "SELECT registration_no FROM jobseekers WHERE civil_number = ?1",
	                       -1, &q, NULL) == SQLITE_OK) {
		sqlite3_bind_text(q, 1, args[0], -1, SQLITE_STATIC);
		if (sqlite3_step(q) == SQLITE_ROW) {
			json_object_set_new(result, "registration_no",
			                    json_string(store_text(q, 0)));
			rc = 0;
		}
	}
	sqlite3_finalize(q);
out:
	free(occ);
	return rc;
}

const struct effect effect_jobseeker = {
        .type = "jobseeker-registration",
        .problem = jobseeker_problem,
        .apply = jobseeker_apply,
};
