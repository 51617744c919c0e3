build-land/src/jobs/kinds.o: src/jobs/kinds.c src/jobs/kinds.h \
 src/jobs/queue.h src/store/jobs.h src/store/store.h src/util/err.h \
 src/util/rand.h src/app/app.h src/app/config.h src/jobs/scan_job.h \
 src/util/log.h
src/jobs/kinds.h:
src/jobs/queue.h:
src/store/jobs.h:
src/store/store.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/jobs/scan_job.h:
src/util/log.h:
