build-dev/src/scan/semver.o: src/scan/semver.c src/scan/semver.h \
 src/util/buf.h src/util/err.h
src/scan/semver.h:
src/util/buf.h:
src/util/err.h:
