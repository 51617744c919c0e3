build-dev/src/scan/osv_import.o: src/scan/osv_import.c src/scan/osv.h \
 src/util/buf.h src/util/err.h src/util/log.h src/util/xalloc.h
src/scan/osv.h:
src/util/buf.h:
src/util/err.h:
src/util/log.h:
src/util/xalloc.h:
