build-dev/src/http/routes.o: src/http/routes.c src/http/route.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/api/api.h
src/http/route.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/api/api.h:
