/*
 * refdata_seed.h - the reference data values store.c seeds from refdata_seed.c.
 */
#ifndef MINISTRY_SIM_REFDATA_SEED_H
#define MINISTRY_SIM_REFDATA_SEED_H

/* The longest value a key may have: the kiosk reads a key into a 16 KiB buffer. */
#define REFDATA_SEED_MAX 16000

struct refdata_seed {
	const char *key;
	const char *const *parts; /* the value, JSON text: the parts joined, NULL-ended */
};

/* Ended by {NULL, NULL}. */
extern const struct refdata_seed refdata_seed[];

#endif
