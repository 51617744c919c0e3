build-land/src/blob/s3.o: src/blob/s3.c src/blob/blob_int.h \
 src/blob/blob.h src/util/err.h src/blob/sigv4.h src/util/buf.h \
 src/util/log.h src/util/version.h src/util/xalloc.h
src/blob/blob_int.h:
src/blob/blob.h:
src/util/err.h:
src/blob/sigv4.h:
src/util/buf.h:
src/util/log.h:
src/util/version.h:
src/util/xalloc.h:
