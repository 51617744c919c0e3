build-land/src/app/app.o: src/app/app.c src/app/app.h src/app/config.h \
 src/app/metrics.h src/util/buf.h src/util/err.h src/blob/blob.h \
 src/scan/engine.h src/store/store.h src/util/xalloc.h
src/app/app.h:
src/app/config.h:
src/app/metrics.h:
src/util/buf.h:
src/util/err.h:
src/blob/blob.h:
src/scan/engine.h:
src/store/store.h:
src/util/xalloc.h:
