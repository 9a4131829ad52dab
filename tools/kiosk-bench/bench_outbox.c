/*
 * bench_outbox.c - kiosk-bench: durable outbox commit vs write()+fdatasync() of the same payload.
 */
#define _DEFAULT_SOURCE
#include "bench.h"

#include "../../offline-cache/queue.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void
bench_outbox(const char *dir)
{
	char path[600];
	struct queue *q;
	struct queue_item it;
	const int n = 200;
	const char *payload =
	        "{\"service\":\"visit-receipt\",\"person\":{\"civil_number\":\"90012345\","
	        "\"name_en\":\"Salim Khalfan Al "
	        "Hinai\"},\"created\":\"2027-01-01T04:00:00+04:00\"}";

	snprintf(path, sizeof(path), "%s/bench.db", dir);
	if (queue_open(path, &q))
		return;
	double t0 = bench_now_us();
	for (int i = 0; i < n; i++) {
		queue_enqueue(q, "BENCH", "visit-receipt", payload, i, &it);
		queue_item_clear(&it);
	}
	double commit = (bench_now_us() - t0) / n;
	queue_close(q);

	snprintf(path, sizeof(path), "%s/bench.raw", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		return;
	t0 = bench_now_us();
	for (int i = 0; i < n; i++) {
		if (write(fd, payload, strlen(payload)) < 0 || fdatasync(fd) < 0)
			break;
	}
	double raw = (bench_now_us() - t0) / n;
	close(fd);
	bench_line("outbox commit", commit, "(write + fdatasync)", raw);
}
