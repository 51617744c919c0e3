build-land/src/store/store_result.o: src/store/store_result.c \
 src/store/store_internal.h src/store/store.h src/util/err.h \
 src/util/xalloc.h
src/store/store_internal.h:
src/store/store.h:
src/util/err.h:
src/util/xalloc.h:
