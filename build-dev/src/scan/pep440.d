build-dev/src/scan/pep440.o: src/scan/pep440.c src/scan/pep440.h \
 src/util/buf.h src/util/err.h src/scan/semver.h
src/scan/pep440.h:
src/util/buf.h:
src/util/err.h:
src/scan/semver.h:
