/*
 * clock/sys.c - the "system" clock backend: CLOCK_REALTIME and CLOCK_MONOTONIC.
 */
#define _POSIX_C_SOURCE 200809L
#include "../clock.h"

#include <time.h>

static int
sys_open(struct clock_dev *dev, const struct kiosk_config *cfg)
{
	(void)dev;
	(void)cfg;
	return 0;
}

static void
sys_close(struct clock_dev *dev)
{
	(void)dev;
}

static int64_t
read_ms(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int64_t
sys_wall_ms(struct clock_dev *dev)
{
	(void)dev;
	return read_ms(CLOCK_REALTIME);
}

static int64_t
sys_mono_ms(struct clock_dev *dev)
{
	(void)dev;
	return read_ms(CLOCK_MONOTONIC);
}

const struct clock_ops clock_system_ops = {
        .name = "system",
        .open = sys_open,
        .close = sys_close,
        .wall_ms = sys_wall_ms,
        .mono_ms = sys_mono_ms,
};
