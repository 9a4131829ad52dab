/*
 * queue_internal.h - what the files of offline-cache/ share: the connection struct and the one
 * SQLite -> KERR_* mapping. Not for use outside offline-cache/.
 */
#ifndef KIOSK_QUEUE_INTERNAL_H
#define KIOSK_QUEUE_INTERNAL_H

#include <sqlite3.h>

struct queue {
	sqlite3 *db;
	char path[512];
};

/* Logs SQLite's text for what failed and returns the KERR_* for rc (full disk, corruption, busy
 * are told apart). */
int queue_db_err(struct queue *q, int rc, const char *what);

#endif
