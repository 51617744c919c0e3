build-land/src/jobs/score.o: src/jobs/score.c src/jobs/score.h \
 src/scan/engine.h src/util/buf.h src/util/err.h
src/jobs/score.h:
src/scan/engine.h:
src/util/buf.h:
src/util/err.h:
