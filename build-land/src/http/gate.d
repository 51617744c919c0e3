build-land/src/http/gate.o: src/http/gate.c src/http/gate.h \
 src/util/err.h src/http/http.h src/util/buf.h src/util/rand.h \
 src/util/log.h src/util/timeutil.h src/util/xalloc.h
src/http/gate.h:
src/util/err.h:
src/http/http.h:
src/util/buf.h:
src/util/rand.h:
src/util/log.h:
src/util/timeutil.h:
src/util/xalloc.h:
