build-dev/src/jobs/queue.o: src/jobs/queue.c src/jobs/queue.h \
 src/util/err.h src/util/rand.h src/store/store.h src/util/timeutil.h
src/jobs/queue.h:
src/util/err.h:
src/util/rand.h:
src/store/store.h:
src/util/timeutil.h:
