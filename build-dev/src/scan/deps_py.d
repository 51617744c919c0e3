build-dev/src/scan/deps_py.o: src/scan/deps_py.c src/scan/deps_parse.h \
 src/scan/osv.h src/util/buf.h src/util/err.h src/scan/pep440.h
src/scan/deps_parse.h:
src/scan/osv.h:
src/util/buf.h:
src/util/err.h:
src/scan/pep440.h:
