build-land/src/code/taint.o: src/code/taint.c src/code/code_int.h \
 src/code/code.h src/scan/engine.h src/util/buf.h src/util/err.h \
 src/scan/rules.h src/util/xalloc.h
src/code/code_int.h:
src/code/code.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
src/scan/rules.h:
src/util/xalloc.h:
