build-land/src/blob/blob.o: src/blob/blob.c src/blob/blob.h \
 src/util/err.h src/blob/blob_int.h src/util/log.h src/util/rand.h \
 src/util/xalloc.h
src/blob/blob.h:
src/util/err.h:
src/blob/blob_int.h:
src/util/log.h:
src/util/rand.h:
src/util/xalloc.h:
