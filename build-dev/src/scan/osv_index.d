build-dev/src/scan/osv_index.o: src/scan/osv_index.c src/scan/osv.h \
 src/util/buf.h src/util/err.h src/util/xalloc.h
src/scan/osv.h:
src/util/buf.h:
src/util/err.h:
src/util/xalloc.h:
