/*
 * card.h - the card reader device class (PC/SC or simulated).
 *
 * A card_dev is used by one thread at a time: the card worker in app/ owns it. Backends:
 * "pcsc" (card/pcsc.c, pcsclite) and "sim" (card/sim.c: demo card images answered in process).
 * APDU bytes are never logged.
 */
#ifndef KIOSK_CARD_H
#define KIOSK_CARD_H

#include <stddef.h>
#include <stdint.h>

struct kiosk_config;
struct card_dev;

enum card_event {
	CARD_EV_NONE = 0,     /* wait timed out, nothing changed */
	CARD_EV_INSERTED,     /* a card is present (call card_connect next) */
	CARD_EV_REMOVED,      /* the card left the reader */
	CARD_EV_READER_ADDED, /* a reader appeared */
	CARD_EV_READER_GONE,  /* the reader we used disappeared */
};

#define CARD_ATR_MAX  33
#define CARD_APDU_MAX 261 /* short C-APDU: 4 header + 1 Lc + 255 data + 1 Le */
#define CARD_RESP_MAX 258 /* short R-APDU: 256 data + SW1 SW2 */

struct card_ops {
	const char *name;
	int (*open)(struct card_dev *dev, const struct kiosk_config *cfg);
	void (*close)(struct card_dev *dev); /* accepts a half-open dev */
	/* Blocks up to timeout_ms for a change; *out = CARD_EV_NONE on timeout (returns 0). */
	int (*wait)(struct card_dev *dev, int timeout_ms, enum card_event *out);
	/* Powers the present card and returns its ATR. */
	int (*connect)(struct card_dev *dev, uint8_t *atr, size_t *atr_len);
	void (*disconnect)(struct card_dev *dev);
	/* Sends one APDU, returns the raw answer (data + SW1 SW2) in resp, *rlen in/out. */
	int (*transmit)(struct card_dev *dev, const uint8_t *apdu, size_t n, uint8_t *resp,
	                size_t *rlen);
	/* Optional: simulator control ("insert NAME", "remove", "fail_after N"). */
	int (*control)(struct card_dev *dev, const char *cmd);
	/* Optional: wakes a thread blocked in wait() (used at shutdown). */
	void (*cancel)(struct card_dev *dev);
};

struct card_dev {
	const struct card_ops *ops;
	void *priv;
};

/* Wrappers: the one place for argument checks; a NULL optional op gives KERR_NOTSUP. */
int card_open(struct card_dev *dev, const struct kiosk_config *cfg); /* by cfg->card_backend */
void card_close(struct card_dev *dev);
int card_wait(struct card_dev *dev, int timeout_ms, enum card_event *out);
int card_connect(struct card_dev *dev, uint8_t *atr, size_t *atr_len);
void card_disconnect(struct card_dev *dev);
int card_transmit(struct card_dev *dev, const uint8_t *apdu, size_t n, uint8_t *resp, size_t *rlen);
int card_control(struct card_dev *dev, const char *cmd);
void card_cancel(struct card_dev *dev);

extern const struct card_ops card_pcsc_ops;
extern const struct card_ops card_sim_ops;

#endif
