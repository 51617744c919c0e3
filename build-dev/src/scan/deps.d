build-dev/src/scan/deps.o: src/scan/deps.c src/scan/deps.h src/util/err.h \
 src/scan/deps_parse.h src/scan/osv.h src/util/buf.h src/util/xalloc.h
src/scan/deps.h:
src/util/err.h:
src/scan/deps_parse.h:
src/scan/osv.h:
src/util/buf.h:
src/util/xalloc.h:
