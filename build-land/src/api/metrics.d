build-land/src/api/metrics.o: src/api/metrics.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/app/app.h src/app/config.h src/app/metrics.h src/blob/blob.h \
 src/store/jobs.h src/store/store.h src/store/stats.h src/util/timeutil.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/app/metrics.h:
src/blob/blob.h:
src/store/jobs.h:
src/store/store.h:
src/store/stats.h:
src/util/timeutil.h:
