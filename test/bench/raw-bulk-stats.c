/* The bulk stats call made straight from C: the baseline for the binding's overhead.
 * Usage: raw-bulk-stats URI RUNS  ->  {"runs":N,"medianMs":X,"domains":D}
 *
 * Like for like with the binding: libvirt's default event loop runs on a thread (every
 * client that wants keepalive or events needs it), and the timed region includes releasing
 * the records, which any caller must do and which the binding's figure includes too. */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <time.h>

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static int once(virConnectPtr c, double *ms) {
  struct timespec t0, t1;
  virDomainStatsRecordPtr *records = NULL;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  int n = virConnectGetAllDomainStats(c, VIR_DOMAIN_STATS_STATE, &records, 0);
  if (n < 0) return -1;
  virDomainStatsRecordListFree(records);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  *ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
  return n;
}

static void *event_loop(void *arg) {
  (void)arg;
  for (;;) virEventRunDefaultImpl();
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s URI RUNS\n", argv[0]);
    return 2;
  }
  int runs = atoi(argv[2]);
  if (runs < 1) runs = 1;
  pthread_t loop;
  virEventRegisterDefaultImpl();
  pthread_create(&loop, NULL, event_loop, NULL);
  virConnectPtr c = virConnectOpen(argv[1]);
  if (!c) {
    fprintf(stderr, "cannot open %s: %s\n", argv[1], virGetLastErrorMessage());
    return 1;
  }
  double warm, *ms = calloc(runs, sizeof(double));
  int n = 0;
  for (int i = 0; i < 2; i++) once(c, &warm);
  for (int i = 0; i < runs; i++) {
    n = once(c, &ms[i]);
    if (n < 0) {
      fprintf(stderr, "virConnectGetAllDomainStats: %s\n", virGetLastErrorMessage());
      return 1;
    }
  }
  qsort(ms, runs, sizeof(double), cmp);
  double med = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
  printf("{\"runs\":%d,\"medianMs\":%.4f,\"domains\":%d}\n", runs, med, n);
  free(ms);
  virConnectClose(c);
  return 0;
}
