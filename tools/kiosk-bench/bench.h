/*
 * bench.h - what the parts of kiosk-bench share. Each area has its own file (bench_<area>.c) with
 * one entry point called from main.c; every figure is printed with bench_line() next to a
 * baseline measured in the same run.
 */
#ifndef KIOSK_BENCH_H
#define KIOSK_BENCH_H

struct kiosk_config;
struct clock_dev;
struct i18n;

extern struct clock_dev bench_clock; /* the system clock, open for the whole run */
extern struct i18n *bench_i18n;      /* the kiosk's texts (build/locale), open for the whole run */

/* Monotonic time in microseconds, for measurement only (not business time). */
double bench_now_us(void);
/* One figure: "what  us  baseline base  us  ratio". */
void bench_line(const char *what, double us, const char *base, double base_us);

void bench_identity(const struct kiosk_config *cfg);
void bench_card_apdus(const struct kiosk_config *cfg); /* bench_card_apdus.c */
void bench_outbox(const char *dir);
void bench_receipt(const struct kiosk_config *cfg);
void bench_receipt_wire(const struct kiosk_config *cfg);
void bench_frame(struct kiosk_config *cfg);
void bench_ui_screens(struct kiosk_config *cfg, const char *dir); /* bench_ui_screens.c */
void bench_sync(const char *dir, const char *self); /* bench_sync_*.c: outbox and sync */

#endif
