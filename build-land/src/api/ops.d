build-land/src/api/ops.o: src/api/ops.c src/api/api.h src/http/http.h \
 src/util/buf.h src/util/err.h src/util/rand.h src/app/app.h \
 src/app/config.h src/app/limits.h src/http/auth.h src/jobs/cleanup.h \
 src/jobs/queue.h src/store/jobs.h src/store/store.h src/store/status.h \
 src/store/workers.h src/util/timeutil.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/app/limits.h:
src/http/auth.h:
src/jobs/cleanup.h:
src/jobs/queue.h:
src/store/jobs.h:
src/store/store.h:
src/store/status.h:
src/store/workers.h:
src/util/timeutil.h:
