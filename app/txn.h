/*
 * txn.h - the kiosk's transactions: building their JSON payloads and committing them to the outbox.
 */
#ifndef KIOSK_TXN_H
#define KIOSK_TXN_H

#include <stddef.h>
#include <stdint.h>

struct kiosk;
struct card_identity;
struct queue_item;

/* Reference printed and shown for a transaction: "<kiosk id>-<seq, 6 digits>-<check digit>",
 * the check digit by the Luhn rule over the sequence digits. */
void txn_reference(const char *kiosk_id, int64_t seq, char *out, size_t size);
/* 0 when ref's check digit agrees with its sequence. */
int txn_reference_check(const char *ref);

/*
 * Commits the "visit receipt" transaction for the identified person to the outbox and fills
 * *out (the caller clears it with queue_item_clear()). Once this returns 0 the transaction is
 * durable; only then may the kiosk show or print anything about it.
 */
int txn_submit_visit(struct kiosk *k, const struct card_identity *id, struct queue_item *out);

#endif
