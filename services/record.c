/*
 * record.c - the one question the services built on the labour record ask (see record.h).
 */
#include "record.h"

#include "answers.h"

static const struct svc_query_arg args[] = {
        {"civil_number", "party.0.civil_number"},
};

const struct svc_query record_query = {
        .path = "/v2/workers/record",
        .args = args,
        .nargs = SVC_N(args),
        .answer = &answer_worker_record_v2,
        .save_as = "record",
        .not_found = "record.not_found",
};
