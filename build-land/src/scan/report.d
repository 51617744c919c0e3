build-land/src/scan/report.o: src/scan/report.c src/scan/report.h \
 src/scan/engine.h src/util/buf.h src/util/err.h src/util/version.h \
 src/util/xalloc.h
src/scan/report.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
src/util/version.h:
src/util/xalloc.h:
