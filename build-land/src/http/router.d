build-land/src/http/router.o: src/http/router.c src/http/route.h \
 src/app/limits.h src/util/err.h src/http/http.h src/util/buf.h \
 src/util/rand.h src/app/app.h src/app/config.h src/http/auth.h \
 src/util/log.h src/util/timeutil.h
src/http/route.h:
src/app/limits.h:
src/util/err.h:
src/http/http.h:
src/util/buf.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/http/auth.h:
src/util/log.h:
src/util/timeutil.h:
