build-land/src/deps/deps_py.o: src/deps/deps_py.c src/deps/deps_parse.h \
 src/deps/osv.h src/util/buf.h src/util/err.h src/deps/pep440.h
src/deps/deps_parse.h:
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
src/deps/pep440.h:
