build-land/src/store/row.o: src/store/row.c src/store/row.h \
 src/store/store.h src/util/err.h src/util/xalloc.h
src/store/row.h:
src/store/store.h:
src/util/err.h:
src/util/xalloc.h:
