/*
 * child.h - child processes for tests (the ministry simulator, openssl s_server, ...): start with
 * stdout on a pipe, wait for the "listening on PORT" line, and stop them all on exit or on a fatal
 * signal so a failing test never leaves a server behind. Header-only, like tap.h.
 */
#ifndef KIOSK_TEST_CHILD_H
#define KIOSK_TEST_CHILD_H

#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_KIDS 8
static pid_t kids[MAX_KIDS];

__attribute__((unused)) static void
kill_kids(void)
{
	for (int i = 0; i < MAX_KIDS; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGTERM);
			waitpid(kids[i], NULL, 0);
			kids[i] = 0;
		}
}

__attribute__((unused)) static void
kill_kid(pid_t pid)
{
	for (int i = 0; i < MAX_KIDS; i++)
		if (kids[i] == pid) {
			kill(pid, SIGTERM);
			waitpid(pid, NULL, 0);
			kids[i] = 0;
		}
}

__attribute__((unused)) static void
on_signal(int sig)
{
	kill_kids();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Starts argv with stdout on a pipe (stderr kept), in dir when not NULL. */
__attribute__((unused)) static pid_t
spawn(char *const argv[], const char *dir, int *out_fd)
{
	int p[2];
	if (pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		if (dir && chdir(dir) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(p[1]);
	if (pid < 0) {
		close(p[0]);
		return -1;
	}
	for (int i = 0; i < MAX_KIDS; i++)
		if (kids[i] == 0) {
			kids[i] = pid;
			break;
		}
	*out_fd = p[0];
	return pid;
}

/* Waits for pid (started by spawn()) to exit by itself and forgets it; its wait status. */
__attribute__((unused)) static int
wait_kid(pid_t pid)
{
	int st = 0;
	if (waitpid(pid, &st, 0) < 0)
		st = -1;
	for (int i = 0; i < MAX_KIDS; i++)
		if (kids[i] == pid)
			kids[i] = 0;
	return st;
}

/* Runs argv to the end (stdout and stderr kept); its exit status, or -1 when it did not exit
 * normally. */
__attribute__((unused)) static int
run(char *const argv[])
{
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Reads the child's stdout until a line starting with prefix; returns the number after the last
 * ':' or ' ' of that line, or -1 after 10 s or at EOF. */
__attribute__((unused)) static int
wait_port(int fd, const char *prefix)
{
	char buf[512];
	size_t len = 0;
	for (int waited = 0; waited < 10000;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int r = poll(&pfd, 1, 100);
		if (r == 0) {
			waited += 100;
			continue;
		}
		ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = 0;
		char *line = buf, *nl;
		while ((nl = strchr(line, '\n'))) {
			*nl = 0;
			if (strncmp(line, prefix, strlen(prefix)) == 0) {
				char *num = strrchr(line, ':');
				if (!num)
					num = strrchr(line, ' ');
				return num ? (int)strtol(num + 1, NULL, 10) : -1;
			}
			line = nl + 1;
		}
		memmove(buf, line, strlen(line) + 1);
		len = strlen(buf);
		if (len >= sizeof(buf) - 1)
			len = 0;
	}
	return -1;
}

#endif
