/*
 * record.h - what the services built on a worker's labour record share (services/record.c):
 * the one question that reads it (POST /v2/workers/record into the bag's "record") and the
 * lines that show its parts, the same on the screens and on the papers of every service that
 * uses them (svc_worker_record.c, svc_absence_objection.c). Paths are in the bag (or the
 * committed payload, which has its shape).
 */
#ifndef KIOSK_SERVICES_RECORD_H
#define KIOSK_SERVICES_RECORD_H

#include "svc.h"

/* The labour record of the signed-in person (party 0) into "record"; 404: record.not_found. */
extern const struct svc_query record_query;

/* The work permit: number, status, employer and its registration, profession, dates. */
#define PERMIT_LINES                                                                               \
	{"record.permit_no", {"record.permit.number", SVC_FMT_TEXT, NULL}},                        \
	        {"record.status", {"record.permit.status", SVC_FMT_ENUM, "permit.status"}},        \
	        {"record.employer", {"record.permit.employer.name", SVC_FMT_LANG, NULL}},          \
	        {"record.employer_cr", {"record.permit.employer.cr_number", SVC_FMT_TEXT, NULL}},  \
	        {"record.profession", {"record.permit.profession.title", SVC_FMT_LANG, NULL}},     \
	        {"record.isco", {"record.permit.profession.isco", SVC_FMT_TEXT, NULL}},            \
	        {"record.issued", {"record.permit.issued", SVC_FMT_DATE, NULL}},                   \
	{                                                                                          \
		"record.expires",                                                                  \
		{                                                                                  \
			"record.permit.expires", SVC_FMT_DATE, NULL                                \
		}                                                                                  \
	}

/* Border movements ("not recorded" when none), renewal, a transfer in progress. */
#define MOVEMENT_LINES                                                                             \
	{"record.arrival", {"record.arrival.date", SVC_FMT_DATE, NULL}, "record.not_recorded"},    \
	        {"record.arrival_port", {"record.arrival.port", SVC_FMT_LANG, NULL}},              \
	        {"record.departure",                                                               \
	         {"record.departure.date", SVC_FMT_DATE, NULL},                                    \
	         "record.not_recorded"},                                                           \
	        {"record.departure_port", {"record.departure.port", SVC_FMT_LANG, NULL}},          \
	        {"record.renewal", {"record.renewal", SVC_FMT_ENUM, "renewal.status"}},            \
	        {"record.transfer", {"record.transfer.state", SVC_FMT_ENUM, "transfer.state"}},    \
	{                                                                                          \
		"record.transfer_to",                                                              \
		{                                                                                  \
			"record.transfer.to.name", SVC_FMT_LANG, NULL                              \
		}                                                                                  \
	}

/* The contract: start, end, basic wage. */
#define CONTRACT_LINES                                                                             \
	{"record.contract_start", {"record.contract.start", SVC_FMT_DATE, NULL}},                  \
	        {"record.contract_end", {"record.contract.end", SVC_FMT_DATE, NULL}},              \
	{                                                                                          \
		"record.wage",                                                                     \
		{                                                                                  \
			"record.contract.wage_baisa", SVC_FMT_AMOUNT, NULL                         \
		}                                                                                  \
	}

/* An absence report: reported on, the objection deadline, the days left to it. */
#define ABSENCE_LINES                                                                              \
	{"record.absence_reported", {"record.absence.reported", SVC_FMT_DATE, NULL}},              \
	        {"record.objection_deadline",                                                      \
	         {"record.absence.objection_deadline", SVC_FMT_DATE, NULL}},                       \
	{                                                                                          \
		"record.objection_left",                                                           \
		{                                                                                  \
			"record.absence.objection_deadline", SVC_FMT_DAYS_LEFT,                    \
			        "absence.days_left"                                                \
		}                                                                                  \
	}

#endif
