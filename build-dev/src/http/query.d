build-dev/src/http/query.o: src/http/query.c src/http/query.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/store/store.h src/app/app.h src/app/config.h
src/http/query.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/store/store.h:
src/app/app.h:
src/app/config.h:
