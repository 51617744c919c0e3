build-dev/src/api/openapi.o: src/api/openapi.c src/api/api.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/util/embedded.h
src/api/api.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/util/embedded.h:
