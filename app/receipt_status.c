/*
 * receipt_status.c - the names of a receipt's status (see receipt.h): the word its texts are
 * keyed by ("receipt.status.<name>", "result.body.<name>") and its letter in the signed QR. One
 * table, so the paper, the screen and the QR cannot disagree on what a status is called.
 */
#include "receipt.h"

static const struct {
	const char *name;
	char code;
} names[] = {
        [RECEIPT_SUBMITTED] = {"submitted", 'S'}, [RECEIPT_QUEUED] = {"queued", 'Q'},
        [RECEIPT_FAILED] = {"failed", 'F'},       [RECEIPT_REJECTED] = {"rejected", 'R'},
        [RECEIPT_ACCEPTED] = {"accepted", 'A'},
};

static bool
known(enum receipt_status st)
{
	return (unsigned)st < sizeof(names) / sizeof(names[0]);
}

const char *
receipt_status_name(enum receipt_status st)
{
	return known(st) ? names[st].name : "";
}

char
receipt_status_code(enum receipt_status st)
{
	return known(st) ? names[st].code : 'X'; /* X: a status outside the enum (corrupt) */
}
