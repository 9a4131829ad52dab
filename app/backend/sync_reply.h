/*
 * sync_reply.h - the strict parser of the backend's answer to POST /v1/transactions.
 *
 * Kept apart from outbox.c so it can be fuzzed (tests/fuzz/fuzz_reply.c): the reply comes from the
 * network and decides which outbox rows are marked acked, so anything short of a well-formed
 * answer about exactly the items that were sent must mark nothing.
 * Pure function, no I/O, no globals: any thread.
 */
#ifndef KIOSK_SYNC_REPLY_H
#define KIOSK_SYNC_REPLY_H

#include <stddef.h>
#include <stdint.h>

enum sync_item_status {
	SYNC_ITEM_MISSING = 0, /* the reply says nothing about this item: retry it */
	SYNC_ITEM_ACCEPTED,
	SYNC_ITEM_DUPLICATE, /* the server already had it: as good as accepted */
	SYNC_ITEM_REJECTED,
};

struct sync_item_result {
	enum sync_item_status status;
	char ref[64];      /* accepted/duplicate: the server's reference, printable ASCII */
	char reason[128];  /* rejected: the server's reason (control characters replaced) */
	char pay_url[192]; /* accepted/duplicate: where the fee is paid ("https://..."), or ""
	                     (none, or not a link a phone can open safely: ignored) */
	char number[32];   /* accepted/duplicate: a number the ministry gives with it (a job
	                      seeker's "registration_no"), printable ASCII, or "" */
};

/*
 * Parses body (len bytes, need not be NUL-terminated) as {"results":[{"seq":N,"status":
 * "accepted"|"duplicate"|"rejected","reference":"...","reason":"..."}, ...]} where each seq is
 * one of seqs[0..n-1] and appears at most once. out[i] receives the result for seqs[i].
 * Returns 0, or KERR_PROTO for anything else (bad JSON, duplicate keys, unknown status, a seq
 * that was not sent or appears twice, an accepted item without a reference...): then every
 * out[i] is SYNC_ITEM_MISSING, so a garbled reply can never mark an item acked.
 */
int sync_reply_parse(const char *body, size_t len, const int64_t *seqs, int n,
                     struct sync_item_result *out);

#endif
