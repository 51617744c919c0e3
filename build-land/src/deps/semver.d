build-land/src/deps/semver.o: src/deps/semver.c src/deps/semver.h \
 src/util/buf.h src/util/err.h
src/deps/semver.h:
src/util/buf.h:
src/util/err.h:
