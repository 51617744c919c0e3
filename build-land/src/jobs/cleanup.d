build-land/src/jobs/cleanup.o: src/jobs/cleanup.c src/jobs/cleanup.h \
 src/util/err.h src/app/app.h src/app/config.h src/blob/blob.h \
 src/store/cleanup.h src/store/store.h src/util/rand.h \
 src/store/projects.h src/store/json_rows.h src/store/page.h \
 src/util/buf.h src/store/row.h src/store/workers.h src/util/log.h \
 src/util/timeutil.h src/util/xalloc.h
src/jobs/cleanup.h:
src/util/err.h:
src/app/app.h:
src/app/config.h:
src/blob/blob.h:
src/store/cleanup.h:
src/store/store.h:
src/util/rand.h:
src/store/projects.h:
src/store/json_rows.h:
src/store/page.h:
src/util/buf.h:
src/store/row.h:
src/store/workers.h:
src/util/log.h:
src/util/timeutil.h:
src/util/xalloc.h:
