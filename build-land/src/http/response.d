build-land/src/http/response.o: src/http/response.c src/http/http.h \
 src/util/buf.h src/util/err.h src/util/rand.h src/util/json.h \
 src/util/xalloc.h
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/util/json.h:
src/util/xalloc.h:
