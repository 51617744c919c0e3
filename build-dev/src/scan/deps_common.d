build-dev/src/scan/deps_common.o: src/scan/deps_common.c \
 src/scan/deps_parse.h src/scan/osv.h src/util/buf.h src/util/err.h \
 src/scan/pep440.h src/util/xalloc.h
src/scan/deps_parse.h:
src/scan/osv.h:
src/util/buf.h:
src/util/err.h:
src/scan/pep440.h:
src/util/xalloc.h:
