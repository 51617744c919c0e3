build-land/src/code/code.o: src/code/code.c src/code/code_int.h \
 src/code/code.h src/scan/engine.h src/util/buf.h src/util/err.h \
 src/scan/rules.h src/scan/checks.h src/scan/engine_int.h \
 /usr/include/hs/hs.h /usr/include/hs/hs_compile.h \
 /usr/include/hs/hs_common.h /usr/include/hs/hs_runtime.h \
 src/util/xalloc.h
src/code/code_int.h:
src/code/code.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
src/scan/rules.h:
src/scan/checks.h:
src/scan/engine_int.h:
/usr/include/hs/hs.h:
/usr/include/hs/hs_compile.h:
/usr/include/hs/hs_common.h:
/usr/include/hs/hs_runtime.h:
src/util/xalloc.h:
