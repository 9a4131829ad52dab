/*
 * kerr.h - the project's one error enum.
 *
 * Every action returns int: 0 on success, a negative KERR_* on failure. Library codes (SCARD_*,
 * CURLcode, LIBUSB_ERROR_*, SQLITE_*) are mapped to these once, at the boundary that calls the
 * library, and the library's own text is logged there and only there.
 */
#ifndef KIOSK_KERR_H
#define KIOSK_KERR_H

enum kerr {
	KERR_OK = 0,
	KERR_NOMEM = -1,     /* allocation failed (normally fatal: see xalloc.h) */
	KERR_INVAL = -2,     /* bad argument or malformed input */
	KERR_IO = -3,        /* read/write failed */
	KERR_NOTSUP = -4,    /* optional operation not provided by this backend */
	KERR_TIMEOUT = -5,   /* the operation did not finish in time */
	KERR_NODEV = -6,     /* the device is absent or was unplugged */
	KERR_BUSY = -7,      /* the device or resource is in use */
	KERR_NOCARD = -8,    /* no card in the reader */
	KERR_REMOVED = -9,   /* the card was removed or reset during the operation */
	KERR_CARD = -10,     /* the card answered with an error status word */
	KERR_BADCARD = -11,  /* the card's answer is malformed or not what the profile says */
	KERR_PIN = -12,      /* wrong PIN */
	KERR_BLOCKED = -13,  /* PIN or card blocked */
	KERR_PAPER = -14,    /* printer out of paper */
	KERR_COVER = -15,    /* printer cover open */
	KERR_PRINTER = -16,  /* other printer fault */
	KERR_OFFLINE = -17,  /* backend unreachable */
	KERR_TLS = -18,      /* TLS handshake, certificate or pin check failed */
	KERR_PROTO = -19,    /* server reply malformed or unexpected */
	KERR_REJECTED = -20, /* server refused the request for a stated reason */
	KERR_DB = -21,       /* local database error */
	KERR_FULL = -22,     /* disk or queue full */
	KERR_CORRUPT = -23,  /* stored data failed an integrity check */
	KERR_CONFIG = -24,   /* configuration invalid */
	KERR_NOTFOUND = -25, /* no such item */
	KERR_EXISTS = -26,   /* item already exists */
	KERR_TOOBIG = -27,   /* input exceeds a fixed cap */
	KERR_STATE = -28,    /* operation not valid in the current state */
	KERR_INTERNAL = -29, /* a bug: should not happen */
	KERR_DENIED = -30,   /* not allowed for this person (another person's item) */
	KERR_EXPIRED = -31,  /* past its retention or validity */
	KERR_COUNT_ = 32     /* number of codes, for the table in kerr.c */
};

/* Short English text for a code (never NULL; static storage). Unknown codes give "unknown error".
 */
const char *kerr_str(int err);

/* Stable lower-case identifier ("nocard", "paper") for logs, JSON and the technician screen. */
const char *kerr_name(int err);

#endif
