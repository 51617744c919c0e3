build-land/src/deps/deps_npm.o: src/deps/deps_npm.c src/deps/deps_parse.h \
 src/deps/osv.h src/util/buf.h src/util/err.h src/deps/semver.h
src/deps/deps_parse.h:
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
src/deps/semver.h:
