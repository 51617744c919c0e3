build-land/src/cli/report.o: src/cli/report.c src/cli/report.h \
 src/scan/engine.h src/util/buf.h src/util/err.h src/scan/report.h
src/cli/report.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
src/scan/report.h:
