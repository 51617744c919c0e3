build-land/src/blob/local.o: src/blob/local.c src/blob/blob_int.h \
 src/blob/blob.h src/util/err.h src/util/log.h src/util/xalloc.h
src/blob/blob_int.h:
src/blob/blob.h:
src/util/err.h:
src/util/log.h:
src/util/xalloc.h:
