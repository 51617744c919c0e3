build-land/src/app/limits.o: src/app/limits.c src/app/limits.h \
 src/util/err.h src/app/config.h src/blob/blob.h src/store/rates.h \
 src/store/store.h
src/app/limits.h:
src/util/err.h:
src/app/config.h:
src/blob/blob.h:
src/store/rates.h:
src/store/store.h:
