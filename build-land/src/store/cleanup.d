build-land/src/store/cleanup.o: src/store/cleanup.c src/store/cleanup.h \
 src/store/store.h src/util/err.h src/util/rand.h src/store/row.h \
 src/util/xalloc.h
src/store/cleanup.h:
src/store/store.h:
src/util/err.h:
src/util/rand.h:
src/store/row.h:
src/util/xalloc.h:
