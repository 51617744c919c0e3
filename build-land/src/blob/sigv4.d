build-land/src/blob/sigv4.o: src/blob/sigv4.c src/blob/sigv4.h \
 src/util/buf.h src/util/err.h src/util/rand.h src/util/xalloc.h
src/blob/sigv4.h:
src/util/buf.h:
src/util/err.h:
src/util/rand.h:
src/util/xalloc.h:
