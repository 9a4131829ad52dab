/*
 * svc_jobseeker_registration.c - "Register as a job seeker" (issue 12, part 3): a citizen gives
 * their education level, their specialisation in their own words, one to three occupations
 * they are looking for (found by typing part of the name, in Arabic or English), where they
 * live (governorate, then one of its wilayats) and a mobile number; checks it all and
 * registers. A job seeker already registered comes the same way to update it (the ministry
 * keeps the registration number). Every list is the ministry's reference data
 * (education_levels, occupations, governorates with their wilayats), so the service works
 * offline: the registration queues and the certificate says QUEUED. The ministry checks the
 * ids and the mobile again (the simulator: tools/ministry-sim/effect_jobseeker.c).
 *
 *   education -> specialisation -> find (typed) -> occupations (1..3, "search again")
 *       -> governorate -> wilayat -> mobile -> check -> commit -> print -> result
 */
#include "svc.h"

static const struct svc_list education = {
        .items = "education_levels",
        .primary = {"title", SVC_FMT_LANG, NULL},
        .save_as = "education",
        .empty = "jobseeker.no_refdata",
        .page_rows = 4,
        .refdata = "education_levels",
};

static const struct svc_field specialisation[] = {
        {"specialisation", "jobseeker.specialisation_label", "jobseeker.specialisation_hint",
         SVC_VAL_TEXT, 2, 80, false},
};

static const struct svc_field find[] = {
        {"occupation_search", "jobseeker.find_label", "jobseeker.find_hint", SVC_VAL_TEXT, 2, 40,
         false},
};

static const struct svc_list occupations = {
        .items = "occupation_list",
        .primary = {"title", SVC_FMT_LANG, NULL},
        .save_as = "occupations",
        .empty = "jobseeker.no_match",
        .refdata = "occupations",
        .match = "form.occupation_search",
        .multi = true,
        .max_chosen = 3,
        .none = "jobseeker.none_chosen",
};

static const struct svc_list governorates = {
        .items = "governorates",
        .primary = {"title", SVC_FMT_LANG, NULL},
        .save_as = "governorate",
        .empty = "jobseeker.no_refdata",
        .page_rows = 6,
        .refdata = "governorates",
};

static const struct svc_list wilayats = {
        .items = "governorate.wilayats",
        .primary = {"title", SVC_FMT_LANG, NULL},
        .save_as = "wilayat",
        .empty = "jobseeker.no_refdata",
        .page_rows = 6,
};

static const struct svc_field mobile[] = {
        {"mobile", "jobseeker.mobile_label", "jobseeker.mobile_hint", SVC_VAL_PHONE, 8, 8, true},
};

static const struct svc_arg wilayat_args[] = {
        {"governorate", {"governorate.title", SVC_FMT_LANG, NULL}},
};

static const struct svc_link search_again = {"jobseeker.search_again", "find", NULL};

static const struct svc_line check_lines[] = {
        {"jobseeker.education", {"education.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.specialisation", {"form.specialisation", SVC_FMT_TEXT, NULL}},
        {"jobseeker.occupation", {"occupations.0.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.occupation", {"occupations.1.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.occupation", {"occupations.2.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.governorate", {"governorate.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.wilayat", {"wilayat.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.mobile", {"form.mobile", SVC_FMT_TEXT, NULL}},
};

static const struct svc_step steps[] = {
        {.id = "education",
         .kind = SVC_STEP_LIST,
         .title = "jobseeker.education_title",
         .body = {"jobseeker.education_body", NULL, 0},
         .list = &education},
        {.id = "specialisation",
         .kind = SVC_STEP_FORM,
         .fields = specialisation,
         .nfields = SVC_N(specialisation)},
        {.id = "find", .kind = SVC_STEP_FORM, .fields = find, .nfields = SVC_N(find)},
        {.id = "occupations",
         .kind = SVC_STEP_LIST,
         .title = "jobseeker.occupations_title",
         .body = {"jobseeker.occupations_body", NULL, 0},
         .next_label = "jobseeker.to_place",
         .list = &occupations,
         .link = &search_again},
        {.id = "governorate",
         .kind = SVC_STEP_LIST,
         .title = "jobseeker.governorate_title",
         .body = {"jobseeker.governorate_body", NULL, 0},
         .list = &governorates},
        {.id = "wilayat",
         .kind = SVC_STEP_LIST,
         .title = "jobseeker.wilayat_title",
         .body = {"jobseeker.wilayat_body", wilayat_args, SVC_N(wilayat_args)},
         .list = &wilayats},
        {.id = "mobile", .kind = SVC_STEP_FORM, .fields = mobile, .nfields = SVC_N(mobile)},
        {.id = "check",
         .kind = SVC_STEP_INFO,
         .title = "jobseeker.check_title",
         .body = {"jobseeker.check_body", NULL, 0},
         .next_label = "jobseeker.submit",
         .lines = check_lines,
         .nlines = SVC_N(check_lines)},
        {.id = "commit", .kind = SVC_STEP_COMMIT},
        {.id = "print", .kind = SVC_STEP_PRINT},
        {.id = "result", .kind = SVC_STEP_RESULT},
};

static const struct svc_line receipt_lines[] = {
        SVC_PARTY_LINES,
        {"jobseeker.education", {"education.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.specialisation", {"form.specialisation", SVC_FMT_TEXT, NULL}},
        {"jobseeker.occupation", {"occupations.0.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.occupation", {"occupations.1.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.occupation", {"occupations.2.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.governorate", {"governorate.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.wilayat", {"wilayat.title", SVC_FMT_LANG, NULL}},
        {"jobseeker.mobile", {"form.mobile", SVC_FMT_MASKED, NULL}},
};

static const struct svc_receipt receipt = {
        .title = "jobseeker.receipt_title",
        .lines = receipt_lines,
        .nlines = SVC_N(receipt_lines),
        .number_label = "jobseeker.registration_no",
};

/* the choices (their ids are what the ministry checks; the titles print on the certificate);
 * the typed answers are in "form". The governorate goes without its list of wilayats. */
static const char *const commit_keys[] = {"education",
                                          "occupations",
                                          "governorate.id",
                                          "governorate.title_ar",
                                          "governorate.title_en",
                                          "wilayat",
                                          NULL};

const struct svc_def svc_jobseeker_registration = {
        .id = "jobseeker-registration",
        .title = "jobseeker.service",
        .summary = "jobseeker.summary",
        .needs = SVC_NEED_CARD | SVC_NEED_PIN | SVC_NEED_PRINTER,
        .roles = SVC_ROLE_CITIZEN | SVC_ROLE_JOBSEEKER,
        .order = 30,
        .offline_ok = true, /* every list is reference data: the registration queues */
        .steps = steps,
        .nsteps = SVC_N(steps),
        .commit = commit_keys,
        .receipt = &receipt,
};
