build-land/src/http/request.o: src/http/request.c src/http/http.h \
 src/util/buf.h src/util/err.h src/util/rand.h
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
