build-land/src/cli/ci.o: src/cli/ci.c src/cli/cli.h src/cli/report.h \
 src/scan/engine.h src/util/buf.h src/util/err.h src/scan/pack.h \
 src/scan/report.h src/util/rand.h src/util/version.h src/util/xalloc.h
src/cli/cli.h:
src/cli/report.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
src/scan/pack.h:
src/scan/report.h:
src/util/rand.h:
src/util/version.h:
src/util/xalloc.h:
