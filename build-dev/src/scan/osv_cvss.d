build-dev/src/scan/osv_cvss.o: src/scan/osv_cvss.c src/scan/osv.h \
 src/util/buf.h src/util/err.h
src/scan/osv.h:
src/util/buf.h:
src/util/err.h:
