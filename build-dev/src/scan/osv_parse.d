build-dev/src/scan/osv_parse.o: src/scan/osv_parse.c src/scan/osv.h \
 src/util/buf.h src/util/err.h src/scan/pep440.h src/util/xalloc.h
src/scan/osv.h:
src/util/buf.h:
src/util/err.h:
src/scan/pep440.h:
src/util/xalloc.h:
