build-land/src/api/routes.o: src/api/routes.c src/http/route.h \
 src/app/limits.h src/util/err.h src/http/http.h src/util/buf.h \
 src/util/rand.h src/api/api.h src/web/static.h src/web/assets.h
src/http/route.h:
src/app/limits.h:
src/util/err.h:
src/http/http.h:
src/util/buf.h:
src/util/rand.h:
src/api/api.h:
src/web/static.h:
src/web/assets.h:
