/*
 * kerr.c - text for the error enum in kerr.h. The table is indexed by -code; the static assert
 * below fails the build when a code is added to the enum without a row here.
 */
#include "kerr.h"

#include <stddef.h>

struct kerr_row {
	const char *name;
	const char *text;
};

static const struct kerr_row rows[] = {
        {"ok", "success"},
        {"nomem", "out of memory"},
        {"inval", "invalid argument or input"},
        {"io", "input/output error"},
        {"notsup", "not supported by this backend"},
        {"timeout", "timed out"},
        {"nodev", "device absent or unplugged"},
        {"busy", "device busy"},
        {"nocard", "no card in the reader"},
        {"removed", "card removed during the operation"},
        {"card", "card reported an error"},
        {"badcard", "card answer malformed"},
        {"pin", "wrong PIN"},
        {"blocked", "PIN or card blocked"},
        {"paper", "printer out of paper"},
        {"cover", "printer cover open"},
        {"printer", "printer fault"},
        {"offline", "backend unreachable"},
        {"tls", "TLS or certificate check failed"},
        {"proto", "malformed server reply"},
        {"rejected", "rejected by the server"},
        {"db", "local database error"},
        {"full", "disk or queue full"},
        {"corrupt", "integrity check failed"},
        {"config", "invalid configuration"},
        {"notfound", "not found"},
        {"exists", "already exists"},
        {"toobig", "input too large"},
        {"state", "not allowed in this state"},
        {"internal", "internal error"},
        {"denied", "not allowed for this person"},
        {"expired", "past its retention or validity"},
};

_Static_assert(sizeof(rows) / sizeof(rows[0]) == KERR_COUNT_, "kerr table out of step with enum");

static const struct kerr_row *
row(int err)
{
	if (err > 0 || -err >= KERR_COUNT_)
		return NULL;
	return &rows[-err];
}

const char *
kerr_str(int err)
{
	const struct kerr_row *r = row(err);
	return r ? r->text : "unknown error";
}

const char *
kerr_name(int err)
{
	const struct kerr_row *r = row(err);
	return r ? r->name : "unknown";
}
