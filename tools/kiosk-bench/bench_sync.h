/*
 * bench_sync.h - the outbox and sync figures of kiosk-bench (bench_sync_*.c), called from
 * bench_sync() in bench_sync_drain.c.
 */
#ifndef KIOSK_BENCH_SYNC_H
#define KIOSK_BENCH_SYNC_H

/* Durable enqueue p50/p99 against a bare SQLite insert+commit (WAL, synchronous=FULL). */
void bench_sync_enqueue(const char *dir);

/* Everything: the enqueue figures, then the drain against the simulator next to self (argv[0]).
 */
void bench_sync(const char *dir, const char *self);

#endif
