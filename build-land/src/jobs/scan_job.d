build-land/src/jobs/scan_job.o: src/jobs/scan_job.c src/jobs/scan_job.h \
 src/jobs/queue.h src/store/jobs.h src/store/store.h src/util/err.h \
 src/util/rand.h src/app/app.h src/app/config.h src/app/metrics.h \
 src/util/buf.h src/blob/blob.h src/jobs/cleanup.h src/jobs/github.h \
 src/scan/engine.h src/jobs/score.h src/deps/depscan.h src/deps/deps.h \
 src/store/findings.h src/store/events.h src/store/json_rows.h \
 src/store/page.h src/store/row.h src/store/scans.h src/store/status.h \
 src/util/log.h src/util/timeutil.h src/util/xalloc.h
src/jobs/scan_job.h:
src/jobs/queue.h:
src/store/jobs.h:
src/store/store.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/app/metrics.h:
src/util/buf.h:
src/blob/blob.h:
src/jobs/cleanup.h:
src/jobs/github.h:
src/scan/engine.h:
src/jobs/score.h:
src/deps/depscan.h:
src/deps/deps.h:
src/store/findings.h:
src/store/events.h:
src/store/json_rows.h:
src/store/page.h:
src/store/row.h:
src/store/scans.h:
src/store/status.h:
src/util/log.h:
src/util/timeutil.h:
src/util/xalloc.h:
