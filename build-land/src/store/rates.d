build-land/src/store/rates.o: src/store/rates.c src/store/rates.h \
 src/store/store.h src/util/err.h src/store/row.h
src/store/rates.h:
src/store/store.h:
src/util/err.h:
src/store/row.h:
