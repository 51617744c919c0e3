build-land/src/app/metrics.o: src/app/metrics.c src/app/metrics.h \
 src/util/buf.h src/util/err.h src/util/xalloc.h
src/app/metrics.h:
src/util/buf.h:
src/util/err.h:
src/util/xalloc.h:
