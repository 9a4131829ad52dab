/*
 * txn.h - the kiosk's reference of a transaction (its payload is app/engine/payload.c, its commit
 * app/ports.c).
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
/* The sequence of ref, a reference of kiosk kiosk_id: 0 and *seq, or KERR_INVAL (not a
 * reference, or its check digit is wrong) or KERR_NOTFOUND (another kiosk's). The kiosk id is
 * matched without regard to case (the on-screen keyboard types lower case). */
int txn_reference_parse(const char *kiosk_id, const char *ref, int64_t *seq);

#endif
