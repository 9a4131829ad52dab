/*
 * clock/fake.c - the "fake" clock backend: time stands still until clock_advance() moves it.
 * Starts at [clock] fake_start_ms. Thread-safe (atomics).
 */
#include "../clock.h"

#include "../../common/config.h"
#include "../../common/kerr.h"
#include "../../common/xalloc.h"

#include <stdatomic.h>
#include <stdlib.h>

struct fake_clock {
	_Atomic int64_t wall;
	_Atomic int64_t mono;
};

static int
fake_open(struct clock_dev *dev, const struct kiosk_config *cfg)
{
	struct fake_clock *f = xcalloc(1, sizeof(*f));
	atomic_store(&f->wall, cfg ? (int64_t)cfg->clock_fake_start_ms : 0);
	atomic_store(&f->mono, 1000);
	dev->priv = f;
	return 0;
}

static void
fake_close(struct clock_dev *dev)
{
	free(dev->priv);
	dev->priv = NULL;
}

static int64_t
fake_wall_ms(struct clock_dev *dev)
{
	struct fake_clock *f = dev->priv;
	return atomic_load(&f->wall);
}

static int64_t
fake_mono_ms(struct clock_dev *dev)
{
	struct fake_clock *f = dev->priv;
	return atomic_load(&f->mono);
}

static int
fake_advance(struct clock_dev *dev, int64_t ms)
{
	struct fake_clock *f = dev->priv;
	if (ms < 0)
		return KERR_INVAL;
	atomic_fetch_add(&f->wall, ms);
	atomic_fetch_add(&f->mono, ms);
	return 0;
}

const struct clock_ops clock_fake_ops = {
        .name = "fake",
        .open = fake_open,
        .close = fake_close,
        .wall_ms = fake_wall_ms,
        .mono_ms = fake_mono_ms,
        .advance = fake_advance,
};
