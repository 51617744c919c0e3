build-dev/src/scan/osv_match.o: src/scan/osv_match.c src/scan/osv.h \
 src/util/buf.h src/util/err.h src/scan/pep440.h src/scan/semver.h
src/scan/osv.h:
src/util/buf.h:
src/util/err.h:
src/scan/pep440.h:
src/scan/semver.h:
