build-land/src/store/store.o: src/store/store.c src/store/store.h \
 src/util/err.h src/store/store_internal.h src/util/embedded.h \
 src/util/log.h src/util/xalloc.h
src/store/store.h:
src/util/err.h:
src/store/store_internal.h:
src/util/embedded.h:
src/util/log.h:
src/util/xalloc.h:
