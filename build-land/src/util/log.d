build-land/src/util/log.o: src/util/log.c src/util/log.h src/util/buf.h \
 src/util/err.h src/util/json.h
src/util/log.h:
src/util/buf.h:
src/util/err.h:
src/util/json.h:
