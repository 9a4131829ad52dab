/*
 * clock.h - the clock device class. Nothing in the kiosk calls time() or clock_gettime() for
 * business time except a clock backend; tests pick "fake" and move time by hand.
 * Backends: "system" (clock/sys.c), "fake" (clock/fake.c). Thread-safe.
 */
#ifndef KIOSK_CLOCK_H
#define KIOSK_CLOCK_H

#include <stdint.h>

struct kiosk_config;
struct clock_dev;

struct clock_ops {
	const char *name;
	int (*open)(struct clock_dev *dev, const struct kiosk_config *cfg);
	void (*close)(struct clock_dev *dev);      /* accepts a half-open dev */
	int64_t (*wall_ms)(struct clock_dev *dev); /* ms since 1970-01-01 UTC */
	int64_t (*mono_ms)(
	        struct clock_dev *dev); /* ms since an arbitrary start; never goes back */
	/* Optional (fake only): move both clocks forward by ms. NULL -> KERR_NOTSUP. */
	int (*advance)(struct clock_dev *dev, int64_t ms);
};

struct clock_dev {
	const struct clock_ops *ops;
	void *priv;
};

/* Opens the backend named in cfg->clock_backend. On failure dev is left closed. */
int clock_open(struct clock_dev *dev, const struct kiosk_config *cfg);
int clock_open_named(struct clock_dev *dev, const char *name, const struct kiosk_config *cfg);
void clock_close(struct clock_dev *dev);
int64_t clock_wall_ms(struct clock_dev *dev);
int64_t clock_mono_ms(struct clock_dev *dev);
int clock_advance(struct clock_dev *dev, int64_t ms);

/* Formats wall ms as "YYYY-MM-DDTHH:MM:SS+04:00" (Oman time, no DST) into out (>= 26 bytes). */
void clock_format_oman(int64_t wall_ms, char *out, unsigned long size);

extern const struct clock_ops clock_system_ops;
extern const struct clock_ops clock_fake_ops;

#endif
