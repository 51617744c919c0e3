build-dev/src/api/auth.o: src/api/auth.c src/api/api.h src/http/http.h \
 src/util/buf.h src/util/err.h src/util/rand.h src/app/app.h \
 src/app/config.h src/app/limits.h src/app/users.h src/http/auth.h \
 src/http/query.h src/store/store.h src/util/log.h src/util/timeutil.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/app/app.h:
src/app/config.h:
src/app/limits.h:
src/app/users.h:
src/http/auth.h:
src/http/query.h:
src/store/store.h:
src/util/log.h:
src/util/timeutil.h:
