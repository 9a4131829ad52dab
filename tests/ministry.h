/*
 * ministry.h - the ministry simulator for tests: the test PKI (scripts/make-test-pki), starting
 * $KIOSK_BUILD/ministry-sim with it on a free port, counting what it stored, pointing a kiosk
 * config at it, and the small waits the tests poll with. Header-only, like tap.h and child.h;
 * every child is stopped at exit or on a fatal signal (child.h). Run from the repository root.
 *
 *   ministry_init(300);                     paths, kill_kids at exit, signals, alarm(300)
 *   is_int(make_test_pki(KIOSK_ID), 0, "scripts/make-test-pki");
 *   pid_t sim = start_sim(db, extra, &port);   extra: more ministry-sim flags, NULL-ended, or NULL
 *   ministry_cfg(&cfg, port);               curl backend, URL, test CA and client certificate
 *   ministry_kiosk_cfg(&cfg, id, db, port); a whole kiosk config syncing with the simulator
 *   sim_count(db)                           transactions stored (-1 on error)
 */
#ifndef KIOSK_TEST_MINISTRY_H
#define KIOSK_TEST_MINISTRY_H

#include "../common/config.h"
#include "child.h"
#include "tap.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* $KIOSK_BUILD (default "build") and the PKI folder made by make_test_pki(). */
static char build[256], pki[300];

/* Sets build and pki, stops every child at exit or on SIGINT/SIGTERM/SIGALRM, and arms
 * alarm(alarm_s) so a hung child cannot hang CI. */
__attribute__((unused)) static void
ministry_init(unsigned alarm_s)
{
	const char *b = getenv("KIOSK_BUILD");
	snprintf(build, sizeof(build), "%s", b && b[0] ? b : "build");
	snprintf(pki, sizeof(pki), "%s/pki", tap_tmpdir());
	atexit(kill_kids);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGALRM, on_signal);
	alarm(alarm_s);
}

/* scripts/make-test-pki into pki, with a client certificate for kiosk_id; its exit status. */
__attribute__((unused)) static int
make_test_pki(const char *kiosk_id)
{
	char *argv[] = {(char *)"scripts/make-test-pki", pki, (char *)kiosk_id, NULL};
	return run(argv);
}

/* Starts ministry-sim on a free port with the test PKI and database db, plus the extra flags
 * (NULL-ended; extra may be NULL). Its pid and *port, or -1 (nothing left running). */
__attribute__((unused)) static pid_t
start_sim(const char *db, char *const extra[], int *port)
{
	char bin[300], cert[400], key[400], ca[400];
	snprintf(bin, sizeof(bin), "%s/ministry-sim", build);
	snprintf(cert, sizeof(cert), "%s/server.pem", pki);
	snprintf(key, sizeof(key), "%s/server.key", pki);
	snprintf(ca, sizeof(ca), "%s/ca.pem", pki);
	char *argv[32] = {bin,        (char *)"--port", (char *)"0", (char *)"--db",
	                  (char *)db, (char *)"--cert", cert,        (char *)"--key",
	                  key,        (char *)"--ca",   ca};
	int n = 11;
	for (int i = 0; extra && extra[i] && n < 30; i++)
		argv[n++] = extra[i];
	argv[n] = NULL;
	int fd;
	pid_t pid = spawn(argv, NULL, &fd);
	if (pid < 0)
		return -1;
	*port = wait_port(fd, "listening on");
	close(fd);
	if (*port <= 0) {
		kill_kid(pid);
		return -1;
	}
	return pid;
}

/* How many transactions the simulator stored in db (ministry-sim --count), -1 on error. */
__attribute__((unused)) static long
sim_count(const char *db)
{
	char bin[300];
	snprintf(bin, sizeof(bin), "%s/ministry-sim", build);
	char *argv[] = {bin, (char *)"--count", (char *)"--db", (char *)db, NULL};
	int fd;
	pid_t pid = spawn(argv, NULL, &fd);
	if (pid < 0)
		return -1;
	char buf[64] = {0};
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	wait_kid(pid);
	return n > 0 ? strtol(buf, NULL, 10) : -1;
}

/* Points cfg at the simulator on port: curl backend, the test CA and the kiosk's client
 * certificate. The rest of cfg is left as it is. */
__attribute__((unused)) static void
ministry_cfg(struct kiosk_config *cfg, int port)
{
	snprintf(cfg->net_backend, sizeof(cfg->net_backend), "curl");
	snprintf(cfg->backend_url, sizeof(cfg->backend_url), "https://127.0.0.1:%d", port);
	snprintf(cfg->backend_ca_file, sizeof(cfg->backend_ca_file), "%s/ca.pem", pki);
	snprintf(cfg->backend_client_cert, sizeof(cfg->backend_client_cert), "%s/client.pem", pki);
	snprintf(cfg->backend_client_key, sizeof(cfg->backend_client_key), "%s/client.key", pki);
}

/* The kiosk kiosk_id with its outbox in db, the system clock, syncing every second with the
 * simulator on port (requests time out after 5 s). */
__attribute__((unused)) static void
ministry_kiosk_cfg(struct kiosk_config *cfg, const char *kiosk_id, const char *db, int port)
{
	config_defaults(cfg, NULL);
	snprintf(cfg->kiosk_id, sizeof(cfg->kiosk_id), "%s", kiosk_id);
	snprintf(cfg->cache_database, sizeof(cfg->cache_database), "%s", db);
	snprintf(cfg->clock_backend, sizeof(cfg->clock_backend), "system");
	ministry_cfg(cfg, port);
	cfg->backend_timeout_ms = 5000;
	cfg->sync_interval_s = 1;
}

__attribute__((unused)) static void
nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* Monotonic seconds, for reporting how long something took (never for assertions). */
__attribute__((unused)) static double
now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#endif
