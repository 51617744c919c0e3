build-land/src/deps/pep440.o: src/deps/pep440.c src/deps/pep440.h \
 src/util/buf.h src/util/err.h src/deps/semver.h
src/deps/pep440.h:
src/util/buf.h:
src/util/err.h:
src/deps/semver.h:
