build-dev/src/jobs/cleanup.o: src/jobs/cleanup.c src/jobs/cleanup.h \
 src/util/err.h src/app/app.h src/app/config.h src/blob/blob.h \
 src/store/store.h src/util/log.h src/util/timeutil.h src/util/xalloc.h
src/jobs/cleanup.h:
src/util/err.h:
src/app/app.h:
src/app/config.h:
src/blob/blob.h:
src/store/store.h:
src/util/log.h:
src/util/timeutil.h:
src/util/xalloc.h:
