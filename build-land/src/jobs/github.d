build-land/src/jobs/github.o: src/jobs/github.c src/jobs/github.h \
 src/app/config.h src/scan/engine.h src/util/buf.h src/util/err.h \
 src/util/version.h src/util/log.h src/util/xalloc.h
src/jobs/github.h:
src/app/config.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
src/util/version.h:
src/util/log.h:
src/util/xalloc.h:
