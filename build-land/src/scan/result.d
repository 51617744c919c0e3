build-land/src/scan/result.o: src/scan/result.c src/scan/engine_int.h \
 /usr/include/hs/hs.h /usr/include/hs/hs_compile.h \
 /usr/include/hs/hs_common.h /usr/include/hs/hs_runtime.h \
 src/scan/engine.h src/util/buf.h src/util/err.h src/scan/rules.h \
 src/scan/checks.h src/util/xalloc.h
src/scan/engine_int.h:
/usr/include/hs/hs.h:
/usr/include/hs/hs_compile.h:
/usr/include/hs/hs_common.h:
/usr/include/hs/hs_runtime.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
src/scan/rules.h:
src/scan/checks.h:
src/util/xalloc.h:
