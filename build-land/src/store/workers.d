build-land/src/store/workers.o: src/store/workers.c src/store/workers.h \
 src/store/store.h src/util/err.h src/util/rand.h src/store/row.h \
 src/util/xalloc.h
src/store/workers.h:
src/store/store.h:
src/util/err.h:
src/util/rand.h:
src/store/row.h:
src/util/xalloc.h:
