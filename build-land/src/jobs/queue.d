build-land/src/jobs/queue.o: src/jobs/queue.c src/jobs/queue.h \
 src/store/jobs.h src/store/store.h src/util/err.h src/util/rand.h \
 src/jobs/kinds.h src/util/timeutil.h
src/jobs/queue.h:
src/store/jobs.h:
src/store/store.h:
src/util/err.h:
src/util/rand.h:
src/jobs/kinds.h:
src/util/timeutil.h:
