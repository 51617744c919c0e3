build-dev/src/api/scans.o: src/api/scans.c src/api/api.h src/http/http.h \
 src/util/buf.h src/util/err.h src/util/rand.h src/blob/blob.h \
 src/app/app.h src/app/config.h src/app/limits.h src/http/auth.h \
 src/http/query.h src/store/store.h src/jobs/github.h src/scan/engine.h \
 src/jobs/queue.h src/util/timeutil.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/blob/blob.h:
src/app/app.h:
src/app/config.h:
src/app/limits.h:
src/http/auth.h:
src/http/query.h:
src/store/store.h:
src/jobs/github.h:
src/scan/engine.h:
src/jobs/queue.h:
src/util/timeutil.h:
