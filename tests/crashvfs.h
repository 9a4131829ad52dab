/*
 * crashvfs.h - a test SQLite VFS that simulates power loss and disk faults; a shim over the
 * default (unix) VFS. Header-only, like tap.h; only tests include it.
 *
 * Writes and truncations go through to the real file at once (so reads see them, as from the
 * page cache), and each is recorded with its pre-image until the file is synced: that is the
 * "unsynced" set. xSync marks a file's set durable (without calling fsync: durability is what
 * this layer models, and the tests stay fast). Faults:
 *  - crash_at = N: the Nth mutating call (write, truncate, sync, delete) and every one after it
 *    fail with an I/O error and do nothing: the machine has lost power. Then crashvfs_resolve()
 *    (after the connection is closed) rolls every file back to its last synced image and
 *    re-applies each unsynced change at random: kept, dropped, or (writes) torn at 512-byte
 *    sector grain, in the order they were made. That is what a disk without a barrier may leave.
 *  - full_after = N: writes that would grow the files past N more bytes fail with SQLITE_FULL.
 *  - ioerr_at = N: the Nth mutating call fails with an I/O error, later ones work (transient).
 * The -shm file is SQLite's shared memory, not durable: resolve deletes it (a real crash leaves
 * it stale and SQLite rebuilds it the same way).
 */
#ifndef KIOSK_TEST_CRASHVFS_H
#define KIOSK_TEST_CRASHVFS_H

#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CRASHVFS_NAME    "crashvfs"
#define CRASHVFS_FILES   8
#define CRASHVFS_SECTOR  512
#define CRASHVFS_OPS_MAX 4096

enum crashvfs_op_kind { CRASHVFS_WRITE, CRASHVFS_TRUNC };

struct crashvfs_op {
	enum crashvfs_op_kind kind;
	int64_t off;      /* write offset, or the new size for a truncation */
	int64_t len;      /* write length */
	int64_t old_size; /* file size before the change */
	unsigned char *new_data;
	unsigned char *old_data; /* pre-image of [off, min(off+len, old_size)) or of the cut tail */
	int64_t old_len;
};

struct crashvfs_track {
	char path[512];
	int nops;
	struct crashvfs_op ops[CRASHVFS_OPS_MAX];
};

struct crashvfs_state {
	sqlite3_vfs vfs;
	sqlite3_vfs *base;
	uint64_t rng;
	int64_t mut_calls; /* mutating calls seen since the last arm */
	int64_t crash_at, ioerr_at, full_after;
	int64_t grown;               /* bytes the files grew since armed (for full_after) */
	int crashed;                 /* power is off */
	int64_t faults;              /* calls refused by a fault */
	int64_t kept, dropped, torn; /* what resolve did, summed */
	struct crashvfs_track files[CRASHVFS_FILES];
};

static struct crashvfs_state crashvfs;

struct crashvfs_file {
	sqlite3_file base;
	struct crashvfs_track *t; /* NULL: not tracked (temp files) */
	sqlite3_file *real;       /* follows this struct in the same allocation */
};

static uint64_t
crashvfs_rand(void)
{
	uint64_t z = (crashvfs.rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Counts a mutating call; returns the SQLite error to give instead, or SQLITE_OK. */
static int
crashvfs_gate(int ioerr)
{
	if (crashvfs.crashed) {
		crashvfs.faults++;
		return ioerr;
	}
	crashvfs.mut_calls++;
	if (crashvfs.crash_at > 0 && crashvfs.mut_calls >= crashvfs.crash_at) {
		crashvfs.crashed = 1;
		crashvfs.faults++;
		return ioerr;
	}
	if (crashvfs.ioerr_at > 0 && crashvfs.mut_calls == crashvfs.ioerr_at) {
		crashvfs.faults++;
		return ioerr;
	}
	return SQLITE_OK;
}

static struct crashvfs_track *
crashvfs_track_for(const char *path, int create)
{
	struct crashvfs_track *free_slot = NULL;
	for (int i = 0; i < CRASHVFS_FILES; i++) {
		struct crashvfs_track *t = &crashvfs.files[i];
		if (t->path[0] && strcmp(t->path, path) == 0)
			return t;
		if (!t->path[0] && !free_slot)
			free_slot = t;
	}
	if (!create || !free_slot)
		return NULL;
	snprintf(free_slot->path, sizeof(free_slot->path), "%s", path);
	free_slot->nops = 0;
	return free_slot;
}

static void
crashvfs_op_free(struct crashvfs_op *op)
{
	free(op->new_data);
	free(op->old_data);
	memset(op, 0, sizeof(*op));
}

static void
crashvfs_track_clear(struct crashvfs_track *t)
{
	for (int i = 0; i < t->nops; i++)
		crashvfs_op_free(&t->ops[i]);
	t->nops = 0;
}

static int
crashvfs_close(sqlite3_file *f)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	int rc = cf->real->pMethods ? cf->real->pMethods->xClose(cf->real) : SQLITE_OK;
	return rc;
}

static int
crashvfs_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xRead(cf->real, buf, amt, off);
}

static int
crashvfs_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	sqlite3_int64 size = 0;
	int rc;
	if (!cf->t)
		return cf->real->pMethods->xWrite(cf->real, buf, amt, off);
	if ((rc = crashvfs_gate(SQLITE_IOERR_WRITE)) != SQLITE_OK)
		return rc;
	if ((rc = cf->real->pMethods->xFileSize(cf->real, &size)) != SQLITE_OK)
		return rc;
	if (crashvfs.full_after > 0 && off + amt > size) {
		if (crashvfs.grown + (off + amt - size) > crashvfs.full_after) {
			crashvfs.faults++;
			return SQLITE_FULL;
		}
		crashvfs.grown += off + amt - size;
	}
	if (cf->t->nops >= CRASHVFS_OPS_MAX)
		return SQLITE_IOERR_WRITE; /* the test's limit, never reached by the tests */
	struct crashvfs_op *op = &cf->t->ops[cf->t->nops];
	memset(op, 0, sizeof(*op));
	op->kind = CRASHVFS_WRITE;
	op->off = off;
	op->len = amt;
	op->old_size = size;
	op->new_data = malloc((size_t)amt);
	memcpy(op->new_data, buf, (size_t)amt);
	op->old_len = off < size ? (size - off < amt ? size - off : amt) : 0;
	if (op->old_len > 0) {
		op->old_data = malloc((size_t)op->old_len);
		rc = cf->real->pMethods->xRead(cf->real, op->old_data, (int)op->old_len, off);
		if (rc != SQLITE_OK) {
			crashvfs_op_free(op);
			return rc;
		}
	}
	rc = cf->real->pMethods->xWrite(cf->real, buf, amt, off);
	if (rc != SQLITE_OK) {
		crashvfs_op_free(op);
		return rc;
	}
	cf->t->nops++;
	return SQLITE_OK;
}

static int
crashvfs_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	sqlite3_int64 old = 0;
	int rc;
	if (!cf->t)
		return cf->real->pMethods->xTruncate(cf->real, size);
	if ((rc = crashvfs_gate(SQLITE_IOERR_TRUNCATE)) != SQLITE_OK)
		return rc;
	if ((rc = cf->real->pMethods->xFileSize(cf->real, &old)) != SQLITE_OK)
		return rc;
	if (cf->t->nops >= CRASHVFS_OPS_MAX)
		return SQLITE_IOERR_TRUNCATE;
	struct crashvfs_op *op = &cf->t->ops[cf->t->nops];
	memset(op, 0, sizeof(*op));
	op->kind = CRASHVFS_TRUNC;
	op->off = size;
	op->old_size = old;
	if (old > size) {
		op->old_len = old - size;
		op->old_data = malloc((size_t)op->old_len);
		rc = cf->real->pMethods->xRead(cf->real, op->old_data, (int)op->old_len, size);
		if (rc != SQLITE_OK) {
			crashvfs_op_free(op);
			return rc;
		}
	}
	rc = cf->real->pMethods->xTruncate(cf->real, size);
	if (rc != SQLITE_OK) {
		crashvfs_op_free(op);
		return rc;
	}
	cf->t->nops++;
	return SQLITE_OK;
}

static int
crashvfs_sync(sqlite3_file *f, int flags)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	(void)flags;
	if (!cf->t)
		return SQLITE_OK;
	int rc = crashvfs_gate(SQLITE_IOERR_FSYNC);
	if (rc != SQLITE_OK)
		return rc;
	crashvfs_track_clear(cf->t); /* everything written so far is now on the platter */
	return SQLITE_OK;
}

static int
crashvfs_file_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xFileSize(cf->real, size);
}

static int
crashvfs_lock(sqlite3_file *f, int l)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xLock(cf->real, l);
}

static int
crashvfs_unlock(sqlite3_file *f, int l)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xUnlock(cf->real, l);
}

static int
crashvfs_check_lock(sqlite3_file *f, int *out)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xCheckReservedLock(cf->real, out);
}

static int
crashvfs_fcntl(sqlite3_file *f, int op, void *arg)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xFileControl(cf->real, op, arg);
}

static int
crashvfs_sector(sqlite3_file *f)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xSectorSize(cf->real);
}

static int
crashvfs_devchar(sqlite3_file *f)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xDeviceCharacteristics(cf->real);
}

static int
crashvfs_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **pp)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xShmMap(cf->real, pg, sz, extend, pp);
}

static int
crashvfs_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xShmLock(cf->real, off, n, flags);
}

static void
crashvfs_shm_barrier(sqlite3_file *f)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	cf->real->pMethods->xShmBarrier(cf->real);
}

static int
crashvfs_shm_unmap(sqlite3_file *f, int del)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	return cf->real->pMethods->xShmUnmap(cf->real, del);
}

static const sqlite3_io_methods crashvfs_io = {
        .iVersion = 2,
        .xClose = crashvfs_close,
        .xRead = crashvfs_read,
        .xWrite = crashvfs_write,
        .xTruncate = crashvfs_truncate,
        .xSync = crashvfs_sync,
        .xFileSize = crashvfs_file_size,
        .xLock = crashvfs_lock,
        .xUnlock = crashvfs_unlock,
        .xCheckReservedLock = crashvfs_check_lock,
        .xFileControl = crashvfs_fcntl,
        .xSectorSize = crashvfs_sector,
        .xDeviceCharacteristics = crashvfs_devchar,
        .xShmMap = crashvfs_shm_map,
        .xShmLock = crashvfs_shm_lock,
        .xShmBarrier = crashvfs_shm_barrier,
        .xShmUnmap = crashvfs_shm_unmap,
};

static int
crashvfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
	struct crashvfs_file *cf = (struct crashvfs_file *)f;
	(void)vfs;
	memset(cf, 0, sizeof(*cf));
	cf->real = (sqlite3_file *)(cf + 1);
	int rc = crashvfs.base->xOpen(crashvfs.base, name, cf->real, flags, out_flags);
	if (rc != SQLITE_OK) {
		cf->real->pMethods = NULL;
		return rc;
	}
	if (name && (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)))
		cf->t = crashvfs_track_for(name, 1);
	cf->base.pMethods = &crashvfs_io;
	return SQLITE_OK;
}

static int
crashvfs_delete(sqlite3_vfs *vfs, const char *name, int dir_sync)
{
	(void)vfs;
	int rc = crashvfs_gate(SQLITE_IOERR_DELETE);
	if (rc != SQLITE_OK)
		return rc;
	struct crashvfs_track *t = crashvfs_track_for(name, 0);
	if (t) { /* an unlink is taken as durable (SQLite syncs the folder when it matters) */
		crashvfs_track_clear(t);
		t->path[0] = '\0';
	}
	return crashvfs.base->xDelete(crashvfs.base, name, dir_sync);
}

static int
crashvfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return crashvfs.base->xAccess(crashvfs.base, name, flags, out);
}

static int
crashvfs_full_path(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return crashvfs.base->xFullPathname(crashvfs.base, name, n, out);
}

static int
crashvfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return crashvfs.base->xRandomness(crashvfs.base, n, out);
}

static int
crashvfs_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return crashvfs.base->xSleep(crashvfs.base, us);
}

static int
crashvfs_current_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return crashvfs.base->xCurrentTime(crashvfs.base, out);
}

static int
crashvfs_last_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return crashvfs.base->xGetLastError(crashvfs.base, n, out);
}

/* Registers the VFS (not as the default). seed makes every run repeatable. */
static int
crashvfs_register(uint64_t seed)
{
	crashvfs.base = sqlite3_vfs_find(NULL);
	if (!crashvfs.base)
		return SQLITE_ERROR;
	crashvfs.rng = seed;
	crashvfs.vfs.iVersion = 1;
	crashvfs.vfs.szOsFile = (int)sizeof(struct crashvfs_file) + crashvfs.base->szOsFile;
	crashvfs.vfs.mxPathname = crashvfs.base->mxPathname;
	crashvfs.vfs.zName = CRASHVFS_NAME;
	crashvfs.vfs.xOpen = crashvfs_open;
	crashvfs.vfs.xDelete = crashvfs_delete;
	crashvfs.vfs.xAccess = crashvfs_access;
	crashvfs.vfs.xFullPathname = crashvfs_full_path;
	crashvfs.vfs.xRandomness = crashvfs_randomness;
	crashvfs.vfs.xSleep = crashvfs_sleep;
	crashvfs.vfs.xCurrentTime = crashvfs_current_time;
	crashvfs.vfs.xGetLastError = crashvfs_last_error;
	return sqlite3_vfs_register(&crashvfs.vfs, 0);
}

/* Arms the faults for the next run (0 = off) and forgets what the last one counted. */
static void
crashvfs_arm(int64_t crash_at, int64_t ioerr_at, int64_t full_after)
{
	crashvfs.mut_calls = 0;
	crashvfs.crash_at = crash_at;
	crashvfs.ioerr_at = ioerr_at;
	crashvfs.full_after = full_after;
	crashvfs.grown = 0;
	crashvfs.crashed = 0;
}

static int
crashvfs_pwrite_all(int fd, const unsigned char *p, int64_t len, int64_t off)
{
	while (len > 0) {
		ssize_t w = pwrite(fd, p, (size_t)len, (off_t)off);
		if (w <= 0)
			return -1;
		p += w;
		len -= w;
		off += w;
	}
	return 0;
}

/*
 * The power comes back: every tracked file is rolled back to its last synced image, then its
 * unsynced changes are re-applied in order, each kept, dropped or (a write of more than one
 * sector) torn, by the percentages given. Call with every connection closed. Returns 0, or -1
 * when a file could not be repaired (a test bug).
 */
static int
crashvfs_resolve(int keep_pct, int tear_pct)
{
	int rc = 0;
	for (int i = 0; i < CRASHVFS_FILES; i++) {
		struct crashvfs_track *t = &crashvfs.files[i];
		if (!t->path[0])
			continue;
		int fd = open(t->path, O_RDWR);
		if (fd < 0) {
			crashvfs_track_clear(t);
			t->path[0] = '\0';
			continue;
		}
		for (int k = t->nops - 1; k >= 0; k--) { /* undo, newest first */
			struct crashvfs_op *op = &t->ops[k];
			if (op->kind == CRASHVFS_WRITE) {
				if (op->old_len > 0 &&
				    crashvfs_pwrite_all(fd, op->old_data, op->old_len, op->off) < 0)
					rc = -1;
				if (op->off + op->len > op->old_size &&
				    ftruncate(fd, (off_t)op->old_size) < 0)
					rc = -1;
			} else {
				if (op->old_size > op->off) {
					if (ftruncate(fd, (off_t)op->old_size) < 0 ||
					    crashvfs_pwrite_all(fd, op->old_data, op->old_len,
					                        op->off) < 0)
						rc = -1;
				}
			}
		}
		for (int k = 0; k < t->nops; k++) { /* redo what the disk happened to keep */
			struct crashvfs_op *op = &t->ops[k];
			int roll = (int)(crashvfs_rand() % 100);
			if (op->kind == CRASHVFS_TRUNC) {
				if (roll < keep_pct) {
					crashvfs.kept++;
					if (ftruncate(fd, (off_t)op->off) < 0)
						rc = -1;
				} else {
					crashvfs.dropped++;
				}
				continue;
			}
			if (roll < keep_pct) {
				crashvfs.kept++;
				if (crashvfs_pwrite_all(fd, op->new_data, op->len, op->off) < 0)
					rc = -1;
			} else if (roll < keep_pct + tear_pct && op->len > CRASHVFS_SECTOR) {
				crashvfs.torn++;
				for (int64_t s = 0; s < op->len; s += CRASHVFS_SECTOR) {
					if (crashvfs_rand() % 2)
						continue;
					int64_t n = op->len - s < CRASHVFS_SECTOR ? op->len - s
					                                          : CRASHVFS_SECTOR;
					if (crashvfs_pwrite_all(fd, op->new_data + s, n,
					                        op->off + s) < 0)
						rc = -1;
				}
			} else {
				crashvfs.dropped++;
			}
		}
		close(fd);
		crashvfs_track_clear(t);
	}
	return rc;
}

/* Forgets every unsynced change (a clean shutdown between runs); with no crash, nothing was lost.
 */
__attribute__((unused)) static void
crashvfs_forget(void)
{
	for (int i = 0; i < CRASHVFS_FILES; i++)
		crashvfs_track_clear(&crashvfs.files[i]);
}

#endif
