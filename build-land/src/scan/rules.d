build-land/src/scan/rules.o: src/scan/rules.c src/scan/rules.h \
 src/scan/engine.h src/util/buf.h src/util/err.h src/util/embedded.h \
 src/util/xalloc.h
src/scan/rules.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
src/util/embedded.h:
src/util/xalloc.h:
