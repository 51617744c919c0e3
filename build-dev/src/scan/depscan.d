build-dev/src/scan/depscan.o: src/scan/depscan.c src/scan/depscan.h \
 src/scan/deps.h src/util/err.h src/scan/engine.h src/util/buf.h \
 src/util/xalloc.h
src/scan/depscan.h:
src/scan/deps.h:
src/util/err.h:
src/scan/engine.h:
src/util/buf.h:
src/util/xalloc.h:
