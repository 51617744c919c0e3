build-land/src/deps/osv_match.o: src/deps/osv_match.c src/deps/osv.h \
 src/util/buf.h src/util/err.h src/deps/pep440.h src/deps/semver.h
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
src/deps/pep440.h:
src/deps/semver.h:
