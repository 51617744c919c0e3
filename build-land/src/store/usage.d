build-land/src/store/usage.o: src/store/usage.c src/store/usage.h \
 src/store/store.h src/util/err.h src/store/row.h src/util/xalloc.h
src/store/usage.h:
src/store/store.h:
src/util/err.h:
src/store/row.h:
src/util/xalloc.h:
