build-land/src/scan/checks.o: src/scan/checks.c src/scan/checks.h \
 src/scan/rules.h src/scan/engine.h src/util/buf.h src/util/err.h
src/scan/checks.h:
src/scan/rules.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
