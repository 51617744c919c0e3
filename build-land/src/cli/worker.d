build-land/src/cli/worker.o: src/cli/worker.c src/cli/cli.h \
 src/cli/setup.h src/app/app.h src/app/config.h src/jobs/worker.h \
 src/util/log.h
src/cli/cli.h:
src/cli/setup.h:
src/app/app.h:
src/app/config.h:
src/jobs/worker.h:
src/util/log.h:
