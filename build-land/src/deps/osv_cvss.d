build-land/src/deps/osv_cvss.o: src/deps/osv_cvss.c src/deps/osv.h \
 src/util/buf.h src/util/err.h
src/deps/osv.h:
src/util/buf.h:
src/util/err.h:
