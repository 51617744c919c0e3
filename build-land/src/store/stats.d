build-land/src/store/stats.o: src/store/stats.c src/store/stats.h \
 src/store/store.h src/util/err.h src/store/row.h
src/store/stats.h:
src/store/store.h:
src/util/err.h:
src/store/row.h:
