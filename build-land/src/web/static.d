build-land/src/web/static.o: src/web/static.c src/web/static.h \
 src/http/http.h src/util/buf.h src/util/err.h src/util/rand.h \
 src/web/assets.h
src/web/static.h:
src/http/http.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/web/assets.h:
