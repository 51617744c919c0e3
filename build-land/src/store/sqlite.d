build-land/src/store/sqlite.o: src/store/sqlite.c \
 src/store/store_internal.h src/store/store.h src/util/err.h \
 src/util/log.h src/util/rand.h src/util/xalloc.h
src/store/store_internal.h:
src/store/store.h:
src/util/err.h:
src/util/log.h:
src/util/rand.h:
src/util/xalloc.h:
