build-land/src/http/server.o: src/http/server.c src/http/server.h \
 src/app/app.h src/app/config.h src/app/metrics.h src/util/buf.h \
 src/util/err.h src/http/gate.h src/http/route.h src/app/limits.h \
 src/http/http.h src/util/rand.h src/util/log.h src/util/timeutil.h \
 src/util/xalloc.h
src/http/server.h:
src/app/app.h:
src/app/config.h:
src/app/metrics.h:
src/util/buf.h:
src/util/err.h:
src/http/gate.h:
src/http/route.h:
src/app/limits.h:
src/http/http.h:
src/util/rand.h:
src/util/log.h:
src/util/timeutil.h:
src/util/xalloc.h:
