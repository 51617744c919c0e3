build-land/src/deps/depscan.o: src/deps/depscan.c src/deps/depscan.h \
 src/deps/deps.h src/util/err.h src/scan/engine.h src/util/buf.h \
 src/util/xalloc.h
src/deps/depscan.h:
src/deps/deps.h:
src/util/err.h:
src/scan/engine.h:
src/util/buf.h:
src/util/xalloc.h:
