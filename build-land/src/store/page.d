build-land/src/store/page.o: src/store/page.c src/store/page.h \
 src/store/store.h src/util/err.h src/util/buf.h src/store/row.h \
 src/store/store_internal.h src/util/xalloc.h
src/store/page.h:
src/store/store.h:
src/util/err.h:
src/util/buf.h:
src/store/row.h:
src/store/store_internal.h:
src/util/xalloc.h:
