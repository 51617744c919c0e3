build-land/src/api/uploads.o: src/api/uploads.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/app/app.h src/app/config.h src/blob/blob.h src/http/route.h \
 src/app/limits.h src/store/scans.h src/store/status.h src/store/store.h \
 src/util/timeutil.h src/util/xalloc.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/blob/blob.h:
src/http/route.h:
src/app/limits.h:
src/store/scans.h:
src/store/status.h:
src/store/store.h:
src/util/timeutil.h:
src/util/xalloc.h:
