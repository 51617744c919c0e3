build-dev/src/scan/deps_npm.o: src/scan/deps_npm.c src/scan/deps_parse.h \
 src/scan/osv.h src/util/buf.h src/util/err.h src/scan/semver.h
src/scan/deps_parse.h:
src/scan/osv.h:
src/util/buf.h:
src/util/err.h:
src/scan/semver.h:
