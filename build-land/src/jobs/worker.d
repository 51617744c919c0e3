build-land/src/jobs/worker.o: src/jobs/worker.c src/jobs/worker.h \
 src/app/app.h src/app/config.h src/jobs/cleanup.h src/util/err.h \
 src/jobs/queue.h src/store/jobs.h src/store/store.h src/util/rand.h \
 src/jobs/kinds.h src/store/workers.h src/util/log.h src/util/timeutil.h \
 src/util/xalloc.h
src/jobs/worker.h:
src/app/app.h:
src/app/config.h:
src/jobs/cleanup.h:
src/util/err.h:
src/jobs/queue.h:
src/store/jobs.h:
src/store/store.h:
src/util/rand.h:
src/jobs/kinds.h:
src/store/workers.h:
src/util/log.h:
src/util/timeutil.h:
src/util/xalloc.h:
