build-land/src/store/tx.o: src/store/tx.c src/store/tx.h \
 src/store/store.h src/util/err.h src/store/store_internal.h \
 src/util/log.h
src/store/tx.h:
src/store/store.h:
src/util/err.h:
src/store/store_internal.h:
src/util/log.h:
