build-land/src/cli/scan.o: src/cli/scan.c src/cli/cli.h src/cli/report.h \
 src/deps/depscan.h src/deps/deps.h src/util/err.h src/scan/engine.h \
 src/util/buf.h src/scan/report.h
src/cli/cli.h:
src/cli/report.h:
src/deps/depscan.h:
src/deps/deps.h:
src/util/err.h:
src/scan/engine.h:
src/util/buf.h:
src/scan/report.h:
