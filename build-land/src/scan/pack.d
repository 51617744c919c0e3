build-land/src/scan/pack.o: src/scan/pack.c src/scan/pack.h \
 src/util/buf.h src/util/err.h src/scan/checks.h src/scan/rules.h \
 src/scan/engine.h src/util/xalloc.h
src/scan/pack.h:
src/util/buf.h:
src/util/err.h:
src/scan/checks.h:
src/scan/rules.h:
src/scan/engine.h:
src/util/xalloc.h:
