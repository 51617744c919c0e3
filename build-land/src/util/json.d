build-land/src/util/json.o: src/util/json.c src/util/json.h \
 src/util/buf.h src/util/err.h
src/util/json.h:
src/util/buf.h:
src/util/err.h:
