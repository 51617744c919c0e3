build-land/src/cli/rules.o: src/cli/rules.c src/cli/cli.h \
 src/scan/engine.h src/util/buf.h src/util/err.h
src/cli/cli.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
